import Foundation

/// SplitMix64 (Steele, Lea & Flood 2014): a small, fast generator whose state is one
/// `UInt64`. It is the only source of randomness in the model; the system RNG and the
/// wall clock are never used, so a run depends on its world and seed alone.
///
/// ```swift
/// var rng = SplitMix64(seed: 42)
/// let u = rng.nextUnit()        // in [0, 1)
/// let k = rng.nextInt(below: 6) // in 0..<6
/// ```
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public var state: UInt64

    @inlinable
    public init(seed: UInt64) { state = seed }

    @inlinable
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.mix(state)
    }

    /// Skips `count` outputs: the state after `count` calls of ``next()``, without computing
    /// them (the state is a counter, so skipping is one multiply-add).
    @inlinable
    public mutating func skip(_ count: UInt64) {
        state &+= 0x9E37_79B9_7F4A_7C15 &* count
    }

    /// The SplitMix64 output function: a bijective avalanche mix of 64 bits.
    @inlinable
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform double in [0, 1) built from the top 53 bits.
    @inlinable
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform integer in `0..<bound` (Lemire's multiply-shift, negligible bias for model use).
    @inlinable
    public mutating func nextInt(below bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        return Int((UInt64(bound).multipliedFullWidth(by: next())).high)
    }

    /// A standard normal deviate (Box-Muller; one of the pair is discarded so the
    /// number of draws per call is fixed, which keeps streams aligned across policies).
    @inlinable
    public mutating func nextGaussian() -> Double {
        let u1 = nextUnit()
        let u2 = nextUnit()
        return Self.gaussianRadius(u1) * Self.gaussianCosine(u2)
    }

    /// Box-Muller's radius `sqrt(-2 log u1)` (never negative) of the first uniform of a deviate.
    @inline(__always)
    @inlinable public static func gaussianRadius(_ u1: Double) -> Double { (-2 * log(max(u1, 0x1.0p-53))).squareRoot() }

    /// Box-Muller's cosine `cos(2 pi u2)` of the second uniform: the deviate's sign.
    @inline(__always)
    @inlinable public static func gaussianCosine(_ u2: Double) -> Double { cos(2 * Double.pi * u2) }

    /// Whether ``gaussianCosine(_:)`` of `u2` in [0, 1) is positive, from its angle alone. The
    /// angle `t = 2 pi u2` is a double in [0, 2 pi): none is exactly pi/2 or 3 pi/2, so the
    /// cosine is never 0, and it is positive exactly for t up to the double just below pi/2
    /// (0x1.921fb54442d18p0, cosine 6.1e-17) and from the double just above 3 pi/2
    /// (0x1.2d97c7f3321d3p2, cosine 7.0e-16); its neighbours across have cosines -1.6e-16 and
    /// -1.8e-16. Those are far above the cosine's error (under an ulp), so any accurate `cos`
    /// has these signs (tested against the platform's on and around both crossings).
    @inline(__always)
    @inlinable public static func gaussianCosineIsPositive(_ u2: Double) -> Bool {
        let t = 2 * Double.pi * u2
        // Both comparisons, without a branch between them (the sign is a coin toss): t <= pi/2
        // (then also below 3pi/2) or not below 3pi/2.
        return (t <= 0x1.921fb54442d18p0) == (t < 0x1.2d97c7f3321d3p2)
    }
}

