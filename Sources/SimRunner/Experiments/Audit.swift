import Foundation
import SocialSim

/// The lock-in audit (DESIGN §4 "audit"): a deployed policy scored on a fixed battery of
/// worlds and seeds, so that two policies can be ranked on the same ground.
///
/// A *policy* is what the deploying organisation controls: the optimizer (objective, learning
/// rate, exploration, top-K, footprint penalty, constructive principles) and the safeguards.
/// Everything else (population, network, constraints, trust, narratives, the catalogue and
/// the specification gap of the proxy) comes from the battery, so a policy cannot score well
/// by shipping an easier world. Each battery world is the default world at the audit's size
/// with one change of environment (see ``battery``).
///
/// Per battery world, policy and seed, on common random numbers:
/// - one run of the policy to the audit horizon T, continued for `resetSteps` more steps after
///   the policy is replaced by the welfare-aware reference at T (the correction mechanism, no
///   relief): the first T steps are exactly the policy's own run;
/// - forks of that run at each delay d < T, corrected to welfare-aware at d and run to T;
/// - the welfare-aware reference from step 0 to T.
struct Audit {
    var policies: [WorldLoader.Loaded]
    var seeds: [UInt64]
    var agents = 2_000
    var steps = 300
    var delays = [50, 100, 150]
    var resetSteps = 100
    var collapseLevel = 0.2
    var jobs = 1
    var bootstrap = Bootstrap()
    /// Journal of finished units (one per policy, battery world and seed), so a killed audit
    /// resumes; nil computes everything.
    var store: UnitStore?

    /// One environment of the battery: a name, what it changes, and the change.
    struct BatteryWorld: Sendable {
        var name: String
        var change: String
        var apply: @Sendable (inout WorldConfig) -> Void
    }

    /// The fixed battery. Changing it changes every audit score, so it is data here and in
    /// docs/audit.md, not an option.
    static let battery: [BatteryWorld] = [
        .init(name: "baseline", change: "the default world's environment", apply: { _ in }),
        .init(name: "scale-free", change: "a Barabási-Albert network instead of Watts-Strogatz",
              apply: { $0.network.kind = .barabasiAlbert }),
        .init(name: "communities", change: "a stochastic block model network (communities)",
              apply: { $0.network.kind = .stochasticBlock }),
        .init(name: "fragile-trust", change: "trust falls twice as fast (trust.lossRate doubled)",
              apply: { $0.trust.lossRate = min(1, 2 * $0.trust.lossRate) }),
        .init(name: "wide-gap", change: "a proxy further from welfare (specification gap + 0.2, at most 1)",
              apply: { $0.optimizer.specificationGap = min(1, $0.optimizer.specificationGap + 0.2) }),
    ]

    /// The audited measures, in output order, with what each means.
    static let measures: [(name: String, meaning: String)] = [
        ("horizon_welfare", "mean true welfare over the last measurement window before T"),
        ("final_trust", "mean trust at step T-1"),
        ("final_exited", "fraction of agents exited at step T-1"),
        ("reflective_distance", "preference lock-in: mean total-variation distance of expressed from reflective preferences at T-1"),
        ("lockin_reversibility", "share of that distance gone resetSteps after the policy is replaced by the welfare-aware reference at T"),
        ("exploration_breadth", "normalized entropy of consumption counts across items over steps 0..T-1 (1: all items alike, 0: one item)"),
        ("stake", "reference minus policy horizon welfare (what a correction could win back)"),
        ("R(d)", "recovery when the policy is corrected to welfare-aware at delay d: (W(d) - W_policy) / (W_ref - W_policy), ratio of means over seeds"),
    ]

    /// The world a policy runs in battery world `b`: the default world at the audit's size, the
    /// battery's change, then the policy's optimizer (but not its specification gap, which is
    /// the environment's) and safeguards.
    func world(policy: WorldConfig, battery b: BatteryWorld) -> WorldConfig {
        var w = WorldConfig()
        w.name = policy.name
        w.agents = agents
        w.steps = steps + resetSteps
        w.measurement.window = min(w.measurement.window, steps)
        b.apply(&w)
        let gap = w.optimizer.specificationGap
        w.optimizer = policy.optimizer
        w.optimizer.specificationGap = gap
        w.safeguards = policy.safeguards
        w.correction = CorrectionConfig()
        w.correction.objective = .welfareAware
        w.correction.step = steps
        return w
    }

    /// What one (battery world, policy, seed) gives.
    struct Unit: Sendable {
        var welfare: Double
        var trust: Double
        var exited: Double
        var distance: Double
        var distanceAfterReset: Double
        var breadth: Double
        var reference: Double
        /// Horizon welfare of the run corrected at each delay.
        var corrected: [Double]

        var reversibility: Double? { distance > 1e-9 ? 1 - distanceAfterReset / distance : nil }

        /// Every number as its IEEE bit pattern (little endian), the scalars first, then the forks.
        var encoded: [UInt8] {
            let values = [welfare, trust, exited, distance, distanceAfterReset, breadth, reference] + corrected
            return values.flatMap { v in (0..<8).map { UInt8(truncatingIfNeeded: v.bitPattern >> (8 * UInt64($0))) } }
        }

        /// The unit `encoded` gave; nil for bytes it cannot have given.
        init?(decoding bytes: [UInt8]) {
            guard bytes.count % 8 == 0, bytes.count >= 7 * 8 else { return nil }
            let v = stride(from: 0, to: bytes.count, by: 8).map { at in
                Double(bitPattern: (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[at + $1]) << (8 * UInt64($1)) })
            }
            self.init(welfare: v[0], trust: v[1], exited: v[2], distance: v[3], distanceAfterReset: v[4], breadth: v[5],
                      reference: v[6], corrected: Array(v[7...]))
        }

        init(welfare: Double, trust: Double, exited: Double, distance: Double, distanceAfterReset: Double, breadth: Double,
             reference: Double, corrected: [Double]) {
            (self.welfare, self.trust, self.exited, self.distance, self.distanceAfterReset, self.breadth, self.reference, self.corrected)
                = (welfare, trust, exited, distance, distanceAfterReset, breadth, reference, corrected)
        }
    }

    /// Names the audit by what its units depend on: the policies as resolved, the battery, the
    /// seeds, sizes and delays (the bootstrap only changes the summaries).
    var journalKey: String {
        ExperimentKey.make(["audit", Program.version, "units 1", policies.map { Manifest.worldHash($0.world) }.joined(separator: ","),
                            Self.battery.map { $0.name + ": " + $0.change }.joined(separator: ";"),
                            seeds.map(String.init).joined(separator: ","), String(agents), String(steps), String(resetSteps),
                            delays.map(String.init).joined(separator: ",")])
    }

    func runUnit(policy: WorldConfig, battery b: BatteryWorld, seed: UInt64) throws -> Unit {
        let world = world(policy: policy, battery: b)
        let window = world.measurement.window
        let T = steps
        func horizonWelfare(_ series: [StepMetrics]) -> Double {
            let tail = series[(T - window)..<T]
            return tail.reduce(0) { $0 + $1.welfare } / Double(tail.count)
        }
        var counts = [Int](repeating: 0, count: world.catalogue.items)
        let forkDelays = delays.filter { $0 < T }
        // The correction experiment's forking: the policy's run, forked at each delay into the run
        // corrected to welfare-aware there (common random numbers), the forks stopped at T.
        let corrected = forkDelays.map { d -> WorldConfig in
            var w = world
            w.correction.step = d
            return w
        }
        let records = try CorrectionExperiment.forkedRecords(world, corrected: corrected, delays: forkDelays, seed: seed, forkHorizon: T,
                                                             onStep: { sim, m in
                                                                 if m.step < T { countConsumption(sim.state, step: m.step, into: &counts) }
                                                             })
        let series = records[0].series
        var refWorld = world
        refWorld.optimizer.objective = .welfareAware
        refWorld.correction.step = nil
        let ref = try Simulation(world: refWorld, seed: seed)
        var refSeries: [StepMetrics] = []
        while ref.currentStep < T { refSeries.append(ref.advance()) }
        let atT = series[T - 1]
        return Unit(welfare: horizonWelfare(series), trust: atT.trustMean, exited: atT.exitedFraction,
                    distance: atT.reflectiveDistance, distanceAfterReset: series[series.count - 1].reflectiveDistance,
                    breadth: Self.normalizedEntropy(counts), reference: horizonWelfare(refSeries),
                    corrected: records.dropFirst().map { horizonWelfare($0.series) })
    }

    private func countConsumption(_ s: AgentState, step: Int, into counts: inout [Int]) {
        let h = s.historyLength
        for i in 0..<s.count {
            let item = Int(s.history[i * h + step % h])
            if item >= 0 { counts[item] += 1 }
        }
    }

    static func normalizedEntropy(_ counts: [Int]) -> Double {
        let total = Double(counts.reduce(0, +))
        guard total > 0, counts.count > 1 else { return 0 }
        var h = 0.0
        for c in counts where c > 0 {
            let p = Double(c) / total
            h -= p * Foundation.log(p)
        }
        return h / Foundation.log(Double(counts.count))
    }

    /// One cell of audit.csv.
    struct Cell: Sendable {
        var policy: Int
        var battery: String
        var measure: String
        var defined: Int
        var mean: Double?
        var interval: ClosedRange<Double>?
        /// Paired difference from the first policy on common seeds (nil for the first policy).
        var difference: Double?
        var differenceInterval: ClosedRange<Double>?
    }

    struct Result: Sendable {
        /// units[policy][battery][seed]
        var units: [[[Unit]]]
        var cells: [Cell]
    }

    func run(progress: @escaping @Sendable () -> Void = {}) throws -> Result {
        let battery = Self.battery
        let nb = battery.count, ns = seeds.count
        let worlds = policies.map(\.world)
        let seeds = self.seeds
        let me = self
        let store = self.store
        let flat = try RunPool.map(count: worlds.count * nb * ns, jobs: jobs) { k -> Unit in
            let p = k / (nb * ns), b = (k / ns) % nb, s = k % ns
            let compute = { try me.runUnit(policy: worlds[p], battery: battery[b], seed: seeds[s]) }
            let u: Unit
            if let store {
                // Bit patterns, so a resumed audit rebuilds exactly the numbers it journaled.
                let bytes = try store.bytes("policy\(p)-\(battery[b].name)-seed\(seeds[s])") { try compute().encoded }
                guard let decoded = Unit(decoding: bytes), decoded.corrected.count == me.delays.filter({ $0 < me.steps }).count else {
                    throw UnitStoreMismatch()
                }
                u = decoded
            } else {
                u = try compute()
            }
            progress()
            return u
        }
        let units = (0..<worlds.count).map { p in (0..<nb).map { b in (0..<ns).map { s in flat[(p * nb + b) * ns + s] } } }
        return Result(units: units, cells: cells(units))
    }

    /// The measures that are a number per unit (R(d) is a ratio of means, so it is handled apart),
    /// in output order.
    static let scalarMeasures: [(name: String, value: @Sendable (Unit) -> Double?)] = [
        ("horizon_welfare", { $0.welfare }), ("final_trust", { $0.trust }), ("final_exited", { $0.exited }),
        ("reflective_distance", { $0.distance }), ("lockin_reversibility", { $0.reversibility }),
        ("exploration_breadth", { $0.breadth }), ("stake", { $0.reference - $0.welfare }),
    ]

    /// Per-seed values of a measure for policy `p` in battery world `b`; `b == battery.count`
    /// is "all", the battery mean per seed, undefined when any battery world leaves it undefined.
    func perSeed(_ units: [[[Unit]]], policy p: Int, battery b: Int, _ value: (Unit) -> Double?) -> [Double?] {
        if b < Self.battery.count { return units[p][b].map(value) }
        return (0..<seeds.count).map { s in
            let vs = units[p].map { value($0[s]) }
            return vs.contains(where: { $0 == nil }) ? nil : vs.map { $0! }.reduce(0, +) / Double(vs.count)
        }
    }

    /// Every measure of every policy in every battery world and "all".
    private func cells(_ units: [[[Unit]]]) -> [Cell] {
        let names = Self.battery.map(\.name) + ["all"]
        let ns = seeds.count
        func perSeed(_ p: Int, _ b: Int, _ value: (Unit) -> Double?) -> [Double?] {
            self.perSeed(units, policy: p, battery: b, value)
        }
        var out: [Cell] = []
        for p in policies.indices {
            for b in names.indices {
                for (name, value) in Self.scalarMeasures {
                    let v = perSeed(p, b, value)
                    let defined = v.compactMap { $0 }
                    var cell = Cell(policy: p, battery: names[b], measure: name, defined: defined.count,
                                    mean: defined.isEmpty ? nil : defined.reduce(0, +) / Double(defined.count),
                                    interval: bootstrap.meanInterval(defined))
                    if p > 0 {
                        let d = zip(v, perSeed(0, b, value)).compactMap { x, y in x.flatMap { x in y.map { x - $0 } } }
                        if !d.isEmpty {
                            cell.difference = d.reduce(0, +) / Double(d.count)
                            cell.differenceInterval = bootstrap.meanInterval(d)
                        }
                    }
                    out.append(cell)
                }
                for (k, d) in delays.enumerated() where d < steps {
                    // R(d) = mean(W(d) - W_unc) / mean(W_ref - W_unc) over seeds, as `correct` defines it.
                    func recovery(_ p: Int, _ idx: [Int]) -> Double? {
                        var num = 0.0, den = 0.0
                        for s in idx {
                            let us = b < Self.battery.count ? [units[p][b][s]] : units[p].map { $0[s] }
                            for u in us {
                                num += u.corrected[k] - u.welfare
                                den += u.reference - u.welfare
                            }
                        }
                        return den > 0 ? num / den : nil
                    }
                    let all = Array(0..<ns)
                    let r = recovery(p, all)
                    var cell = Cell(policy: p, battery: names[b], measure: "R(\(d))", defined: r == nil ? 0 : ns, mean: r,
                                    interval: r == nil ? nil : bootstrap.interval(count: ns) { recovery(p, $0) ?? .nan })
                    if p > 0, let r, let r0 = recovery(0, all) {
                        cell.difference = r - r0
                        cell.differenceInterval = bootstrap.interval(count: ns) { idx in
                            guard let a = recovery(p, idx), let b = recovery(0, idx) else { return .nan }
                            return a - b
                        }
                    }
                    out.append(cell)
                }
            }
        }
        return out
    }
}

