/// What `correct` can estimate for a declared hypothesis: its headline statistics, each with the
/// interval `correct` reports for it (delays.csv and point_of_no_return.csv), and paired
/// differences of a per-delay measure between two delays of the grid.
extension CorrectionExperiment {
    /// The measures a hypothesis may name in `correct`, in the order docs/hypotheses.md lists them.
    static let hypothesisMeasures: [(name: String, perDelay: Bool, meaning: String)] = [
        ("R", true, "recovery R(d) = (W(d) - W_unc) / (W_ref - W_unc), pooled over seeds (undefined unless the stake is established)"),
        ("d_star", false, "the point of no return: where R(d) first crosses the recovery level, interpolated (undefined unless the stake is established)"),
        ("stake", false, "W_ref - W_unc, mean over seeds"),
        ("unrecoverable", true, "W_ref - W(d) at the horizon, mean over seeds"),
        ("cost", true, "welfare-steps lost against the reference over the whole run, mean over seeds"),
        ("sunk_cost", true, "welfare-steps lost against the reference before the correction, mean over seeds"),
    ]

    /// Nil when the hypothesis can be judged by this experiment, else why not (checked before
    /// running): per-delay measures only at the delays of the grid (refined delays depend on the data).
    func problem(with h: Hypothesis) -> String? {
        if let p = HypothesisExperiment.delayProblem(h.quantity, delays: delays) { return p }
        if world.correction.objective == world.optimizer.objective, ["R", "d_star"].contains(h.quantity.name) {
            return "the correction switches to the objective already in use (\(world.optimizer.objective.rawValue)): R(d) and d* are undefined in this world"
        }
        return nil
    }

    func estimate(_ q: Hypothesis.Quantity, in r: Result) -> Hypothesis.Estimate? {
        let n = seeds.count
        let a = r.recovery
        let established = a.status == .defined
        func delayIndex(_ d: Double) -> Int? { r.delays.firstIndex { Double($0.delay) == d } }
        // Per-seed rows of one delay, in seed order (rows are sorted by seed, then delay).
        func perSeed(_ d: Double, _ value: (Row) -> Double) -> [Double] { r.rows.filter { Double($0.delay) == d }.map(value) }
        func rowValue(_ name: String) -> ((Row) -> Double)? {
            switch name {
            case "unrecoverable": { $0.unrecoverable }
            case "cost": { $0.cost }
            case "sunk_cost": { $0.sunkCost }
            default: nil
            }
        }
        switch q {
        case .measure("stake", nil):
            return .init(value: a.stake, interval: a.stakeInterval, basis: "mean over \(n) seeds of W_ref - W_unc, percentile bootstrap")
        case .measure("R", let d?):
            guard established, let k = delayIndex(d), let v = a.recovery[k] else { return nil }
            return .init(value: v, interval: a.recoveryInterval[k], basis: "ratio of mean paired differences over \(n) seeds, percentile bootstrap over seeds")
        case .measure("d_star", nil):
            guard established, let c = a.crossing else { return nil }
            return dStarEstimate(c, a.distribution, delays: r.delays.map(\.delay), level: a.level)
        case .measure(let name, let d?):
            guard let value = rowValue(name) else { return nil }
            let xs = perSeed(d, value)
            guard !xs.isEmpty else { return nil }
            return .init(value: xs.reduce(0, +) / Double(xs.count), interval: bootstrap.meanInterval(xs),
                         basis: "mean over \(xs.count) seeds, percentile bootstrap")
        case .argumentDifference("R", let d1, let d2):
            guard established else { return nil }
            let curve = RecoveryCurve(delays: [0, 1], uncorrected: r.baselines.map(\.uncorrected.summary.horizonWelfare),
                                      reference: r.baselines.map(\.reference.summary.horizonWelfare),
                                      corrected: [perSeed(d1, \.corrected), perSeed(d2, \.corrected)])
            func diff(_ idx: [Int]) -> Double? { curve.recovery(0, idx).flatMap { x in curve.recovery(1, idx).map { x - $0 } } }
            guard let v = diff(Array(0..<n)) else { return nil }
            return .init(value: v, interval: bootstrap.interval(count: n) { diff($0) ?? .nan },
                         basis: "difference of pooled R on \(n) common seeds, the same resamples for both delays")
        case .argumentDifference(let name, let d1, let d2):
            guard let value = rowValue(name) else { return nil }
            let xs = zip(perSeed(d1, value), perSeed(d2, value)).map { $0 - $1 }
            guard !xs.isEmpty else { return nil }
            return .init(value: xs.reduce(0, +) / Double(xs.count), interval: bootstrap.meanInterval(xs),
                         basis: "paired difference on \(xs.count) common seeds, percentile bootstrap")
        default:
            return nil
        }
    }

    /// d* with its bootstrap interval. A censored end is stated, not dropped: beyond the last
    /// delay the interval runs to infinity from that delay; before the first, from 0.
    private func dStarEstimate(_ c: LevelCrossing, _ dist: CrossingDistribution, delays: [Int], level: Double) -> Hypothesis.Estimate {
        let first = Double(delays.first ?? 0), last = Double(delays.last ?? 0)
        let value: Double = c.kind == .neverBelow ? .infinity : (c.x ?? .nan)
        var interval: ClosedRange<Double>? = nil
        if dist.resamples > dist.undefined {
            let low = dist.lowCensored ? 0 : (dist.low ?? last)
            let high = dist.highCensored ? first : (dist.high ?? .infinity)
            interval = min(low, high)...high
        }
        var basis = "first crossing of R = \(CSVTable.format(level)), interpolated between delays; percentile bootstrap over \(seeds.count) seeds (\(dist.resamples - dist.undefined) of \(dist.resamples) resamples with a curve)"
        switch c.kind {
        case .neverBelow: basis += "; right-censored: R(d) stays at or above the level up to the last delay \(delays.last ?? 0)"
        case .belowAtStart: basis += "; left-censored: R(d) is below the level at the first delay \(delays.first ?? 0)"
        case .crossed: break
        }
        return .init(value: value, interval: interval, basis: basis)
    }
}
