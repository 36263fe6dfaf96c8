import Foundation

/// The report of a `simrunner compare` directory: each measure's mean per world with its
/// interval, side by side, and the worlds' mean series overlaid.
enum ComparisonReport {
    static func build(_ src: ReportSource, settings: ReportSettings) throws -> ReportOutput {
        let comparison = try src.csv("comparison.csv")
        let mean = try src.csv("mean_series.csv")
        let collapse = settings.trustCollapse ?? 0.2
        let worlds = comparison.distinct("world")
        let seeds = src.manifest["seeds"]?.value.arrayValue?.count ?? 0
        var html = ReportHTML(title: "Comparison: " + worlds.joined(separator: " vs "))
        html.paragraph("Directory: \(DisplayPath.of(src.directory)). \(worlds.count) worlds on \(seeds) common seeds. Command: \(src.command).")
        if let findings = src.text("findings.txt") {
            html.heading("Findings")
            html.preformatted(findings)
        }

        // Bars: measures in [0, 1] together, measures in steps together.
        let measures = comparison.distinct("measure")
        // A measure undefined in every seed of every world gets no bar and no axis, only a sentence.
        let undefinedEverywhere = measures.filter { m in comparison.filter("measure", equals: m).doubles("mean").allSatisfy { $0 == nil } }
        let drawn = measures.filter { !undefinedEverywhere.contains($0) }
        let stepMeasures = drawn.filter { $0.hasSuffix("_step") || $0.hasSuffix("half_life") }
        // Excesses over a null are differences, not values in [0, 1]: they are in the forest plots and the table.
        let fractionMeasures = drawn.filter { !stepMeasures.contains($0) && !$0.hasSuffix("_excess") }
        func bars(_ group: [String], title: String, yLabel: String) -> BarChart {
            let series = worlds.enumerated().map { k, world -> BarChart.Series in
                let rows = comparison.filter("world", equals: world)
                func value(_ measure: String, _ column: String) -> Double? {
                    let r = rows.filter("measure", equals: measure)
                    return r.doubles(column).first ?? nil
                }
                return BarChart.Series(name: world, color: SVGPlot.color(k), values: group.map { value($0, "mean") },
                                       low: group.map { value($0, "mean_low") }, high: group.map { value($0, "mean_high") })
            }
            var c = BarChart(title: title, subtitle: "mean over \(seeds) seeds with 95% bootstrap intervals; n/a: undefined in every seed",
                             xLabel: "measure", yLabel: yLabel, groups: group, series: series)
            c.width = 1140
            c.height = 400
            return c
        }
        html.heading("Measures side by side")
        if !undefinedEverywhere.isEmpty {
            html.list(undefinedEverywhere.map { "\($0): undefined in every run" + (Self.whyUndefined[$0].map { " (\($0))" } ?? "") + "; no chart is drawn for it." })
        }
        var figures: [ReportFigure] = []
        if !fractionMeasures.isEmpty {
            figures.append(ReportFigure(name: "measures", svg: bars(fractionMeasures, title: "Outcomes by world", yLabel: "value (0 to 1)").svg(),
                                        caption: "Welfare, proxy reward, trust, exits, locked fractions and preference measures at the horizon."))
        }
        if !stepMeasures.isEmpty {
            var c = bars(stepMeasures, title: "When things happen, by world", yLabel: "step")
            c.width = 560
            figures.append(ReportFigure(name: "timings", svg: c.svg(),
                                        caption: "Trust half-life, trust collapse and the first lock-in cascade (means over the seeds where they happen)."))
        }
        html.figures(figures)

        // Forest plots of the paired differences from the first world.
        let differenceColumn = comparison.has("difference") ? "difference"
            : comparison.columns.first { $0.hasPrefix("difference_from_") }
        if worlds.count > 1, let differenceColumn {
            html.heading("Paired differences from \(worlds[0])")
            html.paragraph("Each row is the mean over seeds of the paired difference (world − \(worlds[0])) on common random numbers, with its 95% bootstrap interval; a filled square marks an interval that excludes 0.")
            var forests: [ReportFigure] = []
            let outcomes = drawn.filter { !stepMeasures.contains($0) }
            for (group, name, label) in [(outcomes, "differences", "paired difference (measure units: welfare, trust and fractions from 0 to 1)"),
                                         (stepMeasures, "differences-timings", "paired difference in steps")] where !group.isEmpty {
                var f = ForestPlot(title: name == "differences" ? "Paired differences: outcomes" : "Paired differences: timings",
                                   subtitle: "mean paired difference from \(worlds[0]) over \(seeds) common seeds, 95% bootstrap interval", xLabel: label)
                for measure in group {
                    for (k, world) in worlds.enumerated().dropFirst() {
                        let r = comparison.filter("world", equals: world).filter("measure", equals: measure)
                        f.rows.append(ForestPlot.Row(group: measure, label: world, estimate: r.doubles(differenceColumn).first ?? nil,
                                                     low: r.doubles("difference_low").first ?? nil, high: r.doubles("difference_high").first ?? nil,
                                                     color: SVGPlot.color(k)))
                    }
                }
                forests.append(ReportFigure(name: name, svg: f.svg(),
                                            caption: "Paired differences from \(worlds[0]) with 95% bootstrap intervals over seeds (undefined where the measure never happens in a world)."))
            }
            html.figures(forests)
        }
        html.table(comparison.columns, comparison.rows, caption: "comparison.csv", dictionary: "comparison.csv")

        // Overlaid mean series.
        let tables = worlds.map { mean.filter("world", equals: $0) }
        let sdTables = try src.optionalCSV("sd_series.csv").map { sd in worlds.map { sd.filter("world", equals: $0) } }
        func overlay(_ column: String, _ title: String, _ yLabel: String) -> ReportFigure? {
            var c = LineChart(title: title, subtitle: "mean over \(seeds) seeds" + (sdTables == nil ? "" : ", band ± 1 sd across seeds"),
                              xLabel: "step", yLabel: yLabel)
            c.lines = zip(worlds, tables).enumerated().compactMap { k, wt in
                SeriesFigures.line(wt.1, column, name: wt.0, color: SVGPlot.color(k))
            }
            if let sdTables {
                c.bands = worlds.indices.compactMap { k in
                    var band = SeriesFigures.sdBand(mean: tables[k], sd: sdTables[k], column, name: "± 1 sd: \(worlds[k])",
                                                    color: SVGPlot.color(k))
                    band?.name = k == 0 ? "± 1 sd across seeds" : ""
                    return band
                }
            }
            guard !c.lines.isEmpty else { return nil }
            c.yDomain = 0...1
            c.yLimits = 0...1
            return ReportFigure(name: "series-\(column)", svg: c.svg(), caption: "\(title), mean per step across seeds, one line per world.")
        }
        html.heading("Mean series by world")
        var series: [ReportFigure?] = [
            overlay("welfare", "Welfare", "mean welfare (0 to 1)"),
            overlay("proxy_reward", "Proxy reward", "mean proxy reward (0 to 1)"),
            overlay("served_fraction", "Served fraction (the proxy's population)", "fraction of agents served"),
            overlay("trust_mean", "Trust", "mean trust (0 to 1)"),
            overlay("exited", "Exits", "fraction of agents exited"),
        ]
        for dim in SeriesFigures.dimensions {
            series.append(overlay("locked_\(dim)", "Locked fraction: \(dim)", "fraction of agents locked"))
        }
        series += [
            overlay("preference_entropy", "Preference entropy", "normalized entropy (0 to 1)"),
            overlay("reflective_distance", "Distance from reflective preferences", "total-variation distance (0 to 1)"),
            overlay("homogenization", "Homogenization", "mean Jaccard similarity (0 to 1)"),
        ]
        html.figures(series.compactMap { $0 })

        let agents = src.agentsByWorld
        let fractions = src.cascadeFractionByWorld
        let inputs = zip(worlds, tables).map {
            EarlyWarningReport.Input(name: $0, table: $1, agents: agents[$0] ?? src.agents, cascadeFraction: fractions[$0] ?? src.cascadeFraction)
        }
        let results = EarlyWarningReport.analyze(inputs, settings: settings.earlyWarning, collapseLevel: collapse)
        let sizes = Set(inputs.compactMap(\.agents)), fractionsUsed = Set(inputs.map(\.cascadeFraction))
        EarlyWarningReport.section(results, settings: settings.earlyWarning, collapseLevel: collapse,
                                   cascadeNote: (sizes.count == 1 && fractionsUsed.count == 1 ? RunOutputReport.cascadeNote(sizes.first, fraction: fractionsUsed.first!)
                                                 : "a step with new dimension locks ≥ measurement.cascadeFraction × the world's agents") + "; on the mean series over seeds",
                                   into: &html)
        return ReportOutput(html: html, files: EarlyWarningReport.files(results, settings: settings.earlyWarning))
    }

    /// Why a measure can be undefined in a run.
    static let whyUndefined: [String: String] = [
        "trust_half_life": "mean trust never fell to half its value at step 0",
        "trust_collapse_step": "mean trust never fell below the collapse level",
        "first_cascade_step": "no step had new dimension locks of at least measurement.cascadeFraction × agents",
        "cascade_lock_clustering_excess": "no cascade, or fewer than 2 agents locked at it",
        "final_lock_clustering_excess": "fewer than 2 agents, or every agent, locked at the horizon",
        "final_homogenization": "too few pairs of agents who both consumed",
        "final_consumption_hhi": "nobody consumed at the horizon",
    ]
}
