import Foundation

/// The report of a `simrunner run` directory: series.csv and summary.csv.
enum RunOutputReport {
    static func build(_ src: ReportSource, settings: ReportSettings) throws -> ReportOutput {
        let series = try src.csv("series.csv")
        let summary = try src.optionalCSV("summary.csv")
        let seed = src.manifest["seed"]?.value.numberValue?.text ?? "?"
        var html = ReportHTML(title: "Run report: world '\(src.worldName)', seed \(seed)")
        html.paragraph("Directory: \(DisplayPath.of(src.directory)). Command: \(src.command).")
        if let agents = src.agents {
            html.paragraph("\(agents) agents, \(series.rows.count) steps.")
        }
        let collapse = settings.trustCollapse ?? 0.2
        let cascade = summary?.doubles("first_cascade_step").first.flatMap { $0 }
        var rules: [LineChart.Rule] = []
        if let c = cascade { rules.append(LineChart.Rule(value: c, name: "first lock-in cascade (step \(Int(c)))", color: "#B00020")) }
        html.heading("Time series")
        html.figures(SeriesFigures.standard(series, name: "run", context: "world '\(src.worldName)', seed \(seed)", rules: rules,
                                            collapseLevel: collapse))
        if let summary, let row = summary.rows.first {
            html.heading("Summary")
            html.table(["measure", "value", "unit", "meaning"], zip(summary.columns, row).map { c, v in
                let e = ColumnDictionary.describe(c, file: "summary.csv")
                return [c, v, e.unit, e.meaning]
            }, caption: "summary.csv, with each measure's unit and meaning (empty value: undefined)")
        }
        let input = EarlyWarningReport.Input(name: "run (seed \(seed))", table: series, agents: src.agents,
                                             cascadeFraction: src.cascadeFraction)
        let results = EarlyWarningReport.analyze([input], settings: settings.earlyWarning, collapseLevel: collapse)
        EarlyWarningReport.section(results, settings: settings.earlyWarning, collapseLevel: collapse,
                                   cascadeNote: cascadeNote(src.agents, fraction: src.cascadeFraction), into: &html)
        return ReportOutput(html: html, files: EarlyWarningReport.files(results, settings: settings.earlyWarning))
    }

    /// `fraction` is the world's `measurement.cascadeFraction`.
    static func cascadeNote(_ agents: Int?, fraction: Double) -> String {
        guard let agents else { return "unknown: the manifest gives no agent count, so only trust collapses count" }
        return "a step with new dimension locks ≥ \(percent(fraction)) of the \(agents) agents (measurement.cascadeFraction \(CSVTable.format(fraction))), i.e. ≥ \(CSVTable.format(Double(agents) * fraction))"
    }

    static func percent(_ fraction: Double) -> String { CSVTable.format(100 * fraction) + "%" }
}
