/// Parameters of trust in the deployed system and of how low trust corrupts feedback.
public struct TrustConfig: Sendable, Equatable, Hashable {
    /// Initial trust of every agent, in [0, 1].
    public var initial = 0.6
    /// Rate at which trust rises with perceived net benefit (1/step). Slow.
    public var gainRate = 0.004
    /// Rate at which trust falls with perceived net harm (1/step). Fast: asymmetric.
    public var lossRate = 0.02
    /// Perceived benefit an agent expects; outcomes below it count as harm (benefit units).
    public var expectation = 0.35
    /// How much a one-unit rise in constraint stock hurts, in benefit units.
    public var harmSensitivity = 3.0
    /// Extra perceived harm when a dimension locks this step (benefit units).
    public var lockShock = 0.5
    /// Below this trust feedback degrades (missing, noisy, inverted), in [0, 1].
    public var feedbackLevel = 0.4
    /// Probability of missing feedback at zero trust (scaled linearly up to feedbackLevel).
    public var missingAtZero = 0.6
    /// Probability of inverted feedback at zero trust.
    public var inversionAtZero = 0.3
    /// Standard deviation of feedback noise at zero trust (reward units).
    public var noiseAtZero = 0.3
    /// Below this trust an agent exits: no items, no feedback.
    public var exitLevel = 0.15
    /// An exited agent returns when its trust reaches this level (at least exitLevel: hysteresis).
    public var reentryLevel = 0.35
    /// Exited agents' trust relaxes toward `baseline` at this rate (1/step), on top of frame drift.
    public var exitRecovery = 0.01
    /// The level exited agents' trust relaxes toward.
    public var baseline = 0.5

    public init() {}
}
