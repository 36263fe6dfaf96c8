import Testing
import NarrativeModel

@Suite("How frames bend perception")
struct PerceptionTests {
    let frames = NarrativeConfig.standardFrames

    func dynamics(_ name: String) -> FrameDynamics {
        FrameDynamics(frames.first { $0.name == name }!)
    }

    @Test("the effective multiplier is the frame's at transparency 0, 1 at transparency 1, linear between")
    func effectiveMultiplier() {
        for m in [0.0, 0.5, 1.0, 1.6, 3.0] {
            #expect(Perception.effectiveMultiplier(m, transparency: 0) == m)
            #expect(Perception.effectiveMultiplier(m, transparency: 1) == 1)
            #expect(abs(Perception.effectiveMultiplier(m, transparency: 0.5) - (1 + m) / 2) < 1e-15)
        }
    }

    @Test("the neutral frame perceives outcomes as they are")
    func neutralUndistorted() {
        let p = Perception.perceive(benefit: 0.4, harm: 0.3, frame: dynamics("neutral"), transparency: 0)
        #expect(p.benefit == 0.4)
        #expect(p.harm == 0.3)
    }

    @Test("the betrayed frame amplifies harm and discounts benefit; the benevolent frame the reverse")
    func betrayedAndBenevolent() {
        let betrayed = Perception.perceive(benefit: 0.5, harm: 0.5, frame: dynamics("betrayed"), transparency: 0)
        #expect(betrayed.harm > 0.5)
        #expect(betrayed.benefit < 0.5)
        #expect(abs(betrayed.harm - 0.5 * 1.6) < 1e-12)
        let benevolent = Perception.perceive(benefit: 0.5, harm: 0.5, frame: dynamics("benevolent"), transparency: 0)
        #expect(benevolent.harm < 0.5)
        #expect(benevolent.benefit > 0.5)
    }

    @Test("full transparency removes every frame's bending; partial transparency weakens it")
    func transparency() {
        for f in frames.map(FrameDynamics.init) {
            let clear = Perception.perceive(benefit: 0.7, harm: 0.2, frame: f, transparency: 1)
            #expect(abs(clear.benefit - 0.7) < 1e-15)
            #expect(abs(clear.harm - 0.2) < 1e-15)
            let bent = Perception.perceive(benefit: 0.7, harm: 0.2, frame: f, transparency: 0)
            let half = Perception.perceive(benefit: 0.7, harm: 0.2, frame: f, transparency: 0.5)
            #expect(abs(half.harm - 0.2) <= abs(bent.harm - 0.2))
            #expect(abs(half.benefit - 0.7) <= abs(bent.benefit - 0.7))
        }
    }

    @Test("perceived benefit and harm stay non-negative for non-negative multipliers and inputs")
    func nonNegative() {
        var f = Frame(name: "x")
        for m in [0.0, 0.3, 1, 10] {
            f.harmPerception = m
            f.benefitPerception = m
            for t in [0.0, 0.5, 1] {
                let p = Perception.perceive(benefit: 0.9, harm: 2, frame: FrameDynamics(f), transparency: t)
                #expect(p.benefit >= 0 && p.harm >= 0)
            }
        }
    }
}

@Suite("Frames and their dynamics")
struct FrameTests {
    @Test("FrameDynamics copies every numeric field of its frame")
    func dynamicsCopy() {
        var f = Frame(name: "custom")
        f.adoptionThreshold = 0.11
        f.adoptionRate = 0.22
        f.cue = .constraint
        f.harmPerception = 1.33
        f.benefitPerception = 0.44
        f.feedbackSilence = 0.55
        f.feedbackInversion = 0.66
        f.trustDrift = -0.077
        f.narrativeLoad = 0.088
        let d = FrameDynamics(f)
        #expect(d.adoptionThreshold == 0.11)
        #expect(d.adoptionRate == 0.22)
        #expect(d.cue == .constraint)
        #expect(d.harmPerception == 1.33)
        #expect(d.benefitPerception == 0.44)
        #expect(d.feedbackSilence == 0.55)
        #expect(d.feedbackInversion == 0.66)
        #expect(d.trustDrift == -0.077)
        #expect(d.narrativeLoad == 0.088)
    }

    @Test("a frame with only a name has no effect: undistorted perception, no feedback change, no drift, no load")
    func defaultFrameIsInert() {
        let d = FrameDynamics(Frame(name: "plain"))
        #expect(d.harmPerception == 1 && d.benefitPerception == 1)
        #expect(d.feedbackSilence == 0 && d.feedbackInversion == 0)
        #expect(d.trustDrift == 0 && d.narrativeLoad == 0)
        #expect(d.cue == .none)
    }

    @Test("the standard frames: four unique names, valid parameters, initial shares summing to 1")
    func standardFramesValid() {
        let frames = NarrativeConfig.standardFrames
        #expect(frames.map(\.name) == ["neutral", "benevolent", "betrayed", "fatalist"])
        #expect(Set(frames.map(\.name)).count == frames.count)
        #expect(abs(frames.map(\.initialShare).reduce(0, +) - 1) < 1e-12)
        for f in frames {
            #expect((0...1).contains(f.adoptionThreshold) && (0...1).contains(f.adoptionRate), "\(f.name)")
            #expect((0...1).contains(f.feedbackSilence) && (0...1).contains(f.feedbackInversion), "\(f.name)")
            #expect(f.harmPerception >= 0 && f.benefitPerception >= 0 && f.narrativeLoad >= 0, "\(f.name)")
        }
        #expect(NarrativeConfig().frames == frames)
    }

    @Test("the standard frames encode their stated assumptions: distrust spreads more easily than goodwill, people drift back to neutral slowly, betrayal and fatalism suppress feedback")
    func standardFramesAssumptions() {
        let byName = Dictionary(uniqueKeysWithValues: NarrativeConfig.standardFrames.map { ($0.name, $0) })
        let betrayed = byName["betrayed"]!, benevolent = byName["benevolent"]!, fatalist = byName["fatalist"]!
        let neutral = byName["neutral"]!
        #expect(betrayed.adoptionThreshold <= benevolent.adoptionThreshold)
        #expect(betrayed.adoptionRate > benevolent.adoptionRate)
        for f in [benevolent, betrayed, fatalist] {
            #expect(neutral.adoptionRate < f.adoptionRate && neutral.adoptionThreshold >= f.adoptionThreshold, "\(f.name)")
        }
        #expect(betrayed.feedbackSilence > 0 && fatalist.feedbackSilence > 0)
        #expect(betrayed.feedbackInversion > 0)
        #expect(betrayed.trustDrift < 0 && fatalist.trustDrift < 0 && benevolent.trustDrift > 0)
        #expect(betrayed.cue == .harm && benevolent.cue == .benefit && fatalist.cue == .constraint)
    }
}
