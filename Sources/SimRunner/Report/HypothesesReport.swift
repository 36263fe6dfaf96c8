import Foundation

/// The declared hypotheses of finished output directories (their hypotheses.csv and the command
/// in their manifest.json), for the HTML report and for the Markdown table that
/// `simrunner hypotheses` prints (docs/results.md, section "Where the hypotheses do not hold").
enum HypothesesReport {
    struct Row: Sendable {
        var hypothesis: String
        var verdict: String
        var estimate: String
        var low: String
        var high: String
        var basis: String
        var declaredIn: String
        var experiment: String
        var command: String
        var directory: String
    }

    /// Verdicts in the order tables list them: where the hypotheses do not hold first.
    static let verdictOrder = ["contradicted", "inconclusive", "undefined", "supported"]

    /// The rows of `directory`'s hypotheses.csv (none when it has no such file).
    static func rows(_ directory: URL) throws -> [Row] {
        let shown = SafeText.shown(DisplayPath.of(directory), limit: 160)
        let manifestURL = directory.appendingPathComponent("manifest.json")
        guard InputFile.exists(manifestURL.path) else {
            throw UsageError("'\(shown)' has no manifest.json; give a finished output directory of correct, compare, ablate or audit")
        }
        let manifest: JSONNode
        do { manifest = try JSONParser().parse(try InputFile.read(manifestURL.path, limit: ReportSource.maxManifestBytes)) } catch let e as JSONSyntaxError {
            throw UsageError("'\(SafeText.shown(DisplayPath.of(manifestURL), limit: 160))': not a valid manifest: \(e)")
        }
        guard manifest["program"]?.value.stringValue == "simrunner" else {
            throw UsageError("'\(SafeText.shown(DisplayPath.of(manifestURL), limit: 160))' is not a simrunner manifest")
        }
        let url = directory.appendingPathComponent("hypotheses.csv")
        guard InputFile.exists(url.path) else { return [] }
        let table = try CSVReader.read(url)
        guard table.columns == DeclaredHypotheses.columns else {
            throw UsageError("'\(SafeText.shown(DisplayPath.of(url), limit: 160))': not a hypotheses.csv of this simrunner (its header is not \(DeclaredHypotheses.columns.joined(separator: ",")))")
        }
        let command = (manifest["command"]?.value.arrayValue ?? []).compactMap { $0.value.stringValue }.map(shellWord).joined(separator: " ")
        let experiment = manifest["experiment"]?.value.stringValue ?? "run"
        func cell(_ row: [String], _ name: String) -> String { row[table.index(name)!] }
        // An unbounded end is an empty cell with a status; shown as "inf"/"-inf" below.
        func bounded(_ row: [String], _ name: String) -> String {
            switch cell(row, name + "_status") {
            case "unbounded_above": return "inf"
            case "unbounded_below": return "-inf"
            default: return cell(row, name)
            }
        }
        return try table.rows.enumerated().map { k, r in
            let verdict = cell(r, "verdict")
            guard verdictOrder.contains(verdict) else {
                throw UsageError("'\(SafeText.shown(DisplayPath.of(url), limit: 160))' line \(k + 2): unknown verdict \(UsageError.quote(verdict))")
            }
            return Row(hypothesis: cell(r, "hypothesis"), verdict: verdict, estimate: bounded(r, "estimate"), low: bounded(r, "low"),
                       high: bounded(r, "high"), basis: cell(r, "basis"), declaredIn: cell(r, "declared_in"), experiment: experiment,
                       command: command, directory: DisplayPath.of(directory))
        }
    }

    /// Rows sorted by verdict (contradicted, inconclusive, undefined, supported), keeping the
    /// given order within a verdict.
    static func sorted(_ rows: [Row]) -> [Row] {
        rows.enumerated().sorted { a, b in
            let (x, y) = (verdictOrder.firstIndex(of: a.element.verdict)!, verdictOrder.firstIndex(of: b.element.verdict)!)
            return x != y ? x < y : a.offset < b.offset
        }.map(\.element)
    }

    /// "0.832", "inf", or "" for an empty cell.
    static func number(_ text: String) -> String {
        if text == "inf" || text == "-inf" { return text == "inf" ? "∞" : "−∞" }
        guard let x = CSVReader.number(text) else { return text }
        return String(format: "%.3f", x)
    }

    static func interval(_ r: Row) -> String {
        r.low.isEmpty && r.high.isEmpty ? "none" : "[\(number(r.low)), \(number(r.high))]"
    }

    /// One line per verdict count: "12 hypotheses: 2 contradicted, 3 inconclusive, 0 undefined, 7 supported".
    static func tally(_ rows: [Row]) -> String {
        "\(rows.count) hypotheses: " + verdictOrder.map { v in "\(rows.filter { $0.verdict == v }.count) \(v)" }.joined(separator: ", ")
    }

    /// The Markdown table of every hypothesis, those that do not hold first.
    static func markdown(_ rows: [Row]) -> String {
        func esc(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }
        var s = tally(rows) + ".\n\n"
        s += "| verdict | hypothesis | estimate | 95% interval | how it was estimated | command |\n"
        s += "| --- | --- | ---: | --- | --- | --- |\n"
        for r in sorted(rows) {
            let verdict = r.verdict == "supported" ? r.verdict : "**\(r.verdict)**"
            s += "| \(verdict) | `\(esc(r.hypothesis))` | \(r.estimate.isEmpty ? "–" : number(r.estimate)) | \(interval(r)) | \(esc(r.basis)) | `\(esc(r.command))` |\n"
        }
        return s
    }

    /// The report section of one output directory, when it has declared hypotheses.
    static func add(_ directory: URL, to html: inout ReportHTML) throws {
        let rows = try rows(directory)
        guard !rows.isEmpty else { return }
        html.heading("Declared hypotheses")
        html.paragraph(tally(rows) + ". A hypothesis is supported or contradicted only when the whole 95% interval of its quantity lies on one side of its threshold; where it does not hold is listed first.")
        html.table(["verdict", "hypothesis", "estimate", "95% interval", "basis", "declared in"],
                   sorted(rows).map { [$0.verdict, $0.hypothesis, number($0.estimate), interval($0), $0.basis, $0.declaredIn] },
                   caption: "hypotheses.csv")
    }

    /// A command-line word as a POSIX shell reads it back.
    static func shellWord(_ w: String) -> String {
        let plain = !w.isEmpty && w.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-_./=:,+@%".unicodeScalars.contains($0)) }
        return plain ? w : "'" + w.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
