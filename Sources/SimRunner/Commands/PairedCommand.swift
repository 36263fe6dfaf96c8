import Foundation

/// `simrunner paired`: every point of a finished sweep against one baseline point, paired on seeds.
enum PairedCommand {
    static let spec = CommandSpec(
        name: "paired",
        summary: "Compare every point of a finished sweep with one baseline point, paired on seeds (CSV on stdout).",
        usage: "SWEEP_DIR --against KEY=VALUE [--against KEY=VALUE]... [--series-mean C] [--series-at C@STEP] [--series-below C@LEVEL] [--bootstrap B]",
        options: [
            .repeating("against", "KEY=VALUE", help: "The baseline point: a value of the design for each swept key (repeat for several keys)."),
            .value("bootstrap", "B", help: "Bootstrap resamples for intervals (default 2000)."),
            .value("recovery-level", "R", help: "Correction sweeps: d* is the first crossing of this recovery level (default 0.5)."),
            .repeating("series-mean", "COLUMN", help: "Also compare mean_COLUMN: a series.csv column's mean over every step of each run."),
            .repeating("series-at", "COLUMN@STEP", help: "Also compare COLUMN_at_step_STEP: the column's value at that step."),
            .repeating("series-below", "COLUMN@LEVEL", help: "Also compare first_step_COLUMN_below_LEVEL: the first step the column is below the level (undefined if never)."),
        ],
        positionals: 1...1,
        positionalHelp: [("SWEEP_DIR", "The output directory of 'simrunner sweep' (plain or --experiment correct); its runs.csv is read.")],
        positionalNouns: ("sweep directory", "sweep directories"),
        discussion: """
        Writes paired.csv to stdout: one row per point and measure, with the point's mean over seeds, the
        baseline's mean on the same seeds (common random numbers), the paired difference point - baseline,
        and its 95% percentile bootstrap interval over seeds (the same resample of seed indices for both
        points; a fixed-seed stream, so the same bytes every time). The baseline's own rows have no difference.
        A plain sweep: every numeric measure of runs.csv; a mean is empty when a seed leaves the measure
        undefined. A correction sweep: the stake, recovery_<d> at every delay (R(d) pooled over seeds as a
        ratio of means) and d_star (the first crossing of the recovery level, interpolated between grid delays;
        empty unless crossed). An interval is empty when fewer than 95% of resamples define the difference.
        Examples:
          simrunner paired outputs/sweep --against optimizer.priorWeight=1 --series-below welfare@0.5 > paired.csv
          simrunner paired outputs/cap-correct --against optimizer.segments=8 --against optimizer.personalization=segment
        """)

    static func execute(_ parsed: ParsedCommand, commandLine: [String]) throws -> Int32 {
        let against = try parsed.keyValuePairs("against")
        guard !against.isEmpty else { throw UsageError("paired: give the baseline point with --against KEY=VALUE") }
        let directory = URL(fileURLWithPath: parsed.positionals[0])
        let url = directory.appendingPathComponent("runs.csv")
        guard InputFile.exists(url.path) else {
            throw UsageError("'\(SafeText.shown(DisplayPath.of(url), limit: 160))': no such file; give the output directory of a finished 'simrunner sweep'")
        }
        var p = PairedSweep(runs: try CSVReader.read(url))
        p.bootstrap.resamples = try parsed.int("bootstrap", default: 2000, range: 100...1_000_000)
        p.level = try parsed.double("recovery-level", default: 0.5, range: 0...1)
        for c in parsed.values("series-mean") { p.seriesMeasures.append(.mean(c)) }
        for text in parsed.values("series-at") {
            guard let (c, v) = split(text), let step = Int(v), step >= 0 else { throw UsageError("--series-at \(UsageError.quote(text)): give COLUMN@STEP, STEP a whole number >= 0") }
            p.seriesMeasures.append(.at(c, step: step))
        }
        for text in parsed.values("series-below") {
            guard let (c, v) = split(text), let level = Double(v), level.isFinite else { throw UsageError("--series-below \(UsageError.quote(text)): give COLUMN@LEVEL, LEVEL a number") }
            p.seriesMeasures.append(.firstBelow(c, level: level))
        }
        if !p.seriesMeasures.isEmpty {
            let s = directory.appendingPathComponent("series.csv")
            guard InputFile.exists(s.path) else {
                throw UsageError("'\(SafeText.shown(DisplayPath.of(s), limit: 160))': no such file; the series measures need a sweep run with --series")
            }
            p.series = try CSVReader.read(s)
        }
        let rows = try p.rows(against: against)
        try Console.out(String(decoding: p.table(rows), as: UTF8.self))
        return 0
    }

    private static func split(_ text: String) -> (String, String)? {
        guard let at = text.lastIndex(of: "@"), at != text.startIndex else { return nil }
        return (String(text[..<at]), String(text[text.index(after: at)...]))
    }
}
