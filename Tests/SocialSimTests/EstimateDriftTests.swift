import Testing
import SocialSim

@Suite("estimate drift")
struct EstimateDriftTests {
    @Test("weights and targets by objective, and the weighted means of a hand-computed case")
    func knownAnswers() throws {
        #expect(EstimateDrift.target(objective: .engagement, clickProbability: 0.3, approval: 0.9) == (1, 0.3))
        #expect(EstimateDrift.target(objective: .welfareAware, clickProbability: 0.3, approval: 0.9) == (1, 0.3))
        #expect(EstimateDrift.target(objective: .constructive, clickProbability: 0.3, approval: 0.9) == (1, 0.3))
        #expect(EstimateDrift.target(objective: .approval, clickProbability: 0.3, approval: 0.9) == (0.3, 0.9))
        // Three served people: |0.8 - 0.5| = 0.3, |0.2 - 0.4| = 0.2, |0.6 - 0.6| = 0 with weights 1, 1, 0.5:
        // drift = 0.5 / 2.5 = 0.2, bias = (0.3 - 0.2 + 0) / 2.5 = 0.04.
        var s = EstimateDrift.Sums()
        #expect(s.drift == nil && s.bias == nil)
        s.add(estimate: 0.8, weight: 1, value: 0.5)
        var t = EstimateDrift.Sums()
        t.add(estimate: 0.2, weight: 1, value: 0.4)
        t.add(estimate: 0.6, weight: 0.5, value: 0.6)
        s.combine(t)
        #expect(abs(try #require(s.drift) - 0.2) < 1e-15)
        #expect(abs(try #require(s.bias) - 0.04) < 1e-15)
        // Zero weight (under approval, nobody could click) leaves both undefined.
        var z = EstimateDrift.Sums()
        z.add(estimate: 1, weight: 0, value: 0.5)
        #expect(z.drift == nil)
    }

    /// A world where every served person clicks with the same probability `p` whatever the
    /// item (no lure, no fit) and low trust never corrupts feedback.
    func flatWorld(click p: Double, inversion: Double = 0) -> WorldConfig {
        var w = smallWorld(agents: 300, steps: 300)
        w.response.baseClick = p
        w.response.lureWeight = 0
        w.response.fitWeight = 0
        w.trust.feedbackLevel = 0
        for f in w.narrative.frames.indices {
            w.narrative.frames[f].feedbackInversion = inversion
            w.narrative.frames[f].feedbackSilence = 0
        }
        return w
    }

    @Test("zero drift when every estimate equals its target by construction (everyone clicks, feedback uncorrupted)")
    func zeroByConstruction() throws {
        let s = try series(flatWorld(click: 1), seed: 3)
        let defined = s.compactMap(\.estimateDrift)
        #expect(defined.count == s.filter { $0.servedFraction > 0 }.count)
        #expect(!defined.isEmpty && defined.allSatisfy { $0 == 0 })
        #expect(s.compactMap(\.estimateBias).allSatisfy { $0 == 0 })
    }

    @Test("the optimistic start: at step 0 every estimate is 1 and every target 0.3, so drift = bias = 0.7")
    func optimisticStart() throws {
        let s = try series(flatWorld(click: 0.3), seed: 4)
        #expect(abs(try #require(s[0].estimateDrift) - 0.7) < 1e-12)
        #expect(abs(try #require(s[0].estimateBias) - 0.7) < 1e-12)
        // Uncorrupted feedback from a homogeneous population: once the optimistic prior has been
        // tried away (every item starts at 1), the estimates learn the truth up to sampling noise.
        #expect(mean(s.suffix(50).compactMap(\.estimateDrift)) < 0.12)
    }

    @Test("feedback inverted by every frame: the estimates learn 1 - 0.3, a bias about 0.4 above the uncorrupted run's")
    func bentFeedbackBiases() throws {
        let clean = try series(flatWorld(click: 0.3), seed: 4)
        let bent = try series(flatWorld(click: 0.3, inversion: 1), seed: 4)
        let gap = mean(bent.suffix(50).compactMap(\.estimateBias)) - mean(clean.suffix(50).compactMap(\.estimateBias))
        #expect(gap > 0.3 && gap < 0.5)
        #expect(mean(bent.suffix(50).compactMap(\.estimateDrift)) > 0.3)
    }

    @Test("undefined when nobody is served: everyone exits after step 0 and never returns")
    func undefinedWhenNobodyServed() throws {
        var w = flatWorld(click: 0.3)
        w.trust.initial = 0
        w.trust.baseline = 0
        let s = try series(w, seed: 1)
        #expect(s[0].estimateDrift != nil)
        #expect(s.dropFirst().allSatisfy { $0.servedFraction == 0 && $0.estimateDrift == nil && $0.estimateBias == nil })
    }
}
