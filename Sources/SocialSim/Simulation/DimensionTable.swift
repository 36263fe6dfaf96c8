/// Per-dimension parameters flattened into one contiguous table for the agent loop.
struct DimensionTable: @unchecked Sendable {
    static let decay = 0, spillover = 4, floorFraction = 8, unlockFraction = 12, scarGain = 16
    static let contagion = 20, loadWeight = 24, caps = 28, coupling = 32
    /// The coupling multiplier of each dimension for each set of locked dimensions
    /// (`couplingByLocks + mask * 4 + d`, bit e of mask = dimension e locked), computed once by
    /// ``Constraints/couplingMultiplier(into:coupling:locked:)`` so the agent loop looks it up.
    static let couplingByLocks = 48
    /// The population's mean lock threshold per dimension (what the consequence gate compares with).
    static let thresholdMean = 48 + 16 * 4
    static let lockedDecay = thresholdMean + 4, capacity = thresholdMean + 8
    static let lockedSpillover = thresholdMean + 12, spilloverCap = thresholdMean + 16
    static let size = thresholdMean + 20
    let values: Column<Double>

    init(world: WorldConfig) {
        values = Column(count: Self.size, repeating: 0)
        let c = world.constraints
        for d in 0..<Dimension.count {
            values[Self.decay + d] = c.decay[d]
            values[Self.spillover + d] = c.spillover[d]
            values[Self.floorFraction + d] = c.floorFraction[d]
            values[Self.unlockFraction + d] = c.unlockFraction[d]
            values[Self.scarGain + d] = c.scarGain[d]
            values[Self.contagion + d] = c.contagion[d]
            values[Self.loadWeight + d] = world.welfare.loadWeight[d]
            values[Self.caps + d] = world.safeguards.region.caps[d]
            values[Self.thresholdMean + d] = c.thresholdMean[d]
            values[Self.lockedDecay + d] = c.lockedDecay[d]
            values[Self.capacity + d] = c.capacity[d]
            values[Self.lockedSpillover + d] = c.lockedSpillover[d]
            values[Self.spilloverCap + d] = c.spilloverCap[d]
            for e in 0..<Dimension.count {
                values[Self.coupling + d * Dimension.count + e] = c.coupling[d][e]
            }
        }
        let coupling = buffer(Self.coupling, 16)
        for mask in 0..<16 {
            for d in 0..<Dimension.count {
                values[Self.couplingByLocks + mask * Dimension.count + d] =
                    Constraints.couplingMultiplier(into: d, coupling: coupling, locked: { mask & (1 << $0) != 0 })
            }
        }
    }

    func free() { values.free() }

    @inline(__always) func buffer(_ offset: Int, _ count: Int = Dimension.count) -> UnsafeBufferPointer<Double> {
        UnsafeBufferPointer(start: values.base + offset, count: count)
    }
}
