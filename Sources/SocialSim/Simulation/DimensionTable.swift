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
    /// Which dimensions each set of locked dimensions holds, as lanes
    /// (`lockedByLocks + mask * 4 + d` is 1 when bit d of mask is set, else 0), so the agent
    /// loop turns its step-start lock bits into a ``DimensionMask`` with one comparison.
    static let lockedByLocks = thresholdMean + 20
    /// The scar multiplier of each dimension for each scar count
    /// (`scarMultipliers + d * 256 + scars`), ``Thresholds/scarMultiplier(scars:scarGain:)``
    /// computed once per run (`pow` is a deterministic function, so the same bits).
    static let scarMultipliers = lockedByLocks + 16 * 4
    static let size = scarMultipliers + Dimension.count * 256
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
                values[Self.lockedByLocks + mask * Dimension.count + d] = mask & (1 << d) != 0 ? 1 : 0
            }
        }
        for d in 0..<Dimension.count {
            for scars in 0...255 {
                values[Self.scarMultipliers + d * 256 + scars] =
                    Thresholds.scarMultiplier(scars: UInt8(scars), scarGain: c.scarGain[d])
            }
        }
    }

    func free() { values.free() }

    /// The four per-dimension values at `offset` (a multiple of 4: aligned for ``DimensionLanes/load(_:)``).
    @inline(__always) func lanes(_ offset: Int) -> DimensionValues { DimensionLanes.load(values.base + offset) }

    /// The dimensions locked in `mask` (bit d = dimension d, 0 ..< 16) as lanes.
    @inline(__always) func lockedLanes(_ mask: Int) -> DimensionMask {
        // mask < 16: inside the table's 16 rows.
        lanes(Self.lockedByLocks &+ mask &* Dimension.count) .!= 0
    }

    /// The scar multiplier of each dimension for the agent's scar counts at `scars ... scars + 3`.
    @inline(__always) func scarMultipliers(_ scars: UnsafePointer<UInt8>) -> DimensionValues {
        // A UInt8 count is below 256: inside its dimension's row.
        let row = values.base + Self.scarMultipliers
        return DimensionValues(row[Int(scars[0])], row[256 &+ Int(scars[1])], row[512 &+ Int(scars[2])], row[768 &+ Int(scars[3])])
    }

    @inline(__always) func buffer(_ offset: Int, _ count: Int = Dimension.count) -> UnsafeBufferPointer<Double> {
        UnsafeBufferPointer(start: values.base + offset, count: count)
    }
}
