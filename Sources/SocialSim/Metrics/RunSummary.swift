/// Run-level measures computed from a run's step series.
public struct RunSummary: Sendable, Equatable {
    /// Mean welfare over the last `measurement.window` steps: the W in recovery R(d).
    public var horizonWelfare = 0.0
    /// Mean proxy reward over the same window.
    public var horizonProxy = 0.0
    /// Mean served fraction and feedback rate over the same window: the base of `horizonProxy`.
    public var horizonServed = 0.0
    public var horizonFeedbackRate = 0.0
    /// Means over the same window of the steps where each is defined (nil: none is): the
    /// estimate drift and bias and the feedback fidelity. Not in summary.csv; compare reports them.
    public var horizonEstimateDrift: Double? = nil
    public var horizonEstimateBias: Double? = nil
    public var horizonFeedbackFidelity: Double? = nil
    public var initialTrust = 0.0
    public var finalTrust = 0.0
    /// First step at which mean trust is at most half its step-0 value (nil: never).
    public var trustHalvedStep: Int? = nil
    public var finalExited = 0.0
    /// Locked fraction per dimension at the horizon.
    public var finalLocked = [Double](repeating: 0, count: Dimension.count)
    /// First step with at least `cascadeFraction * agents` new dimension locks (nil: never).
    public var firstCascadeStep: Int? = nil
    /// Lock clustering at the first cascade step and its degree-preserving null (nil: no cascade or undefined).
    public var cascadeLockNeighbourShare: Double? = nil
    public var cascadeLockNeighbourShareNull: Double? = nil
    /// The same at the last row (nil: undefined there).
    public var finalLockNeighbourShare: Double? = nil
    public var finalLockNeighbourShareNull: Double? = nil
    public var initialEntropy = 0.0
    public var finalEntropy = 0.0
    public var finalReflectiveDistance = 0.0
    /// Homogenization at the last row (nil: undefined, too few pairs of consumers) and its base.
    public var finalHomogenization: Double? = nil
    public var finalHomogenizationPairs = 0
    /// Consumption concentration (HHI) at the last row (nil: nobody consumed).
    public var finalConsumptionConcentration: Double? = nil
    public var finalFrameShares: [Double] = []

    public init() {}

    /// `cascadeFraction` is the world's `measurement.cascadeFraction`: a cascade is a step
    /// with at least that many new dimension locks per agent.
    public init(series: [StepMetrics], agents: Int, window: Int, cascadeFraction: Double = MeasurementConfig().cascadeFraction) {
        guard let first = series.first, let last = series.last else { return }
        let tail = series.suffix(max(1, min(window, series.count)))
        horizonWelfare = tail.map(\.welfare).reduce(0, +) / Double(tail.count)
        horizonProxy = tail.map(\.proxyReward).reduce(0, +) / Double(tail.count)
        horizonServed = tail.map(\.servedFraction).reduce(0, +) / Double(tail.count)
        horizonFeedbackRate = tail.map(\.feedbackRate).reduce(0, +) / Double(tail.count)
        horizonEstimateDrift = Self.definedMean(tail.compactMap(\.estimateDrift))
        horizonEstimateBias = Self.definedMean(tail.compactMap(\.estimateBias))
        horizonFeedbackFidelity = Self.definedMean(tail.compactMap(\.feedbackFidelity))
        initialTrust = first.trustMean
        finalTrust = last.trustMean
        trustHalvedStep = series.first { $0.trustMean <= first.trustMean / 2 }?.step
        finalExited = last.exitedFraction
        finalLocked = last.lockedFraction
        let cascadeSize = Double(agents) * cascadeFraction
        let cascade = series.first { Double($0.newLocks) >= cascadeSize }
        firstCascadeStep = cascade?.step
        cascadeLockNeighbourShare = cascade?.lockNeighbourShare
        cascadeLockNeighbourShareNull = cascade?.lockNeighbourShareNull
        finalLockNeighbourShare = last.lockNeighbourShare
        finalLockNeighbourShareNull = last.lockNeighbourShareNull
        initialEntropy = first.preferenceEntropy
        finalEntropy = last.preferenceEntropy
        finalReflectiveDistance = last.reflectiveDistance
        finalHomogenization = last.homogenization
        finalHomogenizationPairs = last.homogenizationPairs
        finalConsumptionConcentration = last.consumptionConcentration
        finalFrameShares = last.frameShares
    }

    private static func definedMean(_ xs: [Double]) -> Double? {
        xs.isEmpty ? nil : xs.reduce(0, +) / Double(xs.count)
    }

    /// Lock clustering beyond its degree-preserving null at the first cascade step: near 0 when
    /// the cascade is a common drive, positive when locks pass along ties (nil: undefined).
    public var cascadeLockClusteringExcess: Double? {
        guard let s = cascadeLockNeighbourShare, let n = cascadeLockNeighbourShareNull else { return nil }
        return s - n
    }

    /// The same at the horizon.
    public var finalLockClusteringExcess: Double? {
        guard let s = finalLockNeighbourShare, let n = finalLockNeighbourShareNull else { return nil }
        return s - n
    }
}
