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
    /// returns how many of the neighbours are locked in each dimension, their mean stock per
    /// dimension (0 without neighbours), `perNeighbour` (1 / degree, 0 without neighbours), and
    /// `heldFrames`, bit f set when some neighbour holds frame f (`frameCounts[f] > 0`), so
    /// contagion skips the frames no neighbour holds. Each stock sum runs in edge order and is
    /// then multiplied by `perNeighbour`. `frameCounts` holds ``StepStart/frameLimit`` counters:
    /// the first `frames` are overwritten, those from `frames` to ``packedFrames`` may be set to
    /// 0 (no neighbour holds those frames), the rest are left as they are.
    ///
    /// With at most ``packedFrames`` frames (the default world has 4), a neighbour's frame and
    /// locks are counted by one addition: `increments[byte]` (``packedIncrement(_:)``) adds 1 to
    /// the lane of each dimension it has locked and to the lane of its frame, all in one
    /// `UInt64`. Each lane gains at most 1 per neighbour, so with at most 255 neighbours no lane
    /// exceeds 255 and nothing carries into the next lane. Agents with more neighbours, and worlds
    /// with more frames, take ``gatherInBlocks(_:from:to:stepStart:stock:frames:increments:frameCounts:)``,
    /// out of the agent loop (an agent of the default world has about 10 neighbours).
    ///
    /// A neighbour's four stocks are one 32-byte-aligned `SIMD4<Double>` load (columns start on a
    /// cache line and an agent's four stocks on a 32-byte boundary), added as one vector: lane d
    /// of the vector sum is `s_d += x_d`, the same operation on the same values in the same order
    /// as four scalar sums.
    ///
    /// Index arithmetic is unchecked: neighbour ids are agents, so their slots are below the
    /// columns' `4 * count` elements (``AgentState/slot(agent:dimension:)``); a byte indexes
    /// the 256 increments; edges `e` stay within `lo...hi`.
    @inline(__always)
    static func gather(_ neighbors: UnsafeBufferPointer<Int32>, from lo: Int, to hi: Int,
                       stepStart: UnsafePointer<UInt8>, stock: UnsafePointer<Double>,
                       frames: Int, increments: UnsafePointer<UInt64>,
                       frameCounts: UnsafeMutableBufferPointer<Int32>)
        -> (locked: SIMD4<Int32>, meanStock: SIMD4<Double>, perNeighbour: Double, heldFrames: UInt32) {
        guard frames <= packedFrames, hi &- lo <= 255 else {
            return gatherInBlocks(neighbors, from: lo, to: hi, stepStart: stepStart, stock: stock, frames: frames,
                                  increments: increments, frameCounts: frameCounts)
        }
        // Without edges at all the address may be nil; then lo == hi and nothing is read.
        let ids = neighbors.baseAddress.unsafelyUnwrapped
        var sum = SIMD4<Double>()
        let lanes = packedBlock(ids, from: lo, to: hi, stepStart: stepStart, stock: stock, increments: increments, sum: &sum)
        // Element k is lane k (bits 8k..8k+7) on any byte order.
        let lane = unsafeBitCast(lanes.littleEndian, to: SIMD8<UInt8>.self)
        let frameTotals = SIMD4<Int32>(truncatingIfNeeded: lane.highHalf)
        // The first 4 of the 16 counters, in one store.
        UnsafeMutableRawPointer(frameCounts.baseAddress!).storeBytes(of: frameTotals, as: SIMD4<Int32>.self)
        let inv = hi > lo ? 1 / Double(hi &- lo) : 0
        return (SIMD4<Int32>(truncatingIfNeeded: lane.lowHalf), sum * inv, inv, heldLanes(frameTotals))
    }

    /// The packed increments of the neighbours `ids[lo..<hi]` (at most 255, so no lane carries),
    /// their stocks added to `sum` in edge order.
    @inline(__always)
    static func packedBlock(_ ids: UnsafePointer<Int32>, from lo: Int, to hi: Int, stepStart: UnsafePointer<UInt8>,
                            stock: UnsafePointer<Double>, increments: UnsafePointer<UInt64>,
                            sum: inout SIMD4<Double>) -> UInt64 {
        var lanes: UInt64 = 0
        var e = lo
        while e < hi {
            let j = Int(ids[e])
            lanes &+= increments[Int(stepStart[j])]
            sum += UnsafeRawPointer(stock + AgentState.slot(agent: j, dimension: 0)).load(as: SIMD4<Double>.self)
            e &+= 1
        }
        return lanes
    }

    /// Bit f set when lane f of `counts` is not 0: the zero lanes' mask, flipped (written so that
    /// the compiler makes it one comparison and one mask move).
    @inline(__always)
    static func heldLanes(_ counts: SIMD4<Int32>) -> UInt32 {
        let zero = unsafeBitCast(counts .== 0, to: SIMD4<UInt32>.self) & SIMD4<UInt32>(1, 2, 4, 8)
        return (zero[0] | zero[1] | zero[2] | zero[3]) ^ 0xF
    }

    /// ``gather(_:from:to:stepStart:stock:frames:increments:frameCounts:)`` for more than 255
    /// neighbours or more than ``packedFrames`` frames, with the same results. With at most
    /// ``packedFrames`` frames the packed lanes are emptied into 32-bit counters every 255
    /// neighbours, before any can carry. With more frames, each neighbour's frame counter is
    /// incremented in `frameCounts` and its locks in four 16-bit lanes (the 4-bit mask times
    /// 1 + 2^15 + 2^30 + 2^45 puts bit d at bit 16d; emptied every 65,535 neighbours). Counts fit
    /// 32 bits: a degree is below the number of agents, and agent ids are `Int32`. A frame (4
    /// bits) is below `frameCounts.count` (``StepStart/frameLimit``).
    @inline(never)
    static func gatherInBlocks(_ neighbors: UnsafeBufferPointer<Int32>, from lo: Int, to hi: Int,
                               stepStart: UnsafePointer<UInt8>, stock: UnsafePointer<Double>,
                               frames: Int, increments: UnsafePointer<UInt64>,
                               frameCounts: UnsafeMutableBufferPointer<Int32>)
        -> (locked: SIMD4<Int32>, meanStock: SIMD4<Double>, perNeighbour: Double, heldFrames: UInt32) {
        let ids = neighbors.baseAddress!
        var locked = SIMD4<Int32>()
        var sum = SIMD4<Double>()
        var blockStart = lo
        var held: UInt32 = 0
        if frames <= packedFrames {
            var frameTotals = SIMD4<Int32>()
            repeat {
                let blockEnd = hi &- blockStart > 255 ? blockStart &+ 255 : hi
                let lanes = packedBlock(ids, from: blockStart, to: blockEnd, stepStart: stepStart, stock: stock,
                                        increments: increments, sum: &sum)
                let lane = unsafeBitCast(lanes.littleEndian, to: SIMD8<UInt8>.self)
                locked &+= SIMD4<Int32>(truncatingIfNeeded: lane.lowHalf)
                frameTotals &+= SIMD4<Int32>(truncatingIfNeeded: lane.highHalf)
                blockStart = blockEnd
            } while blockStart < hi
            UnsafeMutableRawPointer(frameCounts.baseAddress!).storeBytes(of: frameTotals, as: SIMD4<Int32>.self)
            held = heldLanes(frameTotals)
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
                    sum += UnsafeRawPointer(stock + AgentState.slot(agent: j, dimension: 0)).load(as: SIMD4<Double>.self)
                    e &+= 1
                }
                locked &+= SIMD4<Int32>(truncatingIfNeeded: unsafeBitCast(lanes.littleEndian, to: SIMD4<UInt16>.self))
                blockStart = blockEnd
            }
            for f in 0..<frames where frameCounts[f] > 0 { held |= 1 << f }
        }
        let inv = hi > lo ? 1 / Double(hi &- lo) : 0
        return (locked, sum * inv, inv, held)
    }
}
