/// How trust decayed and whether it came back, from a run's series.
///
/// Definitions (all in steps; nil when the event never happens):
/// - `halfLife`: first step at which mean trust is at most half its step-0 value.
/// - `collapseStep`: first step at which mean trust is below `collapseLevel`.
/// - `lossTime`: steps from 0 until mean trust has lost half of what it lost by the
///   correction step (or, without a correction, by its minimum).
/// - `regainTime`: steps after the correction until mean trust has regained half of what it lost
///   before the correction.
/// - `lossRegainTimeRatio`: lossTime / regainTime; below 1, trust was lost faster than it was
///   regained. It is a ratio of times, not of rates: the loss is driven by the harms before the
///   correction and the regain by the benefits after it, so it mixes the trust rates' asymmetry
///   with the sizes of those outcomes (0.3 to 0.4 with 5:1 rates, 2.5 to 3.9 with equal rates in
///   the audit). Hence its name (it was `asymmetry`); the rate asymmetry itself is the world's
///   `trust.lossRate / trust.gainRate`.
/// - `recovery`: mean trust at the horizon minus mean trust at the correction step.
public struct TrustMeasures: Sendable, Equatable {
    public var halfLife: Int?
    public var collapseStep: Int?
    public var lossTime: Int?
    public var regainTime: Int?
    public var lossRegainTimeRatio: Double?
    public var recovery: Double?

    public init(series: [StepMetrics], collapseLevel: Double, correctionStep: Int?) {
        guard let first = series.first else { return }
        let t0 = first.trustMean
        halfLife = series.first { $0.trustMean <= t0 / 2 }?.step
        collapseStep = series.first { $0.trustMean < collapseLevel }?.step
        let before = correctionStep.map { c in series.prefix { $0.step <= c } } ?? series[...]
        guard let low = correctionStep.flatMap({ c in series.first { $0.step == c }?.trustMean })
                ?? before.map(\.trustMean).min() else { return }
        let lost = t0 - low
        if lost > 0 {
            lossTime = before.first { t0 - $0.trustMean >= lost / 2 }?.step
        }
        guard let c = correctionStep, let last = series.last else { return }
        recovery = last.trustMean - low
        if lost > 0 {
            regainTime = series.first { $0.step >= c && $0.trustMean - low >= lost / 2 }.map { $0.step - c }
        }
        if let l = lossTime, let r = regainTime, r > 0 { lossRegainTimeRatio = Double(l) / Double(r) }
    }
}
