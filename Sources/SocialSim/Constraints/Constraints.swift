/// Accumulation, saturation and decay of constraint stocks.
public enum Constraints {
    /// The stock after one step.
    ///
    /// `inflow` (from the item's footprint, peer spillover and, for the narrative dimension,
    /// the frame held) is sped up by scars and by locked coupled dimensions, and saturates:
    /// it is scaled by `max(0, 1 - stock / capacity)`, so a stock approaches its capacity
    /// instead of growing without bound (debts, records and habits have natural ceilings).
    /// An unlocked stock decays toward 0 at `decay`; a locked stock decays toward its ratchet
    /// floor at `lockedDecay` (slower: a lock is what makes a constraint hard to shed). No
    /// stock goes below its ratchet floor: the floor, not a no-decay rule, is what holds a
    /// locked stock up.
    @inlinable
    public static func nextStock(
        stock: Double, floor: Double, isLocked: Bool, inflow: Double,
        rateMultiplier: Double, decay: Double, lockedDecay: Double, capacity: Double
    ) -> Double {
        let kept = isLocked ? stock - lockedDecay * (stock - floor) : stock * (1 - decay)
        return max(floor, kept + rateMultiplier * inflow * saturation(stock: stock, capacity: capacity))
    }

    /// The share of inflow a stock still takes in: `max(0, 1 - stock / capacity)`.
    @inlinable
    public static func saturation(stock: Double, capacity: Double) -> Double {
        max(0, 1 - stock / capacity)
    }

    /// Peer spillover into one stock: `rate * min(neighbourMean, cap)`, times `lockedShare`
    /// when the receiving dimension is locked (how much of the neighbours' pressure still
    /// reaches a stock that has already locked).
    @inlinable
    public static func spillover(rate: Double, neighbourMean: Double, cap: Double, isLocked: Bool, lockedShare: Double) -> Double {
        rate * min(neighbourMean, cap) * (isLocked ? lockedShare : 1)
    }

    /// ``nextStock(stock:floor:isLocked:inflow:rateMultiplier:decay:lockedDecay:capacity:)`` for
    /// an agent's four dimensions at once, lane d = dimension d: the same operations in the same
    /// order in every lane, so the same bits (``DimensionLanes``).
    @inlinable @inline(__always)
    public static func nextStock(
        stock: DimensionValues, floor: DimensionValues, isLocked: DimensionMask, inflow: DimensionValues,
        rateMultiplier: DimensionValues, decay: DimensionValues, lockedDecay: DimensionValues, capacity: DimensionValues
    ) -> DimensionValues {
        let kept = (stock * (1 - decay)).replacing(with: stock - lockedDecay * (stock - floor), where: isLocked)
        return DimensionLanes.max(floor, kept + rateMultiplier * inflow * saturation(stock: stock, capacity: capacity))
    }

    /// ``saturation(stock:capacity:)`` in every lane.
    @inlinable @inline(__always)
    public static func saturation(stock: DimensionValues, capacity: DimensionValues) -> DimensionValues {
        DimensionLanes.max(DimensionValues(repeating: 0), 1 - stock / capacity)
    }

    /// ``spillover(rate:neighbourMean:cap:isLocked:lockedShare:)`` in every lane.
    @inlinable @inline(__always)
    public static func spillover(
        rate: DimensionValues, neighbourMean: DimensionValues, cap: DimensionValues, isLocked: DimensionMask,
        lockedShare: DimensionValues
    ) -> DimensionValues {
        rate * DimensionLanes.min(neighbourMean, cap) * DimensionValues(repeating: 1).replacing(with: lockedShare, where: isLocked)
    }

    /// How much each stock rose, `max(0, after - before)` in every lane. (Written as the
    /// difference with its negative and NaN lanes cleared to +0, the bits `max` gives, so the
    /// compiler masks the lanes instead of branching on each.)
    @inlinable @inline(__always)
    public static func rise(from before: DimensionValues, to after: DimensionValues) -> DimensionValues {
        let change = after - before
        let kept = unsafeBitCast(change .>= 0, to: SIMD4<UInt64>.self)
        return unsafeBitCast(unsafeBitCast(change, to: SIMD4<UInt64>.self) & kept, to: DimensionValues.self)
    }

    /// Cross-dimension coupling: accumulation into dimension `d` is multiplied by
    /// `1 + coupling[e][d]` for every locked dimension `e` (a locked debt speeds up
    /// institutional records, and so on). `coupling` is row-major 4x4, `locked` points at
    /// the agent's four lock flags (stride `count`).
    @inlinable
    public static func couplingMultiplier(
        into d: Int, coupling: UnsafeBufferPointer<Double>, locked: (Int) -> Bool
    ) -> Double {
        var m = 1.0
        for e in 0..<Dimension.count where e != d && locked(e) {
            m *= 1 + coupling[e * Dimension.count + d]
        }
        return m
    }
}
