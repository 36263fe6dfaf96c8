/// What is measured and how.
public struct MeasurementConfig: Sendable, Equatable, Hashable {
    /// Horizon welfare is the mean over the last `window` steps.
    public var window = 50
    /// A lock-in cascade is a step with at least this many new dimension locks per agent.
    public var cascadeFraction = 0.01
    /// Number of agent pairs sampled to measure homogenization (Jaccard similarity of consumption).
    public var homogenizationPairs = 1000
    /// Number of recent steps whose consumed item (if any) is kept per agent for homogenization.
    public var historyLength = 10

    public init() {}
}
