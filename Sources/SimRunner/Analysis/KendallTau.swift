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
        let (s, tiesX, tiesY) = Self.scoreAndTies(x, y)
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

    /// Concordant minus discordant pairs, in O(n log n) (Knight 1966): sort by (x, y), count the
    /// pairs tied in x and in both, then count the discordant pairs as the swaps of a merge sort
    /// by y; S = n0 − n1 − n2 + n3 − 2 × swaps.
    static func score(_ x: [Double], _ y: [Double]) -> Int { scoreAndTies(x, y).score }

    /// The score and the sizes of tied groups in x and in y (sorted ascending), from the same sorts.
    static func scoreAndTies(_ x: [Double], _ y: [Double]) -> (score: Int, tiesX: [Int], tiesY: [Int]) {
        let n = x.count
        guard n >= 2 else { return (0, [], []) }
        var groupsX: [Int] = [], groupsY: [Int] = []
        let order = (0..<n).sorted { x[$0] != x[$1] ? x[$0] < x[$1] : y[$0] < y[$1] }
        var tiedX = 0, tiedBoth = 0
        var i = 0
        while i < n {
            var j = i + 1
            while j < n && x[order[j]] == x[order[i]] { j += 1 }
            tiedX += (j - i) * (j - i - 1) / 2
            if j - i > 1 { groupsX.append(j - i) }
            var k = i
            while k < j {
                var l = k + 1
                while l < j && y[order[l]] == y[order[k]] { l += 1 }
                tiedBoth += (l - k) * (l - k - 1) / 2
                k = l
            }
            i = j
        }
        var ys = order.map { y[$0] }
        var buffer = ys
        let swaps = mergeSortCountingSwaps(&ys, &buffer, 0, n)
        var tiedY = 0
        i = 0
        while i < n {
            var j = i + 1
            while j < n && ys[j] == ys[i] { j += 1 }
            tiedY += (j - i) * (j - i - 1) / 2
            if j - i > 1 { groupsY.append(j - i) }
            i = j
        }
        return (n * (n - 1) / 2 - tiedX - tiedY + tiedBoth - 2 * swaps, groupsX.sorted(), groupsY.sorted())
    }

    /// Sorts a[lo..<hi] ascending and returns the number of pairs i < j with a[i] > a[j].
    private static func mergeSortCountingSwaps(_ a: inout [Double], _ buffer: inout [Double], _ lo: Int, _ hi: Int) -> Int {
        guard hi - lo > 1 else { return 0 }
        let mid = (lo + hi) / 2
        var swaps = mergeSortCountingSwaps(&a, &buffer, lo, mid) + mergeSortCountingSwaps(&a, &buffer, mid, hi)
        var i = lo, j = mid, k = lo
        while i < mid && j < hi {
            if a[j] < a[i] { buffer[k] = a[j]; j += 1; swaps += mid - i } else { buffer[k] = a[i]; i += 1 }
            k += 1
        }
        while i < mid { buffer[k] = a[i]; i += 1; k += 1 }
        while j < hi { buffer[k] = a[j]; j += 1; k += 1 }
        for t in lo..<hi { a[t] = buffer[t] }
        return swaps
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
