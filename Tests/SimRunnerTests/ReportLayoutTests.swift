import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import SimRunner

/// The text elements of an SVG document: their attributes and their text.
private final class TextCollector: NSObject, XMLParserDelegate {
    var texts: [(attributes: [String: String], text: String)] = []
    var elements: [(name: String, attributes: [String: String])] = []
    private var open: [String: String]?

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
                attributes attributeDict: [String: String] = [:]) {
        elements.append((elementName, attributeDict))
        if elementName == "text" { open = attributeDict; texts.append((attributeDict, "")) }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if open != nil { texts[texts.count - 1].text += string }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        if elementName == "text" { open = nil }
    }

    static func parse(_ svg: String) throws -> TextCollector {
        let parser = XMLParser(data: Data(svg.utf8))
        let c = TextCollector()
        parser.delegate = c
        try #require(parser.parse(), "not well-formed SVG")
        return c
    }
}

/// What a reader trips on in a report, checked on the charts' SVG and on reports of real outputs:
/// labels cut off at an edge, titles longer than their axis, a Latin hypercube drawn as an empty
/// heat map, labels with seventeen digits.
@Suite("report layout: labels inside the chart, designs drawn as they are")
struct ReportLayoutTests {
    private static let world = ["--set", "agents=200", "--set", "steps=60", "--set", "measurement.window=6"]

    @Test("a forest plot's row labels and value labels end inside the chart, whatever their length")
    func forestPlotLabelsFitInsideTheChart() throws {
        var f = ForestPlot(title: "Paired differences", xLabel: "paired difference")
        for (k, label) in ["constructive", "a-world-with-a-very-long-name-indeed", "w"].enumerated() {
            f.rows.append(.init(group: "final_locked_institutional_and_more", label: label, estimate: -0.00555555 * Double(k + 1),
                                low: -0.0066666666, high: -0.00333333, color: "#D55E00"))
        }
        let svg = f.svg()
        let c = try TextCollector.parse(svg)
        let width = f.width
        var checked = 0
        for t in c.texts where t.attributes["text-anchor"] == nil {
            let x = try #require(Double(t.attributes["x"] ?? ""))
            let size = Double(t.attributes["font-size"] ?? "") ?? SVGPlot.fontSize
            #expect(x + SVGPlot.textWidth(t.text, size: size) <= width, "'\(t.text)' runs past the right edge")
            checked += 1
        }
        #expect(checked >= 7)
        // Values to three significant digits, not a mix of four and more.
        #expect(c.texts.contains { $0.text == "-0.00556 [-0.00667, -0.00333]" })
    }

    @Test("text widths are not underestimated: digits take at least 0.6 em (DejaVu Sans draws them 0.64 em wide)")
    func textWidthOfDigitsIsAtLeastTheirRenderedWidth() {
        #expect(SVGPlot.textWidth("0123456789", size: 10) >= 60)
        #expect(SVGPlot.textWidth("iiii", size: 10) < SVGPlot.textWidth("mmmm", size: 10))
    }

    @Test("an axis title longer than its axis is set smaller so it ends inside the plot area")
    func axisTitleLongerThanItsAxisIsShrunk() throws {
        var chart = LineChart(title: "t", xLabel: "step", yLabel: String(repeating: "density (share of box runs with the outcome) ", count: 2))
        chart.height = 260
        chart.lines = [.init(name: "a", color: "#000000", x: [0, 1, 2], y: [0.1, 0.5, 0.9])]
        let c = try TextCollector.parse(chart.svg())
        let title = try #require(c.texts.first { ($0.attributes["transform"] ?? "").contains("rotate(-90)") })
        let size = try #require(Double(title.attributes["font-size"] ?? ""), "the long title keeps the default size")
        let root = try #require(c.elements.first { $0.name == "svg" })
        let plot = (root.attributes["data-plot"] ?? "").split(separator: " ").compactMap { Double($0) }
        #expect(SVGPlot.textWidth(title.text, size: size) <= plot[3] + 0.01 || size == 8)
        // A short title keeps the default size.
        chart.yLabel = "welfare"
        let short = try TextCollector.parse(chart.svg()).texts.first { ($0.attributes["transform"] ?? "").contains("rotate(-90)") }
        #expect(short?.attributes["font-size"] == nil)
    }

    @Test("a Latin hypercube sweep's report draws its points where they are, coloured by the measure, with short parameter values in labels, and an envelope of the served fraction")
    func latinHypercubeReportDrawsTheDesignAsAScatter() throws {
        let dir = try Executable.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let sweep = ["sweep", "--lhs", "trust.lossRate=0.01:0.3", "--lhs", "optimizer.specificationGap=0:1", "--samples", "6",
                     "--seeds", "1", "--series", "--out", "lhs", "-q", "--jobs", "2"] + Self.world
        #expect(try Executable.run(sweep, in: dir).status == 0)
        let r = try Executable.run(["report", "lhs", "-q"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let report = dir.appendingPathComponent("lhs/report")
        let names = try FileManager.default.contentsOfDirectory(atPath: report.path)
        #expect(names.contains("sweep-design.svg") && !names.contains("sweep-heatmap.svg"))
        let design = try TextCollector.parse(String(decoding: try Data(contentsOf: report.appendingPathComponent("sweep-design.svg")), as: UTF8.self))
        let runs = try CSVReader.read(dir.appendingPathComponent("lhs/runs.csv"))
        let drawn = design.elements.filter { $0.name == "circle" }.compactMap { $0.attributes["data-value"].flatMap(Double.init) }
        #expect(drawn.sorted() == runs.doubles("horizon_welfare").compactMap { $0 }.sorted())
        // The served fraction's envelope is the served fraction (it was the feedback rate under that title).
        #expect(names.contains("envelope-served_fraction.svg") && names.contains("envelope-feedback_rate.svg"))
        let html = String(decoding: try Data(contentsOf: report.appendingPathComponent("report.html")), as: UTF8.self)
        // LHS values are shown to four significant digits in labels, never as 0.15814529320987394.
        #expect(html.range(of: #"lossRate=[0-9.]{8,}"#, options: .regularExpression) == nil)
        #expect(html.contains("lossRate="))
    }

    @Test("an audit directory gets a report: battery means by policy, paired differences from the first policy at audit.csv's numbers")
    func auditReport() throws {
        let dir = try Executable.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(#"{"name": "other", "optimizer": {"objective": "welfareAware"}}"#.utf8).write(to: dir.appendingPathComponent("other.json"))
        let audit = ["audit", "default", "other.json", "--agents", "40", "--steps", "12", "--reset-steps", "4", "--delays", "4",
                     "--seeds", "2", "--bootstrap", "100", "--out", "a", "-q", "--jobs", "2"]
        #expect(try Executable.run(audit, in: dir).status == 0)
        let r = try Executable.run(["report", "a", "-q"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let report = dir.appendingPathComponent("a/report")
        let forest = try TextCollector.parse(String(decoding: try Data(contentsOf: report.appendingPathComponent("audit-differences.svg")), as: UTF8.self))
        let table = try CSVReader.read(dir.appendingPathComponent("a/audit.csv"))
        // Each estimate drawn is one of audit.csv's paired differences of 'other', printed beside its row.
        let differences = table.filter("policy", equals: "other").strings("difference")!.compactMap(CSVReader.number)
        let printed = forest.texts.filter { $0.text.contains("[") }.compactMap { t in t.text.split(separator: " ").first.flatMap { Double($0) } }
        #expect(!printed.isEmpty)
        for p in printed { #expect(differences.contains { abs($0 - p) <= 0.0051 * max(abs($0), 1e-9) + 1e-12 }, "\(p) is not a difference of audit.csv") }
        let means = try TextCollector.parse(String(decoding: try Data(contentsOf: report.appendingPathComponent("audit-means.svg")), as: UTF8.self))
        let bars = means.elements.filter { $0.attributes["class"] == "bar" }.compactMap { $0.attributes["data-value"].flatMap(Double.init) }
        let allMeans = table.filter("battery_world", equals: "all").strings("mean")!.compactMap(CSVReader.number)
        #expect(bars.sorted() == allMeans.sorted())
        let html = String(decoding: try Data(contentsOf: report.appendingPathComponent("report.html")), as: UTF8.self)
        #expect(html.contains("Lock-in audit: default vs other") && html.contains("mean paired difference (this policy"))
    }

    @Test("report reads a correct directory whose delays were refined around d*, and names a damaged file relative to where the user stands")
    func reportOfRefinedCorrection() throws {
        let dir = try Executable.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let correct = ["correct", "--delays", "0:40:20", "--seeds", "2", "--bootstrap", "100", "--out", "c", "-q",
                       "--set", "agents=300", "--set", "steps=60", "--set", "measurement.window=6", "--set", "trust.lossRate=0.3"]
        #expect(try Executable.run(correct, in: dir).status == 0)
        let manifest = try JSONParser().parse([UInt8](try Data(contentsOf: dir.appendingPathComponent("c/manifest.json"))))
        let refined = manifest["refinedDelays"]?.value.arrayValue ?? []
        try #require(!refined.isEmpty, "the world no longer crosses R = 0.5 between the delays; choose one that does")
        let r = try Executable.run(["report", "c", "-q"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        // One row fewer: the error names c/delays.csv as the user would type it.
        let delays = dir.appendingPathComponent("c/delays.csv")
        var lines = String(decoding: try Data(contentsOf: delays), as: UTF8.self).split(separator: "\n")
        lines.removeLast()
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: delays)
        let bad = try Executable.run(["report", "c", "--force"], in: dir)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("'c/delays.csv'") && !bad.stderr.contains(dir.path), "\(bad.stderr)")
    }
}
