/// Trust in the deployed system. It rises slowly with perceived benefit and falls fast with
/// perceived harm: the asymmetry reported across the trust literature (Slovic 1993,
/// "trust is easier to destroy than to create") is a parameter pair, `gainRate < lossRate`.
public enum Trust {
    /// Trust after an outcome perceived as `outcome` (benefit minus expectation minus harm).
    /// Gains are scaled by the room left above (1 - trust), losses by the trust there is to lose,
    /// so trust stays in [0, 1].
    @inlinable
    public static func update(trust: Double, outcome: Double, drift: Double, config: TrustConfig) -> Double {
        var t = trust
        if outcome >= 0 {
            t += config.gainRate * min(outcome, 1) * (1 - t)
        } else {
            t += config.lossRate * max(outcome, -1) * t
        }
        return min(max(t + drift, 0), 1)
    }

    /// An exited agent gets no outcomes from the system; its trust relaxes toward a baseline,
    /// pushed by its frame's drift and by harm it still perceives.
    @inlinable
    public static func updateExited(trust: Double, perceivedHarm: Double, drift: Double, config: TrustConfig) -> Double {
        var t = trust + config.exitRecovery * (config.baseline - trust)
        t += config.lossRate * max(-perceivedHarm, -1) * t
        return min(max(t + drift, 0), 1)
    }

    /// Exit below `exitLevel`, return at `reentryLevel` (hysteresis).
    @inlinable
    public static func isExited(trust: Double, wasExited: Bool, config: TrustConfig) -> Bool {
        wasExited ? trust < config.reentryLevel : trust < config.exitLevel
    }
}
