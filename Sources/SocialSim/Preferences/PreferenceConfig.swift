/// Parameters of expressed and reflective preferences.
public struct PreferenceConfig: Sendable, Equatable, Hashable {
    /// Dirichlet concentration of reflective preferences (small = each agent cares about few topics).
    public var reflectiveConcentration = 0.5
    /// Initial expressed preferences are `initialAlignment * reflective + (1 - initialAlignment) * uniform`.
    public var initialAlignment = 0.8
    /// Step size by which a consumed item's topic pulls expressed preferences (per exposure).
    public var exposureRate = 0.01
    /// Attention-constrained agents are moved more: the step is multiplied by
    /// `1 + attentionSensitivity * attentionLoad`, with attentionLoad = min(1, stock/threshold).
    public var attentionSensitivity = 2.0

    public init() {}
}
