/// What an agent has lived through recently, each in [0, 1]: the evidence against which
/// a frame is judged to fit.
public struct Experience: Sendable, Equatable {
    /// Recent benefit received (an exponential moving average).
    public var benefit: Double
    /// Trust in the deployed system.
    public var trust: Double
    /// Constraint load: the fraction of the agent's dimensions that are locked.
    public var constraintLoad: Double

    public init(benefit: Double, trust: Double, constraintLoad: Double) {
        self.benefit = benefit
        self.trust = trust
        self.constraintLoad = constraintLoad
    }

    /// How well a frame with `cue` fits this experience, in [0, 1].
    @inlinable
    public func fit(_ cue: ExperienceCue) -> Double {
        let raw: Double
        switch cue {
        case .none: raw = 1
        case .benefit: raw = benefit * trust
        case .harm: raw = 1 - trust
        case .constraint: raw = constraintLoad
        }
        return min(max(raw, 0), 1)
    }
}
