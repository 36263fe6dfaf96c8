import Foundation

/// `simrunner report`: turns an output directory into report.html, SVG charts, early warnings
/// and (for sweeps) PRIM boxes.
enum ReportCommand {
    static let spec = CommandSpec(
        name: "report",
        summary: "Turn an output directory (run, correct, compare, sweep, ablate or audit) into report.html with SVG charts, early warnings and PRIM boxes.",
        usage: "DIR [--out REPORT_DIR] [--window FRACTION] [--bandwidth STEPS] [--surrogate-kind ar1|phase] [--level R] [--measure NAME] [--force]",
        options: [
            .value("out", "REPORT_DIR", short: "o", help: "Where to write the report (default: DIR/report)."),
            .value("window", "FRACTION", help: "Early warnings: rolling window as a fraction of the pre-transition series (default 0.5)."),
            .value("bandwidth", "STEPS", help: "Early warnings: Gaussian detrending kernel's standard deviation in steps (default: a tenth of the pre-transition series, at least 2)."),
            .value("ew-threshold", "TAU", help: "Early warnings: Kendall's tau above which an indicator warned (default 0.3)."),
            .value("surrogates", "N", help: "Early warnings: surrogates per series for p-values and null alarm rates (default 200; 0: none)."),
            .value("surrogate-kind", "ar1|phase", help: "Early warnings: the null the surrogates are drawn from: ar1 (an AR(1) fitted to the detrended series; default) or phase (its Fourier phases randomized: the same periodogram)."),
            .value("trust-collapse", "T", help: "Mean trust below this is a collapse (default: the manifest's, else 0.2)."),
            .value("level", "R", help: "Recovery level for d* and for PRIM on a recovery column (default: the manifest's, else 0.5)."),
            .value("measure", "NAME", help: "Sweeps: the runs.csv column shown over the swept parameters (default horizon_welfare)."),
            .value("prim-measure", "NAME", help: "Sweeps: the runs.csv column of PRIM's outcome (default: recovery if present, else horizon_welfare)."),
            .value("prim-below", "X", help: "Sweeps: the outcome holds when the measure is below X (default: the level for recovery, else the median)."),
            .value("prim-threshold", "D", help: "Sweeps: density the chosen PRIM box must reach (default 0.8)."),
            CommonOptions.force, CommonOptions.quiet,
        ],
        positionals: 1...1,
        positionalHelp: [("DIR", "An output directory of simrunner run, correct, compare, sweep, ablate or audit (it has a manifest.json).")],
        positionalNouns: ("directory", "directories"),
        discussion: """
        Writes into REPORT_DIR (all files or none; an existing one is refused unless --force):
          report.html        one self-contained page (inline SVG, no scripts or network): opens from disk
          *.svg              every chart, also as its own file
          early_warning.csv  per series, measure (welfare, trust) and indicator (ar1, variance): the transition,
                             Kendall's tau, whether it warned, the trend start and the lead
          early_warning_roc.csv  hits and false alarms at every tau threshold from -1 to 1 by 0.05
          prim.csv           sweeps: the PRIM peeling trajectory (coverage, density, limits) and the chosen box
          columns.csv        the data dictionary of these CSV files: column, meaning, unit, type
        Early warnings (Scheffer et al. 2009) are computed before the first lock-in cascade (new dimension locks >= the
        world's measurement.cascadeFraction of agents in one step, default 1%) or trust collapse; an indicator warned when its tau is above --ew-threshold, and its
        lead is the transition step minus the first step from which its expanding tau stays above the threshold.
        Examples:
          simrunner report outputs/default-seed1       # then open outputs/default-seed1/report/report.html
          simrunner report outputs/default-correct --level 0.7 --out outputs/correct-report
        """)

    static func execute(_ parsed: ParsedCommand, commandLine: [String]) throws -> Int32 {
        let dir = URL(fileURLWithPath: parsed.positionals[0])
        let source = try ReportSource.open(dir)
        var settings = ReportSettings()
        settings.earlyWarning.window = try parsed.double("window", default: 0.5, range: 0.05...1)
        settings.earlyWarning.bandwidth = try parsed.double("bandwidth", range: 0.5...1_000_000)
        settings.earlyWarning.threshold = try parsed.double("ew-threshold", default: 0.3, range: -1...1)
        settings.earlyWarning.surrogates = try parsed.int("surrogates", default: 200, range: 0...100_000)
        if let kind = parsed.value("surrogate-kind") {
            guard let k = EarlyWarning.SurrogateKind(rawValue: kind) else {
                throw UsageError("'--surrogate-kind \(kind)': expected " + EarlyWarning.SurrogateKind.allCases.map(\.rawValue).joined(separator: " or "))
            }
            settings.earlyWarning.surrogateKind = k
        }
        settings.trustCollapse = try parsed.double("trust-collapse", range: 0...1)
        settings.level = try parsed.double("level", range: -10...10)
        settings.measure = parsed.value("measure") ?? source.manifest["measures"]?.value.arrayValue?.first?.value.stringValue ?? settings.measure
        settings.primMeasure = parsed.value("prim-measure")
        settings.primBelow = try parsed.double("prim-below")
        settings.primThreshold = try parsed.double("prim-threshold", default: 0.8, range: 0...1)
        if source.kind != .sweep {
            for name in ["measure", "prim-measure", "prim-below", "prim-threshold"] where parsed.value(name) != nil {
                throw UsageError("--\(name) applies to sweep directories; '\(DisplayPath.of(dir))' is a \(source.kind.rawValue) directory")
            }
        }
        let outPath = parsed.value("out") ?? (parsed.positionals[0] + "/report")
        try refuseOverlap(outPath, source: parsed.positionals[0])
        let target = try OutputTarget(path: outPath, force: parsed.flag("force"))
        try target.checkExisting()
        let output = try OutputDirectory(target: target, key: nil, ownsTarget: true)
        let outURL = target.url
        let report: ReportOutput
        switch source.kind {
        case .run: report = try RunOutputReport.build(source, settings: settings)
        case .correct: report = try CorrectionReport.build(source, settings: settings)
        case .compare: report = try ComparisonReport.build(source, settings: settings)
        case .sweep: report = try SweepReport.build(source, settings: settings)
        case .ablate: report = try AblationReport.build(source, settings: settings)
        case .audit: report = try AuditReport.build(source, settings: settings)
        }
        var html = report.html
        try HypothesesReport.add(dir, to: &html)
        let figures = html.allFigures
        var written = Set<String>()
        for f in figures {
            precondition(written.insert(f.name).inserted, "two figures named '\(f.name)'")
            try output.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + f.svg + "\n", to: f.name + ".svg")
        }
        for file in report.files { try output.write(file.bytes, to: file.name) }
        let tables = report.files.filter { $0.name.hasSuffix(".csv") }.map { (name: $0.name, bytes: $0.bytes) }
        if !tables.isEmpty { try output.write(ColumnDictionary.csv(files: tables, experiment: .report), to: "columns.csv") }
        try output.write(html.render(), to: "report.html")
        try output.commit()
        if !parsed.flag("quiet") {
            let extra = (report.files.map(\.name) + (tables.isEmpty ? [] : ["columns.csv"])).joined(separator: ", ")
            try Console.out("\(source.kind.rawValue) report: wrote \(DisplayPath.of(outURL))/report.html, \(figures.count) SVG charts"
                        + (extra.isEmpty ? "" : ", " + extra) + "\n")
        }
        return 0
    }

    /// The report must not replace what it reports on: `--out` may not be the source directory,
    /// hold it, or lie inside it (except the default `DIR/report`, which only reports ever fill).
    static func refuseOverlap(_ outPath: String, source: String) throws {
        let out = try OutputTarget.resolve(outPath).path
        guard let src = OutputTarget.realPath(source) else { return }
        if out == src || src.hasPrefix(out + "/") {
            throw UsageError("--out '\(outPath)' is the directory being reported on, or holds it; write the report elsewhere (default: \(source)/report)")
        }
        if out.hasPrefix(src + "/") && out != src + "/report" {
            throw UsageError("--out '\(outPath)' lies inside the directory being reported on; use its report/ subdirectory (the default) or a directory outside it")
        }
    }
}
