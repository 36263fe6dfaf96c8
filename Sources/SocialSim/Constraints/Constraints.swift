/// Accumulation and decay of constraint stocks.
public enum Constraints {
    /// The stock after one step.
    ///
    /// `inflow` (from the item's footprint, peer spillover and, for the narrative dimension,
    /// the frame held) is sped up by scars and by locked coupled dimensions. Unlocked stocks
    /// decay by `decay`; locked stocks do not. No stock goes below its ratchet floor.
    @inlinable
    public static func nextStock(
        stock: Double, floor: Double, isLocked: Bool, inflow: Double,
        rateMultiplier: Double, decay: Double
    ) -> Double {
        let kept = isLocked ? stock : stock * (1 - decay)
        return max(floor, kept + rateMultiplier * inflow)
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
