/// Reads the previous state of each agent's neighbours into a per-agent scratch column, the
/// mean neighbour stock per dimension (peer spillover), and packs each agent's own frame and
/// lock flags into its ``AgentState/stepStart`` byte, from which the agent loop counts its
/// neighbours' frames and locks (threshold contagion). Done before the agent loop so every
/// agent sees the same snapshot (synchronous update).
///
/// Index arithmetic is unchecked (`&+`, `&*`): every index is below `4 * count`, which fits
/// an `Int` because the columns were allocated with that many elements.
enum NeighbourAggregates {
    static func compute(chunk: Range<Int>, state: AgentState, offsets: UnsafeBufferPointer<Int>, neighbors: UnsafeBufferPointer<Int32>) {
        let n = state.count
        let stock = state.stock.base, locked = state.locked.base, frame = state.frame.base
        let meanStock = state.neighbourStock.base, stepStart = state.stepStart.base
        let n2 = n &* 2, n3 = n &* 3
        for i in chunk {
            stepStart[i] = StepStart.pack(frame: frame[i], locked: (locked[i], locked[n &+ i], locked[n2 &+ i], locked[n3 &+ i]))
            let lo = offsets[i], hi = offsets[i &+ 1]
            var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
            for e in lo..<hi {
                let j = Int(neighbors[e])
                s0 += stock[j]; s1 += stock[n &+ j]; s2 += stock[n2 &+ j]; s3 += stock[n3 &+ j]
            }
            let inv = hi > lo ? 1 / Double(hi &- lo) : 0
            meanStock[i] = s0 * inv; meanStock[n &+ i] = s1 * inv
            meanStock[n2 &+ i] = s2 * inv; meanStock[n3 &+ i] = s3 * inv
        }
    }
}
