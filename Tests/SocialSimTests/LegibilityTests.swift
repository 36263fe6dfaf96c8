import Testing
import SocialSim

@Suite("legibility: what the system can know")
struct LegibilityTests {
    @Test("with no footprint knowledge, the welfare-aware optimizer is the engagement optimizer, step for step")
    func noFootprintKnowledgeIsEngagement() throws {
        var aware = smallWorld(agents: 300, steps: 60)
        aware.optimizer.objective = .welfareAware
        aware.legibility.footprint = .none
        var engagement = aware
        engagement.optimizer.objective = .engagement
        #expect(try series(aware, seed: 4) == series(engagement, seed: 4))
        var oracle = aware
        oracle.legibility.footprint = .oracle
        #expect(try series(oracle, seed: 4) != series(engagement, seed: 4))
    }

    @Test("noisy footprints with zero noise are the oracle's")
    func zeroNoiseIsOracle() throws {
        var w = smallWorld(agents: 300, steps: 60)
        w.optimizer.objective = .welfareAware
        var noisy = w
        noisy.legibility.footprint = .noisy
        noisy.legibility.footprintNoise = 0
        #expect(try series(w, seed: 2) == series(noisy, seed: 2))
        noisy.legibility.footprintNoise = 1
        #expect(try series(w, seed: 2) != series(noisy, seed: 2))
    }

    @Test("region caps that cannot read stocks never act; with readable stocks they do")
    func illegibleStateDisarmsRegionCaps() throws {
        var w = harmfulWorld(agents: 300, steps: 80)
        w.safeguards.region.enabled = true
        w.safeguards.region.caps = [0.3, 0.3, 0.3, 0.3]
        var blind = w
        blind.legibility.state = .none
        var off = w
        off.safeguards.region.enabled = false
        #expect(try series(blind, seed: 6) == series(off, seed: 6))
        #expect(try series(w, seed: 6) != series(off, seed: 6))
        var noisy = w
        noisy.legibility.state = .noisy
        noisy.legibility.stateNoise = 0
        #expect(try series(noisy, seed: 6) == series(w, seed: 6))
    }

    @Test("a learned footprint is a count-aware harm rate scaled so the most harmful item scores 1")
    func learnedEstimate() {
        var config = LegibilityConfig()
        config.footprint = .learned
        config.footprintForgetting = 0
        let catalogue = Catalogue(config: CatalogueConfig(), topics: 8, streams: RandomStreams(seed: 1))
        var e = FootprintEstimate(config: config, catalogue: catalogue, streams: RandomStreams(seed: 1))
        #expect(e.values.allSatisfy { $0 == 0 })
        var served = [Int](repeating: 0, count: catalogue.count)
        var exits = served
        served[0] = 10; exits[0] = 5
        served[1] = 10; exits[1] = 1
        e.learn(served: served, exits: exits)
        #expect(e.values[0] == 1 && abs(e.values[1] - 0.2) < 1e-12 && e.values[2] == 0)
        // Ten more observations of item 1 at a rate of 0.4 move its rate to the pooled 0.25.
        served = [Int](repeating: 0, count: catalogue.count); exits = served
        served[1] = 10; exits[1] = 4
        e.learn(served: served, exits: exits)
        #expect(abs(e.values[1] - 0.5) < 1e-12)
    }
}
