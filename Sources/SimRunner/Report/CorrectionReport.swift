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
        html.paragraph("Directory: \(DisplayPath.of(src.directory)). \(seeds) seeds, \(src.agents.map(String.init) ?? "?") agents. Command: \(src.command).")
        if let findings = src.text("findings.txt") {
            html.heading("Findings")
            html.preformatted(findings)
        }

        // Recovery and cost against delay.
        let d = delays.doubles("delay").map { $0 ?? .nan }
        let recovery = delays.doubles("recovery")
        // d* as the experiment estimated it (a crossing) when the report uses the same level;
        // otherwise the crossing of the pooled curve in delays.csv at the report's level.
        let headline = try src.optionalCSV("point_of_no_return.csv")
        let status = headline?.strings("status")?.first
        var dStar: Double? = nil
        var dStarInterval: (Double, Double)? = nil
        if let headline, headline.doubles("level").first ?? nil == level {
            if status == "defined", headline.strings("crossing")?.first == "crossed" { dStar = headline.doubles("d_star").first ?? nil }
            if let lo = headline.doubles("d_star_low").first ?? nil, lo.isFinite {
                let beyond = headline.strings("d_star_high_status")?.first == "beyond_last_delay"
                    || headline.strings("d_star_high")?.first == "inf"  // written so before the status column
                dStarInterval = (lo, beyond ? (d.last ?? lo) : (headline.doubles("d_star_high").first ?? nil) ?? lo)
            }
        } else if status == nil || status == "defined" {
            let known = zip(d, recovery).compactMap { x, y in y.map { (x, $0) } }
            let c = LevelCrossing.first(x: known.map(\.0), y: known.map(\.1), level: level)
            if c.kind == .crossed { dStar = c.x }
        }
        var r = LineChart(title: "Recovery R(d) against correction delay", subtitle: "horizon welfare recovered, pooled over seeds",
                          xLabel: "correction delay d (steps)", yLabel: "recovery R(d) (1 = reference, 0 = uncorrected)")
        r.bands = [LineChart.Band(name: "95% bootstrap interval", color: SVGPlot.color(0), x: d,
                                  low: delays.doubles("recovery_low"), high: delays.doubles("recovery_high"))]
        r.lines = [LineChart.Line(name: "R(d)", color: SVGPlot.color(0), x: d, y: recovery, markers: true)]
        r.horizontalRules = [LineChart.Rule(value: level, name: "recovery level \(CSVTable.format(level))", color: "#555555")]
        if let dStar {
            if let interval = dStarInterval, interval.1 > interval.0 {
                r.spans = [LineChart.Span(from: interval.0, to: interval.1, name: "95% interval of d* (findings.txt)", color: "#B00020")]
            }
            r.verticalRules = [LineChart.Rule(value: dStar, name: String(format: "point of no return d* = %.1f", dStar), color: "#B00020")]
        }
        let split = delays.has("unrecoverable")
        var cost = LineChart(title: split ? "Unrecoverable welfare against delay" : "Cost of intervention against delay",
                             subtitle: split ? "W_ref − W(d) at the horizon: what the correction never wins back" : "welfare lost relative to the reference, summed over the run",
                             xLabel: "correction delay d (steps)", yLabel: split ? "unrecoverable horizon welfare" : "cost (welfare-steps lost)")
        let costColumn = split ? "unrecoverable" : "cost"
        cost.bands = [LineChart.Band(name: "95% bootstrap interval", color: SVGPlot.color(1), x: d,
                                     low: delays.doubles(costColumn + "_low"), high: delays.doubles(costColumn + "_high"))]
        cost.lines = [LineChart.Line(name: "mean " + (split ? "unrecoverable welfare" : "cost"), color: SVGPlot.color(1), x: d,
                                     y: delays.doubles(costColumn), markers: true)]
        if let dStar { cost.verticalRules = [LineChart.Rule(value: dStar, name: String(format: "d* = %.1f", dStar), color: "#B00020")] }
        html.heading("Recovery and cost")
        if let status, status != "defined" {
            html.paragraph("R(d) is not interpreted here (\(status.replacingOccurrences(of: "_", with: " "))): see the findings; no point of no return is declared.")
        } else if dStar == nil {
            html.paragraph("R(d) does not cross \(CSVTable.format(level)) from above within the delays tried: no point of no return is located.")
        }
        var recoveryFigures: [ReportFigure] = []
        if r.hasDefinedValue {
            recoveryFigures.append(ReportFigure(name: "recovery", svg: r.svg(), caption: "Recovery R(d) = (W(d) − W_unc) / (W_ref − W_unc) with its 95% bootstrap interval over seeds; d* is where R(d) first crosses the level, interpolated between the delays that bracket it."))
        } else {
            html.paragraph("R(d) is undefined at every delay (the reference does no better than the uncorrected run, or the correction keeps the objective in use), so no recovery chart is drawn.")
        }
        if cost.hasDefinedValue {
            recoveryFigures.append(ReportFigure(name: "cost", svg: cost.svg(), caption: "The horizon welfare the correction does not win back (or, for older directories, the total welfare gap), with its 95% bootstrap interval over seeds."))
        } else {
            html.paragraph("The \(split ? "unrecoverable welfare" : "cost") is undefined at every delay, so no cost chart is drawn.")
        }
        html.figures(recoveryFigures)

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
            c.yLimits = 0...1
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
                         caption: "What the optimizer sees, per step: a mean over the agents who gave feedback."),
            ReportFigure(name: "variants-served", svg: overlay("served_fraction", "Served fraction by variant", "fraction of agents served").svg(),
                         caption: "Fraction of agents served an item per step: the population the proxy reward comes from."),
            ReportFigure(name: "variants-exited", svg: overlay("exited", "Exits by variant", "fraction of agents exited").svg(),
                         caption: "Fraction of agents who have disengaged."),
        ])
        if let u = byVariant["uncorrected"] {
            html.heading("The uncorrected run in detail")
            html.figures(SeriesFigures.standard(u, name: "uncorrected", context: "uncorrected, mean over \(seeds) seeds", collapseLevel: collapse))
        }
        html.heading("Delays")
        html.table(delays.columns, delays.rows, caption: "delays.csv", dictionary: "delays.csv")

        var inputs: [EarlyWarningReport.Input] = []
        for (name, table) in [("uncorrected", byVariant["uncorrected"]), ("reference", byVariant["reference"])] {
            if let table { inputs.append(.init(name: name, table: table, agents: src.agents, cascadeFraction: src.cascadeFraction)) }
        }
        for delay in allDelays {
            inputs.append(.init(name: "corrected at \(delay)", table: corrected.filter("delay", equals: delay), agents: src.agents, cascadeFraction: src.cascadeFraction))
        }
        let results = EarlyWarningReport.analyze(inputs, settings: settings.earlyWarning, collapseLevel: collapse)
        EarlyWarningReport.section(results, settings: settings.earlyWarning, collapseLevel: collapse,
                                   cascadeNote: RunOutputReport.cascadeNote(src.agents, fraction: src.cascadeFraction) + "; on the mean series over seeds", into: &html)
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
}
