/// What one agent reads of its neighbours at the start of the step, in one pass over them
/// inside the agent loop: their frames and locks (threshold contagion) from their
/// ``AgentState/stepStart`` bytes, and their mean stock per dimension (peer spillover). Both come
/// from the start-of-step buffers, which the agent loop does not write (it writes the new stocks
/// and bytes into the previous buffers), so every agent sees the same snapshot (synchronous update).
enum NeighbourAggregates {
    /// The most frames the packed counts hold (``gather(_:from:to:stepStart:stock:frames:increments:frameCounts:)``).
    static let packedFrames = 4

    /// The packed increment of a neighbour with step-start byte `b`, for the 256 bytes: eight
    /// 8-bit lanes of one `UInt64`, lane d (bits 8d..8d+7) for "locked in dimension d"
    /// (d < 4) and lane 4 + f for "holds frame f" (f < ``packedFrames``). A byte whose frame is
    /// beyond the packed ones adds to no frame lane (such bytes exist only in worlds with more
    /// frames, which do not use the table). The same for every run; each run keeps its own copy
    /// (``ItemTables/neighbourIncrements``) so the agent loop reads it from plain memory.
    static func packedIncrement(_ b: UInt8) -> UInt64 {
        var increment: UInt64 = 0
        let mask = StepStart.lockedMask(b)
        for d in 0..<Dimension.count where mask >> d & 1 == 1 { increment |= 1 << (8 * d) }
        let f = StepStart.frame(b)
        if f < packedFrames { increment |= 1 << (8 * (Dimension.count + f)) }
        return increment
    }

    /// Counts the frames of the neighbours `neighbors[lo..<hi]` into `frameCounts[0..<frames]`;
    /// returns how many of the neighbours are locked in each dimension and their mean stock per
    /// dimension (0 without neighbours). Each stock sum runs in edge order and is then multiplied
    /// by 1 / degree. `frameCounts` holds ``StepStart/frameLimit`` counters: the first `frames`
    /// are overwritten, those from `frames` to ``packedFrames`` may be set to 0 (no neighbour
    /// holds those frames), the rest are left as they are.
    ///
    /// With at most ``packedFrames`` frames (the default world has 4), a neighbour's frame and
    /// locks are counted by one addition: `increments[byte]` (``packedIncrement(_:)``) adds 1 to
    /// the lane of each dimension it has locked and to the lane of its frame, all in one
    /// `UInt64`. Each lane gains at most 1 per neighbour, so after at most 255 neighbours no lane
    /// exceeds 255 and nothing carries into the next lane: the lanes are emptied into 32-bit
    /// counters every 255 neighbours (an agent of the default world has about 10, one block).
    /// With more frames, each neighbour's frame counter is incremented in `frameCounts` and its
    /// locks in four 16-bit lanes (the 4-bit mask times 1 + 2^15 + 2^30 + 2^45 puts bit d at
    /// bit 16d; emptied every 65,535 neighbours). Counts fit 32 bits: a degree is below the
    /// number of agents, and agent ids are `Int32`.
    ///
    /// A neighbour's four stocks are one 16-byte-aligned `SIMD4<Double>` load (columns start on a
    /// cache line and an agent's four stocks on a 32-byte boundary), added as two lane pairs:
    /// lane d of a vector sum is `s_d += x_d`, the same operation on the same values in the same
    /// order as four scalar sums.
    ///
    /// Index arithmetic is unchecked: neighbour ids are agents, so their slots are below the
    /// columns' `4 * count` elements (``AgentState/slot(agent:dimension:)``); a byte indexes
    /// the 256 increments; a frame (4 bits) is below `frameCounts.count` (``StepStart/frameLimit``);
    /// edges `e` stay within `lo...hi`.
    @inline(__always)
    static func gather(_ neighbors: UnsafeBufferPointer<Int32>, from lo: Int, to hi: Int,
                       stepStart: UnsafePointer<UInt8>, stock: UnsafePointer<Double>,
                       frames: Int, increments: UnsafePointer<UInt64>,
                       frameCounts: UnsafeMutableBufferPointer<Int32>) -> (locked: SIMD4<Int32>, meanStock: SIMD4<Double>) {
        let ids = neighbors.baseAddress!
        var locked = SIMD4<Int32>()
        // Stocks of dimensions 0-1 and 2-3.
        var low = SIMD2<Double>(), high = SIMD2<Double>()
        var blockStart = lo
        if frames <= packedFrames {
            var frameTotals = SIMD4<Int32>()
            repeat {
                let blockEnd = hi &- blockStart > 255 ? blockStart &+ 255 : hi
                var lanes: UInt64 = 0
                var e = blockStart
                while e < blockEnd {
                    let j = Int(ids[e])
                    lanes &+= increments[Int(stepStart[j])]
                    let x = UnsafeRawPointer(stock + AgentState.slot(agent: j, dimension: 0)).load(as: SIMD4<Double>.self)
                    low += x.lowHalf
                    high += x.highHalf
                    e &+= 1
                }
                // Element k is lane k (bits 8k..8k+7) on any byte order.
                let lane = unsafeBitCast(lanes.littleEndian, to: SIMD8<UInt8>.self)
                locked &+= SIMD4<Int32>(truncatingIfNeeded: lane.lowHalf)
                frameTotals &+= SIMD4<Int32>(truncatingIfNeeded: lane.highHalf)
                blockStart = blockEnd
            } while blockStart < hi
            // The first 4 of the 16 counters, in one store.
            UnsafeMutableRawPointer(frameCounts.baseAddress!).storeBytes(of: frameTotals, as: SIMD4<Int32>.self)
        } else {
            for f in 0..<frames { frameCounts[f] = 0 }
            while blockStart < hi {
                let blockEnd = hi &- blockStart > 65_535 ? blockStart &+ 65_535 : hi
                var lanes: UInt64 = 0
                var e = blockStart
                while e < blockEnd {
                    let j = Int(ids[e])
                    let packed = stepStart[j]
                    frameCounts[StepStart.frame(packed)] &+= 1
                    lanes &+= (UInt64(packed >> 4) &* 0x0000_2000_4000_8001) & 0x0001_0001_0001_0001
                    let x = UnsafeRawPointer(stock + AgentState.slot(agent: j, dimension: 0)).load(as: SIMD4<Double>.self)
                    low += x.lowHalf
                    high += x.highHalf
                    e &+= 1
                }
                locked &+= SIMD4<Int32>(truncatingIfNeeded: unsafeBitCast(lanes.littleEndian, to: SIMD4<UInt16>.self))
                blockStart = blockEnd
            }
        }
        let inv = hi > lo ? 1 / Double(hi &- lo) : 0
        return (locked, SIMD4(lowHalf: low * inv, highHalf: high * inv))
    }
}
