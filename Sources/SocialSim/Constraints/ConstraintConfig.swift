/// Parameters of constraint stocks and their lock thresholds. Arrays hold one value per
/// ``Dimension`` (economic, institutional, attention, narrative). Stocks are in units of the
/// mean lock threshold: a stock of 1 is at a typical agent's threshold.
public struct ConstraintConfig: Sendable, Equatable, Hashable {
    /// Initial stocks are uniform in [0, initialStock] (stock units).
    public var initialStock: [Double] = [0.2, 0.2, 0.2, 0.1]
    /// Fraction of an unlocked stock that decays each step (1/step).
    public var decay: [Double] = [0.01, 0.008, 0.02, 0.01]
    /// Fraction of a locked stock's excess over its ratchet floor that decays each step
    /// (1/step): a locked stock relaxes toward its floor, not toward 0, and more slowly than
    /// an unlocked one.
    public var lockedDecay: [Double] = [0.01, 0.008, 0.02, 0.01]
    /// Capacity of a stock (stock units): inflow is scaled by `max(0, 1 - stock / capacity)`,
    /// so stocks saturate below it instead of growing without bound.
    public var capacity: [Double] = [3, 3, 3, 3]
    /// Peer spillover: inflow per step per unit of the neighbours' mean stock (1/step).
    public var spillover: [Double] = [0.002, 0.002, 0.004, 0.003]
    /// The neighbours' mean stock counts at most this much in spillover (stock units), so
    /// spillover cannot run away.
    public var spilloverCap: [Double] = [1, 1, 1, 1]
    /// Share of spillover that still reaches a stock whose dimension is locked, in [0, 1].
    public var lockedSpillover: [Double] = [1, 1, 1, 1]
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
    public var floorFraction: [Double] = [0.3, 0.3, 0.25, 0.25]
    /// Hysteresis: a locked dimension unlocks only when its stock falls below this fraction of
    /// the threshold. At or below `floorFraction` a lock is permanent, unless threshold
    /// contagion let it lock with a stock (and so a floor) below this level.
    public var unlockFraction: [Double] = [0.65, 0.65, 0.6, 0.45]
    /// Scarring: each lock multiplies future accumulation in that dimension by (1 + scarGain).
    public var scarGain: [Double] = [0.25, 0.25, 0.25, 0.25]
    /// Threshold contagion: an agent's effective threshold is lowered by this fraction times
    /// the fraction of its neighbours locked in the same dimension (Granovetter/Watts).
    public var contagion: [Double] = [0.3, 0.3, 0.3, 0.5]

    public init() {}
}
