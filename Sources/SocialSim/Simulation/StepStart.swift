/// One agent at the start of a step in one byte (``AgentState/stepStart``): the frame held in
/// bits 0-3 (worlds have at most 16 frames) and the lock flag of dimension d in bit 4 + d.
/// Neighbours' frames and locks are what contagion reads, so packing them lets the agent loop
/// read one byte per neighbour instead of five scattered ones.
enum StepStart {
    /// The most frames a world can have (4 bits of the byte).
    static let frameLimit = WorldParameters.maxFrames

    @inline(__always)
    static func pack(frame: UInt8, locked: (UInt8, UInt8, UInt8, UInt8)) -> UInt8 {
        frame | locked.0 << 4 | locked.1 << 5 | locked.2 << 6 | locked.3 << 7
    }

    @inline(__always)
    static func frame(_ packed: UInt8) -> Int { Int(packed & 0x0F) }

    /// The locked dimensions, bit d for dimension d.
    @inline(__always)
    static func lockedMask(_ packed: UInt8) -> Int { Int(packed >> 4) }

    /// Counts the frames of the neighbours `neighbors[lo..<hi]` into `frameCounts` (which must
    /// start at zero) and returns how many of them are locked in each dimension.
    ///
    /// Lock counts accumulate in four 16-bit lanes of one integer: multiplying the 4-bit mask
    /// by 1 + 2^15 + 2^30 + 2^45 puts bit d at bit 16d (the copies do not overlap, so nothing
    /// carries). Lanes are emptied every 65,535 neighbours, before any can overflow.
    @inline(__always)
    static func countNeighbours(_ neighbors: UnsafeBufferPointer<Int32>, from lo: Int, to hi: Int,
                                stepStart: UnsafePointer<UInt8>,
                                frameCounts: UnsafeMutableBufferPointer<Int32>) -> SIMD4<Int> {
        var locked = SIMD4<Int>()
        var blockStart = lo
        while blockStart < hi {
            let blockEnd = min(hi, blockStart &+ 65_535)
            var lanes: UInt64 = 0
            for e in blockStart..<blockEnd {
                let packed = stepStart[Int(neighbors[e])]
                frameCounts[frame(packed)] &+= 1
                lanes &+= (UInt64(packed >> 4) &* 0x0000_2000_4000_8001) & 0x0001_0001_0001_0001
            }
            locked &+= SIMD4(Int(lanes & 0xFFFF), Int((lanes >> 16) & 0xFFFF), Int((lanes >> 32) & 0xFFFF), Int(lanes >> 48))
            blockStart = blockEnd
        }
        return locked
    }
}
