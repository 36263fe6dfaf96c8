/// How concentrated one step's consumption is across the catalogue: the Herfindahl–Hirschman
/// index HHI = Σ_j s_j², with s_j the share of this step's consumptions that were of item j.
/// 1/M when M items are consumed equally, 1 when everyone consumed the same item. Unlike the
/// pairwise Jaccard of ``Homogenization`` it needs no pair sample and no history, so it shows
/// convergence of consumption onto few items even when few agents still consume. Undefined (nil)
/// in a step with no consumption; its base is the number of consumptions (`consumption_rate` × N).
///
/// The run counts consumptions per item inside its parallel agent loop (``count(consumed:into:)``,
/// integer counts per worker, added up: exact in any grouping) and sums the squared shares once,
/// in item order (``hhi(counts:items:)``); ``hhi(history:historyLength:agents:step:items:counts:)``
/// is the same rule as one pass over the agents.
public enum ConsumptionConcentration {
    /// HHI of the items in `history`'s slot for `step` (−1: nothing consumed), over `agents` agents.
    public static func hhi(history: UnsafePointer<Int32>, historyLength h: Int, agents: Int, step: Int, items: Int,
                           counts: UnsafeMutableBufferPointer<Int32>) -> Double? {
        precondition(counts.count >= items)
        for j in 0..<items { counts[j] = 0 }
        let slot = step % h
        for i in 0..<agents { count(consumed: history[i * h + slot], into: counts.baseAddress!) }
        return hhi(counts: UnsafePointer(counts.baseAddress!), items: items)
    }

    /// Counts one agent's consumption this step: `item` (−1: nothing consumed) into `counts`
    /// (one per item).
    @inline(__always)
    public static func count(consumed item: Int32, into counts: UnsafeMutablePointer<Int32>) {
        if item >= 0 { counts[Int(item)] &+= 1 }
    }

    /// HHI of one step's consumptions, `counts[j]` of item j (nil when nothing was consumed):
    /// the squared shares summed in item order.
    public static func hhi(counts: UnsafePointer<Int32>, items: Int) -> Double? {
        var total = 0
        for j in 0..<items { total += Int(counts[j]) }
        guard total > 0 else { return nil }
        var sum = 0.0
        let inv = 1 / Double(total)
        for j in 0..<items where counts[j] > 0 {
            let s = Double(counts[j]) * inv
            sum += s * s
        }
        return sum
    }
}
