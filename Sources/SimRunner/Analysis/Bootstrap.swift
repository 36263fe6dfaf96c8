import SocialSim

/// Percentile bootstrap over seeds (Efron & Tibshirani 1993). Resampling is driven by a
/// SplitMix64 stream from a fixed seed, so intervals are reproducible to the byte.
struct Bootstrap {
    var resamples = 2000
    var confidence = 0.95
    var seed: UInt64 = 0x5EED_B007

    /// A resampled statistic: `statistic` receives the indices of one resample (with replacement).
    /// Returns the `resamples` values in resample order.
    func replicate<T>(count n: Int, _ statistic: ([Int]) -> T) -> [T] {
        var rng = SplitMix64(seed: seed)
        var indices = [Int](repeating: 0, count: n)
        var out: [T] = []
        out.reserveCapacity(resamples)
        for _ in 0..<resamples {
            for k in 0..<n { indices[k] = rng.nextInt(below: n) }
            out.append(statistic(indices))
        }
        return out
    }

    /// Percentile interval of a statistic of paired per-seed data.
    func interval(count n: Int, _ statistic: ([Int]) -> Double) -> ClosedRange<Double>? {
        guard n > 0 else { return nil }
        let values = replicate(count: n, statistic).filter(\.isFinite).sorted()
        guard !values.isEmpty else { return nil }
        return Self.quantile(values, (1 - confidence) / 2)...Self.quantile(values, 1 - (1 - confidence) / 2)
    }

    /// Interval of the mean of `xs`.
    func meanInterval(_ xs: [Double]) -> ClosedRange<Double>? {
        interval(count: xs.count) { idx in idx.reduce(0) { $0 + xs[$1] } / Double(idx.count) }
    }

    /// Linear-interpolated quantile (type 7, R's default) of sorted values.
    static func quantile(_ sorted: [Double], _ p: Double) -> Double {
        guard sorted.count > 1 else { return sorted.first ?? .nan }
        let h = Double(sorted.count - 1) * min(max(p, 0), 1)
        let lo = Int(h.rounded(.down))
        let hi = min(lo + 1, sorted.count - 1)
        return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
    }
}
