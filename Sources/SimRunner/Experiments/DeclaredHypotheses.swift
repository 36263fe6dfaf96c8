import Foundation

/// The hypotheses an experiment was asked to judge: from `--hypothesis EXPR` (repeatable),
/// `--hypotheses FILE` (a JSON array of strings, or an object with a "hypotheses" array) and
/// the `hypotheses` key of the world files it runs (``WorldHypotheses``), in that order.
/// They are parsed and checked against what the experiment can estimate before anything runs,
/// so a typo costs a second, not a sweep.
struct DeclaredHypotheses: Sendable {
    var hypotheses: [Hypothesis]
    /// Where each was declared ("--hypothesis", the file, "worlds/x.json hypotheses.correct[0]").
    var origins: [String]

    init(hypotheses: [Hypothesis], origins: [String]? = nil) {
        self.hypotheses = hypotheses
        self.origins = origins ?? hypotheses.map { _ in "--hypothesis" }
    }

    static let options: [OptionSpec] = [
        .repeating("hypothesis", "EXPR", help: "A hypothesis to judge, e.g. \"R(100) > 0.5\" (repeatable); see docs/hypotheses.md."),
        .value("hypotheses", "FILE", help: "A JSON file with a list of hypotheses (an array of strings, or {\"hypotheses\": [...]})."),
    ]

    /// The largest number of hypotheses one experiment judges.
    static let limit = 200

    /// The declared hypotheses of `experiment`: the command line's, then those of `worlds`, each
    /// checked by the experiment's vocabulary and then by `problem` (its context: delays, worlds,
    /// mechanisms). The first problem is thrown as a usage error naming where it was declared.
    static func load(_ parsed: ParsedCommand, experiment: HypothesisExperiment, worlds: [WorldLoader.Loaded] = [],
                     problem: (Hypothesis) -> String? = { _ in nil }) throws -> DeclaredHypotheses {
        var texts = parsed.values("hypothesis").map { (text: $0, origin: "--hypothesis") }
        if let path = parsed.value("hypotheses") {
            texts += try readFile(path).enumerated().map { (text: $1, origin: "\(path) [\($0)]") }
        }
        var out: [Hypothesis] = [], origins: [String] = []
        for t in texts {
            do { out.append(try HypothesisParser.parse(t.text)) } catch { throw UsageError("\(t.origin): \(error.description)") }
            origins.append(t.origin)
        }
        for w in worlds {
            for (k, h) in (w.hypotheses[experiment] ?? []).enumerated() {
                out.append(h)
                origins.append("\(w.source) hypotheses.\(experiment.rawValue)[\(k)]")
            }
        }
        guard out.count <= limit else {
            throw UsageError("\(out.count) hypotheses declared; at most \(limit) are allowed")
        }
        for (h, origin) in zip(out, origins) {
            if let p = experiment.problem(h) ?? problem(h) { throw UsageError("\(origin): hypothesis \"\(h.text)\": \(p)") }
        }
        return DeclaredHypotheses(hypotheses: out, origins: origins)
    }

    private static func readFile(_ path: String) throws -> [String] {
        let data: [UInt8]
        do { data = try InputFile.read(path, limit: 1 << 20) } catch {
            throw UsageError("hypotheses file \(error)")
        }
        let node: JSONNode
        do { node = try JSONParser().parse(data) } catch {
            throw UsageError("\(path): \(error)")
        }
        var list = node
        if let members = node.value.objectMembers {
            guard members.count == 1, let m = members.first, m.key == "hypotheses" else {
                throw UsageError("\(path): expected an array of strings or an object with the one key \"hypotheses\"")
            }
            list = m.value
        }
        guard let items = list.value.arrayValue else {
            throw UsageError("\(path): expected an array of strings, got \(list.typeName)")
        }
        guard items.count <= limit else { throw UsageError("\(path): \(items.count) hypotheses; at most \(limit) are allowed") }
        return try items.enumerated().map { k, item in
            guard let s = item.value.stringValue else {
                throw UsageError("\(path): hypotheses[\(k)] (line \(item.line)): expected a string, got \(item.typeName)")
            }
            return s
        }
    }

    /// One verdict per hypothesis, with its estimate, for findings and `hypotheses.csv`.
    struct Judgement: Sendable {
        var hypothesis: Hypothesis
        var estimate: Hypothesis.Estimate?
        var origin: String = "--hypothesis"
        var verdict: Hypothesis.Verdict { hypothesis.verdict(on: estimate) }
    }

    /// Judges every hypothesis with `estimate`, which returns nil where the quantity is undefined.
    /// Every experiment judges through here, so the verdict rule is one.
    func judge(_ estimate: (Hypothesis.Quantity) -> Hypothesis.Estimate?) -> [Judgement] {
        zip(hypotheses, origins).map { Judgement(hypothesis: $0, estimate: estimate($0.quantity), origin: $1) }
    }

    static func findings(_ judgements: [Judgement]) -> String {
        guard !judgements.isEmpty else { return "" }
        var s = "declared hypotheses (supported or contradicted only when the whole 95% interval is on one side):\n"
        for j in judgements { s += "  " + j.hypothesis.finding(j.estimate) + "\n" }
        return s
    }

    static let columns = ["hypothesis", "quantity", "relation", "threshold", "estimate", "low", "high",
                          "estimate_status", "low_status", "high_status", "verdict", "basis", "declared_in"]

    /// A censored estimate or interval end (d* beyond the last delay) is an empty cell, so every
    /// number column reads as numbers in pandas and R; its status column says which way it is unbounded.
    private static func number(_ x: Double?) -> String { x.map { $0.isFinite ? CSVTable.format($0) : "" } ?? "" }
    private static func status(_ x: Double?) -> String {
        guard let x, x.isInfinite else { return "" }
        return x > 0 ? "unbounded_above" : "unbounded_below"
    }

    static func table(_ judgements: [Judgement]) -> [UInt8] {
        var t = CSVTable(columns: columns)
        for j in judgements {
            let e = j.estimate
            t.append([j.hypothesis.text, j.hypothesis.quantity.description, j.hypothesis.relation.rawValue,
                      CSVTable.format(j.hypothesis.threshold),
                      number(e?.value), number(e?.interval?.lowerBound), number(e?.interval?.upperBound),
                      status(e?.value), status(e?.interval?.lowerBound), status(e?.interval?.upperBound),
                      j.verdict.rawValue, e?.basis ?? "", j.origin])
        }
        return t.takeBytes()
    }
}
