/// The `hypotheses` key of a world file: what its author expects each experiment to find when
/// it runs this world, declared before it runs.
///
/// ```json
/// "hypotheses": {
///   "correct": ["R(100) > 0.5", "d_star < 250"],
///   "ablate":  ["Δ d_star[floor] < 0"],
///   "compare": ["horizon_welfare[constructive] - horizon_welfare[welfare-aware] >= 0.02"]
/// }
/// ```
///
/// Strict like every world key: an unknown experiment, a value that is not an array of strings,
/// a malformed hypothesis or a measure the experiment does not have is an error naming the file,
/// the key path (`hypotheses.correct[1]`), the value and what is allowed. What depends on the
/// command (the delays run, the worlds compared) is checked by the experiment before it runs.
/// The key is not part of the world: it changes no run, no world hash and no journal.
enum WorldHypotheses {
    static let key = "hypotheses"

    static func decode(_ node: JSONNode, source: String) -> (hypotheses: [HypothesisExperiment: [Hypothesis]], errors: [WorldError]) {
        var out: [HypothesisExperiment: [Hypothesis]] = [:]
        var errors: [WorldError] = []
        let experiments = HypothesisExperiment.allCases.map(\.rawValue)
        guard case .object(let members) = node.value else {
            return ([:], [WorldError(source: source, line: node.line, column: node.column, path: key, value: node.typeName,
                                     message: "expected an object keyed by experiment (\(experiments.joined(separator: ", "))), each an array of hypotheses")])
        }
        for m in members {
            let path = "\(key).\(m.key)"
            guard let experiment = HypothesisExperiment(rawValue: m.key) else {
                var message = "unknown experiment"
                if let near = nearestName(to: m.key, among: experiments) { message += " (did you mean '\(near)'?)" }
                errors.append(WorldError(source: source, line: m.keyLine, column: m.keyColumn, path: path, value: nil,
                                         message: message + "; hypotheses are declared for \(experiments.joined(separator: ", "))"))
                continue
            }
            guard case .array(let items) = m.value.value else {
                errors.append(WorldError(source: source, line: m.value.line, column: m.value.column, path: path, value: m.value.typeName,
                                         message: "expected an array of hypotheses (strings), e.g. [\"\(experiment.example)\"]"))
                continue
            }
            guard items.count <= DeclaredHypotheses.limit else {
                errors.append(WorldError(source: source, line: m.value.line, column: m.value.column, path: path, value: "\(items.count) hypotheses",
                                         message: "at most \(DeclaredHypotheses.limit) are allowed"))
                continue
            }
            var list: [Hypothesis] = []
            for (k, item) in items.enumerated() {
                let itemPath = "\(path)[\(k)]"
                func fail(_ value: String, _ message: String) {
                    errors.append(WorldError(source: source, line: item.line, column: item.column, path: itemPath, value: value, message: message))
                }
                guard case .string(let text) = item.value else {
                    fail(item.typeName, "expected a string such as \"\(experiment.example)\"")
                    continue
                }
                let h: Hypothesis
                do { h = try HypothesisParser.parse(text) } catch {
                    fail(text, error.reason + "; see docs/hypotheses.md")
                    continue
                }
                if let problem = experiment.problem(h) {
                    fail(text, problem)
                    continue
                }
                list.append(h)
            }
            out[experiment, default: []] += list
        }
        return (out, errors)
    }
}

extension HypothesisExperiment {
    /// A hypothesis this experiment judges, for messages.
    var example: String {
        switch self {
        case .correct: "R(100) > 0.5"
        case .ablate: "Δ d_star[floor] < 0"
        case .compare: "horizon_welfare[A] - horizon_welfare[B] > 0"
        case .audit: "final_trust[POLICY] > 0.3"
        }
    }
}
