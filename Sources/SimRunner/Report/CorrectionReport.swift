import Foundation

/// The report of a `simrunner correct` directory: the recovery curve R(d) with d*, the cost of
/// intervention, and the mean series of the uncorrected run, the reference and a few delays.
enum CorrectionReport {
    static func build(_ src: ReportSource, settings: ReportSettings) throws -> ReportOutput {
        let delays = try src.csv("delays.csv")
        let mean = try src.csv("mean_series.csv")
        let level = settings.level ?? src.number("recoveryLevel") ?? 0.5
        let collapse = settings.trustCollapse ?? src.number("trustCollapse") ?? 0.2
        var html = ReportHTML(title: "Correction experiment: world '\(src.worldName)'")
        let seeds = src.manifest["seeds"]?.value.arrayValue?.count ?? 0
        html.paragraph("Directory: \(src.directory.path). \(seeds) seeds, \(src.agents.map(String.init) ?? "?") agents. Command: \(src.command).")
        if let findings = src.text("findings.txt") {
            html.heading("Findings")
            html.preformatted(findings)
        }

        // Recovery and cost against delay.
        let d = delays.doubles("delay").map { $0 ?? .nan }
        let recovery = delays.doubles("recovery")
        let dStar = zip(d, recovery).first { $0.1.map { $0 < level } ?? false }?.0
        var r = LineChart(title: "Recovery R(d) against correction delay", subtitle: "horizon welfare recovered, pooled over seeds",
                          xLabel: "correction delay d (steps)", yLabel: "recovery R(d) (1 = reference, 0 = uncorrected)")
        r.bands = [LineChart.Band(name: "95% bootstrap interval", color: SVGPlot.color(0), x: d,
                                  low: delays.doubles("recovery_low"), high: delays.doubles("recovery_high"))]
        r.lines = [LineChart.Line(name: "R(d)", color: SVGPlot.color(0), x: d, y: recovery, markers: true)]
        r.horizontalRules = [LineChart.Rule(value: level, name: "recovery level \(CSVTable.format(level))", color: "#555555")]
        if let dStar {
            if let interval = pointOfNoReturnInterval(src.text("findings.txt"), level: level), interval.1 > interval.0 {
                r.spans = [LineChart.Span(from: interval.0, to: interval.1, name: "95% interval of d* (findings.txt)", color: "#B00020")]
            }
            r.verticalRules = [LineChart.Rule(value: dStar, name: "point of no return d* = \(CSVTable.format(dStar))", color: "#B00020")]
        }
        var cost = LineChart(title: "Cost of intervention against delay", subtitle: "welfare lost relative to the reference, summed over the run",
                             xLabel: "correction delay d (steps)", yLabel: "cost (welfare-steps lost)")
        cost.bands = [LineChart.Band(name: "95% bootstrap interval", color: SVGPlot.color(1), x: d,
                                     low: delays.doubles("cost_low"), high: delays.doubles("cost_high"))]
        cost.lines = [LineChart.Line(name: "mean cost", color: SVGPlot.color(1), x: d, y: delays.doubles("cost"), markers: true)]
        if let dStar { cost.verticalRules = [LineChart.Rule(value: dStar, name: "d* = \(CSVTable.format(dStar))", color: "#B00020")] }
        html.heading("Recovery and cost")
        if dStar == nil {
            html.paragraph("R(d) stays at or above \(CSVTable.format(level)) at every delay tried: no point of no return.")
        }
        html.figures([
            ReportFigure(name: "recovery", svg: r.svg(), caption: "Recovery R(d) = (W(d) − W_unc) / (W_ref − W_unc) with its 95% bootstrap interval over seeds; d* is the first delay with R below the level."),
            ReportFigure(name: "cost", svg: cost.svg(), caption: "Cost of intervention: welfare lost relative to the reference, summed over all steps, with its 95% bootstrap interval."),
        ])

        // Mean series: uncorrected, reference and a few delays.
        // Corrected runs in colours; the baselines dashed in black and grey, drawn last so they stay visible.
        var variants: [(name: String, table: CSVReader, color: String, dashed: Bool)] = []
        let byVariant = rowsByVariant(mean)
        let corrected = mean.filter("variant", equals: "corrected")
        let allDelays = corrected.distinct("delay")
        let colors = ["#0072B2", "#D55E00", "#CC79A7", "#E69F00"]
        for (k, delay) in pick(allDelays, count: 4).enumerated() {
            variants.append(("corrected at \(delay)", corrected.filter("delay", equals: delay), colors[k % colors.count], false))
        }
        if let u = byVariant["uncorrected"] { variants.append(("uncorrected", u, "#000000", true)) }
        if let ref = byVariant["reference"] { variants.append(("reference (welfare-aware from the start)", ref, "#009E73", true)) }
        let sd = try src.optionalCSV("sd_series.csv")
        func overlay(_ column: String, _ title: String, _ yLabel: String) -> LineChart {
            var c = LineChart(title: title, subtitle: "mean over \(seeds) seeds" + (sd == nil ? "" : "; bands ± 1 sd across seeds for the baselines"),
                              xLabel: "step", yLabel: yLabel)
            c.lines = variants.compactMap { v in
                SeriesFigures.line(v.table, column, name: v.name, color: v.color, dashed: v.dashed)
            }
            if let sd {
                let sdByVariant = rowsByVariant(sd)
                c.bands = [("uncorrected", "#000000"), ("reference", "#009E73")].compactMap { v, color in
                    guard let m = byVariant[v], let s = sdByVariant[v] else { return nil }
                    return SeriesFigures.sdBand(mean: m, sd: s, column, name: "± 1 sd across seeds: \(v)", color: color)
                }
            }
            c.yDomain = 0...1
            return c
        }
        html.heading("Mean series by variant")
        html.paragraph("The uncorrected run (black, dashed) and the welfare-aware reference (green, dashed), and the runs corrected at \(pick(allDelays, count: 4).joined(separator: ", ")) (of \(allDelays.count) delays), averaged over seeds.")
        html.figures([
            ReportFigure(name: "variants-welfare", svg: overlay("welfare", "Welfare by variant", "mean welfare (0 to 1)").svg(),
                         caption: "Mean true welfare per step."),
            ReportFigure(name: "variants-trust", svg: overlay("trust_mean", "Trust by variant", "mean trust (0 to 1)").svg(),
                         caption: "Mean trust per step."),
            ReportFigure(name: "variants-proxy", svg: overlay("proxy_reward", "Proxy reward by variant", "mean proxy reward (0 to 1)").svg(),
                         caption: "What the optimizer sees, per step."),
            ReportFigure(name: "variants-exited", svg: overlay("exited", "Exits by variant", "fraction of agents exited").svg(),
                         caption: "Fraction of agents who have disengaged."),
        ])
        if let u = byVariant["uncorrected"] {
            html.heading("The uncorrected run in detail")
            html.figures(SeriesFigures.standard(u, name: "uncorrected", context: "uncorrected, mean over \(seeds) seeds", collapseLevel: collapse))
        }
        html.heading("Delays")
        html.table(delays.columns, delays.rows, caption: "delays.csv")

        var inputs: [EarlyWarningReport.Input] = []
        for (name, table) in [("uncorrected", byVariant["uncorrected"]), ("reference", byVariant["reference"])] {
            if let table { inputs.append(.init(name: name, table: table, agents: src.agents)) }
        }
        for delay in allDelays {
            inputs.append(.init(name: "corrected at \(delay)", table: corrected.filter("delay", equals: delay), agents: src.agents))
        }
        let results = EarlyWarningReport.analyze(inputs, settings: settings.earlyWarning, collapseLevel: collapse)
        EarlyWarningReport.section(results, settings: settings.earlyWarning, collapseLevel: collapse,
                                   cascadeNote: RunOutputReport.cascadeNote(src.agents) + "; on the mean series over seeds", into: &html)
        return ReportOutput(html: html, files: EarlyWarningReport.files(results, settings: settings.earlyWarning))
    }

    static func rowsByVariant(_ t: CSVReader) -> [String: CSVReader] {
        var out: [String: CSVReader] = [:]
        for v in ["uncorrected", "reference"] { out[v] = t.filter("variant", equals: v) }
        return out.filter { !$0.value.rows.isEmpty }
    }

    /// Up to `count` items spread evenly, first and last included.
    static func pick<T>(_ items: [T], count: Int) -> [T] {
        guard items.count > count, count >= 2 else { return items }
        var indices: [Int] = []
        for k in 0..<count {
            let i = Int((Double(k) * Double(items.count - 1) / Double(count - 1)).rounded())
            if !indices.contains(i) { indices.append(i) }
        }
        return indices.map { items[$0] }
    }

    /// d*'s bootstrap interval as findings.txt states it, when it was found with the same level.
    static func pointOfNoReturnInterval(_ findings: String?, level: Double) -> (Double, Double)? {
        guard let findings else { return nil }
        for line in findings.split(separator: "\n") where line.contains("point of no return d*") {
            // "... (first delay with R < 0.5): 150, 95% bootstrap interval [150, 200]; ..."
            guard let lt = line.range(of: "R < "), let close = line[lt.upperBound...].firstIndex(of: ")"),
                  Double(line[lt.upperBound..<close]) == level,
                  let open = line.firstIndex(of: "["), let end = line[open...].firstIndex(of: "]") else { return nil }
            let parts = line[line.index(after: open)..<end].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let lo = Double(parts[0]) else { return nil }
            // An upper end "beyond N" means past the last delay tried.
            let hi = Double(parts[1]) ?? parts[1].split(separator: " ").last.flatMap { Double($0) }
            return hi.map { (lo, $0) }
        }
        return nil
    }
}
