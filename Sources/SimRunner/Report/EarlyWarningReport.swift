import Foundation

/// The early-warning part of a report: every series analyzed, `early_warning.csv` (one row per
/// series × measure × indicator), the tally across series (hits, misses, false alarms, median
/// lead) and the charts of one series.
enum EarlyWarningReport {
    /// One run's series (or one variant's or world's mean series).
    struct Input {
        var name: String
        var steps: [Int]
        var welfare: [Double?]
        var trust: [Double?]
        var newLocks: [Double?]
        var agents: Int?

        init(name: String, table t: CSVReader, agents: Int?) {
            self.name = name
            let s = t.doubles("step")
            let keep = s.indices.filter { s[$0] != nil }
            steps = keep.map { Int(s[$0]!) }
            let w = t.doubles("welfare"), tr = t.doubles("trust_mean"), nl = t.doubles("new_locks")
            welfare = keep.map { w[$0] }
            trust = keep.map { tr[$0] }
            newLocks = keep.map { nl[$0] }
            self.agents = agents
        }
    }

    /// The measures analyzed: CSV column and how the report names it.
    static let measures = [("welfare", "mean welfare"), ("trust_mean", "mean trust")]

    struct Result {
        var name: String
        var transition: EarlyWarning.Transition
        /// Per measure (in `measures` order): the analysis, nil when the series is too short.
        var analyses: [EarlyWarning.Analysis?]
        var values: [[Double?]]
        var steps: [Int]

        func outcome(_ indicator: EarlyWarning.Indicator?) -> String {
            guard let indicator else { return "too short" }
            if transition.step != nil { return indicator.warned ? "hit" : "miss" }
            return indicator.warned ? "false alarm" : "no transition"
        }

        func lead(_ indicator: EarlyWarning.Indicator?) -> Int? {
            guard let t = transition.step, let start = indicator?.trendStart else { return nil }
            return t - start
        }
    }

    static func analyze(_ inputs: [Input], settings: EarlyWarning.Settings, collapseLevel: Double) -> [Result] {
        inputs.map { input in
            let transition = EarlyWarning.transition(steps: input.steps, newLocks: input.newLocks, trust: input.trust,
                                                     agents: input.agents, collapseLevel: collapseLevel)
            let values = [input.welfare, input.trust]
            let analyses = values.map { EarlyWarning.analyze(steps: input.steps, values: $0, transitionStep: transition.step, settings: settings) }
            return Result(name: input.name, transition: transition, analyses: analyses, values: values, steps: input.steps)
        }
    }

    static func transitionText(_ t: EarlyWarning.Transition) -> String {
        switch t.kind {
        case .cascade: "lock-in cascade"
        case .trustCollapse: "trust collapse"
        case .none: "none"
        }
    }

    static func csv(_ results: [Result], settings: EarlyWarning.Settings) -> [UInt8] {
        var t = CSVTable(columns: ["series", "measure", "indicator", "transition", "transition_step", "pre_transition_steps",
                                   "window_steps", "bandwidth_steps", "tau", "p_value", "threshold", "warned",
                                   "trend_start_step", "lead_steps", "outcome"])
        for r in results {
            for (m, measure) in measures.enumerated() {
                let a = r.analyses[m]
                for stat in EarlyWarning.Statistic.allCases {
                    let ind = a?.indicators.first { $0.statistic == stat }
                    t.append([r.name, measure.0, stat.rawValue, r.transition.kind.rawValue, r.transition.step.map(String.init) ?? "",
                              a.map { String($0.steps.count) } ?? "", a.map { String($0.window) } ?? "",
                              a.map { CSVTable.format($0.bandwidth) } ?? "", ind?.tau.map(CSVTable.format) ?? "",
                              ind?.pValue.map(CSVTable.format) ?? "", CSVTable.format(settings.threshold),
                              ind.map { $0.warned ? "1" : "0" } ?? "", ind?.trendStart.map(String.init) ?? "",
                              r.lead(ind).map(String.init) ?? "", r.outcome(ind)])
                }
            }
        }
        return t.takeBytes()
    }

    static func median(_ xs: [Int]) -> Double? {
        guard !xs.isEmpty else { return nil }
        let s = xs.sorted()
        return s.count % 2 == 1 ? Double(s[s.count / 2]) : Double(s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    /// Adds the early-warning section to a report.
    static func section(_ results: [Result], settings: EarlyWarning.Settings, collapseLevel: Double, cascadeNote: String,
                        into html: inout ReportHTML) {
        let s = settings
        html.heading("Early warnings of lock-in and trust collapse")
        html.paragraph("""
        Before a tipping point, a system recovers more slowly from small shocks, so fluctuations grow more autocorrelated \
        and more variable (Scheffer et al. 2009). For each series, the transition is the first lock-in cascade \
        (\(cascadeNote)) or trust collapse (mean trust below \(CSVTable.format(collapseLevel))), whichever comes first. \
        Over the steps before it, mean welfare and mean trust are detrended with a Gaussian kernel smoother \
        (kernel standard deviation: \(s.bandwidth.map { "\(CSVTable.format($0)) steps" } ?? "a tenth of the pre-transition series, at least 2 steps")); \
        in a rolling window of \(CSVTable.format(s.window * 100))% of the pre-transition series, the lag-1 autocorrelation and \
        the variance of the residuals are computed, and each indicator's trend is Kendall's tau against time.
        """)
        html.list([
            "Warning rule: an indicator warned when its tau is above \(CSVTable.format(s.threshold)). A warning before a transition is a hit, none a miss; a warning in a series with no transition is a false alarm.",
            "Lead: the transition step minus the trend start, the first step from which the expanding tau (Kendall's tau of the indicator from the first window up to that step, counted once \(s.minimumTrendPoints) values exist) stays above the threshold until the transition.",
            "Series with fewer than \(s.minimumLength) steps before the transition are too short to assess. The p-values assume independent points, which overlapping windows are not: read them as rough.",
        ])
        // Tally across series.
        var tally: [[String]] = []
        for (m, measure) in measures.enumerated() {
            for stat in EarlyWarning.Statistic.allCases {
                var hits = 0, misses = 0, falseAlarms = 0, quiet = 0, short = 0
                var leads: [Int] = []
                for r in results {
                    let ind = r.analyses[m]?.indicators.first { $0.statistic == stat }
                    switch r.outcome(ind) {
                    case "hit": hits += 1; if let l = r.lead(ind) { leads.append(l) }
                    case "miss": misses += 1
                    case "false alarm": falseAlarms += 1
                    case "no transition": quiet += 1
                    default: short += 1
                    }
                }
                tally.append(["\(measure.1): \(stat.title)", String(results.count), String(hits + misses),
                              String(hits), String(misses), median(leads).map(CSVTable.format) ?? "",
                              leads.isEmpty ? "" : "\(leads.min()!) to \(leads.max()!)",
                              String(quiet + falseAlarms), String(falseAlarms), String(short)])
            }
        }
        html.table(["indicator", "series", "with a transition", "warned (hits)", "missed", "median lead (steps)", "lead range",
                    "without a transition", "false alarms", "too short"], tally,
                   caption: "How often each indicator warned, across \(results.count) series.")
        // Per series.
        let shown = results.prefix(60)
        var rows: [[String]] = []
        for r in shown {
            var row = [r.name, transitionText(r.transition), r.transition.step.map(String.init) ?? ""]
            for m in measures.indices {
                for stat in EarlyWarning.Statistic.allCases {
                    let ind = r.analyses[m]?.indicators.first { $0.statistic == stat }
                    var cell = ind?.tau.map { String(format: "%.2f", $0) } ?? "–"
                    if let ind, ind.warned { cell += r.transition.step != nil ? " warned" : " false alarm" }
                    if let l = r.lead(ind) { cell += ", lead \(l)" }
                    if ind == nil { cell = "too short" }
                    row.append(cell)
                }
            }
            rows.append(row)
        }
        var header = ["series", "transition", "step"]
        for measure in measures { for stat in EarlyWarning.Statistic.allCases { header.append("\(measure.1): \(stat.rawValue) tau") } }
        html.table(header, rows, caption: results.count > shown.count
                   ? "Per series (the first \(shown.count) of \(results.count); all in early_warning.csv)."
                   : "Per series (also in early_warning.csv).")
        // Charts of one series: the first with a transition that could be assessed.
        guard let featured = results.first(where: { r in r.transition.step != nil && r.analyses.contains { $0 != nil } })
                ?? results.first(where: { r in r.analyses.contains { $0 != nil } }) else {
            html.paragraph("No series is long enough before its transition to compute the indicators.")
            return
        }
        html.heading("Indicators of one series: \(featured.name)", level: 3)
        if featured.transition.step == nil {
            html.paragraph("No series has a transition that could be assessed; these are the indicators over the whole of '\(featured.name)', which has no transition to warn about.")
        }
        html.figures(figures(featured, settings: settings))
        sensitivity(featured, settings: settings, into: &html)
    }

    static func figures(_ r: Result, settings: EarlyWarning.Settings) -> [ReportFigure] {
        var out: [ReportFigure] = []
        let transitionRule = r.transition.step.map {
            [LineChart.Rule(value: Double($0), name: "\(transitionText(r.transition)) (step \($0))", color: "#B00020")]
        } ?? []
        for (m, measure) in measures.enumerated() {
            guard let a = r.analyses[m] else { continue }
            let context = "\(r.name): \(measure.1), before the transition"
            var series = LineChart(title: "\(measure.1.prefix(1).uppercased() + measure.1.dropFirst()) and its trend", subtitle: r.name,
                                   xLabel: "step", yLabel: measure.1 + " (0 to 1)")
            series.lines = [LineChart.Line(name: measure.1, color: SVGPlot.color(0), x: r.steps.map(Double.init), y: r.values[m]),
                            LineChart.Line(name: "Gaussian smoother (bandwidth \(CSVTable.format(a.bandwidth)) steps)", color: SVGPlot.color(1),
                                           x: a.steps.map(Double.init), y: a.trend, dashed: true)]
            series.verticalRules = transitionRule
            out.append(ReportFigure(name: "ew-\(measure.0)-series", svg: series.svg(),
                                    caption: "\(measure.1) over the whole run and the smoother fitted before the transition; the residuals feed the indicators."))
            for (k, ind) in a.indicators.enumerated() {
                var c = LineChart(title: "\(ind.statistic.title.prefix(1).uppercased() + ind.statistic.title.dropFirst()) of \(measure.1)",
                                  subtitle: "Kendall's tau \(ind.tau.map { String(format: "%.2f", $0) } ?? "undefined")" +
                                      (ind.warned ? " (warned)" : ""),
                                  xLabel: "step (end of the \(a.window)-step window)",
                                  yLabel: ind.statistic == .autocorrelation ? "lag-1 autocorrelation" : "variance of residuals")
                c.lines = [LineChart.Line(name: ind.statistic.title + " in the rolling window", color: SVGPlot.color(k + 2),
                                          x: ind.steps.map(Double.init), y: ind.values)]
                c.verticalRules = transitionRule
                c.xDomain = Double(r.steps.first ?? 0)...Double(max(r.transition.step ?? (r.steps.last ?? 1), ind.steps.last ?? 1))
                out.append(ReportFigure(name: "ew-\(measure.0)-\(ind.statistic.rawValue)", svg: c.svg(),
                                        caption: "\(ind.statistic.title.prefix(1).uppercased() + ind.statistic.title.dropFirst()) of detrended \(measure.1) (\(context))."))
            }
            var tauChart = LineChart(title: "Expanding Kendall's tau: \(measure.1)", subtitle: r.name,
                                     xLabel: "step", yLabel: "Kendall's tau up to this step")
            tauChart.yDomain = -1...1
            tauChart.xDomain = Double(r.steps.first ?? 0)...Double(r.transition.step ?? (r.steps.last ?? 1))
            tauChart.horizontalRules = [LineChart.Rule(value: settings.threshold, name: "warning threshold \(CSVTable.format(settings.threshold))", color: "#555555")]
            for (k, ind) in a.indicators.enumerated() {
                tauChart.lines.append(LineChart.Line(name: ind.statistic.title, color: SVGPlot.color(k + 2), x: ind.steps.map(Double.init), y: ind.expandingTau))
                if let start = ind.trendStart {
                    tauChart.verticalRules.append(LineChart.Rule(value: Double(start), name: "\(ind.statistic.rawValue) trend start (step \(start))",
                                                                 color: SVGPlot.color(k + 2)))
                }
            }
            tauChart.verticalRules += transitionRule
            out.append(ReportFigure(name: "ew-\(measure.0)-tau", svg: tauChart.svg(),
                                    caption: "Kendall's tau of each indicator from the first window up to each step; the trend start is where it rises above the threshold for good."))
        }
        return out
    }

    /// Tau for other windows and bandwidths (DESIGN §6: test the sensitivity).
    static func sensitivity(_ r: Result, settings: EarlyWarning.Settings, into html: inout ReportHTML) {
        guard let n = r.analyses.compactMap({ $0 }).first?.steps.count else { return }
        let bw = settings.bandwidth(forLength: n)
        var rows: [[String]] = []
        for window in [0.25, 0.5, 0.75] {
            for factor in [0.5, 1, 2] {
                var s = settings
                s.window = window
                s.bandwidth = bw * factor
                var row = [CSVTable.format(window), CSVTable.format(bw * factor)]
                for (m, _) in measures.enumerated() {
                    let a = EarlyWarning.analyze(steps: r.steps, values: r.values[m], transitionStep: r.transition.step, settings: s)
                    for stat in EarlyWarning.Statistic.allCases {
                        row.append(a?.indicators.first { $0.statistic == stat }?.tau.map { String(format: "%.2f", $0) } ?? "")
                    }
                }
                rows.append(row)
            }
        }
        var header = ["window (fraction)", "bandwidth (steps)"]
        for measure in measures { for stat in EarlyWarning.Statistic.allCases { header.append("\(measure.1): \(stat.rawValue) tau") } }
        html.table(header, rows, caption: "Sensitivity of Kendall's tau to the window and the bandwidth, for '\(r.name)'.")
    }
}
