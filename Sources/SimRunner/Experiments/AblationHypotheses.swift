/// What `ablate` can estimate for a declared hypothesis: the paired change of one of its
/// measures when one mechanism is switched off, `Δ measure[mechanism]` (variant − base, the
/// `estimate`, `low` and `high` of ablation.csv), e.g. `Δ d_star[floor] < 0` or
/// `Δ horizon_welfare[hysteresis] <= -0.02` ("switching hysteresis off lowers welfare by at
/// least 0.02").
extension Ablation {
    /// The measures a hypothesis may name, with the ablation.csv measure each reads: the run's
    /// measures, then (with delays) the stake, R(d) and d*, named as `correct` names them.
    static let hypothesisMeasures: [(name: String, perDelay: Bool, csvMeasure: String)] =
        runMeasures.map { ($0.name, false, $0.name) } + [("stake", false, "stake"), ("R", true, "recovery"), ("d_star", false, "point_of_no_return")]

    /// Nil when the hypothesis can be judged by this ablation, else why not (checked before running).
    func problem(with h: Hypothesis) -> String? {
        guard case .change(let name, _, let mechanism) = h.quantity else { return nil }
        guard let plan = plans.first(where: { $0.mechanism.name == mechanism }) else {
            return "mechanism '\(mechanism)' is not ablated here (mechanisms: \(plans.map(\.mechanism.name).joined(separator: ", ")))"
        }
        guard plan.status.isMeasured else { return "mechanism '\(mechanism)' is \(plan.status.rawValue): nothing to measure" }
        let correctionMeasure = !Self.runMeasures.contains { $0.name == name }
        if correctionMeasure && delays.isEmpty {
            return "\(name) needs the correction runs: give --delays (not 'none')"
        }
        return HypothesisExperiment.delayProblem(h.quantity, delays: delays)
    }

    func estimate(_ q: Hypothesis.Quantity, in r: Result) -> Hypothesis.Estimate? {
        guard case .change(let name, let argument, let mechanism) = q,
              let csv = Self.hypothesisMeasures.first(where: { $0.name == name })?.csvMeasure,
              let m = r.mechanisms.first(where: { $0.plan.mechanism.name == mechanism }),
              let e = m.estimates.first(where: { $0.measure == csv && $0.delay.map(Double.init) == argument }),
              let value = e.estimate else { return nil }
        let kind = csv == "recovery" || csv == "point_of_no_return" ? "difference of the pooled statistics, the same paired resamples"
            : "mean of paired differences"
        return .init(value: value, interval: e.interval,
                     basis: "\(m.plan.mechanism.name) off minus on (base: \(m.plan.baseDescription)), \(kind) over \(e.n) seeds, percentile bootstrap"
                        + (e.note.isEmpty ? "" : "; " + e.note))
    }
}
