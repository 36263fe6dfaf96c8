/// Mean and standard deviation across seeds of per-step series (steps x measures), added one
/// run at a time. Callers add runs in seed order, so the results do not depend on scheduling.
struct SeriesMoments: Sendable {
    private(set) var count = 0
    private var sum: [[Double]] = []
    private var sumOfSquares: [[Double]] = []

    mutating func add(_ series: [[Double]]) {
        if sum.isEmpty {
            sum = series.map { $0.map { _ in 0 } }
            sumOfSquares = sum
        }
        for t in series.indices {
            for c in series[t].indices {
                sum[t][c] += series[t][c]
                sumOfSquares[t][c] += series[t][c] * series[t][c]
            }
        }
        count += 1
    }

    var mean: [[Double]] {
        let n = Double(max(count, 1))
        return sum.map { $0.map { $0 / n } }
    }

    /// The mean, computed for a column whose values are each a count divided by
    /// `denominators[c]` as (sum of the counts) / (runs x denominator): the double nearest the
    /// exact mean, where the sum of the fractions would carry rounding digits.
    func mean(denominators: [Int?]) -> [[Double]] {
        let n = max(count, 1)
        return sum.map { row in
            row.enumerated().map { c, total in
                guard c < denominators.count, let d = denominators[c] else { return total / Double(n) }
                return ExactMean.ofCounts(sum: total, denominator: d, runs: n)
            }
        }
    }

    /// The sample standard deviation across runs (0 with fewer than two runs).
    var standardDeviation: [[Double]] {
        guard count > 1 else { return sum.map { $0.map { _ in 0 } } }
        let n = Double(count)
        return zip(sum, sumOfSquares).map { s, q in
            zip(s, q).map { a, b in (max(0, (b - a * a / n) / (n - 1))).squareRoot() }
        }
    }
}

/// Means of ratios of counts written as the exact ratio of the counts.
enum ExactMean {
    /// The mean of `runs` values that are each `count / denominator`, given their sum: the
    /// counts' sum is recovered exactly (the sum carries far less than half a count of rounding),
    /// then divided once by `runs * denominator`.
    static func ofCounts(sum: Double, denominator: Int, runs: Int) -> Double {
        let counts = (sum * Double(denominator)).rounded()
        return counts / (Double(denominator) * Double(runs))
    }

    /// The mean of values that are each `count / denominator`.
    static func ofCounts(_ values: [Double], denominator: Int) -> Double {
        guard !values.isEmpty else { return 0 }
        let counts = values.reduce(0.0) { $0 + ($1 * Double(denominator)).rounded() }
        return counts / (Double(denominator) * Double(values.count))
    }
}
