import SocialSim

/// A test of a monotone trend of y in x when every x is measured on the same seeds (common
/// random numbers), so the points of a curve are not independent and a Kendall's tau over the
/// mean curve would treat shared noise as evidence.
///
/// The unit of replication is the seed: for each seed, Kendall's tau-b of its own y against x
/// (a seed whose y is constant has tau 0: no trend). The statistic is the mean tau over seeds.
/// Under the null of no trend each seed's tau is symmetric about 0 and seeds are independent, so
/// flipping the signs of the per-seed taus gives the null distribution (a sign-flip permutation
/// test): exact over all 2^n sign patterns up to 16 seeds, otherwise `randomFlips` random patterns
/// from a fixed stream, with p = (1 + hits) / (1 + flips). The interval is a percentile bootstrap
/// of the mean tau over seeds.
///
/// ```swift
/// let m = PairedMonotonicity(x: [0, 10, 20], perSeed: [[1, 2, 3], [1, 3, 2], [0, 1, 2]])
/// m.meanTau            // (1 + 1/3 + 1) / 3
/// m.pIncreasing        // one-sided p for an increasing trend
/// ```
struct PairedMonotonicity: Sendable {
    var taus: [Double]
    var meanTau: Double
    var interval: ClosedRange<Double>?
    /// One-sided p-value for an increasing trend (mean tau at least the observed one).
    var pIncreasing: Double
    /// One-sided p-value for a decreasing trend.
    var pDecreasing: Double
    /// Two-sided p-value (|mean tau| at least the observed one).
    var pTwoSided: Double
    /// Whether p-values are exact (all sign patterns) or Monte Carlo.
    var exact: Bool
    var seedsUp: Int { taus.filter { $0 > 0 }.count }
    var seedsDown: Int { taus.filter { $0 < 0 }.count }

    static let exactLimit = 16

    /// `perSeed[i][k]` is seed i's y at `x[k]`.
    init?(x: [Double], perSeed: [[Double]], bootstrap: Bootstrap = Bootstrap(), randomFlips: Int = 20_000) {
        guard x.count >= 2, !perSeed.isEmpty, perSeed.allSatisfy({ $0.count == x.count }) else { return nil }
        taus = perSeed.map { KendallTau(x, $0)?.tau ?? 0 }
        let n = taus.count
        meanTau = taus.reduce(0, +) / Double(n)
        interval = bootstrap.meanInterval(taus)
        // Compare sums with a little slack so that patterns equal to the observed one in exact
        // arithmetic count as at least as extreme despite rounding.
        let observed = taus.reduce(0, +)
        let slack = 1e-9 * max(1, taus.reduce(0) { $0 + abs($1) })
        var up = 0, down = 0, both = 0, total = 0
        func count(_ s: Double) {
            total += 1
            if s >= observed - slack { up += 1 }
            if s <= observed + slack { down += 1 }
            if abs(s) >= abs(observed) - slack { both += 1 }
        }
        if n <= Self.exactLimit {
            exact = true
            for pattern in 0..<(1 << n) {
                var s = 0.0
                for i in 0..<n { s += (pattern >> i) & 1 == 1 ? -taus[i] : taus[i] }
                count(s)
            }
            pIncreasing = Double(up) / Double(total)
            pDecreasing = Double(down) / Double(total)
            pTwoSided = Double(both) / Double(total)
        } else {
            exact = false
            var rng = SplitMix64(seed: bootstrap.seed ^ 0x5167_F11B)
            for _ in 0..<randomFlips {
                var s = 0.0
                for i in 0..<n { s += rng.next() & 1 == 1 ? -taus[i] : taus[i] }
                count(s)
            }
            // The observed pattern is one of the equally likely patterns.
            pIncreasing = Double(1 + up) / Double(1 + total)
            pDecreasing = Double(1 + down) / Double(1 + total)
            pTwoSided = Double(1 + both) / Double(1 + total)
        }
    }
}
