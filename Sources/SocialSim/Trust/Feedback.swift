/// What the optimizer actually receives. Below a trust level feedback degrades: it goes
/// missing, gets noisy, or is inverted (rating the opposite of the experience); frames add
/// their own silence and inversion. So the optimizer learns from a non-stationary,
/// mis-specified signal exactly where it is doing harm.
public enum Feedback {
    /// The distrust factor in [0, 1]: 0 at or above `feedbackLevel`, 1 at zero trust.
    @inlinable
    public static func distrust(trust: Double, config: TrustConfig) -> Double {
        guard config.feedbackLevel > 0 else { return 0 }
        return min(max((config.feedbackLevel - trust) / config.feedbackLevel, 0), 1)
    }

    /// The observed feedback for a true proxy `reward` in [0, 1], or nil when none is given.
    /// `uMissing` and `uInvert` are uniform in [0, 1), `noise` a standard normal deviate,
    /// evaluated only when trust is below `feedbackLevel` (above it the noise term is zero);
    /// `uInvert` is evaluated only when feedback is given.
    @inlinable
    public static func observe(
        reward: Double, trust: Double, frameSilence: Double, frameInversion: Double,
        config: TrustConfig, uMissing: Double, uInvert: @autoclosure () -> Double, noise: @autoclosure () -> Double
    ) -> Double? {
        // The deviate as the product 1 x noise (the same bits): its sign is the second factor's.
        // It is evaluated once (a caller's deviate may be a draw), for its sign and its value.
        var drawn: Double? = nil
        func deviate() -> Double {
            if let d = drawn { return d }
            let d = noise()
            drawn = d
            return d
        }
        return observe(reward: reward, trust: trust, frameSilence: frameSilence, frameInversion: frameInversion, config: config,
                       uMissing: uMissing, uInvert: uInvert(), noiseSign: deviate(), noiseRadius: 1, noiseCosine: deviate())
    }

    /// ``observe(reward:trust:frameSilence:frameInversion:config:uMissing:uInvert:noise:)`` with
    /// the normal deviate given as its two Box-Muller factors, `noise = noiseRadius * noiseCosine`
    /// with `noiseRadius >= 0`, so its sign is the cosine's; `noiseSign` is a number of the
    /// cosine's sign (0 when it is 0). The result is clamped to [0, 1]: a reward at a bound that
    /// the noise pushes outward ends at that bound whatever the noise's size, so there neither
    /// the radius (a `log` and a square root) nor the cosine is evaluated, only the sign.
    @inlinable
    public static func observe(
        reward: Double, trust: Double, frameSilence: Double, frameInversion: Double,
        config: TrustConfig, uMissing: Double, uInvert: @autoclosure () -> Double,
        noiseSign: @autoclosure () -> Double, noiseRadius: @autoclosure () -> Double, noiseCosine: @autoclosure () -> Double
    ) -> Double? {
        let x = distrust(trust: trust, config: config)
        if uMissing < min(1, config.missingAtZero * x + frameSilence) { return nil }
        var r = reward
        if uInvert() < min(1, config.inversionAtZero * x + frameInversion) { r = 1 - r }
        if x > 0 {
            let scale = config.noiseAtZero * x
            let sign = noiseSign()
            let outward = scale >= 0 && (r >= 1 && sign >= 0 || r <= 0 && sign <= 0)
            if !outward { r += scale * (noiseRadius() * noiseCosine()) }
        }
        return min(max(r, 0), 1)
    }
}
