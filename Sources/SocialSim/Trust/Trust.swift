/// Trust in the deployed system. It rises slowly with perceived benefit and falls fast with
/// perceived harm: the asymmetry reported across the trust literature (Slovic 1993,
/// "trust is easier to destroy than to create") is a parameter pair, `gainRate < lossRate`.
public enum Trust {
    /// Trust after an outcome perceived as `outcome` (benefit minus expectation minus harm,
    /// clipped to [-1, 1]): it rises by `gainRate * outcome` and falls by `lossRate * |outcome|`,
    /// then is clamped to [0, 1]. The rates, not the current level, set the asymmetry, so an
    /// equal harm outweighs an equal benefit at every level of trust.
    @inlinable
    public static func update(trust: Double, outcome: Double, drift: Double, config: TrustConfig) -> Double {
        let o = min(max(outcome, -1), 1)
        let rate = o >= 0 ? config.gainRate : config.lossRate
        return min(max(trust + rate * o + drift, 0), 1)
    }

    /// An exited agent gets no outcomes from the system; its trust relaxes toward a baseline,
    /// pushed by its frame's drift and by harm it still perceives.
    @inlinable
    public static func updateExited(trust: Double, perceivedHarm: Double, drift: Double, config: TrustConfig) -> Double {
        let t = trust + config.exitRecovery * (config.baseline - trust) - config.lossRate * min(perceivedHarm, 1)
        return min(max(t + drift, 0), 1)
    }

    /// Exit below `exitLevel`, return at `reentryLevel` (hysteresis).
    @inlinable
    public static func isExited(trust: Double, wasExited: Bool, config: TrustConfig) -> Bool {
        wasExited ? trust < config.reentryLevel : trust < config.exitLevel
    }
}
