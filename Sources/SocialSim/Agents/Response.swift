/// How agents respond to an item, which is all the optimizer can observe.
public struct ResponseConfig: Sendable, Equatable, Hashable {
    /// Click probability of an item with no lure and no fit.
    public var baseClick = 0.05
    /// Weight of the item's lure on the click probability.
    public var lureWeight = 0.45
    /// Weight of the fit to expressed preferences on the click probability.
    public var fitWeight = 0.5
    /// Approval ratings weigh agreement with expressed preferences by this, lure by the rest:
    /// approval rewards telling people what they already like.
    public var approvalAgreement = 0.8

    public init() {}
}

/// The response rules.
public enum Response {
    /// What the proxy rewards in an item: appeal with weight `gap`, quality with `1 - gap`.
    /// This is the specification gap: at 0 the proxy tracks quality, at 1 only appeal.
    @inlinable
    public static func lure(appeal: Double, quality: Double, specificationGap gap: Double) -> Double {
        gap * appeal + (1 - gap) * quality
    }

    /// Probability of consuming (clicking) an item, in [0, 1].
    @inlinable
    public static func clickProbability(lure: Double, fit: Double, config: ResponseConfig) -> Double {
        min(max(config.baseClick + config.lureWeight * lure + config.fitWeight * fit, 0), 1)
    }

    /// Approval rating of a consumed item, in [0, 1].
    @inlinable
    public static func approval(lure: Double, fit: Double, config: ResponseConfig) -> Double {
        min(max(config.approvalAgreement * fit + (1 - config.approvalAgreement) * lure, 0), 1)
    }
}
