/// An agent's four per-dimension values side by side, one lane per ``Dimension`` (lane d =
/// dimension d), so the agent loop applies a rule to all four dimensions at once (two SSE2
/// registers of two doubles each on the baseline x86-64 target).
///
/// The lane-wise forms of the rules (``Constraints``, ``Thresholds``) give the same bits as
/// their scalar forms: every lane does the scalar rule's IEEE operations in the same order,
/// and `min`/`max` are Swift's (``DimensionLanes/min(_:_:)``), not the IEEE `minimum`/`maximum`
/// of `pointwiseMin`/`pointwiseMax`, which order -0 below +0 and drop NaNs.
public typealias DimensionValues = SIMD4<Double>
/// One Boolean per dimension, the result of comparing ``DimensionValues``.
public typealias DimensionMask = SIMDMask<SIMD4<Double>.MaskStorage>

public enum DimensionLanes {
    /// Swift's `min(a, b)` in every lane: `b < a ? b : a` (so `a` on ties and when either is NaN).
    @inlinable @inline(__always)
    public static func min(_ a: DimensionValues, _ b: DimensionValues) -> DimensionValues {
        a.replacing(with: b, where: b .< a)
    }

    /// Swift's `max(a, b)` in every lane: `b >= a ? b : a` (so `b` on ties, `a` when either is NaN).
    @inlinable @inline(__always)
    public static func max(_ a: DimensionValues, _ b: DimensionValues) -> DimensionValues {
        a.replacing(with: b, where: b .>= a)
    }

    /// Whether any lane of `m` is true. (A mask is a frozen wrapper of its lanes, -1 for true
    /// and 0 for false; or-ing them is cheaper on SSE2 than the standard library's `any`, a
    /// minimum over the lanes.)
    @inlinable @inline(__always)
    public static func any(_ m: DimensionMask) -> Bool {
        let lanes = unsafeBitCast(m, to: DimensionMask.MaskStorage.self)
        return lanes[0] | lanes[1] | lanes[2] | lanes[3] != 0
    }

    /// The four values at `p ... p + 3`. `p` must be 16-byte aligned (``DimensionValues``'
    /// alignment; debug builds check it): agent-major per-dimension columns and per-run tables
    /// start on a cache line and hold an agent's or a table row's four values at a multiple of 4.
    @inlinable @inline(__always)
    public static func load(_ p: UnsafePointer<Double>) -> DimensionValues {
        UnsafeRawPointer(p).load(as: DimensionValues.self)
    }

    /// Stores `v` at `p ... p + 3` (aligned as for ``load(_:)``).
    @inlinable @inline(__always)
    public static func store(_ v: DimensionValues, to p: UnsafeMutablePointer<Double>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: DimensionValues.self)
    }
}
