import SocialSim

/// Two or more worlds run on the same seeds (common random numbers: the same seed gives every
/// agent the same random streams in each world), compared measure by measure with paired
/// differences against the first world and percentile bootstrap intervals over seeds.
struct Comparison {
    var worlds: [WorldLoader.Loaded]
    var seeds: [UInt64]
    var collapseLevel = 0.2
    var jobs = 1
    var bootstrap = Bootstrap()
    /// Journal of finished runs (one per world and seed), so an interrupted comparison resumes; nil computes everything.
    var store: UnitStore?

    /// The scalar measures compared, in output order.
    static let measures: [(name: String, value: @Sendable (RunSummary, TrustMeasures) -> Double?)] = [
        ("horizon_welfare", { s, _ in s.horizonWelfare }),
        ("horizon_proxy", { s, _ in s.horizonProxy }),
        ("horizon_served", { s, _ in s.horizonServed }),
        ("horizon_feedback_rate", { s, _ in s.horizonFeedbackRate }),
        ("horizon_feedback_fidelity", { s, _ in s.horizonFeedbackFidelity }),
        ("horizon_estimate_drift", { s, _ in s.horizonEstimateDrift }),
        ("horizon_estimate_bias", { s, _ in s.horizonEstimateBias }),
        ("final_trust", { s, _ in s.finalTrust }),
        ("final_exited", { s, _ in s.finalExited }),
        ("final_locked_economic", { s, _ in s.finalLocked[0] }),
        ("final_locked_institutional", { s, _ in s.finalLocked[1] }),
        ("final_locked_attention", { s, _ in s.finalLocked[2] }),
        ("final_locked_narrative", { s, _ in s.finalLocked[3] }),
        ("trust_half_life", { _, t in t.halfLife.map(Double.init) }),
        ("trust_collapse_step", { _, t in t.collapseStep.map(Double.init) }),
        ("first_cascade_step", { s, _ in s.firstCascadeStep.map(Double.init) }),
        ("cascade_lock_clustering_excess", { s, _ in s.cascadeLockClusteringExcess }),
        ("final_lock_clustering_excess", { s, _ in s.finalLockClusteringExcess }),
        ("final_entropy", { s, _ in s.finalEntropy }),
        ("final_reflective_distance", { s, _ in s.finalReflectiveDistance }),
        ("final_homogenization", { s, _ in s.finalHomogenization }),
        ("final_consumption_hhi", { s, _ in s.finalConsumptionConcentration }),
    ]

    /// Measures that are a fraction of agents (a count / N): their means are written as the
    /// exact ratio of the counts (`ExactMean`).
    static let fractionsOfAgents: Set<String> = ["final_exited", "final_locked_economic", "final_locked_institutional",
                                                 "final_locked_attention", "final_locked_narrative"]

    struct Cell: Sendable {
        var mean: Double?
        var interval: ClosedRange<Double>?
        /// Seeds where the measure exists (e.g. a half-life exists only if trust halved).
        var defined: Int
        /// Paired difference from the first world (nil for the first world itself).
        var difference: Double?
        var differenceInterval: ClosedRange<Double>?
    }

    struct Result: Sendable {
        /// outcomes[w][s]
        var outcomes: [[RunOutcome]]
        /// cells[w][m]
        var cells: [[Cell]]
        var meanSeries: [[[Double]]]
        /// Standard deviation across seeds, laid out like `meanSeries`.
        var sdSeries: [[[Double]]]
    }

    /// Runs everything. `progress` is called, from worker threads, each time one run finishes.
    func run(progress: @escaping @Sendable () -> Void = {}) throws -> Result {
        var outcomes = [[RunOutcome]](repeating: [], count: worlds.count)
        var moments = [SeriesMoments](repeating: SeriesMoments(), count: worlds.count)
        let collapse = collapseLevel
        let ws = worlds.map(\.world)
        let store = self.store
        for seed in seeds {
            let results = try RunPool.map(count: ws.count, jobs: jobs) { k in
                let compute = { [try RunRecord.simulate(ws[k], seed: seed)] }
                let records = try store?.records("world\(k)-seed\(seed)", compute) ?? compute()
                guard records.count == 1 else { throw UnitStoreMismatch() }
                progress()
                return records[0].outcome(world: ws[k], collapseLevel: collapse)
            }
            for (k, r) in results.enumerated() {
                outcomes[k].append(r)
                moments[k].add(r.series)
            }
        }
        var cells: [[Cell]] = []
        for k in worlds.indices {
            var row: [Cell] = []
            for m in Self.measures {
                let values = outcomes[k].map { m.value($0.summary, $0.trust) }
                let defined = values.compactMap { $0 }
                let agents = ws[k].agents
                let counted = Self.fractionsOfAgents.contains(m.name)
                var cell = Cell(mean: defined.isEmpty ? nil : counted ? ExactMean.ofCounts(defined, denominator: agents)
                                    : defined.reduce(0, +) / Double(defined.count),
                                interval: bootstrap.meanInterval(defined), defined: defined.count)
                if k > 0 {
                    let base = outcomes[0].map { m.value($0.summary, $0.trust) }
                    let pairs = zip(values, base).compactMap { a, b in a.flatMap { x in b.map { (x, $0) } } }
                    let diffs = pairs.map { $0.0 - $0.1 }
                    if !diffs.isEmpty {
                        if counted && ws[0].agents == agents {
                            let n = Double(agents)
                            let counts = pairs.reduce(0.0) { $0 + ($1.0 * n).rounded() - ($1.1 * n).rounded() }
                            cell.difference = counts / (n * Double(pairs.count))
                        } else {
                            cell.difference = diffs.reduce(0, +) / Double(diffs.count)
                        }
                        cell.differenceInterval = bootstrap.meanInterval(diffs)
                    }
                }
                row.append(cell)
            }
            cells.append(row)
        }
        let denominators = ws.map { SeriesTable.countDenominators(frames: $0.narrative.frames.count, agents: $0.agents) }
        return Result(outcomes: outcomes, cells: cells, meanSeries: zip(moments, denominators).map { $0.mean(denominators: $1) },
                      sdSeries: moments.map(\.standardDeviation))
    }
}
