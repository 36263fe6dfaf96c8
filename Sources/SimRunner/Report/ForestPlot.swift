import Foundation

/// A forest plot: one row per estimate (a paired difference of one measure between two worlds),
/// drawn as a point with its interval as a horizontal whisker, against a vertical line at 0, so
/// which differences exclude 0 is seen at a glance. Rows are grouped under headings (measures).
struct ForestPlot {
    struct Row {
        var group: String
        var label: String
        var estimate: Double?
        var low: Double?
        var high: Double?
        var color: String
    }

    var title: String
    var subtitle: String? = nil
    var xLabel: String
    var rows: [Row] = []
    var width = 1140.0

    init(title: String, subtitle: String? = nil, xLabel: String) {
        self.title = title
        self.subtitle = subtitle
        self.xLabel = xLabel
    }

    /// The estimate and its interval as printed beside a row, to three significant digits.
    static func valueText(_ r: Row) -> String {
        guard let e = r.estimate, e.isFinite else { return "" }
        func f(_ x: Double) -> String {
            let t = String(format: "%.3g", x)
            return t == "-0" ? "0" : t
        }
        guard let l = r.low, let h = r.high, l.isFinite, h.isFinite else { return f(e) }
        return "\(f(e)) [\(f(l)), \(f(h))]"
    }

    func svg() -> String {
        typealias P = SVGPlot
        var values: [Double] = [0]
        for r in rows { values += [r.estimate, r.low, r.high].compactMap { $0 }.filter(\.isFinite) }
        let (lo, hi) = P.niceDomain(values.min()!, values.max()!, count: 7)
        let rowHeight = 18.0, groupGap = 8.0
        var groups: [String] = []
        for r in rows where !groups.contains(r.group) { groups.append(r.group) }
        // Labels on the left (groups in bold at 12 px, rows indented at 11 px) and the values on
        // the right take the room their text needs, so neither is cut at an edge.
        let labelWidth = (rows.map { 12 + P.textWidth($0.label, size: 11) } + groups.map { P.textWidth($0) * 1.08 }).max() ?? 80
        let valueWidth = rows.map { P.textWidth(Self.valueText($0), size: 11) }.max() ?? 60
        let top = P.headerHeight(subtitle) + 8
        let left = 12 + labelWidth + 16, right = 8 + max(valueWidth, 60) + 12
        let plotH = Double(rows.count) * rowHeight + Double(groups.count) * (rowHeight + groupGap)
        let axes = PlotAxes(left: left, top: top, width: width - left - right, height: plotH, x: lo...hi, y: 0...1)
        let height = top + plotH + 48
        func X(_ x: Double) -> Double { axes.X(x) }
        var s = P.header(width: width, height: height, title: title, subtitle: subtitle,
                         attributes: " data-x-domain=\"\(CSVTable.format(lo)) \(CSVTable.format(hi))\"")
        let ticks = P.ticks(lo, hi, count: 7)
        let (labels, suffix) = P.tickLabels(ticks)
        s += axes.xAxis(ticks.values, labels: labels, marks: false, grid: "#eeeeee", labelOffset: 16)
        s += "<line class=\"zero\" x1=\"\(P.px(X(0)))\" y1=\"\(P.px(top))\" x2=\"\(P.px(X(0)))\" y2=\"\(P.px(top + plotH))\" stroke=\"#333333\" stroke-width=\"1.2\"/>"
        s += axes.xTitle(xLabel + suffix, y: top + plotH + 36)
        var y = top
        for g in groups {
            y += rowHeight
            s += "<text x=\"12\" y=\"\(P.px(y - 4))\" font-weight=\"bold\">\(P.escape(g))</text>"
            for r in rows where r.group == g {
                y += rowHeight
                let cy = y - rowHeight / 2
                s += "<text x=\"24\" y=\"\(P.px(cy + 4))\" font-size=\"11\">\(P.escape(r.label))</text>"
                guard let e = r.estimate, e.isFinite else {
                    s += "<text x=\"\(P.px(X(0) + 6))\" y=\"\(P.px(cy + 4))\" font-size=\"11\" fill=\"#888888\">undefined</text>"
                    continue
                }
                if let l = r.low, let h = r.high, l.isFinite, h.isFinite {
                    s += "<line class=\"interval\" x1=\"\(P.px(X(l)))\" y1=\"\(P.px(cy))\" x2=\"\(P.px(X(h)))\" y2=\"\(P.px(cy))\" stroke=\"\(r.color)\" stroke-width=\"2\"/>"
                    for end in [l, h] {
                        s += "<line x1=\"\(P.px(X(end)))\" y1=\"\(P.px(cy - 4))\" x2=\"\(P.px(X(end)))\" y2=\"\(P.px(cy + 4))\" stroke=\"\(r.color)\" stroke-width=\"2\"/>"
                    }
                }
                let excludes = (r.low.map { $0 > 0 } ?? false) || (r.high.map { $0 < 0 } ?? false)
                s += "<rect class=\"estimate\" x=\"\(P.px(X(e) - 4))\" y=\"\(P.px(cy - 4))\" width=\"8\" height=\"8\" fill=\"\(excludes ? r.color : "#ffffff")\" stroke=\"\(r.color)\" stroke-width=\"1.5\"/>"
                s += "<text x=\"\(P.px(axes.right + 8))\" y=\"\(P.px(cy + 4))\" font-size=\"11\">\(P.escape(Self.valueText(r)))</text>"
            }
            y += groupGap
        }
        s += "</svg>"
        return s
    }
}
