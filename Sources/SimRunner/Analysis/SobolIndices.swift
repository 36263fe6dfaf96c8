import SocialSim

/// Variance-based sensitivity indices (Sobol 1993) by Saltelli sampling, in the unit hypercube.
///
/// Design (Saltelli 2002; Saltelli et al. 2010): N points of a 2D-dimensional Sobol sequence
/// (the origin skipped) give two matrices A (first D columns) and B (last D); for each factor i,
/// AB_i is A with column i taken from B, and BA_i is B with column i taken from A. The runs are,
/// for each base row j in order: A_j, AB_1j, ..., AB_Dj, BA_1j, ..., BA_Dj, B_j, so N (2D + 2)
/// runs in all (the layout SALib uses with second-order indices).
///
/// Estimators, with V the variance of all f(A) and f(B) values (n − 1 denominator):
/// - first order S_i = mean(f(B) (f(AB_i) − f(A))) / V (Saltelli et al. 2010, Table 2 (b));
/// - total S_Ti = mean((f(A) − f(AB_i))²) / 2 / V (Jansen 1999; Saltelli et al. 2010 (f)).
/// The BA_i runs are what the N (2D + 2) design adds; they give the same two indices again with
/// the roles of A and B exchanged, and the reported index is the mean of the two estimates.
/// Intervals: percentile bootstrap over base rows (a resample draws rows j, keeping each row's
/// 2D + 2 runs together), from a fixed seed.
///
/// ```swift
/// let design = SobolIndices.design(factors: 3, baseSamples: 1024)
/// let y = design.map(ishigami)
/// let r = SobolIndices.analyze(y, factors: 3, bootstrap: 500, seed: 1)
/// r[0].firstOrder   // about 0.314
/// ```
enum SobolIndices {
    /// The unit-cube points of the design, in run order (N (2D + 2) points of D coordinates).
    static func design(factors d: Int, baseSamples n: Int) -> [[Double]] {
        precondition(d >= 1 && 2 * d <= SobolSequence.maximumDimensions, "at most \(SobolSequence.maximumDimensions / 2) factors")
        precondition(n >= 1)
        let base = SobolSequence.points(n, dimensions: 2 * d, skip: 1)
        var out: [[Double]] = []
        out.reserveCapacity(n * (2 * d + 2))
        for row in base {
            let a = Array(row[0..<d]), b = Array(row[d..<(2 * d)])
            out.append(a)
            for i in 0..<d { var x = a; x[i] = b[i]; out.append(x) }
            for i in 0..<d { var x = b; x[i] = a[i]; out.append(x) }
            out.append(b)
        }
        return out
    }

    static func runsPerRow(factors d: Int) -> Int { 2 * d + 2 }

    struct Index: Sendable, Equatable {
        var firstOrder: Double
        var firstOrderInterval: ClosedRange<Double>?
        var total: Double
        var totalInterval: ClosedRange<Double>?
    }

    struct Result: Sendable, Equatable {
        var indices: [Index]
        /// Variance of the measure over the A and B runs.
        var variance: Double
        var baseSamples: Int
        var bootstrap: Int
    }

    /// Indices from the measure at every run of ``design(factors:baseSamples:)``, in run order.
    /// Nil when the measure does not vary or a value is not finite.
    static func analyze(_ y: [Double], factors d: Int, bootstrap: Int = 1000, confidence: Double = 0.95,
                        seed: UInt64 = 1) -> Result? {
        let k = runsPerRow(factors: d)
        precondition(y.count % k == 0 && !y.isEmpty, "N (2D + 2) values")
        guard y.allSatisfy(\.isFinite) else { return nil }
        let n = y.count / k
        let rows = Array(0..<n)
        guard let point = estimate(y, rows: rows, factors: d) else { return nil }
        var firsts = [[Double]](repeating: [], count: d), totals = [[Double]](repeating: [], count: d)
        if bootstrap > 0 && n >= 2 {
            var rng = SplitMix64(seed: SplitMix64.mix(seed ^ 0x5_0B01))
            for _ in 0..<bootstrap {
                let sample = rows.map { _ in rng.nextInt(below: n) }
                guard let e = estimate(y, rows: sample, factors: d) else { continue }
                for i in 0..<d { firsts[i].append(e.first[i]); totals[i].append(e.total[i]) }
            }
        }
        let alpha = (1 - confidence) / 2
        let indices = (0..<d).map { i in
            Index(firstOrder: point.first[i], firstOrderInterval: percentileInterval(firsts[i], alpha),
                  total: point.total[i], totalInterval: percentileInterval(totals[i], alpha))
        }
        return Result(indices: indices, variance: point.variance, baseSamples: n, bootstrap: bootstrap)
    }

    private static func estimate(_ y: [Double], rows: [Int], factors d: Int) -> (first: [Double], total: [Double], variance: Double)? {
        let k = runsPerRow(factors: d)
        // Variance over A and B together.
        var sum = 0.0, count = 0.0
        for j in rows { sum += y[j * k] + y[j * k + k - 1]; count += 2 }
        let mean = sum / count
        var ss = 0.0
        for j in rows {
            let a = y[j * k] - mean, b = y[j * k + k - 1] - mean
            ss += a * a + b * b
        }
        let v = ss / (count - 1)
        guard v > 0 else { return nil }
        let n = Double(rows.count)
        var first = [Double](repeating: 0, count: d), total = [Double](repeating: 0, count: d)
        for i in 0..<d {
            var s1 = 0.0, st = 0.0
            for j in rows {
                let fa = y[j * k], fb = y[j * k + k - 1]
                let fab = y[j * k + 1 + i], fba = y[j * k + 1 + d + i]
                // A and B exchanged for the BA_i half.
                s1 += fb * (fab - fa) + fa * (fba - fb)
                st += (fa - fab) * (fa - fab) + (fb - fba) * (fb - fba)
            }
            first[i] = s1 / (2 * n) / v
            total[i] = st / (4 * n) / v
        }
        return (first, total, v)
    }

    /// The alpha and 1 − alpha quantiles (linear interpolation between order statistics).
    static func percentileInterval(_ xs: [Double], _ alpha: Double) -> ClosedRange<Double>? {
        guard xs.count >= 2 else { return nil }
        let s = xs.sorted()
        return quantile(s, alpha)...quantile(s, 1 - alpha)
    }

    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        let h = q * Double(sorted.count - 1)
        let lo = Int(h.rounded(.down)), hi = min(sorted.count - 1, lo + 1)
        return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
    }
}
