/// One agent at the start of a step in one byte (``AgentState/stepStart``): the frame held in
/// bits 0-3 (worlds have at most 16 frames) and the lock flag of dimension d in bit 4 + d.
/// Neighbours' frames and locks are what contagion reads, so packing them lets the agent loop
/// read one byte per neighbour instead of five scattered ones (``NeighbourAggregates/gather``).
enum StepStart {
    /// The most frames a world can have (4 bits of the byte).
    static let frameLimit = WorldParameters.maxFrames

    /// The byte of `frame` and the locked dimensions `lockedMask` (bit d for dimension d, < 16).
    @inline(__always)
    static func pack(frame: UInt8, lockedMask: Int) -> UInt8 {
        frame | UInt8(truncatingIfNeeded: lockedMask) << 4
    }

    @inline(__always)
    static func frame(_ packed: UInt8) -> Int { Int(packed & 0x0F) }

    /// The locked dimensions, bit d for dimension d.
    @inline(__always)
    static func lockedMask(_ packed: UInt8) -> Int { Int(packed >> 4) }
}
