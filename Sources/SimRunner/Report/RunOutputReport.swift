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
        html.paragraph(lockClusteringText(series: series, summary: summary))
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

    /// Lock clustering at the first cascade and at the horizon, against the degree-preserving null.
    static func lockClusteringText(series: CSVReader, summary: CSVReader?) -> String {
        guard series.has("lock_neighbour_share") else { return "This directory predates the lock-clustering measure." }
        guard series.doubles("lock_neighbour_share").contains(where: { $0 != nil }) else {
            return "Lock clustering is undefined at every step (fewer than 2 agents locked, every agent locked, or locked agents without ties), so no lock-clustering chart is drawn."
        }
        func value(_ c: String) -> Double? { summary?.doubles(c).first ?? nil }
        func f(_ x: Double) -> String { String(format: "%.3f", x) }
        var s = "Lock clustering: "
        if let step = value("first_cascade_step") {
            if let share = value("cascade_lock_neighbour_share"), let null = value("cascade_lock_neighbour_share_null") {
                s += "at the first lock-in cascade (step \(Int(step))) \(f(share)) of locked agents' neighbours were locked, against \(f(null)) expected if the locks were shuffled among agents of the same degree (excess \(String(format: "%+.3f", share - null))). "
            } else {
                s += "at the first lock-in cascade (step \(Int(step))) it is undefined (fewer than 2 agents locked). "
            }
        } else {
            s += "there is no lock-in cascade. "
        }
        if let share = value("final_lock_neighbour_share"), let null = value("final_lock_neighbour_share_null") {
            s += "At the horizon: \(f(share)) against \(f(null)) (excess \(String(format: "%+.3f", share - null))). "
        }
        s += "A cascade step alone cannot tell contagion from a common drive (every agent pushed by the same optimizer at once); only an excess over the null shows locks passing along ties. One run gives no interval: `simrunner correct` and `compare` give it over seeds."
        return s
    }

    /// `fraction` is the world's `measurement.cascadeFraction`.
    static func cascadeNote(_ agents: Int?, fraction: Double) -> String {
        guard let agents else { return "unknown: the manifest gives no agent count, so only trust collapses count" }
        return "a step with new dimension locks ≥ \(percent(fraction)) of the \(agents) agents (measurement.cascadeFraction \(CSVTable.format(fraction))), i.e. ≥ \(CSVTable.format(Double(agents) * fraction))"
    }

    static func percent(_ fraction: Double) -> String { CSVTable.format(100 * fraction) + "%" }
}
