/// The population measures of one step (DESIGN §4 "run"). All shares and means of bounded
/// quantities are in [0, 1].
public struct StepMetrics: Sendable, Equatable {
    public var step = 0
    /// 1 from the correction step on.
    public var corrected = false
    /// Mean constraint stock per dimension (stock units).
    public var meanStock = [Double](repeating: 0, count: Dimension.count)
    /// Fraction of agents locked per dimension.
    public var lockedFraction = [Double](repeating: 0, count: Dimension.count)
    /// Dimensions that locked this step, summed over agents.
    public var newLocks = 0
    public var trustMean = 0.0
    /// Standard deviation of trust across agents.
    public var trustSpread = 0.0
    public var exitedFraction = 0.0
    /// Mean observed proxy feedback (what the optimizer learns from), over agents that gave any.
    public var proxyReward = 0.0
    /// Fraction of agents served an item (the population the proxy can come from).
    public var servedFraction = 0.0
    /// Fraction of agents who gave feedback (the base of `proxyReward`).
    public var feedbackRate = 0.0
    /// Fraction of agents who consumed the item shown.
    public var consumptionRate = 0.0
    /// Fraction of locked agents' neighbours who are locked (any dimension), and its expectation
    /// under a degree-preserving random relabelling of the locks (``LockClustering``); nil when undefined.
    public var lockNeighbourShare: Double? = nil
    public var lockNeighbourShareNull: Double? = nil
    /// Mean true welfare.
    public var welfare = 0.0
    /// Mean normalized entropy of expressed preferences.
    public var preferenceEntropy = 0.0
    /// Mean total-variation distance between expressed and reflective preferences.
    public var reflectiveDistance = 0.0
    /// Mean Jaccard similarity of recent consumption over the sampled pairs in which both agents
    /// consumed (nil: fewer than ``Homogenization/minimumPairs`` such pairs).
    public var homogenization: Double? = nil
    /// The pairs counted in `homogenization` (its base).
    public var homogenizationPairs = 0
    /// Pearson correlation, over agents who gave feedback this step, of the feedback the
    /// optimizer received with the true worth (welfare benefit) of the item served; nil below
    /// ``FeedbackFidelity/minimumPairs`` pairs or without variation in either.
    public var feedbackFidelity: Double? = nil
    /// Exposure-weighted mean absolute difference between the bandit's estimate of each item
    /// served and the served person's expected uncorrupted reward (``EstimateDrift``); nil
    /// when nothing was served.
    public var estimateDrift: Double? = nil
    /// The same mean of the signed difference, estimate minus expected reward; nil likewise.
    public var estimateBias: Double? = nil
    /// Herfindahl–Hirschman index of this step's consumption across items (nil: nobody consumed).
    public var consumptionConcentration: Double? = nil
    /// Share of agents holding each frame.
    public var frameShares: [Double] = []

    public init() {}
}
