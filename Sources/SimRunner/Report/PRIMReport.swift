import Foundation

/// Scenario discovery over a sweep's runs: PRIM boxes in the swept-parameter space where a
/// binary outcome holds (by default, horizon welfare below its median, or recovery below the
/// level when runs.csv has a recovery column, or, over a correction sweep's points, d* below its
/// median). Writes the peeling trajectory to prim.csv with the quasi-p value of every restriction.
enum PRIMReport {
    /// Adds the PRIM section; returns prim.csv, or nil when there is nothing to separate.
    static func section(_ runs: CSVReader, keys: [String], settings: ReportSettings, into html: inout ReportHTML) throws -> [UInt8]? {
        html.heading("Scenario discovery (PRIM)")
        let measure = settings.primMeasure ?? (runs.has("recovery") ? "recovery" : "horizon_welfare")
        guard runs.has(measure) else {
            throw UsageError("runs.csv has no column '\(measure)'; --prim-measure takes one of: "
                             + SweepReport.numericColumns(runs, except: keys).joined(separator: ", "))
        }
        var all = runs.doubles(measure)
        // d* of a correction sweep: a point whose R(d) never falls below the level has d* beyond
        // every delay (+infinity: correction never fails there), and a point where R is not
        // interpreted (no established stake) has no d* and is left out, counted.
        let crossingOfDStar = measure == "d_star" ? runs.strings("crossing") : nil
        if let crossings = crossingOfDStar {
            let status = runs.strings("status") ?? []
            for i in all.indices {
                if status.indices.contains(i) && status[i] != "defined" { all[i] = nil } else if crossings[i] == "neverBelow" { all[i] = .infinity }
            }
        }
        let kept = all.indices.filter { all[$0] != nil }
        let values = kept.map { all[$0]! }
        let threshold: Double
        let rule: String
        if crossingOfDStar != nil && settings.primBelow == nil {
            let finite = values.filter(\.isFinite).sorted()
            let median = Bootstrap.quantile(values.sorted(), 0.5)
            if median.isFinite || finite.isEmpty {
                threshold = median
                rule = "d* below its median over points, \(ReportHTML.display(median)) (correction fails early)"
            } else {
                threshold = .infinity
                rule = "R(d) crosses the level within the delays tried (correction fails at some delay)"
            }
        } else if let below = settings.primBelow {
            threshold = below
            rule = "\(measure) below \(CSVTable.format(below))"
        } else if measure == "recovery" {
            threshold = settings.level ?? 0.5
            rule = "recovery below the level \(CSVTable.format(threshold))"
        } else {
            threshold = Bootstrap.quantile(values.sorted(), 0.5)
            rule = "\(measure) below its median, \(ReportHTML.display(threshold))"
        }
        let outcome = values.map { $0 < threshold }
        let cases = outcome.filter { $0 }.count
        var note = "Outcome: \(rule); it holds in \(cases) of \(values.count) runs"
        if kept.count < runs.rows.count {
            note += crossingOfDStar != nil
                ? " (\(runs.rows.count - kept.count) points left out: R(d) is not interpreted there, the stake being below the minimum or absent)"
                : " (\(runs.rows.count - kept.count) runs without a value of \(measure) left out)"
        }
        if crossingOfDStar != nil { note += "; a point where R(d) never crosses counts as d* beyond the last delay" }
        html.paragraph(note + ".")
        guard cases > 0, cases < values.count, values.count >= 4 else {
            html.paragraph("PRIM needs runs both with and without the outcome; there is nothing to separate here.")
            return nil
        }
        let dimensions: [PRIM.Dimension] = keys.map { key in
            let column = runs.strings(key)!
            let texts = kept.map { column[$0] }
            if texts.allSatisfy({ Double($0) != nil }) { return .numeric(key, texts.map { Double($0)! }) }
            var labels: [String] = []
            for t in texts where !labels.contains(t) { labels.append(t) }
            return .categorical(key, texts.map { labels.firstIndex(of: $0)! }, labels: labels)
        }
        var prim = PRIM(dimensions: dimensions, outcome: outcome)
        prim.threshold = settings.primThreshold
        let result = prim.run()

        html.paragraph("""
        PRIM (Friedman & Fisher 1999, as in the EMA Workbench): peeling alpha \(CSVTable.format(prim.peelAlpha)), pasting alpha \
        \(CSVTable.format(prim.pasteAlpha)), minimum mass \(CSVTable.format(prim.minMass)). Coverage is the share of all runs with the \
        outcome that fall in the box; density the share of the runs in the box that have it. The chosen box is the knee of the \
        peeling trajectory (the box farthest from the straight line joining the first and the last box in the coverage–density \
        plane) among the boxes with density at least \(CSVTable.format(prim.threshold)), then pasted.
        """)
        if !result.meetsThreshold {
            html.paragraph("No box reaches density \(CSVTable.format(prim.threshold)); the chosen box is the knee over the whole trajectory.")
        }

        // Coverage against density.
        var c = LineChart(title: "PRIM peeling trajectory", subtitle: "outcome: \(rule)", xLabel: "coverage (share of outcome runs in the box)",
                          yLabel: "density (share of box runs with the outcome)")
        c.xDomain = 0...1
        c.yDomain = 0...1
        c.lines = [LineChart.Line(name: "peeling trajectory (boxes 0 to \(result.trajectory.count - 1))", color: SVGPlot.color(0),
                                  x: result.trajectory.map(\.coverage), y: result.trajectory.map(\.density), markers: true)]
        let picked = result.trajectory[result.chosenIndex]
        c.lines.append(LineChart.Line(name: "chosen: box \(result.chosenIndex)", color: SVGPlot.color(1), x: [picked.coverage], y: [picked.density], markers: true))
        if result.chosen != picked {
            c.lines.append(LineChart.Line(name: "chosen box after pasting", color: SVGPlot.color(2), x: [result.chosen.coverage],
                                          y: [result.chosen.density], markers: true))
        }
        c.horizontalRules = [LineChart.Rule(value: prim.threshold, name: "density threshold \(CSVTable.format(prim.threshold))", color: "#555555")]
        html.figures([ReportFigure(name: "prim-trajectory", svg: c.svg(),
                                   caption: "Coverage against density of every box of the peeling trajectory (box 0 holds every run).")])

        // The chosen box.
        let quasiP = Dictionary(uniqueKeysWithValues: prim.quasiP(result.chosen, initial: result.initial).map { ($0.dimension, $0.p) })
        func qp(_ d: Int) -> String { quasiP[d].map { String(format: "%.3g", $0) } ?? "" }
        var limitRows: [[String]] = []
        for (d, dim) in dimensions.enumerated() {
            switch (result.chosen.limits[d], result.initial[d]) {
            case let (.range(lo, hi), .range(lo0, hi0)):
                let restricted = lo > lo0 || hi < hi0
                limitRows.append([dim.name, lo > lo0 ? ReportHTML.display(lo) : "(data minimum)",
                                  hi < hi0 ? ReportHTML.display(hi) : "(data maximum)",
                                  "\(ReportHTML.display(lo0)) to \(ReportHTML.display(hi0))", restricted ? "yes" : "no", qp(d)])
            case let (.categories(allowed), .categories(all)):
                if case .categorical(_, _, let labels) = dim {
                    limitRows.append([dim.name, allowed.sorted().map { labels[$0] }.joined(separator: ", "), "",
                                      all.sorted().map { labels[$0] }.joined(separator: ", "), allowed.count < all.count ? "yes" : "no", qp(d)])
                }
            default:
                break
            }
        }
        html.table(["parameter", "lower limit (or values)", "upper limit", "range in the sweep", "restricted", "quasi-p"], limitRows,
                   caption: String(format: "The chosen box: box %d of the trajectory, pasted: %d runs, coverage %.3f, density %.3f, mass %.3f.",
                                   result.chosenIndex, result.chosen.points, result.chosen.coverage, result.chosen.density, result.chosen.mass))

        html.figures(scatters(dimensions, outcome: outcome, box: result.chosen, initial: result.initial, rule: rule))

        // The trajectory, as a table and as prim.csv.
        var columns = ["box", "stage", "runs", "mass", "coverage", "density", "chosen"]
        for dim in dimensions {
            if case .numeric = dim { columns += ["\(dim.name)_low", "\(dim.name)_high"] } else { columns.append("\(dim.name)_values") }
        }
        columns += dimensions.map { "\($0.name)_quasi_p" }
        var csv = CSVTable(columns: columns)
        var rows: [[String]] = []
        func row(_ box: PRIM.Box, index: String, stage: String, chosen: Bool) -> [String] {
            var r = [index, stage, String(box.points), CSVTable.format(box.mass), CSVTable.format(box.coverage), CSVTable.format(box.density),
                     chosen ? "1" : "0"]
            for (d, dim) in dimensions.enumerated() {
                switch box.limits[d] {
                case .range(let lo, let hi): r += [CSVTable.format(lo), CSVTable.format(hi)]
                case .categories(let allowed):
                    if case .categorical(_, _, let labels) = dim { r.append(allowed.sorted().map { labels[$0] }.joined(separator: "|")) }
                }
            }
            let q = Dictionary(uniqueKeysWithValues: prim.quasiP(box, initial: result.initial).map { ($0.dimension, $0.p) })
            r += dimensions.indices.map { d in q[d].map { String(format: "%.4g", $0) } ?? "" }
            return r
        }
        for (i, box) in result.trajectory.enumerated() {
            rows.append(row(box, index: String(i), stage: i == 0 ? "initial" : "peel", chosen: i == result.chosenIndex))
        }
        rows.append(row(result.chosen, index: String(result.chosenIndex), stage: "pasted", chosen: true))
        for r in rows { csv.append(r) }
        html.table(columns, rows, caption: "The peeling trajectory, then the chosen box after pasting (also in prim.csv).")
        return csv.takeBytes()
    }

    /// The design in pairs of numeric parameters, each run coloured by whether the outcome holds,
    /// with the chosen box drawn over it: the parameters the box restricts first, at most three
    /// pairs.
    static func scatters(_ dimensions: [PRIM.Dimension], outcome: [Bool], box: PRIM.Box, initial: [PRIM.Limit], rule: String) -> [ReportFigure] {
        var numeric: [(index: Int, name: String, values: [Double], restricted: Bool)] = []
        for (d, dim) in dimensions.enumerated() {
            guard case .numeric(let name, let values) = dim else { continue }
            var restricted = false
            if case let (.range(lo, hi), .range(lo0, hi0)) = (box.limits[d], initial[d]) { restricted = lo > lo0 || hi < hi0 }
            numeric.append((d, name, values, restricted))
        }
        guard numeric.count >= 2 else { return [] }
        numeric.sort { $0.restricted && !$1.restricted }
        var pairs: [(Int, Int)] = []
        for a in numeric.indices { for b in numeric.indices where b > a { pairs.append((a, b)) } }
        return pairs.prefix(3).enumerated().map { k, pair in
            let (a, b) = (numeric[pair.0], numeric[pair.1])
            var c = ScatterPlot(title: "\(SweepReport.shortName(b.name)) against \(SweepReport.shortName(a.name))",
                                subtitle: "each run coloured by the outcome: \(rule)", xLabel: a.name, yLabel: b.name)
            let holds = outcome.indices.filter { outcome[$0] }, not = outcome.indices.filter { !outcome[$0] }
            c.groups = [ScatterPlot.Group(name: "outcome does not hold", color: "#0072B2", x: not.map { a.values[$0] }, y: not.map { b.values[$0] }),
                        ScatterPlot.Group(name: "outcome holds", color: "#D55E00", x: holds.map { a.values[$0] }, y: holds.map { b.values[$0] })]
            if case .range(let x0, let x1) = box.limits[a.index], case .range(let y0, let y1) = box.limits[b.index] {
                c.boxes = [ScatterPlot.Box(name: "chosen PRIM box (its limits in these two parameters)", color: "#000000", x: x0...x1, y: y0...y1)]
            }
            return ReportFigure(name: "prim-scatter-\(k + 1)", svg: c.svg(),
                                caption: "The design in \(a.name) and \(b.name), each run coloured by whether the outcome holds, with the chosen box drawn over it (limits on other parameters not shown).")
        }
    }
}
