import Foundation

/// The report of a `simrunner sweep` directory: a heat map of one measure over the first two
/// swept parameters (a line with one parameter), per-point series, early warnings for every run
/// with series.csv, and PRIM boxes.
enum SweepReport {
    static func build(_ src: ReportSource, settings: ReportSettings) throws -> ReportOutput {
        // A correction sweep is read per point (points.csv: the stake, R(d) and d* over seeds).
        let pointTable = src.manifest["correction"] != nil ? try src.optionalCSV("points.csv") : nil
        let runs = try pointTable ?? src.csv("runs.csv")
        let series = try src.optionalCSV("series.csv")
        var settings = settings
        if pointTable != nil {
            if settings.measure == ReportSettings().measure { settings.measure = "d_star" }
            if settings.primMeasure == nil { settings.primMeasure = "d_star" }
        }
        let design = src.manifest["design"]
        var keys = (design?["keys"]?.value.arrayValue ?? []).compactMap { $0.value.stringValue }
        if keys.isEmpty, let p = runs.index("point"), let w = runs.index("world"), w > p + 1 {
            keys = Array(runs.columns[(p + 1)..<w])
        }
        guard !keys.isEmpty, keys.allSatisfy(runs.has) else {
            throw UsageError("'\(DisplayPath.of(src.directory))': the manifest's design keys are not columns of runs.csv")
        }
        let measure = settings.measure
        guard runs.has(measure) else {
            throw UsageError("runs.csv has no column '\(measure)'; --measure takes one of: " + numericColumns(runs, except: keys).joined(separator: ", "))
        }
        let kind = design?["kind"]?.value.stringValue ?? "grid"
        let seeds = src.manifest["seeds"]?.value.arrayValue?.count ?? 0
        var html = ReportHTML(title: "Sweep: " + keys.joined(separator: " × "))
        let pointCount = design?["points"]?.value.arrayValue?.count ?? runs.distinct("point").count
        html.paragraph("Directory: \(DisplayPath.of(src.directory)). A \(kind == "lhs" ? "Latin hypercube" : "grid") of \(pointCount) points over \(keys.joined(separator: ", ")), \(seeds) seed\(seeds == 1 ? "" : "s") per point, \(runs.rows.count) runs. Command: \(src.command).")

        // The measure over the parameters.
        html.heading("\(measure) over the swept parameters")
        let values = runs.doubles(measure)
        let missing = values.filter { $0 == nil }.count
        if missing > 0 { html.paragraph("\(missing) of \(runs.rows.count) runs have no value of \(measure) (left out of the means).") }
        var figures: [ReportFigure] = []
        if keys.count >= 2 && kind == "lhs" {
            // A Latin hypercube has one point per row and column of any grid: a heat map of it
            // is mostly empty, so the points are drawn where they are, coloured by the measure.
            figures.append(designScatter(runs, keys: keys, measure: measure, values: values))
        } else if keys.count >= 2 {
            figures.append(heatMap(runs, keys: keys, measure: measure, values: values))
        } else {
            figures.append(linePlot(runs, key: keys[0], measure: measure, values: values))
        }
        html.figures(figures)
        let points = pointSummaries(runs, keys: keys, values: values)
        html.table(["point"] + keys + ["runs", "mean \(measure)", "sd across seeds"],
                   points.map { p in [p.point] + p.keyValues + [String(p.count), p.mean.map(CSVTable.format) ?? "", p.sd.map(CSVTable.format) ?? ""] },
                   caption: "Mean of \(measure) per design point.")

        // Series.
        var results: [EarlyWarningReport.Result] = []
        let collapse = settings.trustCollapse ?? 0.2
        if let series, series.has("run") {
            var rowsByRun: [String: [Int]] = [:]
            for (i, r) in (series.strings("run") ?? []).enumerated() { rowsByRun[r, default: []].append(i) }
            func table(_ run: String) -> CSVReader {
                CSVReader(columns: series.columns, rows: (rowsByRun[run] ?? []).map { series.rows[$0] })
            }
            html.heading("Envelope of all runs")
            html.paragraph("Every run of the sweep at once: per step, the range from the lowest to the highest run, the band holding the middle 80% of runs, and the median run.")
            html.figures(envelopes(series))
            let defined = points.filter { $0.mean != nil }.sorted { $0.mean! < $1.mean! }
            let chosen = defined.isEmpty ? [] : CorrectionReport.pick(defined, count: 3)
            if !chosen.isEmpty {
                html.heading("Series at three design points")
                html.paragraph("The points with the lowest, median and highest mean \(measure); lines are means across seeds, bands ± 1 sd across seeds.")
                var figs: [ReportFigure] = []
                for (column, title, yLabel) in [("welfare", "Welfare", "mean welfare (0 to 1)"), ("trust_mean", "Trust", "mean trust (0 to 1)")] {
                    var c = LineChart(title: "\(title) at three design points", subtitle: "mean across seeds ± 1 sd across seeds",
                                      xLabel: "step", yLabel: yLabel)
                    c.yDomain = 0...1
                    c.yLimits = 0...1
                    for (k, p) in chosen.enumerated() {
                        let perRun = p.runs.map { table($0) }
                        let (steps, m, sd) = acrossRuns(perRun, column)
                        let label = "point \(p.point) (" + zip(keys, p.keyValues).map { "\(shortName($0))=\(ReportHTML.display($1))" }.joined(separator: ", ") + ")"
                        c.bands.append(LineChart.Band(name: k == 0 ? "± 1 sd across seeds" : "", color: SVGPlot.color(k), x: steps,
                                                      low: zip(m, sd).map { a, b in a.map { $0 - (b ?? 0) } },
                                                      high: zip(m, sd).map { a, b in a.map { $0 + (b ?? 0) } }))
                        c.lines.append(LineChart.Line(name: label, color: SVGPlot.color(k), x: steps, y: m))
                    }
                    figs.append(ReportFigure(name: "points-\(column)", svg: c.svg(),
                                             caption: "\(title) per step at three design points, mean across seeds with a band of ± 1 sd."))
                }
                html.figures(figs)
            }
            let agentsKey = keys.firstIndex(of: "agents"), fractionKey = keys.firstIndex(of: "measurement.cascadeFraction")
            let runIDs = runs.strings("run") ?? []
            let seedColumn = runs.strings("seed") ?? Array(repeating: "", count: runs.rows.count)
            var inputs: [EarlyWarningReport.Input] = []
            for (i, run) in runIDs.enumerated() where rowsByRun[run] != nil {
                let keyValues = keys.map { runs.rows[i][runs.index($0)!] }
                let agents = agentsKey.flatMap { Int(keyValues[$0]) } ?? src.agents
                let name = "run \(run) (" + zip(keys, keyValues).map { "\(shortName($0))=\(ReportHTML.display($1))" }.joined(separator: ", ") + ", seed \(seedColumn[i]))"
                let fraction = fractionKey.flatMap { Double(keyValues[$0]) } ?? src.cascadeFraction
                inputs.append(EarlyWarningReport.Input(name: name, table: table(run), agents: agents, cascadeFraction: fraction))
            }
            results = EarlyWarningReport.analyze(inputs, settings: settings.earlyWarning, collapseLevel: collapse)
            EarlyWarningReport.section(results, settings: settings.earlyWarning, collapseLevel: collapse,
                                       cascadeNote: agentsKey == nil && fractionKey == nil
                                           ? RunOutputReport.cascadeNote(src.agents, fraction: src.cascadeFraction)
                                           : "a step with new dimension locks ≥ measurement.cascadeFraction × the run's agents, both as the run's design point sets them",
                                       into: &html)
        } else {
            html.heading("Early warnings of lock-in and trust collapse")
            html.paragraph("This sweep has no series.csv (run it with --series), so there are no per-step series to analyze and no envelope of the runs.")
        }

        var files: [(name: String, bytes: [UInt8])] = []
        if !results.isEmpty { files += EarlyWarningReport.files(results, settings: settings.earlyWarning) }
        if let prim = try PRIMReport.section(runs, keys: keys, settings: settings, into: &html) {
            files.append(("prim.csv", prim))
        }
        return ReportOutput(html: html, files: files)
    }

    /// Per step across all runs: min to max, 10% to 90%, and the median, of welfare, trust, the
    /// proxy reward and the served fraction.
    static func envelopes(_ series: CSVReader) -> [ReportFigure] {
        guard series.has("step") else { return [] }
        let steps = series.doubles("step")
        var byStep: [Int: [Int]] = [:]
        for (i, s) in steps.enumerated() { if let s { byStep[Int(s), default: []].append(i) } }
        let order = byStep.keys.sorted()
        let runs = Set(series.strings("run") ?? []).count
        var figures: [ReportFigure] = []
        for (column, title, yLabel) in [("welfare", "Welfare", "mean welfare (0 to 1)"), ("trust_mean", "Trust", "mean trust (0 to 1)"),
                                        ("proxy_reward", "Proxy reward", "mean proxy reward (0 to 1)"),
                                        ("served_fraction", "Served fraction", "fraction of agents served"),
                                        ("feedback_rate", "Feedback rate", "fraction of agents giving feedback")] where series.has(column) {
            let values = series.doubles(column)
            var lo: [Double?] = [], hi: [Double?] = [], p10: [Double?] = [], p90: [Double?] = [], median: [Double?] = []
            for t in order {
                let v = byStep[t]!.compactMap { values[$0] }.sorted()
                guard !v.isEmpty else { lo.append(nil); hi.append(nil); p10.append(nil); p90.append(nil); median.append(nil); continue }
                lo.append(v.first); hi.append(v.last)
                p10.append(Bootstrap.quantile(v, 0.1)); p90.append(Bootstrap.quantile(v, 0.9)); median.append(Bootstrap.quantile(v, 0.5))
            }
            let x = order.map(Double.init)
            var c = LineChart(title: "\(title): envelope of all \(runs) runs", subtitle: "per step across runs: min to max, 10% to 90%, median",
                              xLabel: "step", yLabel: yLabel)
            c.yDomain = 0...1
            c.yLimits = 0...1
            // The outer band in a lighter blue, so its legend swatch differs from the inner one's.
            c.bands = [LineChart.Band(name: "min to max", color: SVGPlot.color(5), x: x, low: lo, high: hi),
                       LineChart.Band(name: "10% to 90% of runs", color: SVGPlot.color(0), x: x, low: p10, high: p90)]
            c.lines = [LineChart.Line(name: "median run", color: SVGPlot.color(0), x: x, y: median)]
            figures.append(ReportFigure(name: "envelope-\(column)", svg: c.svg(),
                                        caption: "\(title) per step across every run of the sweep (all points and seeds)."))
        }
        return figures
    }

    static func shortName(_ key: String) -> String {
        key.split(separator: ".").last.map(String.init) ?? key
    }

    static func numericColumns(_ t: CSVReader, except: [String]) -> [String] {
        t.columns.filter { c in !except.contains(c) && !["run", "point", "seed"].contains(c) && t.doubles(c).contains { $0 != nil } }
    }

    struct PointSummary {
        var point: String
        var keyValues: [String]
        var runs: [String]
        var count: Int
        var mean: Double?
        var sd: Double?
    }

    static func pointSummaries(_ runs: CSVReader, keys: [String], values: [Double?]) -> [PointSummary] {
        let pointColumn = runs.strings("point") ?? runs.rows.indices.map(String.init)
        let runColumn = runs.strings("run") ?? runs.rows.indices.map(String.init)
        var order: [String] = [], byPoint: [String: [Int]] = [:]
        for (i, p) in pointColumn.enumerated() {
            if byPoint[p] == nil { order.append(p) }
            byPoint[p, default: []].append(i)
        }
        return order.map { p in
            let idx = byPoint[p]!
            let v = idx.compactMap { values[$0] }
            let m = v.isEmpty ? nil : v.reduce(0, +) / Double(v.count)
            let sd = v.count > 1 ? (v.reduce(0) { $0 + ($1 - m!) * ($1 - m!) } / Double(v.count - 1)).squareRoot() : nil
            return PointSummary(point: p, keyValues: keys.map { runs.rows[idx[0]][runs.index($0)!] },
                                runs: idx.map { runColumn[$0] }, count: idx.count, mean: m, sd: sd)
        }
    }

    /// Mean and sd of a column across runs, step by step (steps from the first run).
    static func acrossRuns(_ tables: [CSVReader], _ column: String) -> ([Double], [Double?], [Double?]) {
        var byStep: [Double: [Double]] = [:]
        var steps: [Double] = []
        for t in tables {
            for (s, v) in zip(t.doubles("step"), t.doubles(column)) {
                guard let s else { continue }
                if byStep[s] == nil { steps.append(s) }
                if let v { byStep[s, default: []].append(v) } else { byStep[s] = byStep[s] ?? [] }
            }
        }
        steps.sort()
        var means: [Double?] = [], sds: [Double?] = []
        for s in steps {
            let v = byStep[s] ?? []
            guard !v.isEmpty else { means.append(nil); sds.append(nil); continue }
            let m = v.reduce(0, +) / Double(v.count)
            means.append(m)
            sds.append(v.count > 1 ? (v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(v.count - 1)).squareRoot() : nil)
        }
        return (steps, means, sds)
    }

    /// The distinct values of a parameter, sorted (numerically when all are numbers), or
    /// equal-width bins when there are too many to show one cell each (e.g. a Latin hypercube).
    struct AxisBins {
        var labels: [String]
        var index: [Int]
        var binned = false
    }

    static func bins(_ values: [String], maxLevels: Int = 16, binCount: Int = 8) -> AxisBins {
        let numbers = values.map { Double($0) }
        let numeric = numbers.allSatisfy { $0 != nil }
        var levels: [String] = []
        for v in values where !levels.contains(v) { levels.append(v) }
        if numeric { levels.sort { Double($0)! < Double($1)! } }
        if levels.count <= maxLevels || !numeric {
            return AxisBins(labels: levels, index: values.map { levels.firstIndex(of: $0)! })
        }
        let xs = numbers.map { $0! }
        let lo = xs.min()!, hi = xs.max()!
        let width = (hi - lo) / Double(binCount)
        let labels = (0..<binCount).map { b in
            String(format: "%.3g–%.3g", lo + width * Double(b), lo + width * Double(b + 1))
        }
        return AxisBins(labels: labels, index: xs.map { min(binCount - 1, Int((($0 - lo) / width).rounded(.down))) }, binned: true)
    }

    static func heatMap(_ runs: CSVReader, keys: [String], measure: String, values: [Double?]) -> ReportFigure {
        let xb = bins(runs.strings(keys[0])!), yb = bins(runs.strings(keys[1])!)
        var sums = [[Double]](repeating: [Double](repeating: 0, count: xb.labels.count), count: yb.labels.count)
        var counts = sums
        for (i, v) in values.enumerated() {
            guard let v else { continue }
            sums[yb.index[i]][xb.index[i]] += v
            counts[yb.index[i]][xb.index[i]] += 1
        }
        let cells: [[Double?]] = zip(sums, counts).map { s, c in zip(s, c).map { $1 > 0 ? $0 / $1 : nil } }
        let others = keys.count > 2 ? " and over " + keys.dropFirst(2).joined(separator: ", ") : ""
        let map = HeatMap(title: "\(measure) by \(shortName(keys[0])) and \(shortName(keys[1]))",
                          subtitle: "mean over seeds\(others)" + (xb.binned || yb.binned ? "; values binned into equal-width ranges" : ""), xLabel: keys[0], yLabel: keys[1], colorLabel: "mean \(measure)",
                          xValues: xb.labels, yValues: yb.labels, values: cells)
        return ReportFigure(name: "sweep-heatmap", svg: map.svg(),
                            caption: "Mean \(measure) at each combination of \(keys[0]) and \(keys[1]) (over seeds\(others)).")
    }

    /// The design points in the first two parameters, each coloured by the mean of the measure
    /// over its seeds (points where it is undefined in every seed are grey).
    static func designScatter(_ runs: CSVReader, keys: [String], measure: String, values: [Double?]) -> ReportFigure {
        let points = pointSummaries(runs, keys: keys, values: values)
        var x: [Double] = [], y: [Double] = [], v: [Double] = [], undefinedX: [Double] = [], undefinedY: [Double] = []
        for p in points {
            guard let a = CSVReader.number(p.keyValues[0]), let b = CSVReader.number(p.keyValues[1]) else { continue }
            if let m = p.mean { x.append(a); y.append(b); v.append(m) } else { undefinedX.append(a); undefinedY.append(b) }
        }
        let others = keys.count > 2 ? "; other parameters (" + keys.dropFirst(2).joined(separator: ", ") + ") vary too" : ""
        var c = ScatterPlot(title: "\(measure) over \(shortName(keys[0])) and \(shortName(keys[1]))",
                            subtitle: "each design point coloured by the mean over its seeds\(others)", xLabel: keys[0], yLabel: keys[1])
        c.colored = ScatterPlot.Colored(x: x, y: y, value: v, label: "mean \(measure)")
        if !undefinedX.isEmpty {
            c.groups = [ScatterPlot.Group(name: "\(measure) undefined", color: "#aaaaaa", x: undefinedX, y: undefinedY)]
        }
        return ReportFigure(name: "sweep-design", svg: c.svg(),
                            caption: "The Latin hypercube's points in \(keys[0]) and \(keys[1]), coloured by the mean \(measure) over seeds.")
    }

    static func linePlot(_ runs: CSVReader, key: String, measure: String, values: [Double?]) -> ReportFigure {
        let raw = runs.strings(key)!
        let numeric = raw.allSatisfy { Double($0) != nil }
        let b = bins(raw, maxLevels: numeric ? Int.max : 16)
        var groups = [[Double]](repeating: [], count: b.labels.count)
        for (i, v) in values.enumerated() { if let v { groups[b.index[i]].append(v) } }
        let means: [Double?] = groups.map { $0.isEmpty ? nil : $0.reduce(0, +) / Double($0.count) }
        let sds: [Double?] = zip(groups, means).map { g, m in
            guard let m, g.count > 1 else { return nil }
            return (g.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(g.count - 1)).squareRoot()
        }
        let x: [Double] = numeric ? b.labels.map { Double($0)! } : b.labels.indices.map(Double.init)
        var c = LineChart(title: "\(measure) against \(shortName(key))", subtitle: "mean over seeds, band ± 1 sd across seeds",
                          xLabel: key, yLabel: "mean \(measure)")
        if !numeric { c.xCategories = b.labels }
        c.bands = [LineChart.Band(name: "± 1 sd across seeds", color: SVGPlot.color(0), x: x,
                                  low: zip(means, sds).map { m, s in m.flatMap { m in s.map { m - $0 } } },
                                  high: zip(means, sds).map { m, s in m.flatMap { m in s.map { m + $0 } } })]
        c.lines = [LineChart.Line(name: "mean \(measure)", color: SVGPlot.color(0), x: x, y: means, markers: true)]
        return ReportFigure(name: "sweep-line", svg: c.svg(), caption: "Mean \(measure) at each value of \(key), over seeds.")
    }
}
