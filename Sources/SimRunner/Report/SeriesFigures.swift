import Foundation

/// The standard charts of a per-step series (series.csv, or one variant's or world's rows of
/// mean_series.csv): constraint stocks and locked fractions per dimension, trust with its
/// spread, welfare against the proxy reward, what the optimizer learns from (feedback fidelity,
/// estimate drift), preference measures and narrative shares.
enum SeriesFigures {
    static let dimensions = ["economic", "institutional", "attention", "narrative"]

    /// Steps of a series table (the `step` column; rows without a step are dropped by callers).
    static func steps(_ t: CSVReader) -> [Double] { t.doubles("step").map { $0 ?? .nan } }

    /// A line of column `column`, or nil when the table has no such column.
    static func line(_ t: CSVReader, _ column: String, name: String, color: String, dashed: Bool = false) -> LineChart.Line? {
        guard t.has(column) else { return nil }
        return LineChart.Line(name: name, color: color, x: steps(t), y: t.doubles(column), dashed: dashed)
    }

    /// Mean ± one standard deviation across seeds, clipped to [0, 1], from a mean table and an sd
    /// table with the same rows (`mean_series.csv` and `sd_series.csv`); nil when either lacks the column.
    static func sdBand(mean: CSVReader, sd: CSVReader, _ column: String, name: String, color: String) -> LineChart.Band? {
        guard mean.has(column), sd.has(column), mean.rows.count == sd.rows.count else { return nil }
        let m = mean.doubles(column), s = sd.doubles(column)
        let low = zip(m, s).map { a, b in a.flatMap { x in b.map { max(0, x - $0) } } }
        let high = zip(m, s).map { a, b in a.flatMap { x in b.map { min(1, x + $0) } } }
        return LineChart.Band(name: name, color: color, x: steps(mean), low: low, high: high)
    }

    /// The step at which `corrected` first becomes 1, if ever.
    static func correctionStep(_ t: CSVReader) -> Int? {
        let c = t.doubles("corrected"), s = t.doubles("step")
        for (k, v) in c.enumerated() where v == 1 { return s[k].map { Int($0) } }
        return nil
    }

    /// The six standard charts. `name` prefixes the file names; `context` is the subtitle.
    static func standard(_ t: CSVReader, name: String, context: String, rules: [LineChart.Rule] = [],
                         collapseLevel: Double) -> [ReportFigure] {
        var figures: [ReportFigure] = []
        var rules = rules
        if let c = correctionStep(t), c > 0 {
            rules.insert(LineChart.Rule(value: Double(c), name: "correction (step \(c))", color: "#555555"), at: 0)
        }
        func chart(_ title: String, _ yLabel: String, _ lines: [LineChart.Line?], fixed: ClosedRange<Double>? = nil) -> LineChart {
            var c = LineChart(title: title, subtitle: context, xLabel: "step", yLabel: yLabel)
            c.lines = lines.compactMap { $0 }
            c.verticalRules = rules
            c.yDomain = fixed
            c.yLimits = fixed
            return c
        }
        let stocks = dimensions.enumerated().map { line(t, "stock_\($1)", name: $1, color: SVGPlot.color($0)) }
        figures.append(ReportFigure(name: "\(name)-constraints", svg: chart("Constraint stocks by dimension",
            "mean stock (typical lock thresholds)", stocks).svg(),
            caption: "Mean constraint stock per dimension, in units of a typical lock threshold."))
        let locked = dimensions.enumerated().map { line(t, "locked_\($1)", name: $1, color: SVGPlot.color($0)) }
        figures.append(ReportFigure(name: "\(name)-locked", svg: chart("Locked fraction by dimension",
            "fraction of agents locked", locked, fixed: 0...1).svg(),
            caption: "Share of agents locked in each dimension."))
        var trust = chart("Trust in the system", "mean trust (0 to 1)", [line(t, "trust_mean", name: "mean trust", color: SVGPlot.color(0)),
                                                                         line(t, "exited", name: "exited fraction", color: SVGPlot.color(1), dashed: true)],
                          fixed: 0...1)
        if t.has("trust_mean"), t.has("trust_sd") {
            let m = t.doubles("trust_mean"), sd = t.doubles("trust_sd")
            trust.bands = [LineChart.Band(name: "mean ± 1 sd across agents", color: SVGPlot.color(0), x: steps(t),
                                          low: zip(m, sd).map { a, b in a.flatMap { a in b.map { max(0, a - $0) } } },
                                          high: zip(m, sd).map { a, b in a.flatMap { a in b.map { min(1, a + $0) } } })]
        }
        trust.horizontalRules = [LineChart.Rule(value: collapseLevel, name: "collapse level \(CSVTable.format(collapseLevel))", color: "#555555")]
        figures.append(ReportFigure(name: "\(name)-trust", svg: trust.svg(),
            caption: "Mean trust with a band of ±1 standard deviation across agents (cut at 0 and 1, the range of trust), and the fraction of agents who exited."))
        figures.append(ReportFigure(name: "\(name)-welfare", svg: chart("True welfare and the proxy reward", "mean per agent (0 to 1)",
            [line(t, "welfare", name: "welfare (not seen by the optimizer)", color: SVGPlot.color(2)),
             line(t, "proxy_reward", name: "proxy reward (optimized)", color: SVGPlot.color(1)),
             line(t, "served_fraction", name: "fraction of agents served", color: SVGPlot.color(3)),
             line(t, "feedback_rate", name: "fraction giving feedback (the proxy's base)", color: SVGPlot.color(4))], fixed: 0...1).svg(),
            caption: "What the optimizer maximizes (proxy reward, a mean over the agents who gave feedback) against what people get (welfare), beside the fractions of agents served and giving feedback."))
        if t.has("feedback_fidelity") || t.has("estimate_drift") {
            figures.append(ReportFigure(name: "\(name)-feedback", svg: chart("What the optimizer learns from", "correlation / reward units",
                [line(t, "feedback_fidelity", name: "feedback fidelity (correlation with true worth)", color: SVGPlot.color(0)),
                 line(t, "estimate_drift", name: "estimate drift (mean |estimate - expected reward|)", color: SVGPlot.color(1)),
                 line(t, "estimate_bias", name: "estimate bias (mean estimate - expected reward)", color: SVGPlot.color(2), dashed: true)],
                fixed: -1...1).svg(),
                caption: "Feedback fidelity: the correlation, over agents who gave feedback, of the feedback with the true worth of the item served. Estimate drift and bias: how far the optimizer's estimate of each served item is from the served agent's expected uncorrupted reward (exposure-weighted mean of the absolute and the signed difference). Gaps are steps where a measure is undefined."))
        }
        figures.append(ReportFigure(name: "\(name)-preferences", svg: chart("Preferences", "index (0 to 1)",
            [line(t, "preference_entropy", name: "preference entropy", color: SVGPlot.color(0)),
             line(t, "reflective_distance", name: "distance from reflective preferences", color: SVGPlot.color(1)),
             line(t, "homogenization", name: "homogenization (Jaccard)", color: SVGPlot.color(2))], fixed: 0...1).svg(),
            caption: "Normalized entropy of expressed preferences, their distance from reflective preferences, and homogenization of consumption."))
        if t.has("lock_neighbour_share") {
            let c = chart("Lock clustering on the network", "fraction of locked agents' neighbours locked", [
                line(t, "lock_neighbour_share", name: "observed", color: SVGPlot.color(0)),
                line(t, "lock_neighbour_share_null", name: "expected if locks were shuffled among agents of the same degree", color: SVGPlot.color(1), dashed: true)],
                fixed: 0...1)
            if c.hasDefinedValue {
                figures.append(ReportFigure(name: "\(name)-lock-clustering", svg: c.svg(),
                    caption: "Among the network neighbours of locked agents, the fraction locked, beside its exact expectation under a degree-preserving shuffle of the locks. A common drive (every agent pushed by the same optimizer) keeps the two together; contagion along ties lifts the observed line above the null."))
            }
        }
        let frames = t.columns.filter { $0.hasPrefix("share_") }
        if !frames.isEmpty {
            let lines = frames.enumerated().map { line(t, $1, name: String($1.dropFirst(6)), color: SVGPlot.color($0)) }
            figures.append(ReportFigure(name: "\(name)-narratives", svg: chart("Narrative shares", "share of agents", lines, fixed: 0...1).svg(),
                caption: "Share of agents holding each narrative frame."))
        }
        return figures
    }
}
