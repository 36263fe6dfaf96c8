/// How concentrated one step's consumption is across the catalogue: the Herfindahl–Hirschman
/// index HHI = Σ_j s_j², with s_j the share of this step's consumptions that were of item j.
/// 1/M when M items are consumed equally, 1 when everyone consumed the same item. Unlike the
/// pairwise Jaccard of ``Homogenization`` it needs no pair sample and no history, so it shows
/// convergence of consumption onto few items even when few agents still consume. Undefined (nil)
/// in a step with no consumption; its base is the number of consumptions (`consumption_rate` × N).
public enum ConsumptionConcentration {
    /// HHI of the items in `history`'s slot for `step` (−1: nothing consumed), over `agents` agents.
    public static func hhi(history: UnsafePointer<Int32>, historyLength h: Int, agents: Int, step: Int, items: Int,
                           counts: UnsafeMutableBufferPointer<Int32>) -> Double? {
        precondition(counts.count >= items)
        for j in 0..<items { counts[j] = 0 }
        let slot = step % h
        var total = 0
        for i in 0..<agents {
            let item = history[i * h + slot]
            if item >= 0 {
                counts[Int(item)] += 1
                total += 1
            }
        }
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
