import Foundation

/// The hypotheses an experiment was asked to judge: from `--hypothesis EXPR` (repeatable) and
/// `--hypotheses FILE` (a JSON array of strings, or an object with a "hypotheses" array).
/// They are parsed and checked against what the experiment can estimate before anything runs,
/// so a typo costs a second, not a sweep.
struct DeclaredHypotheses: Sendable {
    var hypotheses: [Hypothesis]

    static let options: [OptionSpec] = [
        .repeating("hypothesis", "EXPR", help: "A hypothesis to judge, e.g. \"R(100) > 0.5\" (repeatable); see docs/hypotheses.md."),
        .value("hypotheses", "FILE", help: "A JSON file with a list of hypotheses (an array of strings, or {\"hypotheses\": [...]})."),
    ]

    /// The largest number of hypotheses one experiment judges.
    static let limit = 200

    static func load(_ parsed: ParsedCommand) throws -> DeclaredHypotheses {
        var texts = parsed.values("hypothesis")
        if let path = parsed.value("hypotheses") {
            texts += try readFile(path)
        }
        guard texts.count <= limit else {
            throw UsageError("\(texts.count) hypotheses declared; at most \(limit) are allowed")
        }
        var out: [Hypothesis] = []
        for t in texts {
            do { out.append(try HypothesisParser.parse(t)) } catch { throw UsageError(error.description) }
        }
        return DeclaredHypotheses(hypotheses: out)
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
        var verdict: Hypothesis.Verdict { hypothesis.verdict(on: estimate) }
    }

    /// Judges every hypothesis with `estimate`, which returns nil where the quantity is undefined.
    func judge(_ estimate: (Hypothesis.Quantity) -> Hypothesis.Estimate?) -> [Judgement] {
        hypotheses.map { Judgement(hypothesis: $0, estimate: estimate($0.quantity)) }
    }

    static func findings(_ judgements: [Judgement]) -> String {
        guard !judgements.isEmpty else { return "" }
        var s = "declared hypotheses (supported or contradicted only when the whole 95% interval is on one side):\n"
        for j in judgements { s += "  " + j.hypothesis.finding(j.estimate) + "\n" }
        return s
    }

    static func table(_ judgements: [Judgement]) -> [UInt8] {
        var t = CSVTable(columns: ["hypothesis", "quantity", "relation", "threshold", "estimate", "low", "high", "verdict", "basis"])
        for j in judgements {
            let e = j.estimate
            t.append([j.hypothesis.text, j.hypothesis.quantity.description, j.hypothesis.relation.rawValue,
                      CSVTable.format(j.hypothesis.threshold),
                      e.map { CSVTable.format($0.value) } ?? "", e?.interval.map { CSVTable.format($0.lowerBound) } ?? "",
                      e?.interval.map { CSVTable.format($0.upperBound) } ?? "", j.verdict.rawValue, e?.basis ?? ""])
        }
        return t.takeBytes()
    }
}
