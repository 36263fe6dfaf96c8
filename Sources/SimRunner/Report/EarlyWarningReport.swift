import Foundation

/// The early-warning part of a report: every series analyzed, `early_warning.csv` (one row per
/// series × measure × indicator), `early_warning_roc.csv` (hits and false alarms over the tau
/// threshold), the tally across series (hits, misses, false alarms, surrogate tests, median
/// lead) and the charts of one series.
///
/// Series whose pre-transition part is identical (the corrected runs of `correct` share the
/// uncorrected run's steps before their correction; when the transition comes first, they share
/// its warning too) are analyzed once and counted once: the others are listed as the same series.
enum EarlyWarningReport {
    /// One run's series (or one variant's or world's mean series).
    struct Input {
        var name: String
        var steps: [Int]
        var welfare: [Double?]
        var trust: [Double?]
        var newLocks: [Double?]
        var agents: Int?
        /// New dimension locks per agent that make a step a cascade (the world's `measurement.cascadeFraction`).
        var cascadeFraction: Double

        init(name: String, table t: CSVReader, agents: Int?, cascadeFraction: Double) {
            self.name = name
            let s = t.doubles("step")
            let keep = s.indices.filter { s[$0] != nil }
            steps = keep.map { Int(s[$0]!) }
            let w = t.doubles("welfare"), tr = t.doubles("trust_mean"), nl = t.doubles("new_locks")
            welfare = keep.map { w[$0] }
            trust = keep.map { tr[$0] }
            newLocks = keep.map { nl[$0] }
            self.agents = agents
            self.cascadeFraction = cascadeFraction
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
        /// The earlier series with the same pre-transition part (this one is not counted again).
        var sameAs: String? = nil

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
        // What the analysis sees of a series: its transition and its measures before it.
        struct Prefix: Hashable { var transition: Int?; var kind: String; var steps: [Int]; var values: [[Double?]] }
        var seen: [Prefix: Int] = [:]
        var out: [Result] = []
        for input in inputs {
            let transition = EarlyWarning.transition(steps: input.steps, newLocks: input.newLocks, trust: input.trust,
                                                     agents: input.agents, collapseLevel: collapseLevel,
                                                     cascadeFraction: input.cascadeFraction)
            let values = [input.welfare, input.trust]
            let end = transition.step.map { t in input.steps.firstIndex { $0 >= t } ?? input.steps.count } ?? input.steps.count
            let key = Prefix(transition: transition.step, kind: transition.kind.rawValue, steps: Array(input.steps[..<end]),
                             values: values.map { Array($0.prefix(end)) })
            if let k = seen[key] {
                var copy = out[k]
                copy.name = input.name
                copy.values = values
                copy.steps = input.steps
                copy.sameAs = out[k].name
                out.append(copy)
                continue
            }
            let analyses = values.map { EarlyWarning.analyze(steps: input.steps, values: $0, transitionStep: transition.step, settings: settings) }
            seen[key] = out.count
            out.append(Result(name: input.name, transition: transition, analyses: analyses, values: values, steps: input.steps))
        }
        return out
    }

    /// Both tables, for the report's files.
    static func files(_ results: [Result], settings: EarlyWarning.Settings) -> [(name: String, bytes: [UInt8])] {
        [("early_warning.csv", csv(results, settings: settings)), ("early_warning_roc.csv", rocCSV(results))]
    }

    /// Thresholds of the ROC: -1 to 1 by 0.05.
    static let rocThresholds = (0...40).map { -1 + 0.05 * Double($0) }

    struct ROCPoint { var threshold: Double; var hitRate: Double?; var falseAlarmRate: Double?; var nullAlarmRate: Double? }

    /// For each threshold: the fraction of distinct series with a transition whose tau is above it
    /// (hit rate), of distinct series without one (false-alarm rate), and of the surrogates
    /// of the series with a transition (false-alarm rate on nulls fitted to them).
    static func roc(_ results: [Result], measure m: Int, statistic: EarlyWarning.Statistic) -> [ROCPoint] {
        var withTransition: [Double] = [], without: [Double] = [], nulls: [Double] = []
        for r in results where r.sameAs == nil {
            guard let ind = r.analyses[m]?.indicators.first(where: { $0.statistic == statistic }), let tau = ind.tau else { continue }
            if r.transition.step != nil {
                withTransition.append(tau)
                nulls += ind.nullTaus
            } else {
                without.append(tau)
            }
        }
        func rate(_ xs: [Double], _ t: Double) -> Double? { xs.isEmpty ? nil : Double(xs.filter { $0 > t }.count) / Double(xs.count) }
        return rocThresholds.map { t in ROCPoint(threshold: t, hitRate: rate(withTransition, t), falseAlarmRate: rate(without, t), nullAlarmRate: rate(nulls, t)) }
    }

    static func rocCSV(_ results: [Result]) -> [UInt8] {
        var t = CSVTable(columns: ["measure", "indicator", "threshold", "hit_rate", "false_alarm_rate", "null_alarm_rate",
                                   "series_with_transition", "series_without_transition"])
        let distinct = results.filter { $0.sameAs == nil }
        for (m, measure) in measures.enumerated() {
            for stat in EarlyWarning.Statistic.allCases {
                let assessed = distinct.filter { $0.analyses[m]?.indicators.first { $0.statistic == stat }?.tau != nil }
                let with = assessed.filter { $0.transition.step != nil }.count
                for p in roc(results, measure: m, statistic: stat) {
                    t.append([measure.0, stat.rawValue, CSVTable.format((p.threshold * 100).rounded() / 100),
                              p.hitRate.map(CSVTable.format) ?? "", p.falseAlarmRate.map(CSVTable.format) ?? "",
                              p.nullAlarmRate.map(CSVTable.format) ?? "", String(with), String(assessed.count - with)])
                }
            }
        }
        return t.takeBytes()
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
                                   "window_steps", "bandwidth_steps", "tau", "p_value", "surrogates", "surrogate_kind", "null_alarm_rate",
                                   "threshold", "warned", "significant", "trend_start_step", "lead_steps", "outcome", "same_as"])
        for r in results {
            for (m, measure) in measures.enumerated() {
                let a = r.analyses[m]
                for stat in EarlyWarning.Statistic.allCases {
                    let ind = a?.indicators.first { $0.statistic == stat }
                    t.append([r.name, measure.0, stat.rawValue, r.transition.kind.rawValue, r.transition.step.map(String.init) ?? "",
                              a.map { String($0.steps.count) } ?? "", a.map { String($0.window) } ?? "",
                              a.map { CSVTable.format($0.bandwidth) } ?? "", ind?.tau.map(CSVTable.format) ?? "",
                              ind?.pValue.map(CSVTable.format) ?? "", ind.map { String($0.nullTaus.count) } ?? "",
                              ind.map { $0.nullTaus.isEmpty ? "" : settings.surrogateKind.rawValue } ?? "",
                              ind?.nullAlarmRate.map(CSVTable.format) ?? "", CSVTable.format(settings.threshold),
                              ind.map { $0.warned ? "1" : "0" } ?? "",
                              ind?.pValue.map { $0 < settings.significance ? "1" : "0" } ?? "", ind?.trendStart.map(String.init) ?? "",
                              r.lead(ind).map(String.init) ?? "", r.outcome(ind), r.sameAs ?? ""])
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
            "Significance: rolling windows overlap, so the taus of neighbouring windows are not independent and the textbook p-value of Kendall's tau is far too small. Each tau is instead compared with the taus of \(s.surrogates) \(surrogateDescription(s.surrogateKind)): p = (1 + surrogates with tau at least as large) / (1 + surrogates), one-sided; significant below \(CSVTable.format(s.significance)). The null alarm rate is the fraction of those surrogates in which the warning rule (tau above \(CSVTable.format(s.threshold))) fires although nothing is coming.",
            "Series with fewer than \(s.minimumLength) steps before the transition are too short to assess. Series whose steps before the transition are identical to an earlier series (corrected runs share the uncorrected run's steps before their correction) are analyzed and counted once.",
        ])
        // Tally across distinct series.
        let distinct = results.filter { $0.sameAs == nil }
        var tally: [[String]] = []
        for (m, measure) in measures.enumerated() {
            for stat in EarlyWarning.Statistic.allCases {
                var hits = 0, misses = 0, falseAlarms = 0, quiet = 0, short = 0, significantHits = 0, significantAlarms = 0
                var leads: [Int] = []
                var nullRates: [Double] = []
                for r in distinct {
                    let ind = r.analyses[m]?.indicators.first { $0.statistic == stat }
                    if let rate = ind?.nullAlarmRate { nullRates.append(rate) }
                    let significant = (ind?.pValue ?? 1) < s.significance
                    if significant { if r.transition.step != nil { significantHits += 1 } else { significantAlarms += 1 } }
                    switch r.outcome(ind) {
                    case "hit": hits += 1; if let l = r.lead(ind) { leads.append(l) }
                    case "miss": misses += 1
                    case "false alarm": falseAlarms += 1
                    case "no transition": quiet += 1
                    default: short += 1
                    }
                }
                tally.append(["\(measure.1): \(stat.title)", String(distinct.count), String(hits + misses),
                              String(hits), String(misses), String(significantHits), median(leads).map(CSVTable.format) ?? "",
                              leads.isEmpty ? "" : "\(leads.min()!) to \(leads.max()!)",
                              String(quiet + falseAlarms), String(falseAlarms), String(significantAlarms),
                              nullRates.isEmpty ? "" : String(format: "%.1f%%", 100 * nullRates.reduce(0, +) / Double(nullRates.count)),
                              String(short)])
            }
        }
        let repeated = results.count - distinct.count
        html.table(["indicator", "distinct series", "with a transition", "warned (hits)", "missed", "significant hits",
                    "median lead (steps)", "lead range", "without a transition", "false alarms", "significant false alarms",
                    "null alarm rate of the rule", "too short"], tally,
                   caption: "How often each indicator warned, across \(distinct.count) distinct series"
                       + (repeated > 0 ? " (\(repeated) more series share an earlier series' steps before the transition and are not counted again)." : "."))
        rocSection(results, kind: s.surrogateKind, into: &html)
        // Per series.
        let shown = results.prefix(60)
        var rows: [[String]] = []
        for r in shown {
            var row = [r.name + (r.sameAs.map { " (= \($0))" } ?? ""), transitionText(r.transition), r.transition.step.map(String.init) ?? ""]
            for m in measures.indices {
                for stat in EarlyWarning.Statistic.allCases {
                    let ind = r.analyses[m]?.indicators.first { $0.statistic == stat }
                    var cell = ind?.tau.map { String(format: "%.2f", $0) } ?? "–"
                    if let p = ind?.pValue { cell += String(format: " (p %.3f)", p) }
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

    /// What the p-values are against, in words.
    static func surrogateDescription(_ kind: EarlyWarning.SurrogateKind) -> String {
        switch kind {
        case .ar1: "AR(1) series fitted to the residuals (same lag-1 autocorrelation and variance, no trend; --surrogate-kind ar1)"
        case .phase: "phase-randomized copies of the residuals (the same periodogram, hence the same autocorrelation function, with random Fourier phases; --surrogate-kind phase)"
        }
    }

    /// The ROC over the tau threshold: hit rate against the false-alarm rate on the surrogate nulls.
    static func rocSection(_ results: [Result], kind: EarlyWarning.SurrogateKind, into html: inout ReportHTML) {
        let null = kind.title
        var chart = LineChart(title: "Early-warning ROC over the tau threshold", subtitle: "hits on series with a transition against alarms on their \(null) nulls",
                              xLabel: "false-alarm rate on \(null) surrogates", yLabel: "hit rate")
        chart.xDomain = 0...1
        chart.yDomain = 0...1
        var rows: [[String]] = []
        for (m, measure) in measures.enumerated() {
            for (k, stat) in EarlyWarning.Statistic.allCases.enumerated() {
                let points = roc(results, measure: m, statistic: stat)
                let drawn = points.filter { $0.hitRate != nil && $0.nullAlarmRate != nil }
                if !drawn.isEmpty {
                    chart.lines.append(LineChart.Line(name: "\(measure.1): \(stat.title)", color: SVGPlot.color(2 * m + k),
                                                      x: drawn.map { $0.nullAlarmRate! }, y: drawn.map { $0.hitRate }))
                }
                for p in points where [0.0, 0.3, 0.5, 0.7].contains((p.threshold * 100).rounded() / 100) {
                    func pc(_ x: Double?) -> String { x.map { String(format: "%.0f%%", 100 * $0) } ?? "–" }
                    rows.append(["\(measure.1): \(stat.title)", CSVTable.format((p.threshold * 100).rounded() / 100), pc(p.hitRate),
                                 pc(p.falseAlarmRate), pc(p.nullAlarmRate)])
                }
            }
        }
        html.table(["indicator", "tau threshold", "hit rate", "false-alarm rate (series without a transition)", "false-alarm rate (\(null) nulls)"], rows,
                   caption: "Hits and false alarms at four thresholds; every threshold from -1 to 1 by 0.05 is in early_warning_roc.csv.")
        if !chart.lines.isEmpty {
            html.figures([ReportFigure(name: "ew-roc", svg: chart.svg(),
                                       caption: "Each point is one tau threshold: the share of series with a transition that warn, against the share of their \(null) surrogates that warn. The diagonal is no skill.")])
        }
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
                s.surrogates = 0
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
