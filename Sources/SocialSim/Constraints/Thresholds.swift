import Foundation

/// Path dependence: lock thresholds, the ratchet floor, hysteresis, scarring and threshold
/// contagion. These are the rules that make harm irreversible.
public enum Thresholds {
    /// The threshold an agent must reach to lock, lowered by neighbours already locked
    /// (threshold contagion, Granovetter 1978; Watts 2002): the more of my neighbours are
    /// locked into debt, the less it takes for me.
    @inlinable
    public static func effectiveThreshold(_ threshold: Double, contagion: Double, lockedNeighbourFraction: Double) -> Double {
        threshold * max(0, 1 - contagion * lockedNeighbourFraction)
    }

    /// ``effectiveThreshold(_:contagion:lockedNeighbourFraction:)`` in every lane.
    @inlinable @inline(__always)
    public static func effectiveThreshold(
        _ threshold: DimensionValues, contagion: DimensionValues, lockedNeighbourFraction: DimensionValues
    ) -> DimensionValues {
        threshold * DimensionLanes.max(DimensionValues(repeating: 0), 1 - contagion * lockedNeighbourFraction)
    }

    /// The outcome of one dimension's lock check.
    public enum Transition: Equatable, Sendable {
        case none
        case locks
        case unlocks
    }

    /// Whether a dimension locks or unlocks. Locking happens at the (effective) threshold;
    /// unlocking only far below it, at `unlockFraction * threshold` (hysteresis). When the
    /// floor set at locking is not below that level the lock is permanent.
    @inlinable
    public static func transition(
        stock: Double, isLocked: Bool, threshold: Double, effectiveThreshold: Double, unlockFraction: Double
    ) -> Transition {
        if !isLocked { return stock >= effectiveThreshold ? .locks : .none }
        return stock < unlockFraction * threshold ? .unlocks : .none
    }

    /// ``transition(stock:isLocked:threshold:effectiveThreshold:unlockFraction:)`` in every
    /// lane, as the lanes whose lock flips: an unlocked lane that locks (at or above its
    /// effective threshold) and a locked lane that unlocks (below `unlockFraction * threshold`).
    /// Whether a flip locks or unlocks is `isLocked`'s lane.
    @inlinable @inline(__always)
    public static func flips(
        stock: DimensionValues, isLocked: DimensionMask, threshold: DimensionValues, effectiveThreshold: DimensionValues,
        unlockFraction: DimensionValues
    ) -> DimensionMask {
        (stock .>= effectiveThreshold).replacing(with: stock .< unlockFraction * threshold, where: isLocked)
    }

    /// Scarring: each past lock multiplies accumulation by (1 + scarGain), so the multiplier
    /// is (1 + scarGain)^scars. Almost every dimension has 0 or 1 scars, where `pow` is exact
    /// (x^0 = 1, x^1 = x), so those two cases skip it and give the same numbers.
    @inlinable
    public static func scarMultiplier(scars: UInt8, scarGain: Double) -> Double {
        switch scars {
        case 0: return 1
        case 1: return 1 + scarGain
        default: return pow(1 + scarGain, Double(scars))
        }
    }

    /// The ratchet floor set when a dimension locks: `floorFraction` of the agent's own
    /// threshold, but never above the stock at the moment of locking (contagion can lower the
    /// effective threshold below that fraction; locking must not push the stock up).
    @inlinable
    public static func ratchetFloor(previousFloor: Double, stock: Double, threshold: Double, floorFraction: Double) -> Double {
        max(previousFloor, min(floorFraction * threshold, stock))
    }
}
