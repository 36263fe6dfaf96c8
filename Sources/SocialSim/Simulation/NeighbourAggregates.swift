/// Reads the previous state of each agent's neighbours into per-agent scratch columns:
/// the mean neighbour stock (peer spillover) and the fraction of neighbours locked
/// (threshold contagion), per dimension. Done before the agent loop so every agent sees
/// the same snapshot (synchronous update).
///
/// Index arithmetic is unchecked (`&+`, `&*`): every index is below `4 * count`, which fits
/// an `Int` because the columns were allocated with that many elements.
enum NeighbourAggregates {
    static func compute(chunk: Range<Int>, state: AgentState, offsets: UnsafeBufferPointer<Int>, neighbors: UnsafeBufferPointer<Int32>) {
        let n = state.count
        let stock = state.stock.base, locked = state.locked.base
        let meanStock = state.neighbourStock.base, lockedShare = state.neighbourLocked.base
        let n2 = n &* 2, n3 = n &* 3
        for i in chunk {
            let lo = offsets[i], hi = offsets[i &+ 1]
            var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
            var l0 = 0, l1 = 0, l2 = 0, l3 = 0
            for e in lo..<hi {
                let j = Int(neighbors[e])
                s0 += stock[j]; s1 += stock[n &+ j]; s2 += stock[n2 &+ j]; s3 += stock[n3 &+ j]
                l0 &+= Int(locked[j]); l1 &+= Int(locked[n &+ j]); l2 &+= Int(locked[n2 &+ j]); l3 &+= Int(locked[n3 &+ j])
            }
            let inv = hi > lo ? 1 / Double(hi &- lo) : 0
            meanStock[i] = s0 * inv; meanStock[n &+ i] = s1 * inv
            meanStock[n2 &+ i] = s2 * inv; meanStock[n3 &+ i] = s3 * inv
            lockedShare[i] = Double(l0) * inv; lockedShare[n &+ i] = Double(l1) * inv
            lockedShare[n2 &+ i] = Double(l2) * inv; lockedShare[n3 &+ i] = Double(l3) * inv
        }
    }
}
