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

    /// The sample standard deviation across runs (0 with fewer than two runs).
    var standardDeviation: [[Double]] {
        guard count > 1 else { return sum.map { $0.map { _ in 0 } } }
        let n = Double(count)
        return zip(sum, sumOfSquares).map { s, q in
            zip(s, q).map { a, b in (max(0, (b - a * a / n) / (n - 1))).squareRoot() }
        }
    }
}
