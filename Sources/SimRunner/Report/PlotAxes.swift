import Foundation

/// The plotting area of a chart, its scales and its axes, drawn the same way by every chart:
/// horizontal grid lines with the y tick labels on the left, vertical grid lines with the x tick
/// labels below, the frame, axis titles that fit the area, and a colour bar. One place for the
/// layout rules, so a fix (a title longer than the axis, a horizon tick) reaches every chart.
struct PlotAxes {
    var left: Double
    var top: Double
    var width: Double
    var height: Double
    var x: ClosedRange<Double>
    var y: ClosedRange<Double>

    typealias P = SVGPlot

    func X(_ v: Double) -> Double { left + (v - x.lowerBound) / (x.upperBound - x.lowerBound) * width }
    func Y(_ v: Double) -> Double { top + height - (v - y.lowerBound) / (y.upperBound - y.lowerBound) * height }

    var right: Double { left + width }
    var bottom: Double { top + height }

    /// The room left of the area: the rotated y title, then the widest y tick label.
    static func leftMargin(yLabels: [String], size: Double = 11) -> Double {
        22 + 8 + (yLabels.map { P.textWidth($0, size: size) }.max() ?? 10) + 8
    }

    /// x ticks for an area `width` pixels wide, at most one per 70 pixels; when the domain ends
    /// on a whole number (the horizon step) the last tick is that number, so it is read off.
    static func xTicks(_ lo: Double, _ hi: Double, width: Double, endOnWhole: Bool = true) -> (values: [Double], step: Double) {
        var t = P.ticks(lo, hi, count: max(2, Int(width / 70)))
        if endOnWhole, let last = t.values.last, hi - last > 1e-9 * max(1, abs(hi)), hi == hi.rounded() {
            if hi - last < 0.4 * t.step { t.values.removeLast() }
            t.values.append(hi)
        }
        return t
    }

    /// Horizontal grid lines at `ticks` with their labels left of the area.
    func yAxis(_ ticks: [Double], labels: [String], grid: String = "#e4e4e4") -> String {
        var s = "<g class=\"y-axis\" font-size=\"11\">"
        for (v, label) in zip(ticks, labels) {
            s += "<line x1=\"\(P.px(left))\" y1=\"\(P.px(Y(v)))\" x2=\"\(P.px(right))\" y2=\"\(P.px(Y(v)))\" stroke=\"\(grid)\"/>"
            s += "<text x=\"\(P.px(left - 6))\" y=\"\(P.px(Y(v) + 4))\" text-anchor=\"end\">\(P.escape(label))</text>"
        }
        return s + "</g>"
    }

    /// Vertical grid lines at `ticks`, tick marks below the area (`marks`) and the labels.
    func xAxis(_ ticks: [Double], labels: [String], marks: Bool = true, grid: String = "#f0f0f0", labelOffset: Double = 18) -> String {
        var s = "<g class=\"x-axis\" font-size=\"11\">"
        for (v, label) in zip(ticks, labels) {
            let x = X(v)
            s += "<line x1=\"\(P.px(x))\" y1=\"\(P.px(top))\" x2=\"\(P.px(x))\" y2=\"\(P.px(bottom))\" stroke=\"\(grid)\"/>"
            if marks { s += "<line x1=\"\(P.px(x))\" y1=\"\(P.px(bottom))\" x2=\"\(P.px(x))\" y2=\"\(P.px(bottom + 5))\" stroke=\"#333333\"/>" }
            s += "<text x=\"\(P.px(x))\" y=\"\(P.px(bottom + labelOffset))\" text-anchor=\"middle\">\(P.escape(label))</text>"
        }
        return s + "</g>"
    }

    /// Category labels at x = 0, 1, 2, ..., every k-th one when they do not all fit.
    func xCategories(_ names: [String]) -> String {
        let widest = names.map { P.textWidth($0, size: 11) }.max() ?? 10
        let every = max(1, Int(Double(names.count) * (widest + 8) / width) + 1)
        var s = "<g class=\"x-axis\" font-size=\"11\">"
        for (i, c) in names.enumerated() where i % every == 0 {
            let x = X(Double(i))
            s += "<line x1=\"\(P.px(x))\" y1=\"\(P.px(bottom))\" x2=\"\(P.px(x))\" y2=\"\(P.px(bottom + 5))\" stroke=\"#333333\"/>"
            s += "<text x=\"\(P.px(x))\" y=\"\(P.px(bottom + 18))\" text-anchor=\"middle\">\(P.escape(c))</text>"
        }
        return s + "</g>"
    }

    func frame() -> String {
        "<rect x=\"\(P.px(left))\" y=\"\(P.px(top))\" width=\"\(P.px(width))\" height=\"\(P.px(height))\" fill=\"none\" stroke=\"#333333\"/>"
    }

    /// The x axis title, centred under the area, at `y` (default: below the tick labels).
    func xTitle(_ text: String, y: Double? = nil) -> String {
        "<text x=\"\(P.px(left + width / 2))\" y=\"\(P.px(y ?? bottom + 38))\" text-anchor=\"middle\"\(Self.fitting(text, into: width))>\(P.escape(text))</text>"
    }

    /// The y axis title, rotated, centred on the area; set smaller when it is longer than the
    /// area is high (it would otherwise run into the chart's title or the x labels).
    func yTitle(_ text: String, x: Double = 16) -> String {
        "<text transform=\"translate(\(P.px(x)) \(P.px(top + height / 2))) rotate(-90)\" text-anchor=\"middle\"\(Self.fitting(text, into: height))>\(P.escape(text))</text>"
    }

    /// A font-size attribute that makes `text` fit `length` pixels (down to 8 px), or nothing.
    static func fitting(_ text: String, into length: Double) -> String {
        let natural = P.textWidth(text)
        guard natural > length, length > 0 else { return "" }
        return " font-size=\"\(P.px(max(8, P.fontSize * length / natural)))\""
    }

    /// Room right of an area for a colour bar with these tick labels and its rotated title.
    static func colorBarWidth(labels: [String]) -> Double {
        24 + 14 + (labels.map { P.textWidth($0, size: 11) }.max() ?? 10) + 26
    }

    /// A vertical viridis colour bar beside the area, from `domain`'s low (bottom) to high.
    func colorBar(at bx: Double, domain: ClosedRange<Double>, ticks: [Double], labels: [String], title: String, titleX: Double) -> String {
        let bw = 14.0, steps = 40
        let (lo, hi) = (domain.lowerBound, domain.upperBound)
        var s = ""
        for i in 0..<steps {
            let y = top + height * (1 - Double(i + 1) / Double(steps))
            s += "<rect x=\"\(P.px(bx))\" y=\"\(P.px(y))\" width=\"\(P.px(bw))\" height=\"\(P.px(height / Double(steps) + 0.5))\" fill=\"\(P.viridisColor((Double(i) + 0.5) / Double(steps)))\"/>"
        }
        s += "<rect x=\"\(P.px(bx))\" y=\"\(P.px(top))\" width=\"\(P.px(bw))\" height=\"\(P.px(height))\" fill=\"none\" stroke=\"#333333\"/>"
        for (v, label) in zip(ticks, labels) {
            let y = top + height * (1 - (v - lo) / (hi - lo))
            s += "<line x1=\"\(P.px(bx + bw))\" y1=\"\(P.px(y))\" x2=\"\(P.px(bx + bw + 4))\" y2=\"\(P.px(y))\" stroke=\"#333333\"/>"
            s += "<text x=\"\(P.px(bx + bw + 6))\" y=\"\(P.px(y + 4))\" font-size=\"11\">\(P.escape(label))</text>"
        }
        s += "<text transform=\"translate(\(P.px(titleX)) \(P.px(top + height / 2))) rotate(-90)\" text-anchor=\"middle\"\(Self.fitting(title, into: height))>\(P.escape(title))</text>"
        return s
    }
}
