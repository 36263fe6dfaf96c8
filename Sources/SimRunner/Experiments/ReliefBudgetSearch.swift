import SocialSim

/// The design's second cost of intervention: the relief budget (stock units per agent, spent at
/// the correction) needed for the run corrected at d to come within `epsilon` of the reference's
/// horizon welfare. Searched per seed and delay by bisection over [0, maximum] down to
/// `tolerance`, each trial forked from the seed's uncorrected run at d. Bisection assumes that
/// more relief never lowers horizon welfare; a seed that is not within epsilon even at the maximum
/// is counted as needing more than the maximum (right-censored), never dropped.
struct ReliefBudgetSearch: Sendable {
    var epsilon: Double
    var maximum = 1.0
    var tolerance = 1.0 / 64

    struct Entry: Sendable {
        var delay: Int
        var seed: UInt64
        /// The smallest budget found to be enough (within `tolerance`); nil: more than the maximum.
        var budget: Double?
        /// Corrected runs simulated for this search.
        var trials: Int
    }

    struct DelaySummary: Sendable {
        var delay: Int
        /// Median over seeds, a censored seed counting as more than the maximum; nil when the
        /// median itself is censored.
        var median: Double?
        /// Percentile bootstrap interval of the median over seeds; a nil end is beyond the maximum.
        var low: Double?
        var high: Double?
        var censored: Int
    }

    struct Result: Sendable {
        var entries: [Entry]
        var delays: [DelaySummary]
        var trials: Int { entries.reduce(0) { $0 + $1.trials } }
    }

    func run(_ e: CorrectionExperiment, baselines: [(seed: UInt64, uncorrected: RunOutcome, reference: RunOutcome)]) throws -> Result {
        let uncorrected = e.world(for: .uncorrected)
        let worlds = e.delays.map { e.world(for: .corrected($0)) }
        let delays = e.delays, collapse = e.collapseLevel, search = self
        let references = baselines.map(\.reference.summary.horizonWelfare)
        let seeds = e.seeds
        let store = e.store
        let searchKey = "\(epsilon.bitPattern)-\(maximum.bitPattern)-\(tolerance.bitPattern)"
        let perSeed = try RunPool.map(count: seeds.count, jobs: e.jobs) { i -> [Entry] in
            // One journal unit per seed: its whole search (a function of the seed and the search settings).
            let id = "relief-\(seeds[i])-\(searchKey)"
            if let store, let bytes = try store.journal.payload(id), let entries = Self.decode(bytes, seed: seeds[i]),
               entries.map(\.delay) == delays {
                return entries
            }
            if store?.interrupt?.isRequested == true { throw Interrupted() }
            let entries = try search.entries(seed: seeds[i], reference: references[i], uncorrected: uncorrected,
                                             worlds: worlds, delays: delays, collapse: collapse)
            try store?.journal.record(id, Self.encode(entries))
            return entries
        }
        return summarize(e, entries: perSeed.flatMap { $0 })
    }

    private func entries(seed: UInt64, reference: Double, uncorrected: WorldConfig, worlds: [WorldConfig], delays: [Int],
                         collapse: Double) throws -> [Entry] {
        let search = self
        var snapshot = try UncorrectedSnapshot.make(uncorrected, seed: seed, step: 0)
        var entries: [Entry] = []
        for (k, d) in delays.enumerated() {
            snapshot = snapshot.advanced(to: d)
            var trials = 0
            let at = snapshot
            let found = search.smallestBudget { budget in
                var w = worlds[k]
                w.correction.reliefBudget = budget
                trials += 1
                return reference - at.corrected(w, collapseLevel: collapse).summary.horizonWelfare <= search.epsilon
            }
            entries.append(Entry(delay: d, seed: seed, budget: found, trials: trials))
        }
        return entries
    }

    /// A seed's entries as journal bytes: per delay, the delay, the budget (NaN: none) and the trials.
    static func encode(_ entries: [Entry]) -> [UInt8] {
        var out: [UInt8] = []
        func put(_ v: UInt64) { for i in 0..<8 { out.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(i)))) } }
        for e in entries {
            put(UInt64(bitPattern: Int64(e.delay)))
            put((e.budget ?? .nan).bitPattern)
            put(UInt64(bitPattern: Int64(e.trials)))
        }
        return out
    }

    static func decode(_ bytes: [UInt8], seed: UInt64) -> [Entry]? {
        guard bytes.count % 24 == 0 else { return nil }
        func get(_ at: Int) -> UInt64 { (0..<8).reduce(0) { $0 | UInt64(bytes[at + $1]) << (8 * UInt64($1)) } }
        return stride(from: 0, to: bytes.count, by: 24).map { at in
            let budget = Double(bitPattern: get(at + 8))
            return Entry(delay: Int(Int64(bitPattern: get(at))), seed: seed, budget: budget.isNaN ? nil : budget,
                         trials: Int(Int64(bitPattern: get(at + 16))))
        }
    }

    private func summarize(_ e: CorrectionExperiment, entries: [Entry]) -> Result {
        let delays = e.delays
        var summaries: [DelaySummary] = []
        for d in delays {
            let budgets = entries.filter { $0.delay == d }.map { $0.budget ?? .infinity }
            let median = Self.median(budgets)
            let medians = e.bootstrap.replicate(count: budgets.count) { idx in Self.median(idx.map { budgets[$0] }) ?? .infinity }.sorted()
            let alpha = 1 - e.bootstrap.confidence
            summaries.append(DelaySummary(delay: d, median: median,
                                          low: CrossingDistribution.quantile(medians, alpha / 2),
                                          high: CrossingDistribution.quantile(medians, 1 - alpha / 2),
                                          censored: budgets.filter { !$0.isFinite }.count))
        }
        return Result(entries: entries, delays: summaries)
    }

    /// Bisection for the smallest budget in [0, maximum] for which `enough` holds.
    func smallestBudget(_ enough: (Double) -> Bool) -> Double? {
        if enough(0) { return 0 }
        guard enough(maximum) else { return nil }
        var low = 0.0, high = maximum
        while high - low > tolerance {
            let mid = (low + high) / 2
            if enough(mid) { high = mid } else { low = mid }
        }
        return high
    }

    /// Median (type 7) that is nil when it touches a censored (infinite) value.
    static func median(_ xs: [Double]) -> Double? {
        CrossingDistribution.quantile(xs.sorted(), 0.5)
    }
}
