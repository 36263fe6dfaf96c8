import Foundation

/// A scatter plot of design points in two parameters, each point coloured by its class (e.g.
/// whether the outcome holds in that run), with optional rectangles drawn over them (a PRIM
/// box: its limits in these two parameters).
struct ScatterPlot {
    struct Group {
        var name: String
        var color: String
        var x: [Double]
        var y: [Double]
    }

    struct Box {
        var name: String
        var color: String
        var x: ClosedRange<Double>
        var y: ClosedRange<Double>
    }

    var title: String
    var subtitle: String? = nil
    var xLabel: String
    var yLabel: String
    var groups: [Group] = []
    var boxes: [Box] = []
    var width = 560.0
    var height = 400.0

    init(title: String, subtitle: String? = nil, xLabel: String, yLabel: String) {
        self.title = title
        self.subtitle = subtitle
        self.xLabel = xLabel
        self.yLabel = yLabel
    }

    func svg() -> String {
        typealias P = SVGPlot
        let xs = groups.flatMap(\.x) + boxes.flatMap { [$0.x.lowerBound, $0.x.upperBound] }
        let ys = groups.flatMap(\.y) + boxes.flatMap { [$0.y.lowerBound, $0.y.upperBound] }
        let (xLo, xHi) = P.niceDomain(xs.min() ?? 0, xs.max() ?? 1, count: 6)
        let (yLo, yHi) = P.niceDomain(ys.min() ?? 0, ys.max() ?? 1, count: 6)
        let yTicks = P.ticks(yLo, yHi, count: 6), xTicks = P.ticks(xLo, xHi, count: 6)
        let (yLabels, ySuffix) = P.tickLabels(yTicks), (xLabels, xSuffix) = P.tickLabels(xTicks)
        let top = P.headerHeight(subtitle) + 8
        let left = 30 + (yLabels.map { P.textWidth($0) }.max() ?? 10) + 8, right = 18.0, bottom = 52.0
        let plotW = width - left - right, plotH = height - top - bottom
        func X(_ x: Double) -> Double { left + (x - xLo) / (xHi - xLo) * plotW }
        func Y(_ y: Double) -> Double { top + plotH - (y - yLo) / (yHi - yLo) * plotH }
        var entries = groups.map { P.LegendEntry(name: "\($0.name) (\($0.x.count))", color: $0.color, swatch: .marker) }
        entries += boxes.map { P.LegendEntry(name: $0.name, color: $0.color, swatch: .line(dashed: false)) }
        let legend = P.legend(entries, x: 12, y: height - 4, width: width - 24)
        var s = P.header(width: width, height: height + legend.height + (legend.height > 0 ? 6 : 0), title: title, subtitle: subtitle,
                         attributes: " data-x-domain=\"\(CSVTable.format(xLo)) \(CSVTable.format(xHi))\" data-y-domain=\"\(CSVTable.format(yLo)) \(CSVTable.format(yHi))\"")
        s += "<g font-size=\"11\">"
        for (v, label) in zip(yTicks.values, yLabels) {
            s += "<line x1=\"\(P.px(left))\" y1=\"\(P.px(Y(v)))\" x2=\"\(P.px(left + plotW))\" y2=\"\(P.px(Y(v)))\" stroke=\"#e4e4e4\"/>"
            s += "<text x=\"\(P.px(left - 6))\" y=\"\(P.px(Y(v) + 4))\" text-anchor=\"end\">\(P.escape(label))</text>"
        }
        for (v, label) in zip(xTicks.values, xLabels) {
            s += "<line x1=\"\(P.px(X(v)))\" y1=\"\(P.px(top))\" x2=\"\(P.px(X(v)))\" y2=\"\(P.px(top + plotH))\" stroke=\"#f0f0f0\"/>"
            s += "<text x=\"\(P.px(X(v)))\" y=\"\(P.px(top + plotH + 18))\" text-anchor=\"middle\">\(P.escape(label))</text>"
        }
        s += "</g>"
        s += "<rect x=\"\(P.px(left))\" y=\"\(P.px(top))\" width=\"\(P.px(plotW))\" height=\"\(P.px(plotH))\" fill=\"none\" stroke=\"#333333\"/>"
        s += "<text x=\"\(P.px(left + plotW / 2))\" y=\"\(P.px(top + plotH + 38))\" text-anchor=\"middle\">\(P.escape(xLabel + xSuffix))</text>"
        s += "<text transform=\"translate(16 \(P.px(top + plotH / 2))) rotate(-90)\" text-anchor=\"middle\">\(P.escape(yLabel + ySuffix))</text>"
        for g in groups {
            for (x, y) in zip(g.x, g.y) {
                s += "<circle cx=\"\(P.px(X(x)))\" cy=\"\(P.px(Y(y)))\" r=\"3.5\" fill=\"\(g.color)\" fill-opacity=\"0.75\" data-series=\"\(P.escape(g.name))\"/>"
            }
        }
        for b in boxes {
            let x0 = X(b.x.lowerBound), x1 = X(b.x.upperBound), y0 = Y(b.y.upperBound), y1 = Y(b.y.lowerBound)
            s += "<rect class=\"box\" x=\"\(P.px(x0))\" y=\"\(P.px(y0))\" width=\"\(P.px(max(1, x1 - x0)))\" height=\"\(P.px(max(1, y1 - y0)))\" fill=\"none\" stroke=\"\(b.color)\" stroke-width=\"2.5\"/>"
        }
        s += legend.svg
        s += "</svg>"
        return s
    }
}
