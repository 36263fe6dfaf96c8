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
        let stock = state.stock.base, locked = state.locked.base, frame = state.frame.base
        let meanStock = state.neighbourStock.base, stepStart = state.stepStart.base
        for i in chunk {
            let own = AgentState.slot(agent: i, dimension: 0)
            stepStart[i] = StepStart.pack(frame: frame[i], locked: (locked[own], locked[own &+ 1], locked[own &+ 2], locked[own &+ 3]))
            let lo = offsets[i], hi = offsets[i &+ 1]
            var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
            for e in lo..<hi {
                let j = AgentState.slot(agent: Int(neighbors[e]), dimension: 0)
                s0 += stock[j]; s1 += stock[j &+ 1]; s2 += stock[j &+ 2]; s3 += stock[j &+ 3]
            }
            let inv = hi > lo ? 1 / Double(hi &- lo) : 0
            meanStock[own] = s0 * inv; meanStock[own &+ 1] = s1 * inv
            meanStock[own &+ 2] = s2 * inv; meanStock[own &+ 3] = s3 * inv
        }
    }
}
