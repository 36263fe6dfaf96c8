/// Rule-mediated safeguards: if-then rules on observed proxies. The rule watches smoothed
/// observed engagement (it cannot see welfare) and serves a cool-down item when engagement
/// looks compulsive. Missing, noisy and inverted feedback from distrustful agents blinds it.
public enum ProxyRules {
    /// Smoothed observed engagement after one more observation (unchanged when none).
    @inlinable
    public static func smoothed(previous: Double, observation: Double?, smoothing: Double) -> Double {
        guard let o = observation else { return previous }
        return previous + smoothing * (o - previous)
    }

    /// Whether the cool-down rule fires for this agent.
    @inlinable
    public static func fires(smoothedEngagement: Double, config: RuleSafeguardConfig) -> Bool {
        config.enabled && smoothedEngagement > config.engagementCeiling
    }

    /// The lowest-footprint item among a segment's ranked items (the cool-down item), or -1.
    @inlinable
    public static func coolDownItem(ranked: UnsafePointer<Int32>, count: Int, normalizedFootprint: UnsafePointer<Double>) -> Int {
        var best = -1
        for r in 0..<count {
            let j = Int(ranked[r])
            if j >= 0 && (best < 0 || normalizedFootprint[j] < normalizedFootprint[best]) { best = j }
        }
        return best
    }
}
