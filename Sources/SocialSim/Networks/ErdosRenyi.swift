import Foundation

/// Erdős-Rényi G(n, p) with p = meanDegree / (n - 1): every pair of agents is tied
/// independently with probability p. O(n + ties) by geometric skipping.
enum ErdosRenyi {
    /// Expects 0 < meanDegree <= agents - 1 (see ``NetworkConfig/validate(agents:)``).
    static func generate(agents n: Int, meanDegree: Double, rng: inout SplitMix64) -> Network {
        let p = min(1, meanDegree / Double(n - 1))
        var ties = EdgeList(expectedTies: p * Double(n) * Double(n - 1) / 2)
        PairSampling.sample(rows: n, probability: p, rng: &rng, columns: { u in (u + 1)..<n }) { ties.append($0, $1) }
        return ties.network(agents: n, community: [UInt16](repeating: 0, count: n))
    }
}

/// Independent Bernoulli(p) trials over a set of pairs laid out in rows, visiting only the
/// successes (Batagelj & Brandes 2005): the gap to the next success is geometric,
/// floor(log(1 - r) / log(1 - p)), so the cost is one draw per tie plus one step per row.
enum PairSampling {
    /// Calls `tie(u, v)` for each successful pair, rows `u` in `0 ..< rows` in order and
    /// columns `v` in `columns(u)` ascending.
    static func sample(rows: Int, probability p: Double, rng: inout SplitMix64,
                       columns: (Int) -> Range<Int>, tie: (Int, Int) -> Void) {
        guard p > 0, rows > 0 else { return }
        let logMiss = log1p(-p)   // -infinity when p == 1: every gap is then 0
        // Gaps are capped so they convert to Int; a capped gap still runs past every pair left.
        let maxGap = 0x1p52
        var u = 0
        var row = columns(0)
        var position = -1
        while true {
            let gap = log1p(-rng.nextUnit()) / logMiss
            position += 1 + (gap < maxGap ? Int(gap) : Int(maxGap))
            while position >= row.count {
                position -= row.count
                u += 1
                if u == rows { return }
                row = columns(u)
            }
            tie(u, row.lowerBound + position)
        }
    }
}
