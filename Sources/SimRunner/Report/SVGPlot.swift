import Foundation

/// Self-contained SVG charts for `simrunner report`: line charts with bands and rules, grouped
/// bar charts with intervals, and heat maps with a colour legend. No scripts, no external fonts
/// or links; every chart has a title, titled axes and a legend below the plot (so it never covers
/// data). Missing values (nil) are skipped, never drawn as NaN.
///
/// The root element carries the axis transform, so the numbers drawn can be read back:
/// `data-plot="left top width height"` (the plot area in pixels), `data-x-domain="lo hi"` and
/// `data-y-domain="lo hi"` (the data values at the left/right and bottom/top edges). Bars and
/// heat-map cells also carry `data-value` with the number as the CSV writes it.
enum SVGPlot {
    static let font = "Helvetica, Arial, sans-serif"
    static let fontSize = 12.0

    /// Okabe–Ito colours (distinguishable with common colour-vision deficiencies), then greys.
    static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#999999", "#8C564B", "#7F7F00"]

    static func color(_ i: Int) -> String { palette[i % palette.count] }

    /// Width of a text in pixels, from character classes sized for the widest common sans
    /// serif a browser falls back to (DejaVu Sans on Linux; Helvetica and Arial are narrower), so
    /// a label laid out by it is never cut off at an edge (no font metrics without a renderer).
    static func textWidth(_ s: String, size: Double = fontSize) -> Double {
        var em = 0.0
        for c in s.unicodeScalars {
            switch c {
            case "i", "l", "j", ".", ",", ":", ";", "'", "|", "!", " ": em += 0.32
            case "f", "t", "r", "(", ")", "[", "]", "-", "\u{2212}": em += 0.42
            case "m", "w", "M", "W", "\u{2013}", "\u{00D7}": em += 0.9
            case "0"..."9", "+", "=", "<", ">", "_", "#", "$": em += 0.64
            case "A"..."Z": em += 0.72
            default: em += 0.61
            }
        }
        return em * size
    }

    /// Text made safe for XML content and attributes: the five markup characters as entities,
    /// and control characters (not allowed in XML 1.0 at all, and escape sequences to a
    /// terminal that shows the file) written as visible `\u{1b}` text, by `SafeText`. Tab,
    /// newline and carriage return are allowed in XML and kept.
    static func escape(_ s: String) -> String {
        var out = ""
        for scalar in SafeText.escaped(s, keeping: ["\t", "\n", "\r"]).unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A coordinate in pixels, two decimals.
    static func px(_ x: Double) -> String {
        let s = String(format: "%.2f", x)
        return s == "-0.00" ? "0.00" : s
    }

    // MARK: Ticks

    /// "Nice" tick values (1, 2, 2.5, 5 × 10^k steps) covering [lo, hi] with at most about `count` ticks.
    static func ticks(_ lo: Double, _ hi: Double, count: Int) -> (values: [Double], step: Double) {
        guard hi > lo, count >= 2 else { return ([lo], 1) }
        let raw = (hi - lo) / Double(count - 1)
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        var step = magnitude * 10
        for m in [1.0, 2, 2.5, 5, 10] where m * magnitude >= raw * (1 - 1e-9) {
            step = m * magnitude
            break
        }
        // A whisker of slack so 1e-5 / 5e-6 = 2.0000000000000004 still starts at 2.
        let first = (lo / step - 1e-9).rounded(.up), last = (hi / step + 1e-9).rounded(.down)
        guard last >= first else { return ([lo], step) }
        let values = stride(from: first, through: last, by: 1).map { $0 * step }
        return (values.map { abs($0) < step * 1e-9 ? 0 : $0 }, step)
    }

    /// A power of ten to factor out of tick labels that would otherwise be very long (below
    /// 0.01 or from 100,000 up), e.g. -5 for ticks 0.00001 to 0.00002; 0 when none is needed.
    static func tickExponent(_ values: [Double]) -> Int {
        let m = values.map(abs).max() ?? 0
        guard m > 0, m < 0.01 || m >= 100_000 else { return 0 }
        return Int(log10(m).rounded(.down))
    }

    /// "×10⁻⁵", for an axis title.
    static func powerOfTen(_ e: Int) -> String {
        let digits: [Character: Character] = ["0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹", "-": "⁻"]
        return "×10" + String(String(e).map { digits[$0] ?? $0 })
    }

    /// Tick labels, with a common power of ten factored out when the numbers are very small or
    /// large; returns the labels and the suffix for the axis title ("" or " (×10⁻⁵)").
    static func tickLabels(_ t: (values: [Double], step: Double)) -> (labels: [String], suffix: String) {
        let e = tickExponent(t.values)
        guard e != 0 else { return (t.values.map { tickLabel($0, step: t.step) }, "") }
        let f = pow(10, Double(e))
        return (t.values.map { tickLabel($0 / f, step: t.step / f) }, " (" + powerOfTen(e) + ")")
    }

    /// A domain widened to whole tick steps, so the axis ends on a tick.
    static func niceDomain(_ lo: Double, _ hi: Double, count: Int) -> (lo: Double, hi: Double) {
        var lo = lo, hi = hi
        if !(hi > lo) {
            let pad = lo == 0 ? 1 : abs(lo) * 0.1
            lo -= pad
            hi += pad
        }
        let step = ticks(lo, hi, count: count).step
        return ((lo / step + 1e-9).rounded(.down) * step, (hi / step - 1e-9).rounded(.up) * step)
    }

    /// Tick label: as many decimals as the step needs; large numbers with thousands as "k".
    static func tickLabel(_ v: Double, step: Double) -> String {
        if abs(v) >= 100_000 && step >= 1000 {
            return tickLabel(v / 1000, step: step / 1000) + "k"
        }
        var decimals = max(0, Int((-log10(step)).rounded(.up)))
        let scaled = step * pow(10, Double(decimals))
        if abs(scaled - scaled.rounded()) > 1e-6 { decimals += 1 }
        let s = String(format: "%.\(min(decimals, 8))f", v)
        return s.hasPrefix("-") && Double(s) == 0 ? String(s.dropFirst()) : s
    }

    // MARK: Shared pieces

    struct LegendEntry {
        enum Swatch { case line(dashed: Bool), area, bar, marker }
        var name: String
        var color: String
        var swatch: Swatch
    }

    /// Lays legend entries out in rows of `width` pixels; returns the SVG and its height.
    static func legend(_ entries: [LegendEntry], x: Double, y: Double, width: Double) -> (svg: String, height: Double) {
        guard !entries.isEmpty else { return ("", 0) }
        var s = "<g class=\"legend\" font-size=\"\(fontSize)\">"
        var cx = x, cy = y + 8
        let rowHeight = 18.0
        for e in entries {
            let w = 26 + textWidth(e.name) + 16
            if cx > x && cx + w > x + width {
                cx = x
                cy += rowHeight
            }
            switch e.swatch {
            case .line(let dashed):
                s += "<line x1=\"\(px(cx))\" y1=\"\(px(cy))\" x2=\"\(px(cx + 20))\" y2=\"\(px(cy))\" stroke=\"\(e.color)\" stroke-width=\"2.5\""
                s += dashed ? " stroke-dasharray=\"5,3\"/>" : "/>"
            case .area:
                s += "<rect x=\"\(px(cx))\" y=\"\(px(cy - 6))\" width=\"20\" height=\"12\" fill=\"\(e.color)\" fill-opacity=\"0.25\" stroke=\"\(e.color)\" stroke-opacity=\"0.5\"/>"
            case .bar:
                s += "<rect x=\"\(px(cx))\" y=\"\(px(cy - 6))\" width=\"20\" height=\"12\" fill=\"\(e.color)\" fill-opacity=\"0.75\"/>"
            case .marker:
                s += "<circle cx=\"\(px(cx + 10))\" cy=\"\(px(cy))\" r=\"4\" fill=\"\(e.color)\"/>"
            }
            s += "<text x=\"\(px(cx + 26))\" y=\"\(px(cy + 4))\">\(escape(e.name))</text>"
            cx += w
        }
        s += "</g>"
        return (s, cy - y + 12)
    }

    /// The opening tag, title and subtitle of a chart.
    static func header(width: Double, height: Double, title: String, subtitle: String?, attributes: String) -> String {
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(px(width))\" height=\"\(px(height))\" viewBox=\"0 0 \(px(width)) \(px(height))\""
        s += " font-family=\"\(font)\" font-size=\"\(fontSize)\" role=\"img\" aria-label=\"\(escape(title))\"\(attributes)>"
        s += "<title>\(escape(title))</title>"
        s += "<rect x=\"0\" y=\"0\" width=\"\(px(width))\" height=\"\(px(height))\" fill=\"#ffffff\"/>"
        s += "<text x=\"12\" y=\"20\" font-size=\"14\" font-weight=\"bold\">\(escape(title))</text>"
        if let subtitle { s += "<text x=\"12\" y=\"37\" fill=\"#444444\">\(escape(subtitle))</text>" }
        return s
    }

    /// Title height: the title line, and the subtitle line when there is one.
    static func headerHeight(_ subtitle: String?) -> Double { subtitle == nil ? 32 : 48 }

    // MARK: Colour scale

    /// Viridis, sampled at ten stops.
    static let viridis: [(Double, Double, Double)] = [
        (68, 1, 84), (72, 40, 120), (62, 73, 137), (49, 104, 142), (38, 130, 142),
        (31, 158, 137), (53, 183, 121), (109, 205, 89), (180, 222, 44), (253, 231, 37),
    ]

    /// The colour of `t` in [0, 1] on the viridis scale.
    static func viridisColor(_ t: Double) -> String {
        let u = min(max(t.isFinite ? t : 0, 0), 1) * Double(viridis.count - 1)
        let i = min(Int(u), viridis.count - 2)
        let f = u - Double(i)
        let a = viridis[i], b = viridis[i + 1]
        func mix(_ x: Double, _ y: Double) -> Int { Int((x + (y - x) * f).rounded()) }
        return String(format: "#%02X%02X%02X", mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
    }

    /// Whether dark text reads better than white on a viridis colour.
    static func darkTextOn(_ t: Double) -> Bool { t > 0.55 }
}

/// A line chart: lines (optionally with markers), shaded bands, vertical and horizontal rules,
/// and shaded vertical spans, over numeric axes.
struct LineChart {
    struct Line {
        var name: String
        var color: String
        var x: [Double]
        var y: [Double?]
        var dashed = false
        var markers = false
        /// Left out of the legend (e.g. the second of two lines named once).
        var hideInLegend = false
    }

    struct Band {
        var name: String
        var color: String
        var x: [Double]
        var low: [Double?]
        var high: [Double?]
    }

    struct Rule {
        var value: Double
        var name: String
        var color: String
        var dashed = true
    }

    struct Span {
        var from: Double
        var to: Double
        var name: String
        var color: String
    }

    var title: String
    var subtitle: String? = nil
    var xLabel: String
    var yLabel: String
    var lines: [Line] = []
    var bands: [Band] = []
    var verticalRules: [Rule] = []
    var horizontalRules: [Rule] = []
    var spans: [Span] = []
    /// Fixed axis ranges (otherwise the data's, widened to whole ticks on the y axis).
    var xDomain: ClosedRange<Double>? = nil
    var yDomain: ClosedRange<Double>? = nil
    /// The range the measure can take (trust, welfare and fractions: 0 to 1): lines and bands are
    /// cut to it and the axis never runs outside it, even when a band of ± 1 sd would.
    var yLimits: ClosedRange<Double>? = nil
    /// Labels for x positions 0, 1, 2, ... instead of numbers (categorical x axis).
    var xCategories: [String]? = nil
    var width = 560.0
    var height = 330.0

    init(title: String, subtitle: String? = nil, xLabel: String, yLabel: String) {
        self.title = title
        self.subtitle = subtitle
        self.xLabel = xLabel
        self.yLabel = yLabel
    }

    /// Whether any line has a defined value: a chart of nothing but undefined values would draw
    /// an axis made up from nothing, so reports say "undefined in every run" instead.
    var hasDefinedValue: Bool { lines.contains { $0.y.contains { $0?.isFinite == true } } }

    func svg() -> String {
        guard let limits = yLimits else { return render() }
        func cut(_ y: Double?) -> Double? { y.map { min(max($0, limits.lowerBound), limits.upperBound) } }
        var c = self
        c.yLimits = nil
        c.lines = lines.map { l in var l = l; l.y = l.y.map(cut); return l }
        c.bands = bands.map { b in var b = b; b.low = b.low.map(cut); b.high = b.high.map(cut); return b }
        if let d = yDomain { c.yDomain = max(d.lowerBound, limits.lowerBound)...min(d.upperBound, limits.upperBound) }
        return c.render()
    }

    private func render() -> String {
        typealias P = SVGPlot
        // Domains from everything drawn.
        var xs: [Double] = [], ys: [Double] = []
        for l in lines { for (x, y) in zip(l.x, l.y) { if let y { xs.append(x); ys.append(y) } } }
        for b in bands {
            for (k, x) in b.x.enumerated() {
                if let lo = b.low[k] { xs.append(x); ys.append(lo) }
                if let hi = b.high[k] { xs.append(x); ys.append(hi) }
            }
        }
        for r in horizontalRules { ys.append(r.value) }
        for r in verticalRules { xs.append(r.value) }
        for s in spans { xs.append(s.from); xs.append(s.to) }
        let hasData = !ys.isEmpty
        var xLo = xDomain?.lowerBound ?? xs.min() ?? 0, xHi = xDomain?.upperBound ?? xs.max() ?? 1
        if xCategories != nil, xDomain == nil { xLo -= 0.5; xHi += 0.5 }
        if !(xHi > xLo) { xLo -= 1; xHi += 1 }
        let yCount = max(3, Int(height / 55))
        // A fixed range is kept unless data fall outside it.
        let (yLo, yHi): (Double, Double)
        if let d = yDomain, (ys.min() ?? d.lowerBound) >= d.lowerBound, (ys.max() ?? d.upperBound) <= d.upperBound {
            (yLo, yHi) = (d.lowerBound, d.upperBound)
        } else {
            (yLo, yHi) = P.niceDomain(min(ys.min() ?? 0, yDomain?.lowerBound ?? .infinity),
                                      max(ys.max() ?? 1, yDomain?.upperBound ?? -.infinity), count: yCount)
        }
        let yTicks = P.ticks(yLo, yHi, count: yCount)
        let (yLabels, ySuffix) = P.tickLabels(yTicks)

        let top = P.headerHeight(subtitle) + 8
        let left = PlotAxes.leftMargin(yLabels: yLabels)
        let right = 18.0
        let bottom = 52.0
        let axes = PlotAxes(left: left, top: top, width: width - left - right, height: height - top - bottom, x: xLo...xHi, y: yLo...yHi)
        let plotW = axes.width, plotH = axes.height
        func X(_ x: Double) -> Double { axes.X(x) }
        func Y(_ y: Double) -> Double { axes.Y(y) }

        // Legend below the x axis title.
        var entries: [SVGPlot.LegendEntry] = []
        for b in bands where !b.name.isEmpty { entries.append(.init(name: b.name, color: b.color, swatch: .area)) }
        for l in lines where !l.hideInLegend && !l.name.isEmpty { entries.append(.init(name: l.name, color: l.color, swatch: l.markers && l.x.count < 3 ? .marker : .line(dashed: l.dashed))) }
        for s in spans { entries.append(.init(name: s.name, color: s.color, swatch: .area)) }
        for r in verticalRules + horizontalRules { entries.append(.init(name: r.name, color: r.color, swatch: .line(dashed: r.dashed))) }
        let legend = P.legend(entries, x: 12, y: height - 4, width: width - 24)
        let total = height + legend.height + (legend.height > 0 ? 6 : 0)

        var s = P.header(width: width, height: total, title: title, subtitle: subtitle,
                         attributes: " data-plot=\"\(P.px(left)) \(P.px(top)) \(P.px(plotW)) \(P.px(plotH))\" data-x-domain=\"\(CSVTable.format(xLo)) \(CSVTable.format(xHi))\" data-y-domain=\"\(CSVTable.format(yLo)) \(CSVTable.format(yHi))\"")
        s += axes.yAxis(yTicks.values, labels: yLabels)
        var xSuffix = ""
        if let cats = xCategories {
            s += axes.xCategories(cats)
        } else {
            // The axis ends on a labelled tick: the last step (the horizon) is read off, not guessed.
            let xTicks = PlotAxes.xTicks(xLo, xHi, width: plotW)
            let xLabels = P.tickLabels(xTicks)
            xSuffix = xLabels.suffix
            s += axes.xAxis(xTicks.values, labels: xLabels.labels)
        }
        s += axes.frame()
        s += axes.xTitle(xLabel + xSuffix)
        s += axes.yTitle(yLabel + ySuffix)

        // Spans, bands, rules, lines.
        for sp in spans {
            let a = X(min(sp.from, sp.to)), b = X(max(sp.from, sp.to))
            s += "<rect class=\"span\" x=\"\(P.px(a))\" y=\"\(P.px(top))\" width=\"\(P.px(max(b - a, 1)))\" height=\"\(P.px(plotH))\" fill=\"\(sp.color)\" fill-opacity=\"0.12\"/>"
        }
        for b in bands {
            for segment in Self.segments(b.x.indices.map { b.low[$0] != nil && b.high[$0] != nil }) where segment.count >= 2 {
                let upper = segment.map { "\(P.px(X(b.x[$0]))),\(P.px(Y(b.high[$0]!)))" }
                let lower = segment.reversed().map { "\(P.px(X(b.x[$0]))),\(P.px(Y(b.low[$0]!)))" }
                s += "<polygon class=\"band\" data-series=\"\(P.escape(b.name))\" points=\"\((upper + lower).joined(separator: " "))\" fill=\"\(b.color)\" fill-opacity=\"0.2\" stroke=\"none\"/>"
            }
        }
        for r in horizontalRules {
            let y = Y(r.value)
            s += "<line class=\"rule\" x1=\"\(P.px(left))\" y1=\"\(P.px(y))\" x2=\"\(P.px(left + plotW))\" y2=\"\(P.px(y))\" stroke=\"\(r.color)\" stroke-width=\"1.5\"\(r.dashed ? " stroke-dasharray=\"6,4\"" : "")/>"
        }
        for r in verticalRules {
            let x = X(r.value)
            s += "<line class=\"rule\" x1=\"\(P.px(x))\" y1=\"\(P.px(top))\" x2=\"\(P.px(x))\" y2=\"\(P.px(top + plotH))\" stroke=\"\(r.color)\" stroke-width=\"1.5\"\(r.dashed ? " stroke-dasharray=\"6,4\"" : "")/>"
        }
        for l in lines {
            let present = zip(l.x, l.y).map { $0.1 != nil }
            for segment in Self.segments(present) {
                let points = segment.map { "\(P.px(X(l.x[$0]))),\(P.px(Y(l.y[$0]!)))" }.joined(separator: " ")
                if segment.count >= 2 {
                    s += "<polyline data-series=\"\(P.escape(l.name))\" points=\"\(points)\" fill=\"none\" stroke=\"\(l.color)\" stroke-width=\"1.8\" stroke-linejoin=\"round\"\(l.dashed ? " stroke-dasharray=\"6,3\"" : "")/>"
                }
                if l.markers || segment.count == 1 {
                    for k in segment {
                        s += "<circle cx=\"\(P.px(X(l.x[k])))\" cy=\"\(P.px(Y(l.y[k]!)))\" r=\"3\" fill=\"\(l.color)\"/>"
                    }
                }
            }
        }
        if !hasData {
            s += "<text x=\"\(P.px(left + plotW / 2))\" y=\"\(P.px(top + plotH / 2))\" text-anchor=\"middle\" fill=\"#888888\">no data</text>"
        }
        s += legend.svg
        s += "</svg>"
        return s
    }

    /// Runs of consecutive true positions.
    static func segments(_ present: [Bool]) -> [[Int]] {
        var out: [[Int]] = [], current: [Int] = []
        for (i, p) in present.enumerated() {
            if p { current.append(i) } else if !current.isEmpty { out.append(current); current = [] }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }
}

/// Bars side by side for each group (e.g. a measure), one colour per series (e.g. a world),
/// each with an optional interval drawn as an error bar.
struct BarChart {
    struct Series {
        var name: String
        var color: String
        var values: [Double?]
        var low: [Double?]
        var high: [Double?]
    }

    var title: String
    var subtitle: String? = nil
    var yLabel: String
    var xLabel: String
    var groups: [String]
    var series: [Series]
    var intervalName = "95% interval"
    var width = 560.0
    var height = 360.0

    init(title: String, subtitle: String? = nil, xLabel: String, yLabel: String, groups: [String], series: [Series]) {
        self.title = title
        self.subtitle = subtitle
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.groups = groups
        self.series = series
    }

    func svg() -> String {
        typealias P = SVGPlot
        var ys = [0.0]
        for s in series { ys += s.values.compactMap { $0 } + s.low.compactMap { $0 } + s.high.compactMap { $0 } }
        let yCount = max(3, Int(height / 55))
        let (yLo, yHi) = P.niceDomain(ys.min()!, ys.max()!, count: yCount)
        let yTicks = P.ticks(yLo, yHi, count: yCount)
        let (yLabels, ySuffix) = P.tickLabels(yTicks)
        let top = P.headerHeight(subtitle) + 8
        let left = PlotAxes.leftMargin(yLabels: yLabels)
        let right = 18.0
        let plotW = width - left - right
        // Group labels: rotated when they do not fit side by side.
        let groupW = plotW / Double(max(groups.count, 1))
        let widest = groups.map { P.textWidth($0, size: 11) }.max() ?? 0
        let rotate = widest > groupW - 6
        let labelDepth = rotate ? widest * 0.66 + 8 : 12
        let bottom = 14 + labelDepth + 30
        let plotH = height - top - bottom
        let axes = PlotAxes(left: left, top: top, width: plotW, height: plotH, x: 0...1, y: yLo...yHi)
        func Y(_ y: Double) -> Double { axes.Y(y) }

        var entries = series.map { SVGPlot.LegendEntry(name: $0.name, color: $0.color, swatch: .bar) }
        if series.contains(where: { $0.low.contains { $0 != nil } }) {
            entries.append(.init(name: intervalName, color: "#222222", swatch: .line(dashed: false)))
        }
        let legend = P.legend(entries, x: 12, y: height - 4, width: width - 24)
        let total = height + legend.height + 6
        var s = P.header(width: width, height: total, title: title, subtitle: subtitle,
                         attributes: " data-plot=\"\(P.px(left)) \(P.px(top)) \(P.px(plotW)) \(P.px(plotH))\" data-y-domain=\"\(CSVTable.format(yLo)) \(CSVTable.format(yHi))\"")
        s += axes.yAxis(yTicks.values, labels: yLabels)
        let barW = min(40, groupW * 0.8 / Double(max(series.count, 1)))
        for (g, name) in groups.enumerated() {
            let center = left + groupW * (Double(g) + 0.5)
            let y0 = top + plotH + 14
            if rotate {
                s += "<text transform=\"translate(\(P.px(center + 4)) \(P.px(y0))) rotate(-45)\" text-anchor=\"end\" font-size=\"11\">\(P.escape(name))</text>"
            } else {
                s += "<text x=\"\(P.px(center))\" y=\"\(P.px(y0 + 4))\" text-anchor=\"middle\" font-size=\"11\">\(P.escape(name))</text>"
            }
            for (k, ser) in series.enumerated() {
                let x = center - barW * Double(series.count) / 2 + barW * Double(k)
                guard let v = ser.values[g] else {
                    s += "<text x=\"\(P.px(x + barW / 2))\" y=\"\(P.px(Y(0) - 4))\" text-anchor=\"middle\" font-size=\"9\" fill=\"#888888\">n/a</text>"
                    continue
                }
                let y1 = Y(max(v, 0)), y2 = Y(min(v, 0))
                s += "<rect class=\"bar\" data-series=\"\(P.escape(ser.name))\" data-group=\"\(P.escape(name))\" data-value=\"\(CSVTable.format(v))\" x=\"\(P.px(x + 1))\" y=\"\(P.px(y1))\" width=\"\(P.px(barW - 2))\" height=\"\(P.px(max(y2 - y1, 0.5)))\" fill=\"\(ser.color)\" fill-opacity=\"0.75\"/>"
                if let lo = ser.low[g], let hi = ser.high[g] {
                    let cx = x + barW / 2
                    s += "<g class=\"interval\" data-low=\"\(CSVTable.format(lo))\" data-high=\"\(CSVTable.format(hi))\" stroke=\"#222222\" stroke-width=\"1.3\">"
                    s += "<line x1=\"\(P.px(cx))\" y1=\"\(P.px(Y(lo)))\" x2=\"\(P.px(cx))\" y2=\"\(P.px(Y(hi)))\"/>"
                    s += "<line x1=\"\(P.px(cx - 4))\" y1=\"\(P.px(Y(lo)))\" x2=\"\(P.px(cx + 4))\" y2=\"\(P.px(Y(lo)))\"/>"
                    s += "<line x1=\"\(P.px(cx - 4))\" y1=\"\(P.px(Y(hi)))\" x2=\"\(P.px(cx + 4))\" y2=\"\(P.px(Y(hi)))\"/></g>"
                }
            }
        }
        s += "<line x1=\"\(P.px(left))\" y1=\"\(P.px(Y(0)))\" x2=\"\(P.px(left + plotW))\" y2=\"\(P.px(Y(0)))\" stroke=\"#333333\"/>"
        s += axes.frame()
        s += axes.xTitle(xLabel, y: height - 14)
        s += axes.yTitle(yLabel + ySuffix)
        s += legend.svg
        s += "</svg>"
        return s
    }
}

/// A heat map over two categorical axes (e.g. the values of two swept parameters), coloured on
/// the viridis scale with a colour bar; cells without data are light grey.
struct HeatMap {
    var title: String
    var subtitle: String? = nil
    var xLabel: String
    var yLabel: String
    var colorLabel: String
    var xValues: [String]
    var yValues: [String]
    /// values[row][column]: row = y value (drawn bottom to top), column = x value.
    var values: [[Double?]]
    var width = 560.0
    var height = 420.0

    init(title: String, subtitle: String? = nil, xLabel: String, yLabel: String, colorLabel: String,
         xValues: [String], yValues: [String], values: [[Double?]]) {
        self.title = title
        self.subtitle = subtitle
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.colorLabel = colorLabel
        self.xValues = xValues
        self.yValues = yValues
        self.values = values
    }

    func svg() -> String {
        typealias P = SVGPlot
        let all = values.flatMap { $0 }.compactMap { $0 }
        var lo = all.min() ?? 0, hi = all.max() ?? 1
        if !(hi > lo) { lo -= 0.5; hi += 0.5 }
        let cTicks = P.ticks(lo, hi, count: 6)
        let (cLabels, cSuffix) = P.tickLabels(cTicks)
        let top = P.headerHeight(subtitle) + 8
        let left = PlotAxes.leftMargin(yLabels: yValues)
        let right = 12 + PlotAxes.colorBarWidth(labels: cLabels)
        let bottom = 56.0
        let plotW = width - left - right, plotH = height - top - bottom
        let cw = plotW / Double(max(xValues.count, 1)), ch = plotH / Double(max(yValues.count, 1))
        let missing = all.count < xValues.count * yValues.count
        var s = P.header(width: width, height: height + (missing ? 20 : 0), title: title, subtitle: subtitle,
                         attributes: " data-plot=\"\(P.px(left)) \(P.px(top)) \(P.px(plotW)) \(P.px(plotH))\" data-color-domain=\"\(CSVTable.format(lo)) \(CSVTable.format(hi))\"")
        let showText = cw >= 34 && ch >= 18
        for (r, row) in values.enumerated() {
            for (c, v) in row.enumerated() {
                let x = left + cw * Double(c), y = top + plotH - ch * Double(r + 1)
                guard let v else {
                    s += "<rect class=\"cell\" x=\"\(P.px(x))\" y=\"\(P.px(y))\" width=\"\(P.px(cw))\" height=\"\(P.px(ch))\" fill=\"#eeeeee\" stroke=\"#ffffff\"/>"
                    continue
                }
                let t = (v - lo) / (hi - lo)
                s += "<rect class=\"cell\" data-x=\"\(P.escape(xValues[c]))\" data-y=\"\(P.escape(yValues[r]))\" data-value=\"\(CSVTable.format(v))\" x=\"\(P.px(x))\" y=\"\(P.px(y))\" width=\"\(P.px(cw))\" height=\"\(P.px(ch))\" fill=\"\(P.viridisColor(t))\" stroke=\"#ffffff\"/>"
                if showText {
                    let label = String(format: abs(v) >= 100 ? "%.0f" : "%.3g", v)
                    s += "<text x=\"\(P.px(x + cw / 2))\" y=\"\(P.px(y + ch / 2 + 4))\" text-anchor=\"middle\" font-size=\"10\" fill=\"\(P.darkTextOn(t) ? "#000000" : "#ffffff")\">\(P.escape(label))</text>"
                }
            }
        }
        let xEvery = max(1, Int((xValues.map { P.textWidth($0, size: 11) }.max() ?? 10) + 8) / max(Int(cw), 1) + 1)
        for (c, name) in xValues.enumerated() where c % xEvery == 0 {
            s += "<text x=\"\(P.px(left + cw * (Double(c) + 0.5)))\" y=\"\(P.px(top + plotH + 16))\" text-anchor=\"middle\" font-size=\"11\">\(P.escape(name))</text>"
        }
        let yEvery = max(1, Int(14 / max(ch, 1)) + 1)
        for (r, name) in yValues.enumerated() where r % yEvery == 0 {
            s += "<text x=\"\(P.px(left - 6))\" y=\"\(P.px(top + plotH - ch * (Double(r) + 0.5) + 4))\" text-anchor=\"end\" font-size=\"11\">\(P.escape(name))</text>"
        }
        let axes = PlotAxes(left: left, top: top, width: plotW, height: plotH, x: 0...1, y: lo...hi)
        s += axes.frame()
        s += axes.xTitle(xLabel)
        s += axes.yTitle(yLabel)
        s += axes.colorBar(at: width - right + 24, domain: lo...hi, ticks: cTicks.values, labels: cLabels, title: colorLabel + cSuffix, titleX: width - 10)
        if missing {
            s += "<rect x=\"12\" y=\"\(P.px(height + 2))\" width=\"14\" height=\"12\" fill=\"#eeeeee\" stroke=\"#999999\"/>"
            s += "<text x=\"32\" y=\"\(P.px(height + 12))\">no runs at this combination</text>"
        }
        s += "</svg>"
        return s
    }
}
