import Foundation

/// The report of a `simrunner audit` directory: the battery means of every measure by policy
/// (bars with 95% intervals), the paired differences from the first policy in every battery world
/// (a forest plot), and the battery means as a table with the columns' meanings.
enum AuditReport {
    static func build(_ src: ReportSource, settings: ReportSettings) throws -> ReportOutput {
        let table = try src.csv("audit.csv")
        for column in ["policy", "battery_world", "measure", "mean", "mean_low", "mean_high", "difference", "difference_low", "difference_high"]
        where !table.has(column) {
            throw UsageError("'\(DisplayPath.of(src.directory))/audit.csv' has no column '\(column)'; it does not match its manifest.json (damaged or edited?)")
        }
        let policies = table.distinct("policy"), measures = table.distinct("measure"), battery = table.distinct("battery_world")
        let seeds = src.manifest["seeds"]?.value.arrayValue?.count ?? 0
        let agents = src.manifest["agents"]?.value.numberValue?.exactInteger.map(String.init) ?? "?"
        let steps = src.manifest["steps"]?.value.numberValue?.exactInteger.map(String.init) ?? "?"
        var html = ReportHTML(title: "Lock-in audit: " + policies.joined(separator: " vs "))
        html.paragraph("Directory: \(DisplayPath.of(src.directory)). \(policies.count) \(policies.count == 1 ? "policy" : "policies") on "
                       + "\(battery.filter { $0 != "all" }.count) battery worlds x \(seeds) common seeds, \(agents) agents, horizon \(steps) steps; "
                       + "means over seeds with 95% percentile bootstrap intervals ('all': the battery mean per seed). Command: \(src.command).")
        if let findings = src.text("findings.txt") {
            html.heading("Findings")
            html.preformatted(findings)
        }
        let all = table.filter("battery_world", equals: "all")
        func cell(_ t: CSVReader, _ policy: String, _ measure: String, _ column: String) -> Double? {
            t.filter("policy", equals: policy).filter("measure", equals: measure).doubles(column).first ?? nil
        }
        let series = policies.enumerated().map { k, p in
            BarChart.Series(name: p, color: SVGPlot.color(k), values: measures.map { cell(all, p, $0, "mean") },
                            low: measures.map { cell(all, p, $0, "mean_low") }, high: measures.map { cell(all, p, $0, "mean_high") })
        }
        var bars = BarChart(title: "Battery means by policy", subtitle: "mean over \(seeds) seeds of the battery mean, 95% bootstrap intervals; n/a: undefined",
                            xLabel: "measure", yLabel: "battery mean", groups: measures, series: series)
        bars.width = max(1140, Double(measures.count * policies.count) * 30)
        var figures = [ReportFigure(name: "audit-means", svg: bars.svg(),
                                    caption: "Each measure's battery mean per policy (docs/audit.md defines them; stake is reference minus policy welfare).")]
        if policies.count > 1 {
            var forest = ForestPlot(title: "Paired differences from \(policies[0])",
                                    subtitle: "mean paired difference (policy - \(policies[0])) over \(seeds) common seeds, 95% bootstrap interval",
                                    xLabel: "paired difference (the measure's units)")
            for m in measures {
                for (k, p) in policies.enumerated().dropFirst() {
                    for b in battery {
                        let rows = table.filter("policy", equals: p).filter("measure", equals: m).filter("battery_world", equals: b)
                        forest.rows.append(.init(group: m, label: policies.count > 2 ? "\(p), \(b)" : b,
                                                 estimate: rows.doubles("difference").first ?? nil,
                                                 low: rows.doubles("difference_low").first ?? nil, high: rows.doubles("difference_high").first ?? nil,
                                                 color: SVGPlot.color(k)))
                    }
                }
            }
            figures.append(ReportFigure(name: "audit-differences", svg: forest.svg(),
                                        caption: "Paired differences from \(policies[0]) per battery world and for the battery mean ('all'); a filled square marks an interval that excludes 0."))
        }
        html.heading("Measures by policy")
        html.figures(figures)
        let shown = ["policy", "measure", "seeds_defined", "mean", "mean_low", "mean_high", "difference", "difference_low", "difference_high"]
        html.table(shown, all.rows.map { r in shown.map { r[all.index($0)!] } },
                   caption: "Battery means ('all' rows of audit.csv); every battery world is in audit.csv.",
                   dictionary: "audit.csv", experiment: .audit)
        return ReportOutput(html: html)
    }
}
