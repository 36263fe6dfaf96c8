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

    /// Points coloured on the viridis scale by a value (e.g. a measure per design point), with a
    /// colour bar; drawn with the groups.
    struct Colored {
        var x: [Double]
        var y: [Double]
        var value: [Double]
        var label: String
    }

    var title: String
    var subtitle: String? = nil
    var xLabel: String
    var yLabel: String
    var groups: [Group] = []
    var colored: Colored? = nil
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
        let xs = groups.flatMap(\.x) + (colored?.x ?? []) + boxes.flatMap { [$0.x.lowerBound, $0.x.upperBound] }
        let ys = groups.flatMap(\.y) + (colored?.y ?? []) + boxes.flatMap { [$0.y.lowerBound, $0.y.upperBound] }
        let (xLo, xHi) = P.niceDomain(xs.min() ?? 0, xs.max() ?? 1, count: 6)
        let (yLo, yHi) = P.niceDomain(ys.min() ?? 0, ys.max() ?? 1, count: 6)
        let yTicks = P.ticks(yLo, yHi, count: 6), xTicks = P.ticks(xLo, xHi, count: 6)
        let (yLabels, ySuffix) = P.tickLabels(yTicks), (xLabels, xSuffix) = P.tickLabels(xTicks)
        // The colour scale of the coloured points, and the room its bar takes on the right.
        var cDomain = 0.0...1.0
        var cTicks: (values: [Double], step: Double) = ([], 1), cLabels: (labels: [String], suffix: String) = ([], "")
        if let c = colored, let lo = c.value.min(), let hi = c.value.max() {
            cDomain = hi > lo ? lo...hi : (lo - 0.5)...(hi + 0.5)
            cTicks = P.ticks(cDomain.lowerBound, cDomain.upperBound, count: 6)
            cLabels = P.tickLabels(cTicks)
        }
        let top = P.headerHeight(subtitle) + 8
        let left = PlotAxes.leftMargin(yLabels: yLabels), right = 18.0 + (colored == nil ? 0 : PlotAxes.colorBarWidth(labels: cLabels.labels))
        let bottom = 52.0
        let axes = PlotAxes(left: left, top: top, width: width - left - right, height: height - top - bottom, x: xLo...xHi, y: yLo...yHi)
        var entries = groups.map { P.LegendEntry(name: "\($0.name) (\($0.x.count))", color: $0.color, swatch: .marker) }
        entries += boxes.map { P.LegendEntry(name: $0.name, color: $0.color, swatch: .line(dashed: false)) }
        let legend = P.legend(entries, x: 12, y: height - 4, width: width - 24)
        var s = P.header(width: width, height: height + legend.height + (legend.height > 0 ? 6 : 0), title: title, subtitle: subtitle,
                         attributes: " data-x-domain=\"\(CSVTable.format(xLo)) \(CSVTable.format(xHi))\" data-y-domain=\"\(CSVTable.format(yLo)) \(CSVTable.format(yHi))\"")
        s += axes.yAxis(yTicks.values, labels: yLabels)
        s += axes.xAxis(xTicks.values, labels: xLabels, marks: false)
        s += axes.frame()
        s += axes.xTitle(xLabel + xSuffix)
        s += axes.yTitle(yLabel + ySuffix)
        for g in groups {
            for (x, y) in zip(g.x, g.y) {
                s += "<circle cx=\"\(P.px(axes.X(x)))\" cy=\"\(P.px(axes.Y(y)))\" r=\"3.5\" fill=\"\(g.color)\" fill-opacity=\"0.75\" data-series=\"\(P.escape(g.name))\"/>"
            }
        }
        if let c = colored {
            let span = cDomain.upperBound - cDomain.lowerBound
            for (k, (x, y)) in zip(c.x, c.y).enumerated() {
                let t = (c.value[k] - cDomain.lowerBound) / span
                s += "<circle cx=\"\(P.px(axes.X(x)))\" cy=\"\(P.px(axes.Y(y)))\" r=\"5\" fill=\"\(P.viridisColor(t))\" stroke=\"#333333\" stroke-width=\"0.6\" data-value=\"\(CSVTable.format(c.value[k]))\"/>"
            }
            s += axes.colorBar(at: axes.right + 24, domain: cDomain, ticks: cTicks.values, labels: cLabels.labels,
                               title: c.label + cLabels.suffix, titleX: width - 10)
        }
        for b in boxes {
            let x0 = axes.X(b.x.lowerBound), x1 = axes.X(b.x.upperBound), y0 = axes.Y(b.y.upperBound), y1 = axes.Y(b.y.lowerBound)
            s += "<rect class=\"box\" x=\"\(P.px(x0))\" y=\"\(P.px(y0))\" width=\"\(P.px(max(1, x1 - x0)))\" height=\"\(P.px(max(1, y1 - y0)))\" fill=\"none\" stroke=\"\(b.color)\" stroke-width=\"2.5\"/>"
        }
        s += legend.svg
        s += "</svg>"
        return s
    }
}
