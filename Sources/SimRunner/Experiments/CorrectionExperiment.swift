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
        var outcome: RunOutcome
    }

    struct DelaySummary: Sendable {
        var delay: Int
        var recovery: Double?
        var recoveryInterval: ClosedRange<Double>?
        var cost: Double
        var costInterval: ClosedRange<Double>?
        var trustRecovery: Double
        var regainedShare: Double
        var finalLocked: [Double]
    }

    /// A fall in mean cost between consecutive delays: a violation of monotonicity.
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
        var delays: [DelaySummary]
        var pointOfNoReturn: Int?
        /// Bootstrap interval of d*: the 2.5% and 97.5% order statistics of d* over resamples;
        /// a nil end means that quantile fell on resamples with no delay below the level.
        var pointOfNoReturnInterval: (low: Int?, high: Int?)
        var noReturnFoundShare: Double
        var kendall: KendallTau?
        var costDecreases: [CostDecrease]
        /// Mean series across seeds, per variant ("uncorrected", "reference", or a delay).
        var meanSeries: [(variant: Variant, steps: [[Double]])]
        /// Standard deviation across seeds, laid out like `meanSeries`.
        var sdSeries: [(variant: Variant, steps: [[Double]])]
    }

    /// Runs everything. `progress` is called after each seed with the number of seeds done.
    ///
    /// Per seed there are two jobs: the reference run, and the uncorrected run, which is forked
    /// at each delay into the corrected run (common random numbers make a fork identical to a
    /// fresh run, without simulating the first d steps again). Seeds are processed in batches
    /// and folded in seed order, so sums are the same whatever the number of jobs.
    func run(progress: (Int) -> Void = { _ in }) throws -> Result {
        let variants: [Variant] = [.uncorrected, .reference] + delays.map { .corrected($0) }
        var rows: [Row] = []
        var baselines: [(seed: UInt64, uncorrected: RunOutcome, reference: RunOutcome)] = []
        var moments = [SeriesMoments](repeating: SeriesMoments(), count: variants.count)
        let reference = world(for: .reference), uncorrected = world(for: .uncorrected)
        let corrected = delays.map { world(for: .corrected($0)) }
        let collapse = collapseLevel, delays = self.delays
        let batch = max(1, 4 * jobs)
        var done = 0
        for start in stride(from: 0, to: seeds.count, by: batch) {
            let batchSeeds = Array(seeds[start..<min(start + batch, seeds.count)])
            // The long forked jobs first, then the short reference runs, to keep workers busy.
            let n = batchSeeds.count
            let results = try RunPool.map(count: 2 * n, jobs: jobs) { k -> [RunOutcome] in
                if k < n {
                    return try Self.runForked(uncorrected, corrected: corrected, delays: delays, seed: batchSeeds[k],
                                              collapseLevel: collapse)
                }
                return [try RunOutcome.simulate(reference, seed: batchSeeds[k - n], collapseLevel: collapse)]
            }
            for (b, seed) in batchSeeds.enumerated() {
                let forked = results[b]
                let outcomes = [forked[0], results[n + b][0]] + forked.dropFirst()
                let unc = outcomes[0], ref = outcomes[1]
                baselines.append((seed, unc, ref))
                for (k, delay) in delays.enumerated() {
                    let o = outcomes[k + 2]
                    let gap = ref.summary.horizonWelfare - unc.summary.horizonWelfare
                    let cost = zip(ref.welfare, o.welfare).reduce(0.0) { $0 + ($1.0 - $1.1) }
                    rows.append(Row(delay: delay, seed: seed, uncorrected: unc.summary.horizonWelfare,
                                    reference: ref.summary.horizonWelfare, corrected: o.summary.horizonWelfare,
                                    recovery: gap > 0 ? (o.summary.horizonWelfare - unc.summary.horizonWelfare) / gap : nil,
                                    cost: cost, outcome: o))
                }
                for k in variants.indices { moments[k].add(outcomes[k].series) }
                done += 1
                progress(done)
            }
        }
        return summarize(rows: rows, baselines: baselines, variants: variants, moments: moments)
    }

    /// The uncorrected run and, forked from it at each delay, the corrected runs: the
    /// uncorrected outcome first, then one per delay.
    static func runForked(_ world: WorldConfig, corrected: [WorldConfig], delays: [Int], seed: UInt64,
                          collapseLevel: Double) throws -> [RunOutcome] {
        let sim = try Simulation(world: world, seed: seed)
        var series: [StepMetrics] = []
        series.reserveCapacity(world.steps)
        var forks: [RunOutcome] = []
        var next = 0
        while !sim.isFinished {
            while next < delays.count && delays[next] == sim.currentStep {
                let fork = sim.fork(world: corrected[next])
                var forkSeries = series
                fork.run { forkSeries.append($0) }
                forks.append(RunOutcome(series: forkSeries, world: corrected[next], reliefSpent: fork.reliefSpent, collapseLevel: collapseLevel))
                next += 1
            }
            series.append(sim.advance())
        }
        return [RunOutcome(series: series, world: world, reliefSpent: sim.reliefSpent, collapseLevel: collapseLevel)] + forks
    }

    private func summarize(rows: [Row], baselines: [(seed: UInt64, uncorrected: RunOutcome, reference: RunOutcome)],
                           variants: [Variant], moments: [SeriesMoments]) -> Result {
        let n = seeds.count
        // Paired per-seed numbers by delay: numerator W(d) - W_unc, denominator W_ref - W_unc.
        let byDelay = delays.indices.map { k in rows.filter { $0.delay == delays[k] } }
        func recovery(_ k: Int, _ idx: [Int]) -> Double? {
            var num = 0.0, den = 0.0
            for i in idx {
                num += byDelay[k][i].corrected - byDelay[k][i].uncorrected
                den += byDelay[k][i].reference - byDelay[k][i].uncorrected
            }
            return den > 0 ? num / den : nil
        }
        let all = Array(0..<n)
        var summaries: [DelaySummary] = []
        for k in delays.indices {
            let r = byDelay[k]
            let costs = r.map(\.cost)
            let trustRecoveries = r.compactMap(\.outcome.trust.recovery)
            summaries.append(DelaySummary(
                delay: delays[k],
                recovery: recovery(k, all),
                recoveryInterval: bootstrap.interval(count: n) { recovery(k, $0) ?? .nan },
                cost: costs.reduce(0, +) / Double(n),
                costInterval: bootstrap.meanInterval(costs),
                trustRecovery: trustRecoveries.isEmpty ? 0 : trustRecoveries.reduce(0, +) / Double(trustRecoveries.count),
                regainedShare: Double(r.filter { $0.outcome.trust.regainTime != nil }.count) / Double(n),
                finalLocked: (0..<Dimension.count).map { d in r.map { $0.outcome.summary.finalLocked[d] }.reduce(0, +) / Double(n) }))
        }
        // Point of no return: the first delay whose recovery falls below the level.
        func dStar(_ idx: [Int]) -> Int? {
            for k in delays.indices { if let r = recovery(k, idx), r < recoveryLevel { return delays[k] } }
            return nil
        }
        // Its interval: order statistics of d* over resamples, a resample with no such delay
        // counting as beyond the last delay (reported as nil).
        let resampled = bootstrap.replicate(count: n, dStar).map { $0.map(Double.init) ?? .infinity }.sorted()
        let alpha = 1 - bootstrap.confidence
        let low = resampled[min(resampled.count - 1, Int((alpha / 2 * Double(resampled.count)).rounded(.down)))]
        let high = resampled[max(0, Int((1 - alpha / 2) * Double(resampled.count)) - 1)]
        let interval: (Int?, Int?) = (low.isFinite ? Int(low) : nil, high.isFinite ? Int(high) : nil)
        // Monotonicity of cost in the delay.
        let kendall = KendallTau(delays.map(Double.init), summaries.map(\.cost))
        var decreases: [CostDecrease] = []
        for k in delays.indices.dropFirst() where summaries[k].cost < summaries[k - 1].cost {
            let diffs = zip(byDelay[k], byDelay[k - 1]).map { $0.cost - $1.cost }
            decreases.append(CostDecrease(from: delays[k - 1], to: delays[k], change: summaries[k].cost - summaries[k - 1].cost,
                                          interval: bootstrap.meanInterval(diffs)))
        }
        return Result(rows: rows, baselines: baselines, delays: summaries, pointOfNoReturn: dStar(all),
                      pointOfNoReturnInterval: interval,
                      noReturnFoundShare: Double(resampled.filter(\.isFinite).count) / Double(max(resampled.count, 1)),
                      kendall: kendall, costDecreases: decreases,
                      meanSeries: zip(variants, moments).map { ($0, $1.mean) },
                      sdSeries: zip(variants, moments).map { ($0, $1.standardDeviation) })
    }
}
