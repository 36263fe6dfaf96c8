import Testing
import Foundation
import SocialSim
import NarrativeModel

// MARK: - Ratchet floor, relief and hysteresis

/// A world that locks early: the proxy rewards appeal only and thresholds are low.
private func earlyLockingWorld(agents: Int = 300, steps: Int = 80) -> WorldConfig {
    var w = harmfulWorld(agents: agents, steps: steps)
    w.constraints.thresholdMean = [0.6, 0.6, 0.6, 0.6]
    return w
}

/// Total stock above floor over all agents and dimensions.
private func reducibleTotal(_ s: AgentState) -> Double {
    zip(s.stock.array, s.floor.array).map { max(0, $0 - $1) }.reduce(0, +)
}

@Suite("Ratchet floor, relief and hysteresis")
struct RatchetTests {
    @Test("relief cannot push a locked stock below its ratchet floor nor unlock it when floorFraction >= unlockFraction",
          arguments: ReliefTargeting.allCases)
    func reliefCannotUndoLock(_ targeting: ReliefTargeting) {
        var config = ConstraintConfig()
        config.floorFraction = [0.8, 0.8, 0.6, 0.9]
        config.unlockFraction = [0.4, 0.4, 0.5, 0.3]
        var rand = TestRandom(7)
        let n = 64
        let state = handMadeState(count: n) { i, d in
            let threshold = rand.uniform(0.5, 1.5)
            if (i + d) % 2 == 0 {
                return (threshold * rand.uniform(1, 2), threshold, config.floorFraction[d] * threshold, true)
            }
            return (threshold * rand.uniform(0, 0.9), threshold, 0, false)
        }
        let reducible = reducibleTotal(state)
        let spent = Relief.apply(budgetPerAgent: 1e6, targeting: targeting, state: state, config: config)
        #expect(abs(spent - reducible) <= 1e-9 * reducible)
        for d in 0..<Dimension.count {
            for i in 0..<n {
                let k = AgentState.slot(agent: i, dimension: d)
                let wasLocked = (i + d) % 2 == 0
                #expect(state.locked[k] == (wasLocked ? 1 : 0), "agent \(i) dim \(d)")
                #expect(abs(state.stock[k] - state.floor[k]) <= 1e-12, "agent \(i) dim \(d): stock \(state.stock[k]) floor \(state.floor[k])")
            }
        }
    }

    @Test("relief never leaves a stock below its floor, even by rounding, so a lock with floorFraction == unlockFraction is permanent")
    func reliefRounding() {
        var config = ConstraintConfig()
        config.floorFraction = [0.5, 0.5, 0.5, 0.5]
        config.unlockFraction = [0.5, 0.5, 0.5, 0.5]
        var rand = TestRandom(1)
        let n = 250
        let state = handMadeState(count: n) { _, _ in
            let threshold = rand.uniform(0.5, 1.5)
            return (threshold * rand.uniform(1, 2), threshold, 0.5 * threshold, true)
        }
        Relief.apply(budgetPerAgent: 1e6, targeting: .uniform, state: state, config: config)
        let below = zip(state.stock.array, state.floor.array).filter { $0 < $1 }.count
        let unlocked = state.locked.array.filter { $0 == 0 }.count
        #expect(below == 0, "\(below) of \(n * Dimension.count) stocks below their floor after relief")
        #expect(unlocked == 0, "\(unlocked) of \(n * Dimension.count) permanent locks undone by relief")
    }

    @Test("with floorFraction below unlockFraction, enough relief unlocks a locked dimension (hysteresis allows it)")
    func reliefCanUnlockBelowUnlockFraction() {
        var config = ConstraintConfig()
        config.floorFraction = [0.2, 0.2, 0.2, 0.2]
        config.unlockFraction = [0.5, 0.5, 0.5, 0.5]
        let n = 16
        let state = handMadeState(count: n) { i, _ in
            let threshold = 0.5 + Double(i) / Double(n)
            return (1.3 * threshold, threshold, 0.2 * threshold, true)
        }
        Relief.apply(budgetPerAgent: 1e6, targeting: .uniform, state: state, config: config)
        for k in 0..<(n * Dimension.count) {
            #expect(state.locked[k] == 0)
            #expect(abs(state.stock[k] - 0.2 * state.threshold[k]) <= 1e-12)
        }
    }

    @Test("a locked stock relieved to just below its threshold, still above unlockFraction × threshold, stays locked")
    func hysteresisUnderRelief() {
        var config = ConstraintConfig()
        config.floorFraction = [0.2, 0.2, 0.2, 0.2]
        config.unlockFraction = [0.5, 0.5, 0.5, 0.5]
        func oneLockedAgent() -> AgentState {
            handMadeState(count: 1) { _, d in d == 0 ? (1.2, 1.0, 0.2, true) : (0, 1.0, 0, false) }
        }
        let slightly = oneLockedAgent()
        Relief.apply(budgetPerAgent: 0.3, targeting: .uniform, state: slightly, config: config)
        #expect(abs(slightly.stock[0] - 0.9) < 1e-12)
        #expect(slightly.locked[0] == 1)
        let toHalf = oneLockedAgent()
        Relief.apply(budgetPerAgent: 0.7, targeting: .uniform, state: toHalf, config: config)
        #expect(abs(toHalf.stock[0] - 0.5) < 1e-12)
        #expect(toHalf.locked[0] == 1, "at exactly unlockFraction × threshold the lock holds")
        let below = oneLockedAgent()
        Relief.apply(budgetPerAgent: 0.75, targeting: .uniform, state: below, config: config)
        #expect(below.locked[0] == 0)
    }

    @Test("a locked dimension does not unlock just below its threshold; it unlocks only below unlockFraction × threshold")
    func transitionHysteresis() {
        let threshold = 1.0, uf = 0.4
        func step(_ stock: Double, locked: Bool, effective: Double = 1.0) -> Thresholds.Transition {
            Thresholds.transition(stock: stock, isLocked: locked, threshold: threshold, effectiveThreshold: effective, unlockFraction: uf)
        }
        #expect(step(1.0, locked: false) == .locks)
        #expect(step(0.999, locked: false) == .none)
        #expect(step(0.7, locked: false, effective: 0.7) == .locks, "locking happens at the effective threshold")
        for stock in [0.999, 0.9, 0.6, 0.41, 0.4] {
            #expect(step(stock, locked: true) == .none, "locked at \(stock)")
        }
        #expect(step(0.399, locked: true) == .unlocks)
        #expect(step(0, locked: true) == .unlocks)
    }

    @Test("uniform relief gives each agent at most its share; targeted relief goes in proportion to reducible stock")
    func reliefTargeting() {
        let n = 20
        func make() -> AgentState {
            handMadeState(count: n) { i, d in d == 0 ? (0.1 * Double(i + 1), 5, 0, false) : (0.3, 5, 0.3, false) }
        }
        let config = ConstraintConfig()
        let uniform = make()
        let spentUniform = Relief.apply(budgetPerAgent: 0.25, targeting: .uniform, state: uniform, config: config)
        var expected = 0.0
        for i in 0..<n {
            let r = 0.1 * Double(i + 1)
            let got = r - uniform.stock[AgentState.slot(agent: i, dimension: 0)]
            expected += min(0.25, r)
            #expect(abs(got - min(0.25, r)) < 1e-12, "agent \(i)")
        }
        #expect(abs(spentUniform - expected) < 1e-9)
        let targeted = make()
        let spentTargeted = Relief.apply(budgetPerAgent: 0.25, targeting: .mostConstrained, state: targeted, config: config)
        #expect(abs(spentTargeted - 0.25 * Double(n)) < 1e-9)
        let total = (1...n).map { 0.1 * Double($0) }.reduce(0, +)
        for i in 0..<n {
            let r = 0.1 * Double(i + 1)
            #expect(abs((r - targeted.stock[AgentState.slot(agent: i, dimension: 0)]) - 0.25 * Double(n) * r / total) < 1e-12, "agent \(i)")
        }
        // Dimensions at their floor get nothing.
        for i in 0..<n {
            for d in 1..<Dimension.count {
                let k = AgentState.slot(agent: i, dimension: d)
                #expect(uniform.stock[k] == 0.3 && targeted.stock[k] == 0.3)
            }
        }
    }

    @Test("with lockedDecay 0 and floors above the unlock level, locked stocks never fall in a run, and relief leaves every lock in place at or above its floor")
    func reliefInRun() throws {
        var w = earlyLockingWorld(agents: 300, steps: 70)
        // 0.1.0's permanent locks, which the defaults no longer have: no decay while locked
        // and a floor at or above the unlock level (and above 1 - contagion).
        w.constraints.lockedDecay = [0, 0, 0, 0]
        w.constraints.floorFraction = [0.8, 0.8, 0.6, 0.9]
        w.constraints.unlockFraction = [0.4, 0.4, 0.5, 0.3]
        let sim = try Simulation(world: w, seed: 4)
        for _ in 0..<45 {
            let before = sim.state.stock.array, lockedBefore = sim.state.locked.array
            sim.advance()
            for k in before.indices where lockedBefore[k] == 1 {
                #expect(sim.state.stock[k] >= before[k], "a locked stock fell: agent \(k / Dimension.count) dim \(k % Dimension.count)")
                #expect(sim.state.locked[k] == 1, "unlocked without relief: agent \(k / Dimension.count) dim \(k % Dimension.count)")
            }
        }
        let locked = sim.state.locked.array
        let lockedCount = locked.filter { $0 == 1 }.count
        #expect(lockedCount >= 5, "the world must lock for this test to check anything")
        Relief.apply(budgetPerAgent: 1e6, targeting: .mostConstrained, state: sim.state, config: w.constraints)
        for k in locked.indices {
            #expect(abs(sim.state.stock[k] - sim.state.floor[k]) <= 1e-12, "relief with a huge budget takes every stock to its floor")
            if locked[k] == 1 {
                #expect(sim.state.locked[k] == 1, "relief undid a lock: agent \(k / Dimension.count) dim \(k % Dimension.count)")
                #expect(sim.state.floor[k] > 0)
            }
        }
        // The locks survive the rest of the run.
        sim.run { _ in }
        for k in locked.indices where locked[k] == 1 {
            #expect(sim.state.locked[k] == 1)
        }
    }
}

// MARK: - Scarring, contagion, coupling, accumulation

@Suite("Scarring, threshold contagion and coupling")
struct AccumulationTests {
    @Test("the scar multiplier is 1 without scars and each lock multiplies it by (1 + scarGain)")
    func scarMultiplier() {
        for gain in [0.0, 0.25, 2.0] {
            #expect(Thresholds.scarMultiplier(scars: 0, scarGain: gain) == 1)
            var previous = 1.0
            for scars in UInt8(1)...6 {
                let m = Thresholds.scarMultiplier(scars: scars, scarGain: gain)
                #expect(abs(m / previous - (1 + gain)) < 1e-12, "gain \(gain), \(scars) scars")
                if gain > 0 { #expect(m > previous) }
                previous = m
            }
        }
    }

    @Test("a run with scarGain > 0 matches the unscarred run until the first lock, then accumulates faster (same seed)")
    func scarringInRun() throws {
        var plain = earlyLockingWorld(agents: 300, steps: 80)
        plain.constraints.scarGain = [0, 0, 0, 0]
        var scarred = plain
        scarred.constraints.scarGain = [2, 2, 2, 2]
        for seed: UInt64 in [1, 2] {
            let a = try series(plain, seed: seed), b = try series(scarred, seed: seed)
            let firstLock = try #require(a.firstIndex { $0.newLocks > 0 }, "seed \(seed): no lock")
            #expect(Array(a[...firstLock]) == Array(b[...firstLock]), "seed \(seed): the runs differ before any scar")
            let load = { (s: [StepMetrics]) in s.last!.meanStock.reduce(0, +) }
            #expect(load(b) > load(a), "seed \(seed): scarred load \(load(b)) vs plain \(load(a))")
        }
    }

    @Test("the effective threshold falls with the locked-neighbour fraction, from the threshold to threshold × (1 - contagion)")
    func effectiveThreshold() {
        for contagion in [0.0, 0.3, 1.0] {
            var previous = Double.infinity
            for f in stride(from: 0.0, through: 1.0, by: 0.1) {
                let e = Thresholds.effectiveThreshold(0.8, contagion: contagion, lockedNeighbourFraction: f)
                #expect(e >= 0)
                #expect(contagion == 0 ? e == 0.8 : e < previous)
                previous = e
            }
            #expect(Thresholds.effectiveThreshold(0.8, contagion: contagion, lockedNeighbourFraction: 0) == 0.8)
            #expect(abs(Thresholds.effectiveThreshold(0.8, contagion: contagion, lockedNeighbourFraction: 1) - 0.8 * (1 - contagion)) < 1e-15)
        }
    }

    @Test("threshold contagion makes lock-ins cascade: full contagion locks far more than none (same seed)")
    func contagionInRun() throws {
        var none = earlyLockingWorld(agents: 300, steps: 70)
        none.constraints.contagion = [0, 0, 0, 0]
        var full = none
        full.constraints.contagion = [1, 1, 1, 1]
        let a = totalLocks(try series(none, seed: 2)), b = totalLocks(try series(full, seed: 2))
        #expect(a > 0)
        #expect(b > 2 * a, "locks with full contagion \(b) vs none \(a)")
    }

    @Test("coupling multiplies accumulation into a dimension by 1 + coupling[e][d] for every other locked dimension e")
    func couplingMultiplier() {
        let coupling = ConstraintConfig().coupling.flatMap { $0 }
        coupling.withUnsafeBufferPointer { c in
            #expect(Constraints.couplingMultiplier(into: 1, coupling: c, locked: { _ in false }) == 1)
            // Economic locked speeds up institutional by 1.5.
            #expect(Constraints.couplingMultiplier(into: 1, coupling: c, locked: { $0 == 0 }) == 1.5)
            // A dimension's own lock does not couple into itself.
            #expect(Constraints.couplingMultiplier(into: 1, coupling: c, locked: { $0 == 1 }) == 1)
            // Economic and narrative locked: 1.5 × 1.2 into institutional.
            #expect(abs(Constraints.couplingMultiplier(into: 1, coupling: c, locked: { $0 == 0 || $0 == 3 }) - 1.8) < 1e-12)
        }
    }

    @Test("an unlocked stock decays toward 0, a locked one toward its floor, inflow saturates, and no stock goes below its floor")
    func nextStock() {
        func next(_ stock: Double, floor: Double = 0, locked: Bool, inflow: Double = 0, m: Double = 1,
                  decay: Double = 0.1, lockedDecay: Double = 0.05, capacity: Double = 1e300) -> Double {
            Constraints.nextStock(stock: stock, floor: floor, isLocked: locked, inflow: inflow, rateMultiplier: m,
                                  decay: decay, lockedDecay: lockedDecay, capacity: capacity)
        }
        #expect(abs(next(1, locked: false) - 0.9) < 1e-15)
        // Locked: the excess over the floor decays at lockedDecay.
        #expect(abs(next(1, floor: 0.4, locked: true) - (1 - 0.05 * 0.6)) < 1e-15)
        #expect(next(1, floor: 0.4, locked: true, lockedDecay: 0) == 1, "lockedDecay 0: a locked stock keeps its value")
        #expect(next(0.4, floor: 0.4, locked: true) == 0.4, "a locked stock at its floor stays there")
        #expect(next(0.5, floor: 0.48, locked: false) == 0.48)
        #expect(abs(next(1, locked: true, inflow: 0.1, m: 3, lockedDecay: 0) - 1.3) < 1e-15)
        // Saturation: inflow times max(0, 1 - stock / capacity).
        #expect(abs(next(1, locked: false, inflow: 0.1, decay: 0, capacity: 4) - (1 + 0.1 * 0.75)) < 1e-15)
        #expect(next(5, locked: false, inflow: 0.1, decay: 0, capacity: 4) == 5, "no inflow above capacity")
        #expect(Constraints.saturation(stock: 2, capacity: 4) == 0.5)
        // Repeated full inflow approaches the capacity from below and never passes it.
        var s = 0.0
        for _ in 0..<10_000 { s = next(s, locked: false, inflow: 0.5, decay: 0, capacity: 2) }
        #expect(s <= 2 && s > 1.999)
    }

    @Test("spillover is capped at spilloverCap and scaled by lockedSpillover when the dimension is locked")
    func spillover() {
        #expect(Constraints.spillover(rate: 0.1, neighbourMean: 3, cap: 1, isLocked: false, lockedShare: 0.5) == 0.1)
        #expect(abs(Constraints.spillover(rate: 0.1, neighbourMean: 3, cap: 2, isLocked: false, lockedShare: 0.5) - 0.2) < 1e-15)
        #expect(abs(Constraints.spillover(rate: 0.1, neighbourMean: 0.4, cap: 1, isLocked: true, lockedShare: 0.5) - 0.02) < 1e-15)
        #expect(Constraints.spillover(rate: 0.1, neighbourMean: 0.4, cap: 1, isLocked: true, lockedShare: 0) == 0)
    }
}

// MARK: - Trust and feedback

@Suite("Trust")
struct TrustTests {
    let config = TrustConfig()

    @Test("trust falls faster than it rises: the same outcome magnitude costs more than it earns (trust from 0.2 to 1)")
    func asymmetricUpdate() {
        for t in stride(from: 0.2, through: 1.0, by: 0.05) {
            for x in [0.05, 0.2, 0.5, 1.0] {
                let gain = Trust.update(trust: t, outcome: x, drift: 0, config: config) - t
                let loss = t - Trust.update(trust: t, outcome: -x, drift: 0, config: config)
                #expect(loss > gain, "trust \(t), outcome ±\(x): gain \(gain), loss \(loss)")
                #expect(gain >= 0 && loss > 0)
            }
        }
    }

    @Test("losing half of trust under steady harm takes a fraction of the steps regaining it takes under the same benefit")
    func halfLifeVersusRecovery() {
        let x = 0.3
        var t = 0.8, lossSteps = 0
        while t > 0.4 { t = Trust.update(trust: t, outcome: -x, drift: 0, config: config); lossSteps += 1 }
        var gainSteps = 0
        while t < 0.8 { t = Trust.update(trust: t, outcome: x, drift: 0, config: config); gainSteps += 1 }
        #expect(lossSteps > 0)
        #expect(gainSteps > 3 * lossSteps, "lose half in \(lossSteps) steps, regain in \(gainSteps)")
    }

    @Test("trust stays in [0, 1] for any outcome and drift")
    func bounded() {
        var rand = TestRandom(11)
        for _ in 0..<2000 {
            let t = rand.unit(), o = rand.uniform(-5, 5), drift = rand.uniform(-1, 1)
            let u = Trust.update(trust: t, outcome: o, drift: drift, config: config)
            let e = Trust.updateExited(trust: t, perceivedHarm: rand.uniform(0, 5), drift: drift, config: config)
            #expect((0...1).contains(u) && (0...1).contains(e), "trust \(t), outcome \(o), drift \(drift)")
        }
    }

    @Test("an agent exits below exitLevel and returns only at reentryLevel (hysteresis)")
    func exitHysteresis() {
        #expect(Trust.isExited(trust: 0.149, wasExited: false, config: config))
        #expect(!Trust.isExited(trust: 0.15, wasExited: false, config: config))
        for t in [0.15, 0.2, 0.3, 0.349] {
            #expect(Trust.isExited(trust: t, wasExited: true, config: config), "exited agent at \(t) stays out")
            #expect(!Trust.isExited(trust: t, wasExited: false, config: config), "engaged agent at \(t) stays in")
        }
        #expect(!Trust.isExited(trust: 0.35, wasExited: true, config: config))
    }

    @Test("an exited agent's trust relaxes toward the baseline when it perceives no harm")
    func exitedRelaxes() {
        var low = 0.1, high = 0.9
        for _ in 0..<2000 {
            low = Trust.updateExited(trust: low, perceivedHarm: 0, drift: 0, config: config)
            high = Trust.updateExited(trust: high, perceivedHarm: 0, drift: 0, config: config)
        }
        #expect(low > 0.4 && low < config.baseline)
        #expect(high < 0.6 && high > config.baseline)
    }
}

@Suite("Feedback under low trust")
struct FeedbackTests {
    let config = TrustConfig()

    /// Rates of missing and inverted feedback for reward 1 over a grid of uniforms (noise 0).
    func rates(trust: Double, silence: Double = 0, inversion: Double = 0, config: TrustConfig) -> (missing: Double, inverted: Double) {
        var rand = TestRandom(3)
        var missing = 0, inverted = 0, given = 0
        let draws = 40_000
        for _ in 0..<draws {
            guard let o = Feedback.observe(reward: 1, trust: trust, frameSilence: silence, frameInversion: inversion,
                                           config: config, uMissing: rand.unit(), uInvert: rand.unit(), noise: 0) else {
                missing += 1
                continue
            }
            given += 1
            if o < 0.5 { inverted += 1 }
        }
        return (Double(missing) / Double(draws), given > 0 ? Double(inverted) / Double(given) : 0)
    }

    @Test("at zero trust feedback goes missing and is inverted at about the configured rates")
    func zeroTrustRates() {
        let r = rates(trust: 0, config: config)
        #expect(abs(r.missing - config.missingAtZero) < 0.015, "missing \(r.missing)")
        #expect(abs(r.inverted - config.inversionAtZero) < 0.015, "inverted \(r.inverted)")
        var other = config
        other.missingAtZero = 0.2
        other.inversionAtZero = 0.7
        let s = rates(trust: 0, config: other)
        #expect(abs(s.missing - 0.2) < 0.015 && abs(s.inverted - 0.7) < 0.015, "\(s)")
    }

    @Test("corruption scales linearly with distrust: at half the feedback level, half the zero-trust rates")
    func halfDistrust() {
        let r = rates(trust: config.feedbackLevel / 2, config: config)
        #expect(abs(r.missing - config.missingAtZero / 2) < 0.015, "missing \(r.missing)")
        #expect(abs(r.inverted - config.inversionAtZero / 2) < 0.015, "inverted \(r.inverted)")
    }

    @Test("at or above the feedback level feedback is always given, exact and noiseless")
    func trustedFeedbackExact() {
        var rand = TestRandom(5)
        for _ in 0..<5000 {
            let trust = rand.uniform(config.feedbackLevel, 1)
            let reward = rand.unit()
            let o = Feedback.observe(reward: reward, trust: trust, frameSilence: 0, frameInversion: 0, config: config,
                                     uMissing: rand.unit(), uInvert: rand.unit(), noise: rand.uniform(-4, 4))
            #expect(o == reward, "trust \(trust)")
        }
        #expect(Feedback.distrust(trust: config.feedbackLevel, config: config) == 0)
        #expect(Feedback.distrust(trust: 0, config: config) == 1)
    }

    @Test("frames add silence and inversion even at full trust")
    func frameCorruption() {
        let r = rates(trust: 1, silence: 0.2, inversion: 0.1, config: config)
        #expect(abs(r.missing - 0.2) < 0.015 && abs(r.inverted - 0.1) < 0.015, "\(r)")
    }

    @Test("noise at zero trust has the configured scale and feedback stays in [0, 1]")
    func noise() {
        let o = Feedback.observe(reward: 0.5, trust: 0, frameSilence: 0, frameInversion: 0, config: config,
                                 uMissing: 0.999, uInvert: 0.999, noise: 1)
        #expect(abs(o! - (0.5 + config.noiseAtZero)) < 1e-12)
        for z in [-100.0, 100] {
            let c = Feedback.observe(reward: 0.5, trust: 0, frameSilence: 0, frameInversion: 0, config: config,
                                     uMissing: 0.999, uInvert: 0.999, noise: z)
            #expect(c == (z < 0 ? 0 : 1))
        }
    }
}

// MARK: - Objectives and the specification gap

/// Runs shared by the objective tests (computed once, on first use).
enum ObjectiveRuns {
    static let seeds: [UInt64] = [1, 2, 3, 4]
    static let world = smallWorld(agents: 300, steps: 100)

    struct Run: Sendable {
        let summary: RunSummary
        let locks: Int
        let load: Double
    }

    static func runs(_ world: WorldConfig) -> [Run] {
        seeds.map { seed in
            let s = try! series(world, seed: seed)
            return Run(summary: RunSummary(series: s, agents: world.agents, window: world.measurement.window),
                       locks: totalLocks(s), load: s.last!.meanStock.reduce(0, +))
        }
    }

    static func with(_ objective: Objective, gap: Double? = nil) -> WorldConfig {
        var w = world
        w.optimizer.objective = objective
        if let gap { w.optimizer.specificationGap = gap }
        return w
    }

    static let engagement = runs(with(.engagement))
    static let welfareAware = runs(with(.welfareAware))
}

@Suite("Objectives and the specification gap")
struct ObjectiveTests {
    @Test("engagement drifts expressed preferences further from reflective ones than welfareAware (same seeds)")
    func engagementDrifts() {
        let e = ObjectiveRuns.engagement.map(\.summary.finalReflectiveDistance)
        let w = ObjectiveRuns.welfareAware.map(\.summary.finalReflectiveDistance)
        for (seed, (a, b)) in zip(ObjectiveRuns.seeds, zip(e, w)) {
            #expect(a > b, "seed \(seed): engagement \(a), welfareAware \(b)")
        }
        #expect(mean(e) > mean(w) + 0.02, "mean distance engagement \(mean(e)), welfareAware \(mean(w))")
    }

    @Test("welfareAware ends with higher horizon welfare, less constraint and fewer locks than engagement (same seeds)")
    func welfareAwareBetter() {
        for (seed, (e, w)) in zip(ObjectiveRuns.seeds, zip(ObjectiveRuns.engagement, ObjectiveRuns.welfareAware)) {
            #expect(w.summary.horizonWelfare > e.summary.horizonWelfare + 0.1,
                    "seed \(seed): welfareAware \(w.summary.horizonWelfare), engagement \(e.summary.horizonWelfare)")
            #expect(w.load < e.load, "seed \(seed): load \(w.load) vs \(e.load)")
            #expect(w.locks <= e.locks, "seed \(seed): locks \(w.locks) vs \(e.locks)")
        }
        let locksE = ObjectiveRuns.engagement.map(\.locks).reduce(0, +)
        let locksW = ObjectiveRuns.welfareAware.map(\.locks).reduce(0, +)
        #expect(locksW < locksE, "locks over seeds: welfareAware \(locksW), engagement \(locksE)")
    }

    @Test("with specification gap 0 the engagement optimizer does much less harm than with gap 1")
    func specificationGap() {
        let seeds = Array(ObjectiveRuns.seeds.prefix(3))
        let narrow = ObjectiveRuns.runs(ObjectiveRuns.with(.engagement, gap: 0)).prefix(seeds.count)
        let wide = ObjectiveRuns.runs(ObjectiveRuns.with(.engagement, gap: 1)).prefix(seeds.count)
        for (seed, (n, w)) in zip(seeds, zip(narrow, wide)) {
            #expect(n.summary.horizonWelfare > w.summary.horizonWelfare + 0.1,
                    "seed \(seed): welfare gap 0 \(n.summary.horizonWelfare), gap 1 \(w.summary.horizonWelfare)")
            #expect(w.load > 1.5 * n.load, "seed \(seed): constraint load gap 0 \(n.load), gap 1 \(w.load)")
        }
        let locksNarrow = narrow.map(\.locks).reduce(0, +), locksWide = wide.map(\.locks).reduce(0, +)
        #expect(locksWide > 5 * max(locksNarrow, 1), "locks gap 0 \(locksNarrow), gap 1 \(locksWide)")
    }
}

// MARK: - Safeguards

@Suite("Safeguards")
struct SafeguardTests {
    func moderatedWorld(adaptation: Double) -> WorldConfig {
        var w = smallWorld(agents: 200, steps: 40)
        w.safeguards.templates.enabled = true
        w.safeguards.templates.supplyAdaptation = adaptation
        return w
    }

    @Test("template moderation blocks the templates with the highest mean footprint, round(fraction × templates) of them")
    func blockedAreHighestFootprint() throws {
        for fraction in [0.1, 0.3, 0.5] {
            let sim = try Simulation(world: moderatedWorld(adaptation: 0), seed: 9)
            let cat = sim.catalogue
            let templates = sim.world.catalogue.templates
            let blocked = TemplateModeration.blockedTemplates(catalogue: cat, templates: templates, fraction: fraction)
            #expect(blocked.filter { $0 }.count == Int((fraction * Double(templates)).rounded()))
            var sum = [Double](repeating: 0, count: templates), count = [Int](repeating: 0, count: templates)
            for j in 0..<cat.count {
                sum[Int(cat.template[j])] += cat.normalizedFootprint[j]
                count[Int(cat.template[j])] += 1
            }
            let meanFootprint = (0..<templates).map { count[$0] > 0 ? sum[$0] / Double(count[$0]) : -1 }
            let lowestBlocked = (0..<templates).filter { blocked[$0] }.map { meanFootprint[$0] }.min()!
            let highestOpen = (0..<templates).filter { !blocked[$0] }.map { meanFootprint[$0] }.max()!
            #expect(lowestBlocked >= highestOpen, "fraction \(fraction)")
        }
    }

    @Test("with supplyAdaptation > 0 blocked items migrate to unblocked templates over steps; with 0 they never do; blocked items are never served")
    func supplyRoutesAround() throws {
        for adaptation in [0.0, 0.05] {
            let w = moderatedWorld(adaptation: adaptation)
            let sim = try Simulation(world: w, seed: 2)
            let initial = sim.catalogue
            let blocked = TemplateModeration.blockedTemplates(catalogue: initial, templates: w.catalogue.templates,
                                                              fraction: w.safeguards.templates.blockedFraction)
            let countBlocked = { (c: Catalogue) in c.template.filter { blocked[Int($0)] }.count }
            var previous = countBlocked(initial)
            #expect(previous > 0)
            while !sim.isFinished {
                sim.advance()
                let cat = sim.catalogue
                let now = countBlocked(cat)
                #expect(now <= previous, "items never move back into blocked templates")
                previous = now
                for j in 0..<cat.count where cat.template[j] != initial.template[j] {
                    #expect(blocked[Int(initial.template[j])] && !blocked[Int(cat.template[j])], "item \(j) moved wrongly")
                }
                for i in 0..<w.agents {
                    let j = Int(sim.state.shownItem[i])
                    if j >= 0 { #expect(!blocked[Int(cat.template[j])], "agent \(i) served blocked item \(j)") }
                }
            }
            #expect(sim.catalogue.appeal == initial.appeal && sim.catalogue.footprint == initial.footprint,
                    "re-made items keep their appeal and footprint")
            if adaptation == 0 {
                #expect(sim.catalogue.template == initial.template)
            } else {
                #expect(previous < countBlocked(initial) / 2, "after 40 steps at 5% most blocked items have moved: \(previous) left")
            }
        }
    }

    @Test("agents above a region cap are never served items above maxFootprint, exploratory ones included")
    func regionCaps() throws {
        var w = smallWorld(agents: 200, steps: 30)
        w.optimizer.specificationGap = 1
        w.optimizer.exploration = 0.2
        w.safeguards.region.caps = [0, 0, 0, 0]
        let maxFootprint = w.safeguards.region.maxFootprint
        func servedAbove(_ world: WorldConfig) throws -> (above: Int, served: Int) {
            let sim = try Simulation(world: world, seed: 6)
            var above = 0, served = 0
            while !sim.isFinished {
                let stock = sim.state.stock.array
                sim.advance()
                for i in 0..<world.agents {
                    let j = Int(sim.state.shownItem[i])
                    guard j >= 0 else { continue }
                    served += 1
                    let outside = (0..<Dimension.count).contains { stock[$0 * world.agents + i] > world.safeguards.region.caps[$0] }
                    if outside && sim.catalogue.normalizedFootprint[j] > maxFootprint { above += 1 }
                }
            }
            return (above, served)
        }
        let unguarded = try servedAbove(w)
        #expect(unguarded.above > unguarded.served / 10, "without the safeguard such items are served: \(unguarded)")
        w.safeguards.region.enabled = true
        let guarded = try servedAbove(w)
        #expect(guarded.served > 0)
        #expect(guarded.above == 0, "\(guarded.above) of \(guarded.served) served items exceeded maxFootprint")
    }

    @Test("the proxy rule smooths observed engagement, fires only when enabled and above its ceiling, and cools down to the lowest-footprint ranked item")
    func proxyRules() {
        #expect(ProxyRules.smoothed(previous: 0.4, observation: nil, smoothing: 0.5) == 0.4)
        #expect(abs(ProxyRules.smoothed(previous: 0.4, observation: 1, smoothing: 0.5) - 0.7) < 1e-15)
        var config = RuleSafeguardConfig()
        #expect(!ProxyRules.fires(smoothedEngagement: 0.9, config: config))
        config.enabled = true
        #expect(ProxyRules.fires(smoothedEngagement: 0.61, config: config))
        #expect(!ProxyRules.fires(smoothedEngagement: 0.6, config: config))
        let ranked: [Int32] = [3, 0, -1, 2]
        let footprint = [0.5, 0.9, 0.1, 0.3]
        ranked.withUnsafeBufferPointer { r in
            footprint.withUnsafeBufferPointer { f in
                #expect(ProxyRules.coolDownItem(ranked: r.baseAddress!, count: 4, normalizedFootprint: f.baseAddress!) == 2)
                #expect(ProxyRules.coolDownItem(ranked: r.baseAddress!, count: 2, normalizedFootprint: f.baseAddress!) == 3)
            }
        }
    }
}

// MARK: - Correction

@Suite("Correction")
struct CorrectionTests {
    @Test("a corrected world is identical to the uncorrected one before the correction step and differs from it after (common random numbers)")
    func commonRandomNumbers() throws {
        let s = 20
        var w = harmfulWorld(agents: 300, steps: 50)
        let uncorrected = try series(w, seed: 5)
        w.correction.step = s
        w.correction.reliefBudget = 0.3
        let corrected = try series(w, seed: 5)
        for t in 0..<s {
            #expect(corrected[t] == uncorrected[t], "step \(t) differs before the correction")
        }
        #expect(corrected[s] != uncorrected[s])
        let differing = (s..<w.steps).filter { corrected[$0] != uncorrected[$0] }.count
        #expect(differing == w.steps - s, "only \(differing) of \(w.steps - s) steps differ after the correction")
        for (t, m) in corrected.enumerated() { #expect(m.corrected == (t >= s), "step \(t)") }
        #expect(uncorrected.allSatisfy { !$0.corrected })
        // Relief lowers stocks at once, and welfare is higher at the horizon.
        #expect(corrected[s].meanStock.reduce(0, +) < uncorrected[s].meanStock.reduce(0, +))
        #expect(corrected.last!.welfare > uncorrected.last!.welfare)
    }

    @Test("the correction switches the objective and spends at most its relief budget")
    func switchesAndSpends() throws {
        var w = harmfulWorld(agents: 200, steps: 30)
        w.correction.step = 10
        w.correction.objective = .constructive
        w.correction.reliefBudget = 0.05
        let sim = try Simulation(world: w, seed: 1)
        for _ in 0...9 { sim.advance() }
        #expect(sim.objective == .engagement)
        #expect(sim.reliefSpent == 0)
        sim.advance()
        #expect(sim.objective == .constructive)
        #expect(sim.reliefSpent > 0 && sim.reliefSpent <= 0.05 * Double(w.agents) + 1e-9)
    }
}

// MARK: - Measures and small rules

@Suite("Homogenization and preferences")
struct MeasureTests {
    func jaccard(_ a: [Int32], _ b: [Int32]) -> Double? {
        precondition(a.count == b.count)
        return a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in Homogenization.jaccard(pa.baseAddress!, pb.baseAddress!, length: a.count) }
        }
    }

    @Test("Jaccard similarity of consumption histories on hand-made arrays (empty slots -1, repeats counted once)")
    func jaccardValues() {
        #expect(jaccard([1, 2, 3, -1], [2, 3, 4, -1]) == 0.5)
        #expect(jaccard([1, 2, -1, -1], [3, 4, -1, -1]) == 0)
        #expect(jaccard([1, 2, 3, 4], [4, 3, 2, 1]) == 1)
        #expect(jaccard([1, 1, 2, -1], [1, 2, 2, 2]) == 1)
        #expect(jaccard([5, 5, 5, 5], [5, 6, -1, -1]) == 0.5)
        #expect(jaccard([-1, -1, -1], [7, -1, -1]) == 0)
        #expect(jaccard([-1, -1, -1], [-1, -1, -1]) == nil)
        #expect(abs(jaccard([0, 1, 2, 3], [2, 3, 4, 5])! - 2.0 / 6.0) < 1e-15)
    }

    @Test("homogenization counts only pairs where both consumed: exits do not pull it to 0; too small a base is undefined")
    func homogenizationOverConsumers() {
        // Four agents, history length 2: agents 0 and 1 consumed item 3, agents 2 and 3 nothing (exited).
        let history: [Int32] = [3, -1, 3, 3, -1, -1, -1, -1]
        var pairs: [Int32] = []
        for _ in 0..<Homogenization.minimumPairs { pairs += [0, 1, 0, 2, 1, 3, 2, 3] }
        let m = history.withUnsafeBufferPointer { Homogenization.measure(pairs: pairs, history: $0.baseAddress!, historyLength: 2) }
        #expect(m.pairs == Homogenization.minimumPairs)
        #expect(m.mean == 1)
        let few = history.withUnsafeBufferPointer { Homogenization.measure(pairs: [0, 1, 0, 2], history: $0.baseAddress!, historyLength: 2) }
        #expect(few.pairs == 1 && few.mean == nil)
    }

    @Test("consumption HHI: 1 when all consume one item, 1/M when spread over M, nil when nobody consumed")
    func consumptionConcentration() {
        func hhi(_ slot: [Int32], items: Int) -> Double? {
            var counts = [Int32](repeating: 0, count: items)
            return slot.withUnsafeBufferPointer { h in
                counts.withUnsafeMutableBufferPointer { c in
                    ConsumptionConcentration.hhi(history: h.baseAddress!, historyLength: 1, agents: slot.count, step: 7, items: items, counts: c)
                }
            }
        }
        #expect(hhi([2, 2, 2, -1], items: 4) == 1)
        #expect(hhi([0, 1, 2, 3], items: 4) == 0.25)
        #expect(hhi([0, 0, 1, -1], items: 4) == 5.0 / 9.0)
        #expect(hhi([-1, -1], items: 4) == nil)
    }

    @Test("lock clustering: a block of locks on a ring is clustered beyond its degree-preserving null, alternating locks are not")
    func lockClustering() throws {
        let n = 100
        // A ring: every agent linked to i - 1 and i + 1 (degree 2 throughout).
        let offsets = (0...n).map { 2 * $0 }
        let neighbors = (0..<n).flatMap { i in [Int32((i + n - 1) % n), Int32((i + 1) % n)] }
        func measure(_ lockedAgents: [Int]) -> (observed: Double, null: Double)? {
            var locked = [UInt8](repeating: 0, count: 4 * n)
            for i in lockedAgents { locked[AgentState.slot(agent: i, dimension: 2)] = 1 }  // attention dimension
            return stepStartBytes(locked).withUnsafeBufferPointer { LockClustering.measure(locked: $0.baseAddress!, agents: n, offsets: offsets, neighbors: neighbors) }
        }
        let block = try #require(measure(Array(0..<20)))
        #expect(abs(block.observed - 38.0 / 40.0) < 1e-12)
        #expect(abs(block.null - 19.0 / 99.0) < 1e-12)  // same degree: (L - 1) / (n - 1)
        let alternating = try #require(measure(Array(stride(from: 0, to: n, by: 2))))
        #expect(alternating.observed == 0 && abs(alternating.null - 49.0 / 99.0) < 1e-12)
        #expect(measure([3]) == nil && measure(Array(0..<n)) == nil)
    }

    @Test("lock clustering null is the exact mean over every degree-preserving relabelling (enumerated on an irregular graph)")
    func lockClusteringNullIsExact() throws {
        // Agents 0-9: a hub (0) tied to 1...5, a path 5-6-7-8-9, and ties 1-2, 3-4, 6-8: degrees 5, 2, 2, 2, 2, 2, 3, 2, 3, 1.
        let ties: [(Int, Int)] = [(0, 1), (0, 2), (0, 3), (0, 4), (0, 5), (5, 6), (6, 7), (7, 8), (8, 9), (1, 2), (3, 4), (6, 8)]
        let n = 10
        var lists = [[Int32]](repeating: [], count: n)
        for (a, b) in ties { lists[a].append(Int32(b)); lists[b].append(Int32(a)) }
        lists = lists.map { $0.sorted() }
        var offsets = [0]
        for l in lists { offsets.append(offsets.last! + l.count) }
        let neighbors = lists.flatMap { $0 }
        let degree = (0..<n).map { offsets[$0 + 1] - offsets[$0] }
        func measure(_ set: Int) -> (observed: Double, null: Double)? {
            var locked = [UInt8](repeating: 0, count: Dimension.count * n)
            // Spread over dimensions: "any dimension locked" is what counts.
            for i in 0..<n where set >> i & 1 == 1 { locked[AgentState.slot(agent: i, dimension: i % Dimension.count)] = 1 }
            return stepStartBytes(locked).withUnsafeBufferPointer { LockClustering.measure(locked: $0.baseAddress!, agents: n, offsets: offsets, neighbors: neighbors) }
        }
        func perDegree(_ set: Int) -> [Int: Int] {
            var c: [Int: Int] = [:]
            for i in 0..<n where set >> i & 1 == 1 { c[degree[i], default: 0] += 1 }
            return c
        }
        // Locks on the hub, a degree-2 agent and both degree-3 agents; then locks on the path only.
        for observedSet in [0b01_0100_0011, 0b11_1110_0000, 0b00_0001_0110] {
            let m = try #require(measure(observedSet))
            let target = perDegree(observedSet)
            // Every relabelling keeping the count per degree is equally likely under a uniform
            // permutation within degree classes: the null is the plain mean over them.
            let same = (0..<(1 << n)).filter { perDegree($0) == target }
            let mean = same.map { measure($0)!.observed }.reduce(0, +) / Double(same.count)
            #expect(abs(m.null - mean) < 1e-12, "null \(m.null) vs enumerated mean \(mean) over \(same.count) relabellings")
        }
    }

    @Test("homogenization pairs are distinct agents in range, fixed by the seed")
    func samplePairs() {
        let p = Homogenization.samplePairs(agents: 50, pairs: 500, streams: RandomStreams(seed: 1))
        #expect(p.count == 1000)
        for q in stride(from: 0, to: p.count, by: 2) {
            #expect(p[q] != p[q + 1])
            #expect((0..<50).contains(Int(p[q])) && (0..<50).contains(Int(p[q + 1])))
        }
        #expect(p == Homogenization.samplePairs(agents: 50, pairs: 500, streams: RandomStreams(seed: 1)))
        #expect(p != Homogenization.samplePairs(agents: 50, pairs: 500, streams: RandomStreams(seed: 2)))
        #expect(Homogenization.samplePairs(agents: 1, pairs: 10, streams: RandomStreams(seed: 1)).isEmpty)
    }

    @Test("exposure moves expressed preferences toward the consumed topic and keeps them on the simplex")
    func exposure() {
        var p = [0.25, 0.25, 0.25, 0.25]
        p.withUnsafeMutableBufferPointer { b in
            for _ in 0..<500 { Preferences.expose(b.baseAddress!, topics: 4, topic: 2, rate: 0.03) }
        }
        #expect(abs(p.reduce(0, +) - 1) < 1e-12)
        #expect(p.allSatisfy { $0 >= 0 })
        #expect(p[2] > 0.99)
        var q = [0.7, 0.1, 0.1, 0.1]
        let r = [0.1, 0.2, 0.3, 0.4]
        q.withUnsafeMutableBufferPointer { b in
            r.withUnsafeBufferPointer { rb in Preferences.reset(b.baseAddress!, toward: rb.baseAddress!, topics: 4, strength: 1) }
        }
        #expect(zip(q, r).allSatisfy { abs($0 - $1) < 1e-15 })
    }

    @Test("entropy is 1 on the uniform distribution and 0 on a vertex; total variation is 0 on equal and 1 on disjoint distributions")
    func entropyAndDistance() {
        let uniform = [Double](repeating: 0.125, count: 8)
        let vertex = [1.0, 0, 0, 0, 0, 0, 0, 0]
        let other = [0.0, 1, 0, 0, 0, 0, 0, 0]
        uniform.withUnsafeBufferPointer { u in
            vertex.withUnsafeBufferPointer { v in
                other.withUnsafeBufferPointer { o in
                    #expect(abs(Preferences.normalizedEntropy(u.baseAddress!, topics: 8) - 1) < 1e-12)
                    #expect(Preferences.normalizedEntropy(v.baseAddress!, topics: 8) == 0)
                    #expect(Preferences.totalVariation(u.baseAddress!, u.baseAddress!, topics: 8) == 0)
                    #expect(Preferences.totalVariation(v.baseAddress!, o.baseAddress!, topics: 8) == 1)
                    #expect(abs(Preferences.totalVariation(u.baseAddress!, v.baseAddress!, topics: 8) - 0.875) < 1e-12)
                }
            }
        }
    }

    @Test("the proxy's lure is quality at specification gap 0 and appeal at gap 1")
    func lure() {
        #expect(Response.lure(appeal: 0.9, quality: 0.2, specificationGap: 0) == 0.2)
        #expect(Response.lure(appeal: 0.9, quality: 0.2, specificationGap: 1) == 0.9)
        #expect(abs(Response.lure(appeal: 0.9, quality: 0.2, specificationGap: 0.5) - 0.55) < 1e-15)
        let config = ResponseConfig()
        #expect(Response.clickProbability(lure: 1, fit: 1, config: config) <= 1)
        #expect(Response.clickProbability(lure: 0.9, fit: 0.5, config: config) > Response.clickProbability(lure: 0.2, fit: 0.5, config: config))
    }
}

@Suite("Decay while locked and release")
struct LockedDecayTests {
    @Test("with the defaults, a locked stock with no inflow decays toward its floor and is released below unlockFraction × threshold")
    func lockedStockDecaysAndReleases() {
        let c = ConstraintConfig()
        for d in 0..<Dimension.count {
            let threshold = 1.0
            let floor = c.floorFraction[d] * threshold
            var stock = 1.2
            var steps = 0
            var locked = true
            while locked && steps < 10_000 {
                stock = Constraints.nextStock(stock: stock, floor: floor, isLocked: true, inflow: 0, rateMultiplier: 1,
                                              decay: c.decay[d], lockedDecay: c.lockedDecay[d], capacity: c.capacity[d])
                #expect(stock >= floor)
                if Thresholds.transition(stock: stock, isLocked: true, threshold: threshold, effectiveThreshold: threshold,
                                         unlockFraction: c.unlockFraction[d]) == .unlocks { locked = false }
                steps += 1
            }
            #expect(!locked, "dimension \(d): a locked stock without inflow was never released")
            // The excess over the floor falls by (1 - lockedDecay) per step: the release step is known.
            let expected = Int((log((c.unlockFraction[d] - c.floorFraction[d]) / (1.2 - c.floorFraction[d]))
                                / log(1 - c.lockedDecay[d])).rounded(.up))
            #expect(abs(steps - expected) <= 1, "dimension \(d): released after \(steps) steps, expected about \(expected)")
        }
    }
}
