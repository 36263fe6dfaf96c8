import Foundation

/// Kendall's rank correlation tau-b between two samples, with a two-sided p-value for the
/// null hypothesis of no association: exact (all permutations) for up to 8 untied pairs,
/// otherwise the normal approximation with the tie-corrected variance (Kendall 1970).
struct KendallTau: Equatable {
    var tau: Double
    var pValue: Double
    var n: Int

    init?(_ x: [Double], _ y: [Double]) {
        precondition(x.count == y.count, "paired samples")
        n = x.count
        guard n >= 2 else { return nil }
        let s = Self.score(x, y)
        let tiesX = Self.tieGroups(x), tiesY = Self.tieGroups(y)
        let n0 = Double(n * (n - 1) / 2)
        let n1 = tiesX.reduce(0.0) { $0 + Double($1 * ($1 - 1) / 2) }
        let n2 = tiesY.reduce(0.0) { $0 + Double($1 * ($1 - 1) / 2) }
        let denominator = ((n0 - n1) * (n0 - n2)).squareRoot()
        guard denominator > 0 else { return nil }
        tau = Double(s) / denominator
        if n <= 8 && tiesX.isEmpty && tiesY.isEmpty {
            pValue = Self.exactPValue(n: n, score: s)
        } else {
            let nd = Double(n)
            var v = nd * (nd - 1) * (2 * nd + 5)
            for t in tiesX { let td = Double(t); v -= td * (td - 1) * (2 * td + 5) }
            for u in tiesY { let ud = Double(u); v -= ud * (ud - 1) * (2 * ud + 5) }
            v /= 18
            var extra1 = 0.0, extra2 = 0.0
            if nd > 2 {
                let a = tiesX.reduce(0.0) { $0 + Double($1 * ($1 - 1) * ($1 - 2)) }
                let b = tiesY.reduce(0.0) { $0 + Double($1 * ($1 - 1) * ($1 - 2)) }
                extra1 = a * b / (9 * nd * (nd - 1) * (nd - 2))
            }
            let c = tiesX.reduce(0.0) { $0 + Double($1 * ($1 - 1)) }
            let d = tiesY.reduce(0.0) { $0 + Double($1 * ($1 - 1)) }
            extra2 = c * d / (2 * nd * (nd - 1))
            let variance = v + extra1 + extra2
            pValue = variance > 0 ? min(1, erfc(abs(Double(s)) / (2 * variance).squareRoot())) : 1
        }
    }

    /// Concordant minus discordant pairs.
    static func score(_ x: [Double], _ y: [Double]) -> Int {
        var s = 0
        for i in 0..<x.count {
            for j in (i + 1)..<x.count {
                let a = (x[j] - x[i]).sign, b = (y[j] - y[i]).sign
                if x[j] == x[i] || y[j] == y[i] { continue }
                s += a == b ? 1 : -1
            }
        }
        return s
    }

    /// Sizes of groups of tied values (only groups of 2 or more).
    static func tieGroups(_ x: [Double]) -> [Int] {
        var counts: [Double: Int] = [:]
        for v in x { counts[v, default: 0] += 1 }
        return counts.values.filter { $0 > 1 }.sorted()
    }

    /// P(|S| >= |s|) over all n! equally likely rankings, counted by inversions (Mahonian numbers).
    static func exactPValue(n: Int, score s: Int) -> Double {
        // counts[k] = permutations of n with k inversions; S = n(n-1)/2 - 2k.
        var counts = [1.0]
        for m in 2...n {
            var next = [Double](repeating: 0, count: counts.count + m - 1)
            for (k, c) in counts.enumerated() where c > 0 {
                for j in 0..<m { next[k + j] += c }
            }
            counts = next
        }
        let total = counts.reduce(0, +)
        let pairs = n * (n - 1) / 2
        var extreme = 0.0
        for (k, c) in counts.enumerated() where abs(pairs - 2 * k) >= abs(s) { extreme += c }
        return extreme / total
    }
}
