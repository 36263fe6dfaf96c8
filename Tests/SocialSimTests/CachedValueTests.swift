import Foundation
import Testing
@testable import SocialSim

/// The agent loop skips or caches work whose value is known: these tests hold each shortcut to
/// the value the plain rule gives, so an optimization cannot change a number unnoticed.
@Suite("cached and skipped values equal the plain rules")
struct CachedValueTests {
    @Test("skip(n) lands where n draws land")
    func skipEqualsDraws() {
        for seed: UInt64 in [0, 1, 42, .max] {
            for n: UInt64 in [0, 1, 2, 7, 1000] {
                var drawn = SplitMix64(seed: seed)
                for _ in 0..<n { _ = drawn.next() }
                var skipped = SplitMix64(seed: seed)
                skipped.skip(n)
                #expect(drawn.state == skipped.state)
                #expect(drawn.next() == skipped.next())
            }
        }
    }

    @Test("a stream family, its seed's hash done once, gives the streams of its purpose")
    func streamFamilyEqualsStream() {
        for seed: UInt64 in [0, 1, 42, .max] {
            let streams = RandomStreams(seed: seed)
            for purpose in [StreamPurpose.agentStep, .gate, .network] {
                for (a, b): (UInt64, UInt64) in [(0, 0), (5, 377), (.max, 1)] {
                    #expect(streams.family(purpose).stream(a, b).state == streams.stream(purpose, a, b).state)
                }
            }
        }
    }

    @Test("an agent's draws, each computed on demand at its position, equal the draws taken one after another")
    func agentDrawsInOrder() {
        let streams = RandomStreams(seed: 9)
        for agent: UInt64 in [0, 5, 9_999] {
            for step: UInt64 in [0, 1, 377] {
                let stream = streams.stream(.agentStep, agent, step)
                var rng = stream
                let eager = (rng.nextUnit(), rng.nextUnit(), rng.nextUnit(), rng.nextUnit(), rng.nextUnit(),
                             rng.nextUnit(), rng.nextGaussian(), rng.nextUnit())
                let u = AgentDraws(stream)
                #expect(u.control == eager.0 && u.explore == eager.1 && u.pick == eager.2 && u.click == eager.3)
                #expect(u.missing == eager.4 && u.invert == eager.5 && u.noise == eager.6 && u.frame == eager.7)
            }
        }
    }

    @Test("feedback above the feedback level never evaluates the noise, below it evaluates it once, and equals the eager rule")
    func feedbackNoiseOnlyWhenDistrustful() {
        var config = TrustConfig()
        config.noiseAtZero = 0.3
        for trust in [0.0, 0.1, 0.39, 0.4, 0.7, 1.0] {
            for reward in [0.0, 0.5, 1.0] {
                var evaluated = false
                var evaluations = 0
                let lazy = Feedback.observe(reward: reward, trust: trust, frameSilence: 0, frameInversion: 0.1, config: config,
                                            uMissing: 0.9, uInvert: 0.5,
                                            noise: { evaluated = true; evaluations += 1; return 1.7 }())
                // A deviate may be a draw: its sign and its value are one evaluation.
                #expect(evaluations <= 1, "trust \(trust), reward \(reward)")
                let x = Feedback.distrust(trust: trust, config: config)
                var eager = reward
                if 0.5 < min(1, config.inversionAtZero * x + 0.1) { eager = 1 - eager }
                eager += config.noiseAtZero * x * 1.7
                eager = min(max(eager, 0), 1)
                #expect(lazy == eager)
                #expect(evaluated == (trust < config.feedbackLevel), "trust \(trust)")
            }
        }
    }

    @Test("the normal deviate is the product of its two factors, bit for bit, the radius never negative")
    func noiseFactors() {
        let streams = RandomStreams(seed: 21)
        for agent: UInt64 in 0..<200 {
            for step: UInt64 in [0, 1, 377] {
                let u = AgentDraws(streams.stream(.agentStep, agent, step))
                #expect((u.noiseRadius * u.noiseCosine).bitPattern == u.noise.bitPattern)
                #expect(u.noiseRadius >= 0)
            }
        }
    }

    @Test("feedback from the deviate's factors equals the rule on their product, and skips the radius only where the clamp ignores it")
    func feedbackFromNoiseFactors() {
        var rng = SplitMix64(seed: 8)
        var skipped = 0, evaluated = 0
        for trial in 0..<4000 {
            var config = TrustConfig()
            config.noiseAtZero = [0, 0.3, 2][trial % 3]
            let trust = rng.nextUnit() * 0.6
            let reward = [0, 1, rng.nextUnit()][trial % 3 == 0 ? 2 : trial % 2]
            let radius = trial % 11 == 0 ? 0 : rng.nextUnit() * 4
            let cosine = 2 * rng.nextUnit() - 1
            let silence = 0.1 * rng.nextUnit(), inversion = 0.2 * rng.nextUnit()
            let uMissing = rng.nextUnit(), uInvert = rng.nextUnit()
            var radiusRead = false
            let factored = Feedback.observe(reward: reward, trust: trust, frameSilence: silence, frameInversion: inversion,
                                            config: config, uMissing: uMissing, uInvert: uInvert,
                                            noiseSign: cosine, noiseRadius: { radiusRead = true; return radius }(), noiseCosine: cosine)
            let plain = Feedback.observe(reward: reward, trust: trust, frameSilence: silence, frameInversion: inversion,
                                         config: config, uMissing: uMissing, uInvert: uInvert, noise: radius * cosine)
            // The rule written out, every term evaluated.
            let x = Feedback.distrust(trust: trust, config: config)
            var eager: Double? = nil
            if !(uMissing < min(1, config.missingAtZero * x + silence)) {
                var r = reward
                if uInvert < min(1, config.inversionAtZero * x + inversion) { r = 1 - r }
                if x > 0 { r += config.noiseAtZero * x * (radius * cosine) }
                eager = min(max(r, 0), 1)
            }
            #expect(factored?.bitPattern == eager?.bitPattern, "trial \(trial)")
            #expect(plain?.bitPattern == eager?.bitPattern, "trial \(trial)")
            if factored != nil && trust < config.feedbackLevel { if radiusRead { evaluated += 1 } else { skipped += 1 } }
        }
        #expect(skipped > 0 && evaluated > 0)
    }

    @Test("the deviate's sign from its angle is the cosine's sign, on and around both zero crossings, and its radius is the plain formula's")
    func cosineSignFromAngle() {
        var mismatches = 0
        for crossing in [0.25, 0.75] {
            var below = crossing, above = crossing
            for _ in 0..<20_000 {
                for u in [below, above] {
                    let cosine = SplitMix64.gaussianCosine(u)
                    if cosine == 0 || SplitMix64.gaussianCosineIsPositive(u) != (cosine > 0) { mismatches += 1 }
                }
                below = below.nextDown
                above = above.nextUp
            }
        }
        var rng = SplitMix64(seed: 21)
        for _ in 0..<200_000 {
            let u = rng.nextUnit()
            let cosine = SplitMix64.gaussianCosine(u)
            if cosine == 0 || SplitMix64.gaussianCosineIsPositive(u) != (cosine > 0) { mismatches += 1 }
        }
        for u in [0, 0x1p-53, 0.5, 1 - 0x1p-53] where SplitMix64.gaussianCosineIsPositive(u) != (SplitMix64.gaussianCosine(u) > 0) {
            mismatches += 1
        }
        #expect(mismatches == 0)
        // The agent loop's radius (NaturalLog's log) is SplitMix64's (the platform's log), bit for bit.
        var radiusMismatches = 0
        for seed in UInt64(0)..<20_000 {
            let draws = AgentDraws(SplitMix64(seed: seed &* 0x9E37_79B9_7F4A_7C15))
            var rng = SplitMix64(seed: seed &* 0x9E37_79B9_7F4A_7C15)
            rng.skip(6)
            if draws.noiseRadius.bitPattern != SplitMix64.gaussianRadius(rng.nextUnit()).bitPattern { radiusMismatches += 1 }
        }
        #expect(radiusMismatches == 0)
    }

    @Test("scar multiplier equals (1 + gain)^scars, bit for bit")
    func scarMultiplierEqualsPow() {
        for gain in [0.0, 0.1, 0.25, 0.3333, 1.0, 7.5] {
            for scars in 0...255 {
                #expect(Thresholds.scarMultiplier(scars: UInt8(scars), scarGain: gain) == pow(1 + gain, Double(scars)))
            }
        }
    }

    @Test("the coupling table holds the coupling rule's value for every set of locked dimensions")
    func couplingTable() {
        var world = WorldConfig()
        world.constraints.coupling = [[0, 0.5, 0.2, 0.1], [0.3, 0, 0.7, 0.2], [0.2, 0.9, 0, 0.3], [0.4, 0.2, 0.3, 0]]
        let table = DimensionTable(world: world)
        defer { table.free() }
        let coupling = table.buffer(DimensionTable.coupling, 16)
        for mask in 0..<16 {
            for d in 0..<Dimension.count {
                let rule = Constraints.couplingMultiplier(into: d, coupling: coupling, locked: { mask & (1 << $0) != 0 })
                #expect(table.values[DimensionTable.couplingByLocks + mask * Dimension.count + d] == rule)
            }
        }
    }

    @Test("cached entropy and dominant reflective and expressed topics equal fresh computations after every step",
          arguments: [Objective.engagement, .constructive, .approval])
    func cachedPreferenceValues(objective: Objective) throws {
        var world = smallWorld(agents: 200, steps: 60)
        world.optimizer.objective = objective
        world.optimizer.constructive.resetInterval = 7
        // A strong pull, so that dominant topics change often (by exposure and by resets).
        world.preferences.exposureRate = 0.3
        world.optimizer.segments = 3
        let sim = try Simulation(world: world, seed: 3)
        var mismatches = 0, checked = 0, changes = 0
        func check(_ s: AgentState, previous: [UInt8]) {
            for i in 0..<s.count {
                let p = s.expressed.base + i * s.topics, r = s.reflective.base + i * s.topics
                if s.entropy[i] != Preferences.normalizedEntropy(p, topics: s.topics) { mismatches += 1 }
                if Int(s.reflectiveTop[i]) != Preferences.dominantTopic(r, topics: s.topics) { mismatches += 1 }
                if Int(s.expressedTop[i]) != Preferences.dominantTopic(p, topics: s.topics) { mismatches += 1 }
                if s.expressedTop[i] != previous[i] { changes += 1 }
                checked += 1
            }
        }
        check(sim.state, previous: sim.state.expressedTop.array)
        var fork: Simulation? = nil
        while !sim.isFinished {
            let before = sim.state.expressedTop.array
            sim.advance()
            check(sim.state, previous: before)
            if sim.currentStep == 20 { fork = sim.fork(world: world) }
        }
        // A fork copies the cache with the preferences it describes.
        if let fork {
            while !fork.isFinished {
                let before = fork.state.expressedTop.array
                fork.advance()
                check(fork.state, previous: before)
            }
        }
        #expect(mismatches == 0)
        #expect(checked == 200 * (1 + 60 + 40))
        #expect(changes > 0, "no dominant expressed topic changed: the cache was never put to the test")
    }

    @Test("dominant topic, four topics at a time: the same index as the plain scan, ties to the lowest, with signed zeros and NaN")
    func dominantTopicEqualsPlainScan() {
        var rng = SplitMix64(seed: 11)
        // Four at a time from 4 topics on, with the rest one at a time; NaN goes to the scan.
        var checked = 0
        for topics in [2, 3, 4, 5, 7, 8, 9, 12, 64] {
            for trial in 0..<2_000 {
                // Few distinct values, so that ties are common; signed zeros; now and then a NaN.
                var p = (0..<topics).map { _ -> Double in
                    switch trial % 4 {
                    case 0: Double(rng.nextInt(below: 3)) / 4
                    case 1: rng.nextInt(below: 2) == 0 ? 0.0 : -0.0
                    default: rng.nextUnit()
                    }
                }
                if trial % 7 == 0 { p[rng.nextInt(below: topics)] = .nan }
                var plain = 0
                for k in 1..<topics where p[k] > p[plain] { plain = k }
                #expect(p.withUnsafeBufferPointer { Preferences.dominantTopic($0.baseAddress!, topics: topics) } == plain)
                checked += 1
            }
        }
        #expect(checked == 9 * 2_000)
    }

    @Test("the per-run segment table holds topic x segments / topics, and agents are served in the segment of their dominant topic")
    func segmentTable() throws {
        for (topics, segments) in [(8, 8), (8, 3), (8, 1), (5, 2), (64, 7)] {
            var world = smallWorld(agents: 20, steps: 1)
            world.topics = topics
            world.optimizer.segments = segments
            let sim = try Simulation(world: world, seed: 1)
            for t in 0..<topics { #expect(Int(sim.tables.segmentOfTopic[t]) == t * segments / topics) }
            // Each agent is served as a member of the segment of its dominant topic at the start of the step.
            let dominant = (0..<sim.state.count).map {
                Preferences.dominantTopic(sim.state.expressed.base + $0 * topics, topics: topics)
            }
            sim.advance()
            for i in 0..<sim.state.count { #expect(Int(sim.state.segment[i]) == dominant[i] * segments / topics) }
        }
    }

    @Test("homogenization by stamped item marks equals the mean of the plain Jaccard rule, step after step")
    func homogenizationByMarksEqualsPlainJaccard() {
        var rng = SplitMix64(seed: 11)
        for (agents, h, items) in [(40, 1, 3), (60, 10, 5), (60, 10, 200), (30, 7, 1)] {
            // Histories with repeats and empty slots (-1), as the ring holds them.
            let history = (0..<agents * h).map { _ in rng.nextUnit() < 0.3 ? Int32(-1) : Int32(rng.nextInt(below: items)) }
            let pairs = Homogenization.samplePairs(agents: agents, pairs: 200, streams: RandomStreams(seed: UInt64(h)))
            var sum = 0.0, counted = 0
            history.withUnsafeBufferPointer { hb in
                for q in stride(from: 0, to: pairs.count, by: 2) {
                    let a = hb.baseAddress! + Int(pairs[q]) * h, b = hb.baseAddress! + Int(pairs[q + 1]) * h
                    let aConsumed = (0..<h).contains { a[$0] >= 0 }, bConsumed = (0..<h).contains { b[$0] >= 0 }
                    guard aConsumed, bConsumed, let j = Homogenization.jaccard(a, b, length: h) else { continue }
                    sum += j
                    counted += 1
                }
            }
            // One set of marks reused, as a run reuses it step after step, and past the wrap of its stamps.
            let marks = Homogenization.ItemMarks(items: items, pairsBeforeWrap: 150)
            for _ in 0..<3 {
                let fast = history.withUnsafeBufferPointer {
                    Homogenization.measure(pairs: pairs, history: $0.baseAddress!, historyLength: h, marks: marks)
                }
                #expect(fast.pairs == counted)
                #expect(fast.mean?.bitPattern == (counted >= Homogenization.minimumPairs ? sum / Double(counted) : nil)?.bitPattern)
            }
            let sized = history.withUnsafeBufferPointer { Homogenization.measure(pairs: pairs, history: $0.baseAddress!, historyLength: h) }
            #expect(sized.pairs == counted)
            let plain = counted >= Homogenization.minimumPairs ? sum / Double(counted) : nil
            #expect(sized.mean?.bitPattern == plain?.bitPattern, "\(agents) x \(h), \(items) items")
        }
    }

    @Test("homogenization compared in parts beside the bandit's learning equals the one-pass measure of the run's pairs",
          arguments: [(1, 301), (2, 301), (3, 301), (2, 0), (3, 1)])
    func homogenizationInParts(threads: Int, pairs: Int) throws {
        var world = smallWorld(agents: 400, steps: 30)
        world.measurement.homogenizationPairs = pairs
        let sim = try Simulation(world: world, seed: 4)
        sim.threads = threads
        var defined = 0
        while !sim.isFinished {
            let m = sim.advance()
            let s = sim.state
            let plain = Homogenization.measure(pairs: sim.pairs, history: UnsafePointer(s.history.base), historyLength: s.historyLength)
            #expect(m.homogenizationPairs == plain.pairs)
            #expect(m.homogenization?.bitPattern == plain.mean?.bitPattern)
            if m.homogenization != nil { defined += 1 }
        }
        #expect(defined > 0 || pairs < Homogenization.minimumPairs)
    }
}
