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
        let x = distrust(trust: trust, config: config)
        if uMissing < min(1, config.missingAtZero * x + frameSilence) { return nil }
        var r = reward
        if uInvert() < min(1, config.inversionAtZero * x + frameInversion) { r = 1 - r }
        if x > 0 { r += config.noiseAtZero * x * noise() }
        return min(max(r, 0), 1)
    }
}
