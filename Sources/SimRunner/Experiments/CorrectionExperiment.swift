import SocialSim

/// The correction-delay experiment (DESIGN §4 "correct"). For every seed it runs the
/// uncorrected world, the reference that used the correction's objective from the start, and
/// the world corrected at each delay d, all on common random numbers (the same seed gives every
/// agent the same random stream in each variant). Recovery is
/// `R(d) = (W(d) - W_unc) / (W_ref - W_unc)` with W the horizon welfare; across seeds it is the
/// ratio of the mean paired differences, with a percentile bootstrap interval over seeds.
struct CorrectionExperiment {
    var world: WorldConfig
    var delays: [Int]
    var seeds: [UInt64]
    var recoveryLevel = 0.5
    var collapseLevel = 0.2
    var jobs = 1
    var bootstrap = Bootstrap()
    /// d* is declared only when the lower end of the stake's interval reaches this (horizon welfare).
    var minimumStake = CorrectionExperiment.defaultMinimumStake
    /// Refine the delay grid around the crossing by bisection until the bracket is at most this
    /// many steps wide; nil leaves the grid as given.
    var resolution: Int? = 1
    /// When set, also search the relief budget that brings each corrected run within epsilon of the reference.
    var reliefSearch: ReliefBudgetSearch? = nil

    /// One hundredth of the welfare scale (welfare lies in [0, 1]).
    static let defaultMinimumStake = 0.01
    /// Journal of finished units (per seed: the forked uncorrected run, the reference run), so an
    /// interrupted experiment resumes; nil computes everything.
    var store: UnitStore?

    enum Variant: Sendable, Equatable {
        case uncorrected
        case reference
        case corrected(Int)

        var name: String {
            switch self {
            case .uncorrected: "uncorrected"
            case .reference: "reference"
            case .corrected: "corrected"
            }
        }
    }

    /// The world a variant runs.
    func world(for variant: Variant) -> WorldConfig {
        var w = world
        switch variant {
        case .uncorrected:
            w.correction.step = nil
        case .reference:
            w.correction.step = nil
            w.optimizer.objective = world.correction.objective
        case .corrected(let d):
            w.correction.step = d
        }
        return w
    }

    /// One (delay, seed) row.
    struct Row: Sendable {
        var delay: Int
        var seed: UInt64
        var uncorrected: Double
        var reference: Double
        var corrected: Double
        /// Per-seed recovery (nil when the reference does no better than the uncorrected run).
        var recovery: Double?
        /// Welfare-steps lost relative to the reference, summed over the whole run.
        var cost: Double
        /// The part of `cost` before the correction: sum over t < d of W_ref(t) - W_unc(t).
        var sunkCost: Double
        /// The horizon welfare the correction never wins back: W_ref - W(d) at the horizon.
        var unrecoverable: Double
        /// Whether the delay was added by refining the grid around the crossing.
        var refined = false
        var outcome: RunOutcome

        /// The part of `cost` from the correction on (recovery transient included).
        var costAfter: Double { cost - sunkCost }
    }

    struct DelaySummary: Sendable {
        var delay: Int
        var recovery: Double?
        var recoveryInterval: ClosedRange<Double>?
        var cost: Double
        var costInterval: ClosedRange<Double>?
        var sunkCost: Double
        var sunkCostInterval: ClosedRange<Double>?
        var unrecoverable: Double
        var unrecoverableInterval: ClosedRange<Double>?
        var refined: Bool
        var trustRecovery: Double
        var regainedShare: Double
        var finalLocked: [Double]
    }

    /// A fall in the mean unrecoverable welfare between consecutive delays: a violation of monotonicity.
    struct CostDecrease: Sendable {
        var from: Int
        var to: Int
        var change: Double
        var interval: ClosedRange<Double>?
        /// The bootstrap interval of the paired change lies below zero.
        var significant: Bool { interval.map { $0.upperBound < 0 } ?? false }
    }

    struct Result: Sendable {
        var rows: [Row]
        var baselines: [(seed: UInt64, uncorrected: RunOutcome, reference: RunOutcome)]
        /// Every delay evaluated, the grid's and the refined ones, in increasing order.
        var delays: [DelaySummary]
        /// Stake, R(d) and d* as a crossing over every evaluated delay.
        var recovery: RecoveryCurve.Analysis
        /// The delays added by bisection around the crossing.
        var refinedDelays: [Int]
        /// Monotonicity in the delay of the unrecoverable welfare, paired over seeds (grid delays only).
        var monotonicity: PairedMonotonicity?
        var costDecreases: [CostDecrease]
        /// The relief budget needed per (delay, seed), when searched.
        var relief: ReliefBudgetSearch.Result?
        /// Mean series across seeds, per variant ("uncorrected", "reference", or a delay).
        var meanSeries: [(variant: Variant, steps: [[Double]])]
        /// Standard deviation across seeds, laid out like `meanSeries`.
        var sdSeries: [(variant: Variant, steps: [[Double]])]
    }

    /// Runs per seed: the uncorrected run, the reference and one fork per delay.
    var runsPerSeed: Int { 2 + delays.count }

    /// Steps simulated per seed (a fork at delay d simulates only the steps after d): the
    /// work that progress and time left are measured in.
    var stepsPerSeed: Int { 2 * world.steps + delays.reduce(0) { $0 + world.steps - $1 } }

    /// Runs everything. `progress` is called, from worker threads, each time one run (the
    /// uncorrected run, the reference, or a fork) finishes, with the steps it simulated.
    ///
    /// Per seed there are two jobs: the reference run, and the uncorrected run, which is forked
    /// at each delay into the corrected run (common random numbers make a fork identical to a
    /// fresh run, without simulating the first d steps again). Seeds are processed in batches
    /// and folded in seed order, so sums are the same whatever the number of jobs.
    func run(progress: @escaping @Sendable (_ steps: Int) -> Void = { _ in }) throws -> Result {
        let variants: [Variant] = [.uncorrected, .reference] + delays.map { .corrected($0) }
        var rows: [Row] = []
        var baselines: [(seed: UInt64, uncorrected: RunOutcome, reference: RunOutcome)] = []
        var moments = [SeriesMoments](repeating: SeriesMoments(), count: variants.count)
        let reference = world(for: .reference), uncorrected = world(for: .uncorrected)
        let corrected = delays.map { world(for: .corrected($0)) }
        let collapse = collapseLevel, delays = self.delays
        let batch = max(1, 4 * jobs)
        for start in stride(from: 0, to: seeds.count, by: batch) {
            let batchSeeds = Array(seeds[start..<min(start + batch, seeds.count)])
            // The long forked jobs first, then the short reference runs, to keep workers busy.
            let n = batchSeeds.count
            let store = self.store
            let results = try RunPool.map(count: 2 * n, jobs: jobs) { k -> [RunOutcome] in
                if k < n {
                    // A unit found in the journal (a resumed run) counts as done at once.
                    var ran = false
                    let compute = {
                        ran = true
                        return try Self.forkedRecords(uncorrected, corrected: corrected, delays: delays, seed: batchSeeds[k], onRun: progress)
                    }
                    let records = try store?.records("forked-\(batchSeeds[k])", compute) ?? compute()
                    guard records.count == delays.count + 1 else { throw UnitStoreMismatch() }
                    if !ran { progress(uncorrected.steps + delays.reduce(0) { $0 + uncorrected.steps - $1 }) }
                    return zip([uncorrected] + corrected, records).map { $1.outcome(world: $0, collapseLevel: collapse) }
                }
                let compute = { [try RunRecord.simulate(reference, seed: batchSeeds[k - n])] }
                let records = try store?.records("reference-\(batchSeeds[k - n])", compute) ?? compute()
                guard records.count == 1 else { throw UnitStoreMismatch() }
                progress(reference.steps)
                return [records[0].outcome(world: reference, collapseLevel: collapse)]
            }
            for (b, seed) in batchSeeds.enumerated() {
                let forked = results[b]
                let outcomes = [forked[0], results[n + b][0]] + forked.dropFirst()
                let unc = outcomes[0], ref = outcomes[1]
                baselines.append((seed, unc, ref))
                for (k, delay) in delays.enumerated() {
                    rows.append(Self.row(delay: delay, seed: seed, uncorrected: unc, reference: ref, corrected: outcomes[k + 2]))
                }
                for k in variants.indices { moments[k].add(outcomes[k].series) }
            }
        }
        let refinedDelays = try refine(rows: &rows, baselines: baselines)
        let relief = try reliefSearch.map { try $0.run(self, baselines: baselines) }
        return summarize(rows: rows, baselines: baselines, variants: variants, moments: moments, refinedDelays: refinedDelays,
                         relief: relief)
    }

    /// The last step at which a correction leaves the whole horizon window (the last
    /// `measurement.window` steps, over which horizon welfare is averaged) after it.
    var lastCleanDelay: Int { world.steps - min(world.measurement.window, world.steps) }

    /// The grid delays over which the trend of the unrecoverable welfare is tested.
    var testedDelays: [Int] { delays.filter { $0 <= lastCleanDelay } }

    /// One (delay, seed) row from the three runs of that seed.
    static func row(delay: Int, seed: UInt64, uncorrected unc: RunOutcome, reference ref: RunOutcome, corrected o: RunOutcome,
                    refined: Bool = false) -> Row {
        let gap = ref.summary.horizonWelfare - unc.summary.horizonWelfare
        let cost = zip(ref.welfare, o.welfare).reduce(0.0) { $0 + ($1.0 - $1.1) }
        // Before the correction the corrected run is the uncorrected one (common random numbers).
        let sunk = zip(ref.welfare, unc.welfare).prefix(delay).reduce(0.0) { $0 + ($1.0 - $1.1) }
        return Row(delay: delay, seed: seed, uncorrected: unc.summary.horizonWelfare,
                   reference: ref.summary.horizonWelfare, corrected: o.summary.horizonWelfare,
                   recovery: gap > 0 ? (o.summary.horizonWelfare - unc.summary.horizonWelfare) / gap : nil,
                   cost: cost, sunkCost: sunk, unrecoverable: ref.summary.horizonWelfare - o.summary.horizonWelfare,
                   refined: refined, outcome: o)
    }

    /// The uncorrected run and, forked from it at each delay, the corrected runs: the
    /// uncorrected outcome first, then one per delay.
    static func runForked(_ world: WorldConfig, corrected: [WorldConfig], delays: [Int], seed: UInt64,
                          collapseLevel: Double) throws -> [RunOutcome] {
        let records = try forkedRecords(world, corrected: corrected, delays: delays, seed: seed)
        return zip([world] + corrected, records).map { $1.outcome(world: $0, collapseLevel: collapseLevel) }
    }

    /// `runForked`'s runs as journal records.
    /// `onRun` is called as each run finishes, with the steps it simulated (for progress).
    /// `forkHorizon` stops the forks at that step instead of the world's last (the audit scores
    /// forks at its horizon T, before its reset phase); `onStep` sees the uncorrected run after
    /// each of its steps (the audit counts consumption from its state).
    static func forkedRecords(_ world: WorldConfig, corrected: [WorldConfig], delays: [Int], seed: UInt64,
                              forkHorizon: Int? = nil,
                              onStep: (Simulation, StepMetrics) -> Void = { _, _ in },
                              onRun: (_ steps: Int) -> Void = { _ in }) throws -> [RunRecord] {
        let sim = try Simulation(world: world, seed: seed)
        var series: [StepMetrics] = []
        series.reserveCapacity(world.steps)
        var forks: [RunRecord] = []
        var next = 0
        let horizon = min(forkHorizon ?? world.steps, world.steps)
        while !sim.isFinished {
            while next < delays.count && delays[next] == sim.currentStep {
                let fork = sim.fork(world: corrected[next])
                var forkSeries = series
                while fork.currentStep < horizon && !fork.isFinished { forkSeries.append(fork.advance()) }
                forks.append(RunRecord(series: forkSeries, reliefSpent: fork.reliefSpent))
                onRun(horizon - delays[next])
                next += 1
            }
            let m = sim.advance()
            series.append(m)
            onStep(sim, m)
        }
        onRun(world.steps)
        return [RunRecord(series: series, reliefSpent: sim.reliefSpent)] + forks
    }

    private func summarize(rows: [Row], baselines: [(seed: UInt64, uncorrected: RunOutcome, reference: RunOutcome)],
                           variants: [Variant], moments: [SeriesMoments], refinedDelays: [Int],
                           relief: ReliefBudgetSearch.Result?) -> Result {
        let n = seeds.count
        let evaluated = Set(rows.map(\.delay)).sorted()
        // Rows by delay, in seed order (rows are appended seed by seed within a delay).
        var byDelay = [Int: [Row]]()
        for r in rows { byDelay[r.delay, default: []].append(r) }
        let curve = RecoveryCurve(delays: evaluated, uncorrected: baselines.map(\.uncorrected.summary.horizonWelfare),
                                  reference: baselines.map(\.reference.summary.horizonWelfare),
                                  corrected: evaluated.map { d in byDelay[d]!.map(\.corrected) })
        let analysis = curve.analyze(level: recoveryLevel, minimumStake: minimumStake,
                                     sameObjective: world.correction.objective == world.optimizer.objective, bootstrap: bootstrap)
        var summaries: [DelaySummary] = []
        for (k, delay) in evaluated.enumerated() {
            let r = byDelay[delay]!
            let costs = r.map(\.cost), sunk = r.map(\.sunkCost), unrecoverable = r.map(\.unrecoverable)
            let trustRecoveries = r.compactMap(\.outcome.trust.recovery)
            summaries.append(DelaySummary(
                delay: delay,
                recovery: analysis.recovery[k],
                recoveryInterval: analysis.recoveryInterval[k],
                cost: costs.reduce(0, +) / Double(n),
                costInterval: bootstrap.meanInterval(costs),
                sunkCost: sunk.reduce(0, +) / Double(n),
                sunkCostInterval: bootstrap.meanInterval(sunk),
                unrecoverable: unrecoverable.reduce(0, +) / Double(n),
                unrecoverableInterval: bootstrap.meanInterval(unrecoverable),
                refined: refinedDelays.contains(delay),
                trustRecovery: trustRecoveries.isEmpty ? 0 : trustRecoveries.reduce(0, +) / Double(trustRecoveries.count),
                regainedShare: Double(r.filter { $0.outcome.trust.regainTime != nil }.count) / Double(n),
                finalLocked: (0..<Dimension.count).map { d in
                    ExactMean.ofCounts(r.map { $0.outcome.summary.finalLocked[d] }, denominator: world.agents)
                }))
        }
        // Monotonicity of the unrecoverable welfare in the delay, on the grid as given (the
        // refined delays depend on the data and would weight the test towards the crossing), and
        // only over delays whose horizon window lies wholly after the correction (a later delay
        // would count uncorrected steps as unrecovered).
        let tested = testedDelays
        let grid = tested.map { byDelay[$0]! }
        let monotonicity = PairedMonotonicity(x: tested.map(Double.init),
                                              perSeed: (0..<n).map { i in grid.map { $0[i].unrecoverable } }, bootstrap: bootstrap)
        var decreases: [CostDecrease] = []
        for k in tested.indices.dropFirst() {
            let diffs = zip(grid[k], grid[k - 1]).map { $0.unrecoverable - $1.unrecoverable }
            let change = diffs.reduce(0, +) / Double(n)
            guard change < 0 else { continue }
            decreases.append(CostDecrease(from: tested[k - 1], to: tested[k], change: change, interval: bootstrap.meanInterval(diffs)))
        }
        let denominators = SeriesTable.countDenominators(frames: world.narrative.frames.count, agents: world.agents)
        return Result(rows: rows.sorted { ($0.seed, $0.delay) < ($1.seed, $1.delay) }, baselines: baselines, delays: summaries,
                      recovery: analysis, refinedDelays: refinedDelays, monotonicity: monotonicity, costDecreases: decreases,
                      relief: relief,
                      meanSeries: zip(variants, moments).map { ($0, $1.mean(denominators: denominators)) },
                      sdSeries: zip(variants, moments).map { ($0, $1.standardDeviation) })
    }
}
