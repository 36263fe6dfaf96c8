import SocialSim

/// The attribution experiment (DESIGN §4 "ablate"): every mechanism of ``Mechanisms/all``
/// switched off in turn, on common random numbers, with the paired change (variant − base) of
/// every headline measure and a percentile bootstrap interval over seeds.
///
/// The work is a list of *arms* (distinct worlds: the base, each variant, and the base with a
/// mechanism switched on where the world lacks it) times seeds. Each (arm, seed) unit is one
/// run of the arm, plus, when delays are given, the correction experiment's runs of it (the
/// uncorrected run forked at each delay and the reference), reduced to a few numbers
/// (``UnitValues``). Units are independent and their numbers are all the summary needs, so a
/// unit can be journaled and the summary is the same whatever the number of jobs.
struct Ablation: Sendable {
    /// How a mechanism is ablated in this world.
    enum Status: String, Sendable {
        /// It acts in the world: base = the world, variant = the world with it switched off.
        case measured
        /// It does not act in the world; base = the world with it switched on (its `on` overrides).
        case measuredSwitchedOn = "measured against the world with it switched on"
        /// It does not act in the world and cannot be switched on by parameters.
        case notActive = "not active in this world"
        /// Switching it off changes no parameter of the world: it is off already.
        case alreadyOff = "already off in this world"

        var isMeasured: Bool { self == .measured || self == .measuredSwitchedOn }
    }

    /// One mechanism's ablation: which arms are compared.
    struct Plan: Sendable {
        var mechanism: MechanismSwitch
        var status: Status
        /// Overrides that make the base from the world (the mechanism's `on` overrides, or none).
        var baseOverrides: [ParameterOverride]
        var baseArm: Int
        /// Nil when nothing is measured.
        var variantArm: Int?

        /// The base in words, for outputs: "world" or "world + safeguards.region.enabled=true".
        var baseDescription: String {
            baseOverrides.isEmpty ? "world" : "world + " + baseOverrides.map(\.text).joined(separator: " + ")
        }
    }

    var base: WorldLoader.Loaded
    var seeds: [UInt64]
    /// Correction delays for R(d) and d*; empty: no correction runs.
    var delays: [Int]
    var plans: [Plan] = []
    /// The distinct worlds run; arm 0 is the world itself.
    var arms: [WorldConfig] = []
    /// What each arm is, for runs.csv: "world", "floor off", "region-caps on", "region-caps on, off".
    var armLabels: [String] = []
    var recoveryLevel = 0.5
    /// d* is declared only where the stake's interval lies above this (as in `correct`).
    var minimumStake = CorrectionExperiment.defaultMinimumStake
    var collapseLevel = 0.2
    var bootstrap = Bootstrap()
    /// Where finished units are journaled (a killed ablation resumes from it); nil: compute all.
    var store: UnitStore?

    /// Resolves every mechanism's base and variant. All problems (an override the world rejects)
    /// are reported together.
    init(base: WorldLoader.Loaded, mechanisms: [MechanismSwitch], seeds: [UInt64], delays: [Int]) throws(WorldErrors) {
        self.base = base
        self.seeds = seeds
        self.delays = delays
        arms = [base.world]
        armLabels = ["world"]
        var errors: [WorldError] = []
        func resolve(_ world: WorldConfig, _ overrides: [ParameterOverride], _ what: String) -> WorldConfig? {
            var w = world
            do {
                try WorldOverrides.apply(overrides.map { (key: $0.key, value: $0.value) }, to: &w)
            } catch {
                errors += error.errors.map { var e = $0; e.source = "mechanism \(what): " + e.source; return e }
                return nil
            }
            let issues = WorldValidation.issues(w)
            errors += issues.map { WorldError(source: "mechanism \(what)", path: $0.path, value: $0.value, message: $0.allowed) }
            return issues.isEmpty ? w : nil
        }
        for m in mechanisms {
            var baseWorld = base.world
            var baseOverrides: [ParameterOverride] = []
            var status = Status.measured
            if !m.acts(base.world) {
                guard !m.on.isEmpty else {
                    plans.append(Plan(mechanism: m, status: .notActive, baseOverrides: [], baseArm: 0, variantArm: nil))
                    continue
                }
                guard let on = resolve(base.world, m.on, "\(m.name) (switching it on)") else { continue }
                guard m.acts(on) else {
                    plans.append(Plan(mechanism: m, status: .notActive, baseOverrides: [], baseArm: 0, variantArm: nil))
                    continue
                }
                baseWorld = on
                baseOverrides = m.on
                status = .measuredSwitchedOn
            }
            guard let variant = resolve(baseWorld, m.off, "\(m.name) (switching it off)") else { continue }
            let baseArm = arm(baseWorld, label: "\(m.name) on")
            if variant == baseWorld {
                plans.append(Plan(mechanism: m, status: .alreadyOff, baseOverrides: baseOverrides, baseArm: baseArm, variantArm: nil))
                continue
            }
            let variantArm = arm(variant, label: status == .measured ? "\(m.name) off" : "\(m.name) on, off")
            plans.append(Plan(mechanism: m, status: status, baseOverrides: baseOverrides, baseArm: baseArm, variantArm: variantArm))
        }
        if !errors.isEmpty { throw WorldErrors(errors: errors) }
    }

    /// The index of `world` among the arms, adding it if it is new (identical worlds run once).
    private mutating func arm(_ world: WorldConfig, label: String) -> Int {
        if let k = arms.firstIndex(of: world) { return k }
        arms.append(world)
        armLabels.append(label)
        return arms.count - 1
    }

    // MARK: - Units

    var unitCount: Int { arms.count * seeds.count }

    /// Unit `u` is arm `u / seeds` with seed `seeds[u % seeds]`.
    func unit(_ u: Int) -> (arm: Int, seed: UInt64) { (u / seeds.count, seeds[u % seeds.count]) }

    /// The numbers one (arm, seed) unit contributes, in ``valueNames`` order.
    typealias UnitValues = [Double]

    /// Names of a unit's numbers: the run's measures, then (with delays) the horizon welfare of
    /// the uncorrected run, of the reference, and of the run corrected at each delay.
    var valueNames: [String] {
        Self.runMeasures.map(\.name) + (delays.isEmpty ? [] : ["welfare_uncorrected", "welfare_reference"] + delays.map { "welfare_corrected_\($0)" })
    }

    /// The measures of one run of an arm, as the world is given (its own correction included).
    static let runMeasures: [(name: String, value: @Sendable (RunSummary) -> Double)] = [
        ("horizon_welfare", { $0.horizonWelfare }),
        ("final_trust", { $0.finalTrust }),
        ("final_exited", { $0.finalExited }),
        ("final_locked_economic", { $0.finalLocked[0] }),
        ("final_locked_institutional", { $0.finalLocked[1] }),
        ("final_locked_attention", { $0.finalLocked[2] }),
        ("final_locked_narrative", { $0.finalLocked[3] }),
        ("final_reflective_distance", { $0.finalReflectiveDistance }),
        // NaN where undefined (no cascade, or too few locks): left out of the pairing.
        ("cascade_lock_clustering_excess", { $0.cascadeLockClusteringExcess ?? .nan }),
        ("final_lock_clustering_excess", { $0.finalLockClusteringExcess ?? .nan }),
    ]

    /// Runs one unit.
    func execute(unit u: Int) throws -> UnitValues {
        let (a, seed) = unit(u)
        let world = arms[a]
        if delays.isEmpty {
            let o = try RunOutcome.simulate(world, seed: seed, collapseLevel: collapseLevel)
            return Self.runMeasures.map { $0.value(o.summary) }
        }
        let correction = CorrectionExperiment(world: world, delays: delays, seeds: [seed])
        let uncorrected = correction.world(for: .uncorrected)
        let forked = try CorrectionExperiment.runForked(uncorrected, corrected: delays.map { correction.world(for: .corrected($0)) },
                                                        delays: delays, seed: seed, collapseLevel: collapseLevel)
        let reference = try RunOutcome.simulate(correction.world(for: .reference), seed: seed, collapseLevel: collapseLevel)
        // The world as given is the uncorrected run unless it schedules a correction of its own.
        let asGiven = world.correction.step == nil ? forked[0] : try RunOutcome.simulate(world, seed: seed, collapseLevel: collapseLevel)
        return Self.runMeasures.map { $0.value(asGiven.summary) }
            + [forked[0].summary.horizonWelfare, reference.summary.horizonWelfare]
            + forked.dropFirst().map(\.summary.horizonWelfare)
    }

    // MARK: - Summary

    /// One measure's paired change for one mechanism.
    struct Estimate: Sendable {
        var measure: String
        /// The delay of a recovery measure.
        var delay: Int?
        var baseValue: Double?
        var variantValue: Double?
        /// Variant − base (mean of paired differences, or the difference of pooled statistics).
        var estimate: Double?
        var interval: ClosedRange<Double>?
        /// Seeds (pairs) behind the estimate.
        var n: Int
        /// The interval includes zero (nil when there is no interval).
        var inert: Bool? {
            interval.map { $0.lowerBound <= 0 && 0 <= $0.upperBound }
        }
        /// Why the estimate is missing, if it is.
        var note: String = ""
    }

    struct MechanismResult: Sendable {
        var plan: Plan
        var estimates: [Estimate]
        /// Every defined measure's interval includes zero (nil when nothing was measured).
        var inert: Bool? {
            let flags = estimates.compactMap(\.inert)
            return flags.isEmpty ? nil : flags.allSatisfy { $0 }
        }
    }

    struct Result: Sendable {
        var mechanisms: [MechanismResult]
        /// values[arm][seedIndex]
        var values: [[UnitValues]]
    }

    /// Pairs each variant with its base, seed by seed. `values[u]` is unit `u`'s numbers.
    func summarize(_ unitValues: [UnitValues]) -> Result {
        let n = seeds.count
        let byArm = arms.indices.map { a in (0..<n).map { unitValues[a * n + $0] } }
        let runCount = Self.runMeasures.count
        var results: [MechanismResult] = []
        for plan in plans {
            var estimates: [Estimate] = []
            guard plan.status.isMeasured, let v = plan.variantArm else {
                results.append(MechanismResult(plan: plan, estimates: []))
                continue
            }
            let b = plan.baseArm
            for (k, m) in Self.runMeasures.enumerated() {
                // Seeds where the measure is defined in both arms (every seed for most measures).
                let pairs = zip(byArm[v].map { $0[k] }, byArm[b].map { $0[k] }).filter { $0.0.isFinite && $0.1.isFinite }
                let base = pairs.map(\.1), variant = pairs.map(\.0)
                let diffs = pairs.map { $0.0 - $0.1 }
                estimates.append(Estimate(measure: m.name, baseValue: mean(base), variantValue: mean(variant),
                                          estimate: mean(diffs), interval: diffs.count >= 2 ? bootstrap.meanInterval(diffs) : nil, n: diffs.count))
            }
            if !delays.isEmpty {
                let curves = (base: curve(byArm[b], offset: runCount), variant: curve(byArm[v], offset: runCount))
                let all = Array(0..<n)
                let stakes = (base: all.map { curves.base.reference[$0] - curves.base.uncorrected[$0] },
                              variant: all.map { curves.variant.reference[$0] - curves.variant.uncorrected[$0] })
                let stakeDiffs = zip(stakes.variant, stakes.base).map { $0 - $1 }
                estimates.append(Estimate(measure: "stake", baseValue: mean(stakes.base), variantValue: mean(stakes.variant),
                                          estimate: mean(stakeDiffs), interval: bootstrap.meanInterval(stakeDiffs), n: n))
                for k in delays.indices {
                    let rb = curves.base.recovery(k, all), rv = curves.variant.recovery(k, all)
                    var e = Estimate(measure: "recovery", delay: delays[k], baseValue: rb, variantValue: rv,
                                     estimate: rb.flatMap { x in rv.map { $0 - x } }, n: n)
                    if e.estimate == nil {
                        e.note = "R(d) undefined: the reference does no better than the uncorrected run in the " + (rb == nil ? "base" : "variant")
                    } else {
                        e.interval = bootstrap.interval(count: n) { idx in
                            guard let x = curves.base.recovery(k, idx), let y = curves.variant.recovery(k, idx) else { return .nan }
                            return y - x
                        }
                    }
                    estimates.append(e)
                }
                estimates.append(pointOfNoReturn(base: curves.base, variant: curves.variant))
            }
            results.append(MechanismResult(plan: plan, estimates: estimates))
        }
        return Result(mechanisms: results, values: byArm)
    }

    private func mean(_ xs: [Double]) -> Double? { xs.isEmpty ? nil : xs.reduce(0, +) / Double(xs.count) }

    /// The recovery curve of one arm from its units' numbers (the correction experiment's own
    /// R(d) and crossing, on the delay grid as given: no refinement).
    private func curve(_ values: [UnitValues], offset: Int) -> RecoveryCurve {
        RecoveryCurve(delays: delays, uncorrected: values.map { $0[offset] }, reference: values.map { $0[offset + 1] },
                      corrected: delays.indices.map { k in values.map { $0[offset + 2 + k] } })
    }

    /// The change in d*, the interpolated first crossing of the recovery level: declared only
    /// where both arms have an established stake (as `correct` requires) and both curves cross;
    /// its interval resamples seeds (the same resample for both arms) and keeps the resamples
    /// where both cross.
    private func pointOfNoReturn(base: RecoveryCurve, variant: RecoveryCurve) -> Estimate {
        let n = seeds.count, all = Array(0..<n), level = recoveryLevel
        func dStar(_ c: RecoveryCurve, _ idx: [Int]) -> Double? {
            guard let x = c.crossing(idx, level: level), x.kind != .neverBelow else { return nil }
            return x.x
        }
        let db = dStar(base, all), dv = dStar(variant, all)
        var e = Estimate(measure: "point_of_no_return", baseValue: db, variantValue: dv, n: n)
        let established = [base, variant].map { c in
            (c.analyze(level: level, minimumStake: minimumStake, sameObjective: false, bootstrap: bootstrap).status) == .defined
        }
        guard established[0] && established[1] else {
            e.note = "d* not declared: the stake (reference - uncorrected welfare) is not established in the "
                + (established[0] ? "variant" : "base") + " (its interval reaches below \(CSVTable.format(minimumStake)))"
            return e
        }
        guard let db, let dv else {
            e.note = "d* undefined in the " + (db == nil ? "base" : "variant") + ": R(d) stays at or above \(CSVTable.format(level)) at every delay tried"
            return e
        }
        e.estimate = dv - db
        var kept = 0
        let resamples = bootstrap.replicate(count: n) { idx -> Double in
            guard let x = dStar(base, idx), let y = dStar(variant, idx) else { return .nan }
            return y - x
        }
        let finite = resamples.filter(\.isFinite).sorted()
        kept = finite.count
        if !finite.isEmpty {
            let alpha = 1 - bootstrap.confidence
            e.interval = Bootstrap.quantile(finite, alpha / 2)...Bootstrap.quantile(finite, 1 - alpha / 2)
        }
        if kept < resamples.count {
            e.note = "interval over the \(kept) of \(resamples.count) resamples in which both curves cross"
        }
        if base.crossing(all, level: level)?.kind == .belowAtStart || variant.crossing(all, level: level)?.kind == .belowAtStart {
            e.note += (e.note.isEmpty ? "" : "; ") + "left-censored: R(d) is already below the level at the first delay"
        }
        return e
    }

    /// A unit's numbers from the journal, or computed and journaled. Numbers are written in the
    /// shortest text that reads back to the same Double, so a resumed ablation gives the same bytes.
    func journaled(unit u: Int) throws -> UnitValues {
        guard let store else { return try execute(unit: u) }
        let bytes = try store.bytes("unit-\(u)") {
            Array(try execute(unit: u).map(CSVTable.format).joined(separator: ",").utf8)
        }
        // An empty field is an undefined measure (NaN: CSVTable writes it empty).
        let fields = String(decoding: bytes, as: UTF8.self).split(separator: ",", omittingEmptySubsequences: false)
        let values = fields.map { $0.isEmpty ? Double.nan : Double($0) }
        guard values.count == valueNames.count, values.allSatisfy({ $0 != nil }) else { throw UnitStoreMismatch() }
        return values.map { $0! }
    }

    /// The journal key: everything a unit's numbers depend on (every arm's resolved world, the
    /// seeds, the delays, the numbers kept), so another ablation's journal is never mixed in.
    var journalKey: String {
        ExperimentKey.make(["ablate", Program.version, "values 1", arms.map(Manifest.worldHash).joined(separator: ","),
                            seeds.map(String.init).joined(separator: ","), delays.map(String.init).joined(separator: ","),
                            valueNames.joined(separator: ","), CSVTable.format(collapseLevel)])
    }

    /// Runs every unit (in batches, in unit order) and summarizes. `done` is called with each
    /// finished unit's index and numbers, in unit order (a journal records them there);
    /// `finished` holds units already done (from a journal), which are not run again.
    func run(jobs: Int, finished: [Int: UnitValues] = [:], done: (Int, UnitValues) throws -> Void = { _, _ in }) throws -> Result {
        var values = [UnitValues?](repeating: nil, count: unitCount)
        for (u, v) in finished where u < unitCount { values[u] = v }
        let pending = (0..<unitCount).filter { values[$0] == nil }
        let batch = max(1, 4 * jobs)
        let me = self
        for start in stride(from: 0, to: pending.count, by: batch) {
            let units = Array(pending[start..<min(start + batch, pending.count)])
            let results = try RunPool.map(count: units.count, jobs: jobs) { k in try me.journaled(unit: units[k]) }
            for (u, r) in zip(units, results) {
                values[u] = r
                try done(u, r)
            }
        }
        return summarize(values.map { $0! })
    }
}
