/// The four safeguards, each off by default, and any combination of them can run together
/// (they stack: the rule, then region caps, then the consequence gate). The first three are
/// approaches known to fail in practice; whether they fail here comes from the dynamics.
public struct SafeguardConfig: Sendable, Equatable, Hashable {
    public var region = RegionSafeguardConfig()
    public var rules = RuleSafeguardConfig()
    public var templates = TemplateModerationConfig()
    public var gate = ConsequenceGateConfig()

    public init() {}
}

/// Region-based constraints: static caps in state space. When an agent's stock in any
/// dimension exceeds its cap, the optimizer serves it only items whose normalized footprint is
/// at most `maxFootprint` (what the agent chooses itself under user control is not filtered).
public struct RegionSafeguardConfig: Sendable, Equatable, Hashable {
    public var enabled = false
    /// Cap per dimension (stock units).
    public var caps: [Double] = [0.8, 0.8, 0.8, 0.8]
    /// Largest normalized footprint allowed for agents outside the region.
    public var maxFootprint = 0.2

    public init() {}
}

/// Rule-mediated safeguards: if-then rules on observed proxies. If an agent's smoothed
/// observed engagement exceeds `engagementCeiling`, it is served the lowest-footprint item of
/// its top-K for that step ("cool down"). The rule sees only feedback, which low trust corrupts.
public struct RuleSafeguardConfig: Sendable, Equatable, Hashable {
    public var enabled = false
    /// Ceiling on smoothed observed engagement, in [0, 1].
    public var engagementCeiling = 0.6
    /// Smoothing rate of observed engagement (1/step).
    public var smoothing = 0.1

    public init() {}
}

/// Template-driven moderation: the templates with the highest mean footprint at deployment
/// are blocked; each step, items in blocked templates are re-made in an unblocked template
/// with probability `supplyAdaptation` (supply routes around the filter).
public struct TemplateModerationConfig: Sendable, Equatable, Hashable {
    public var enabled = false
    /// Fraction of templates blocked, in [0, 1).
    public var blockedFraction = 0.3
    /// Per-step probability that an item in a blocked template moves to an unblocked one.
    public var supplyAdaptation = 0.02

    public init() {}
}
