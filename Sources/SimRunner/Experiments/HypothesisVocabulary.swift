/// What each experiment can judge: the form a declared quantity may take there and the names of
/// its measures. The one place `--hypothesis`, `--hypotheses FILE` and a world file's
/// `hypotheses` key are checked against, before anything runs; the names come from each
/// experiment's own measure table, never from a list kept here.
enum HypothesisExperiment: String, CaseIterable, Sendable {
    case correct, ablate, compare, audit

    /// A measure as written in a hypothesis: its name and whether it takes a delay, `R(d)`.
    struct Measure: Sendable {
        var name: String
        var perDelay: Bool
        var written: String { perDelay ? "\(name)(d)" : name }
    }

    var measures: [Measure] {
        switch self {
        case .correct: CorrectionExperiment.hypothesisMeasures.map { Measure(name: $0.name, perDelay: $0.perDelay) }
        case .ablate: Ablation.hypothesisMeasures.map { Measure(name: $0.name, perDelay: $0.perDelay) }
        case .compare: Comparison.measures.map { Measure(name: $0.name, perDelay: false) }
        case .audit: Audit.scalarMeasures.map { Measure(name: $0.name, perDelay: false) }
        }
    }

    /// How a quantity is written in this experiment, for messages.
    var forms: String {
        switch self {
        case .correct: "measure or measure(d), or measure(d1) - measure(d2) for a per-delay measure"
        case .ablate: "Δ measure[mechanism] or Δ measure(d)[mechanism], the change when the mechanism is switched off"
        case .compare: "measure[world] or measure[A] - measure[B]"
        case .audit: "measure[policy] or measure[A] - measure[B]"
        }
    }

    /// The measures, as written, for messages: "R(d), d_star, stake, ...".
    var allowedNames: String { measures.map(\.written).joined(separator: ", ") }

    /// Nil when the hypothesis has a form and a measure this experiment judges, else why not.
    /// Context (which delays, worlds or mechanisms an experiment has) is checked by the experiment.
    func problem(_ h: Hypothesis) -> String? {
        let q = h.quantity
        let formOK: Bool
        switch (self, q) {
        case (.correct, .measure), (.correct, .argumentDifference), (.ablate, .change),
             (.compare, .inWorld), (.compare, .difference), (.audit, .inWorld), (.audit, .difference): formOK = true
        default: formOK = false
        }
        guard formOK else { return "\(rawValue) judges \(forms), not \(q)" }
        guard let m = measures.first(where: { $0.name == q.name }) else {
            return "\(rawValue) has no measure '\(q.name)' (measures: \(allowedNames))"
        }
        let argument: Double? = switch q {
        case .measure(_, let a), .change(_, let a, _): a
        case .argumentDifference(_, let a, _): a
        default: nil
        }
        if m.perDelay && argument == nil { return "\(m.name) is per delay: write \(m.name)(d), e.g. \(m.name)(100)" }
        if !m.perDelay && argument != nil { return "\(m.name) takes no delay: write \(m.name)" }
        if case .argumentDifference = q, !m.perDelay { return "only a per-delay measure can be compared at two delays" }
        return nil
    }

    /// Nil when every delay the quantity names is among `delays`, else why not.
    static func delayProblem(_ q: Hypothesis.Quantity, delays: [Int]) -> String? {
        let named: [Double] = switch q {
        case .measure(_, let a?), .change(_, let a?, _): [a]
        case .argumentDifference(_, let a, let b): [a, b]
        default: []
        }
        for d in named where !delays.contains(where: { Double($0) == d }) {
            return "delay \(ParameterKindText.number(d)) is not among the delays run (\(delays.map(String.init).joined(separator: ", ")))"
        }
        return nil
    }
}
