/// What one agent reads of its neighbours at the start of the step, in one pass over them
/// inside the agent loop: their frames and locks (threshold contagion) from their
/// ``AgentState/stepStart`` bytes, and their mean stock per dimension (peer spillover). Both come
/// from the start-of-step buffers, which the agent loop does not write (it writes the new stocks
/// and bytes into the previous buffers), so every agent sees the same snapshot (synchronous update).
enum NeighbourAggregates {
    /// Counts the frames of the neighbours `neighbors[lo..<hi]` into `frameCounts` (which must
    /// start at zero); returns how many of them are locked in each dimension and their mean
    /// stock per dimension (0 without neighbours). Each stock sum runs in edge order and is
    /// then multiplied by 1 / degree.
    ///
    /// Lock counts accumulate in four 16-bit lanes of one integer: multiplying the 4-bit mask
    /// by 1 + 2^15 + 2^30 + 2^45 puts bit d at bit 16d (the copies do not overlap, so nothing
    /// carries). Lanes are emptied every 65,535 neighbours, before any can overflow.
    ///
    /// Index arithmetic is unchecked: neighbour ids are agents, so their slots are below the
    /// columns' `4 * count` elements (``AgentState/slot(agent:dimension:)``).
    @inline(__always)
    static func gather(_ neighbors: UnsafeBufferPointer<Int32>, from lo: Int, to hi: Int,
                       stepStart: UnsafePointer<UInt8>, stock: UnsafePointer<Double>,
                       frameCounts: UnsafeMutableBufferPointer<Int32>) -> (locked: SIMD4<Int>, meanStock: SIMD4<Double>) {
        var locked = SIMD4<Int>()
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
        var blockStart = lo
        while blockStart < hi {
            let blockEnd = min(hi, blockStart &+ 65_535)
            var lanes: UInt64 = 0
            for e in blockStart..<blockEnd {
                let j = Int(neighbors[e])
                let packed = stepStart[j]
                frameCounts[StepStart.frame(packed)] &+= 1
                lanes &+= (UInt64(packed >> 4) &* 0x0000_2000_4000_8001) & 0x0001_0001_0001_0001
                let x = stock + AgentState.slot(agent: j, dimension: 0)
                s0 += x[0]; s1 += x[1]; s2 += x[2]; s3 += x[3]
            }
            locked &+= SIMD4(Int(lanes & 0xFFFF), Int((lanes >> 16) & 0xFFFF), Int((lanes >> 32) & 0xFFFF), Int(lanes >> 48))
            blockStart = blockEnd
        }
        let inv = hi > lo ? 1 / Double(hi &- lo) : 0
        return (locked, SIMD4(s0 * inv, s1 * inv, s2 * inv, s3 * inv))
    }
}
