/// Parameters of constraint stocks and their lock thresholds. Arrays hold one value per
/// ``Dimension`` (economic, institutional, attention, narrative). Stocks are in units of the
/// mean lock threshold: a stock of 1 is at a typical agent's threshold.
public struct ConstraintConfig: Sendable, Equatable, Hashable {
    /// Initial stocks are uniform in [0, initialStock] (stock units).
    public var initialStock: [Double] = [0.2, 0.2, 0.2, 0.1]
    /// Fraction of an unlocked stock that decays each step (1/step).
    public var decay: [Double] = [0.01, 0.008, 0.02, 0.01]
    /// Peer spillover: inflow per step per unit of the neighbours' mean stock (1/step). The
    /// neighbours' mean counts at most 1 (a typical threshold), so spillover cannot run away.
    public var spillover: [Double] = [0.002, 0.002, 0.004, 0.003]
    /// Cross-dimension coupling, row = locked dimension, column = dimension sped up:
    /// accumulation into `column` is multiplied by `1 + coupling[row][column]` while `row` is locked.
    public var coupling: [[Double]] = [
        [0.0, 0.5, 0.2, 0.0],
        [0.3, 0.0, 0.0, 0.2],
        [0.2, 0.0, 0.0, 0.3],
        [0.0, 0.2, 0.3, 0.0],
    ]
    /// Mean lock threshold per dimension (stock units).
    public var thresholdMean: [Double] = [1, 1, 1, 1]
    /// Heterogeneity of thresholds: the standard deviation of log-threshold (lognormal, mean kept).
    public var thresholdSpread: [Double] = [0.3, 0.3, 0.3, 0.3]
    /// Ratchet: on locking, the stock gets a floor at this fraction of the agent's threshold (or
    /// at the stock itself, if contagion let it lock lower); neither decay nor relief takes it lower.
    public var floorFraction: [Double] = [0.8, 0.8, 0.6, 0.9]
    /// Hysteresis: a locked dimension unlocks only when its stock falls below this fraction of
    /// the threshold. At or below `floorFraction` a lock is permanent, unless threshold
    /// contagion let it lock with a stock (and so a floor) below this level.
    public var unlockFraction: [Double] = [0.4, 0.4, 0.5, 0.3]
    /// Scarring: each lock multiplies future accumulation in that dimension by (1 + scarGain).
    public var scarGain: [Double] = [0.25, 0.25, 0.25, 0.25]
    /// Threshold contagion: an agent's effective threshold is lowered by this fraction times
    /// the fraction of its neighbours locked in the same dimension (Granovetter/Watts).
    public var contagion: [Double] = [0.3, 0.3, 0.3, 0.5]

    public init() {}
}
