/// Who receives relief at a correction.
public enum ReliefTargeting: String, Sendable, CaseIterable, Hashable {
    /// Every agent receives the same amount.
    case uniform
    /// Relief goes to agents in proportion to their total stock above floor.
    case mostConstrained
}

/// A post-hoc correction: at `step`, switch the objective and optionally spend a relief budget
/// that lowers stocks. Locked floors and scars stay.
public struct CorrectionConfig: Sendable, Equatable, Hashable {
    /// Step at which the correction happens; nil means no correction.
    public var step: Int? = nil
    /// Objective after the correction.
    public var objective = Objective.welfareAware
    /// Relief budget in stock units per agent (total budget = reliefBudget * agents).
    public var reliefBudget = 0.0
    public var reliefTargeting = ReliefTargeting.uniform

    public init() {}
}
