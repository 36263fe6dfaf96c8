import Foundation

/// `simrunner hypotheses`: every declared hypothesis of finished output directories as one
/// Markdown table, those that do not hold first (docs/results.md section 9 is made by it).
enum HypothesesCommand {
    static let spec = CommandSpec(
        name: "hypotheses",
        summary: "Print the declared hypotheses of output directories as a Markdown table, those that do not hold first.",
        usage: "DIR...",
        options: [],
        positionals: 1...256,
        positionalHelp: [("DIR", "Finished output directories of correct, compare, ablate or audit (each with its hypotheses.csv).")],
        positionalNouns: ("directory", "directories"),
        discussion: """
        Reads each directory's hypotheses.csv (the verdicts the experiment wrote when it finished) and the
        command in its manifest.json, and prints one table: verdict, hypothesis, estimate, 95% interval,
        how it was estimated and the command that produced it; contradicted first, then inconclusive,
        undefined and supported, in the order given within a verdict. Nothing is re-judged here: the
        verdicts are the experiments' own (docs/hypotheses.md). A directory without hypotheses.csv adds
        no rows. Example:
          simrunner hypotheses outputs/results/correct-default outputs/results/ablate-hypotheses > section.md
        """)

    static func execute(_ parsed: ParsedCommand, commandLine: [String]) throws -> Int32 {
        var rows: [HypothesesReport.Row] = []
        for path in parsed.positionals {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw UsageError("'\(SafeText.shown(path, limit: 160))': no such directory")
            }
            rows += try HypothesesReport.rows(URL(fileURLWithPath: path))
        }
        guard !rows.isEmpty else {
            throw UsageError("no declared hypotheses in \(parsed.positionals.count == 1 ? "this directory" : "these directories") (none has a hypotheses.csv)")
        }
        try Console.out(HypothesesReport.markdown(rows))
        return 0
    }
}
