/// Barabási-Albert preferential attachment (Barabási & Albert 1999). The network starts as a
/// clique of the first m + 1 agents; every later agent arrives with m ties to m distinct
/// earlier agents, each drawn with probability proportional to its degree. O(n·m) time.
///
/// The flat tie list doubles as the "repeated endpoints" list: an agent of degree d appears d
/// times in it, so a uniform entry is a degree-proportional agent and no second array is needed.
enum BarabasiAlbert {
    /// Ties per newcomer: m = max(1, round(meanDegree / 2)), half away from zero.
    static func tiesPerNewcomer(_ meanDegree: Double) -> Int { max(1, Int((meanDegree / 2).rounded())) }

    /// Exact number of ties: the (m + 1)-clique plus m for each of the other agents.
    static func tieCount(agents n: Int, tiesPerNewcomer m: Int) -> Int { m * (m + 1) / 2 + (n - m - 1) * m }

    /// Expects 1 <= m < agents (see ``NetworkConfig/validate(agents:)``).
    static func generate(agents n: Int, tiesPerNewcomer m: Int, rng: inout SplitMix64) -> Network {
        var ends = [Int32](repeating: 0, count: 2 * tieCount(agents: n, tiesPerNewcomer: m))
        var filled = 0
        for a in 0..<(m + 1) {
            for b in (a + 1)..<(m + 1) {
                ends[filled] = Int32(a)
                ends[filled + 1] = Int32(b)
                filled += 2
            }
        }
        // chosenBy[x] == t marks x as already a target of newcomer t, which rejects repeats in O(1).
        var chosenBy = [Int32](repeating: -1, count: n)
        for t in (m + 1)..<n {
            let newcomer = Int32(truncatingIfNeeded: t)
            let earlierEnds = filled
            var added = 0
            while added < m {
                let target = ends[rng.nextInt(below: earlierEnds)]
                if chosenBy[Int(target)] == newcomer { continue }
                chosenBy[Int(target)] = newcomer
                ends[filled] = newcomer
                ends[filled + 1] = target
                filled += 2
                added += 1
            }
        }
        return EdgeList(ends: ends).network(agents: n, community: [UInt16](repeating: 0, count: n))
    }
}
