import Foundation

/// The report of a `simrunner ablate` directory: for each headline measure, the change when each
/// mechanism is switched off (bars with 95% intervals), and a table naming the inert mechanisms.
enum AblationReport {
    /// The measures charted, with their captions.
    static let charted: [(measure: String, title: String, yLabel: String)] = [
        ("horizon_welfare", "Change in horizon welfare when the mechanism is switched off", "Δ horizon welfare (variant − base)"),
        ("final_trust", "Change in final trust", "Δ final trust"),
        ("final_exited", "Change in the exited fraction", "Δ exited fraction"),
        ("point_of_no_return", "Change in the point of no return d*", "Δ d* (steps)"),
    ]

    static func build(_ src: ReportSource, settings: ReportSettings) throws -> ReportOutput {
        let table = try src.csv("ablation.csv")
        let seeds = src.manifest["seeds"]?.value.arrayValue?.count ?? 0
        var html = ReportHTML(title: "Ablation: \(src.worldName)")
        html.paragraph("Directory: \(DisplayPath.of(src.directory)). Every mechanism switched off in turn on \(seeds) common seeds; "
                       + "each change is variant − base, the mean of paired differences over seeds with a 95% percentile bootstrap "
                       + "interval (R(d) and d*: the difference of the pooled statistics, interval from the same paired resamples). "
                       + "Command: \(src.command).")
        if let findings = src.text("findings.txt") {
            html.heading("Findings")
            html.preformatted(findings)
        }
        let mechanisms = table.distinct("mechanism")
        var figures: [ReportFigure] = []
        for (measure, title, yLabel) in charted {
            let rows = table.filter("measure", equals: measure)
            guard rows.rows.contains(where: { !$0[rows.index("estimate")!].isEmpty }) else { continue }
            func value(_ mechanism: String, _ column: String) -> Double? {
                rows.filter("mechanism", equals: mechanism).doubles(column).first ?? nil
            }
            let series = BarChart.Series(name: "switched off − on", color: SVGPlot.color(0),
                                         values: mechanisms.map { value($0, "estimate") },
                                         low: mechanisms.map { value($0, "low") }, high: mechanisms.map { value($0, "high") })
            var c = BarChart(title: title, subtitle: "\(seeds) seeds, 95% paired bootstrap intervals; n/a: not measured or undefined",
                             xLabel: "mechanism switched off", yLabel: yLabel, groups: mechanisms, series: [series])
            c.width = max(560, Double(mechanisms.count) * 38)
            c.height = 380
            figures.append(ReportFigure(name: "ablation-\(measure)", svg: c.svg(),
                                        caption: "\(title): one bar per mechanism, with its 95% interval; an interval across 0 is inert."))
        }
        html.heading("Changes by mechanism")
        html.figures(figures)

        // One line per mechanism: status, the headline changes, inert or not.
        let headline = ["horizon_welfare", "final_trust", "final_exited", "point_of_no_return"]
        var rows: [[String]] = []
        for m in mechanisms {
            let mine = table.filter("mechanism", equals: m)
            guard let first = mine.rows.first else { continue }
            let status = first[mine.index("status")!]
            var row = [m, status, first[mine.index("switched_off")!]]
            for h in headline {
                let r = mine.filter("measure", equals: h)
                guard let x = r.rows.first, let est = CSVReader.number(x[r.index("estimate")!]) else { row.append("n/a"); continue }
                let lo = CSVReader.number(x[r.index("low")!]), hi = CSVReader.number(x[r.index("high")!])
                row.append(String(format: "%+.3f", est) + (lo.flatMap { l in hi.map { String(format: " [%+.3f, %+.3f]", l, $0) } } ?? ""))
            }
            let flags = mine.strings("inert") ?? []
            let defined = flags.filter { !$0.isEmpty }
            row.append(defined.isEmpty ? "" : (defined.allSatisfy { $0 == "true" } ? "inert" : "\(defined.filter { $0 == "false" }.count) measures change"))
            rows.append(row)
        }
        html.heading("Summary")
        html.table(["mechanism", "status", "switched off by", "Δ welfare", "Δ trust", "Δ exited", "Δ d*", "verdict"], rows,
                   caption: "Headline changes; every measure (locked fractions, reflective distance, R(d) per delay) is in ablation.csv.")
        return ReportOutput(html: html)
    }
}
