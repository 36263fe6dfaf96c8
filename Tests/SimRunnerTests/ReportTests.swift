import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import SocialSim
import Testing
@testable import SimRunner

// MARK: - Helpers

/// Every element of an XML document with its attributes, or nil when the document is not well formed.
private final class ElementCollector: NSObject, XMLParserDelegate {
    var elements: [(name: String, attributes: [String: String])] = []

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
                attributes attributeDict: [String: String] = [:]) {
        elements.append((elementName, attributeDict))
    }

    static func parse(_ text: String) -> [(name: String, attributes: [String: String])]? {
        let parser = XMLParser(data: Data(text.utf8))
        let collector = ElementCollector()
        parser.delegate = collector
        return parser.parse() ? collector.elements : nil
    }
}

/// Well formed, no script, and no http(s) address but the SVG and XHTML namespaces.
private func checkSelfContained(_ text: String, _ what: String) {
    let elements = ElementCollector.parse(text)
    #expect(elements != nil, "\(what) is not well-formed XML")
    #expect(!text.lowercased().contains("<script"), "\(what) has a script")
    let numeric: Set<String> = ["points", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "width", "height", "transform", "viewBox",
                                "data-value", "data-low", "data-high", "data-plot", "data-x-domain", "data-y-domain", "data-color-domain"]
    for e in elements ?? [] {
        for (key, value) in e.attributes where numeric.contains(key) {
            #expect(!value.lowercased().contains("nan") && !value.lowercased().contains("inf"), "\(what): <\(e.name) \(key)=\"\(value)\">")
        }
    }
    var rest = Substring(text)
    while let r = rest.range(of: "http") {
        let after = rest[r.lowerBound...]
        #expect(after.hasPrefix("http://www.w3.org/2000/svg\"") || after.hasPrefix("http://www.w3.org/1999/xhtml\""),
                "\(what) links to \(after.prefix(40))")
        rest = rest[r.upperBound...]
    }
}

/// The axis transform an SVG chart declares on its root element.
private struct Axes {
    var left, top, width, height, x0, x1, y0, y1: Double

    init?(_ root: [String: String]) {
        func numbers(_ key: String) -> [Double] { (root[key] ?? "").split(separator: " ").compactMap { Double($0) } }
        let p = numbers("data-plot"), x = numbers("data-x-domain"), y = numbers("data-y-domain")
        guard p.count == 4, x.count == 2, y.count == 2 else { return nil }
        (left, top, width, height, x0, x1, y0, y1) = (p[0], p[1], p[2], p[3], x[0], x[1], y[0], y[1])
    }

    /// Pixels back to data values.
    func data(_ px: Double, _ py: Double) -> (Double, Double) {
        (x0 + (px - left) / width * (x1 - x0), y0 + (top + height - py) / height * (y1 - y0))
    }

    /// Half a hundredth of a pixel, in data units (coordinates are written with two decimals).
    var xTolerance: Double { (x1 - x0) / width * 0.006 }
    var yTolerance: Double { (y1 - y0) / height * 0.006 }
}

private func points(_ attribute: String) -> [(Double, Double)] {
    attribute.split(separator: " ").compactMap { pair in
        let xy = pair.split(separator: ",").compactMap { Double($0) }
        return xy.count == 2 ? (xy[0], xy[1]) : nil
    }
}

/// The data points of every polyline of a series in a chart, mapped back through the axes.
private func drawnSeries(_ svg: String, _ series: String) throws -> [(Double, Double)] {
    let elements = try #require(ElementCollector.parse(svg))
    let root = try #require(elements.first { $0.name == "svg" })
    let axes = try #require(Axes(root.attributes))
    return elements.filter { $0.name == "polyline" && $0.attributes["data-series"] == series }
        .flatMap { points($0.attributes["points"] ?? "") }
        .map { axes.data($0.0, $0.1) }
}

private func axesOf(_ svg: String) throws -> Axes {
    let root = try #require(ElementCollector.parse(svg)?.first { $0.name == "svg" })
    return try #require(Axes(root.attributes))
}

private func write(_ dir: URL, _ name: String, _ text: String) throws {
    try Data(text.utf8).write(to: dir.appendingPathComponent(name))
}

private let frames = ["neutral", "betrayed"]

/// A synthetic per-step series: a cascade at step 70 (15 new locks, 1% of 1000 agents is 10),
/// noisy welfare, falling trust. `missingWelfare` leaves that step's welfare empty.
private func seriesRows(steps: Int, seed: UInt64, missingWelfare: Int? = nil) -> [[String]] {
    var rng = SplitMix64(seed: seed)
    var noise = 0.0
    return (0..<steps).map { t in
        let d = Double(t)
        noise = 0.7 * noise + 0.01 * rng.nextGaussian()
        var v: [Double] = [0]
        v += (0..<4).map { 0.01 * d * (1 + 0.1 * Double($0)) }
        v += (0..<4).map { min(1, max(0, (d - 60) / 40 - 0.05 * Double($0))) }
        v += [t == 70 ? 15 : 0, 0.6 - 0.002 * d + 0.01 * sin(d), 0.05, min(1, max(0, (d - 80) / 100)), 0.5 + 0.1 * sin(d / 5), 0.95,
              0.9, 0.5, 0.5, 0.4, 0.6 - 0.001 * d + noise, 0.8 - 0.002 * d, 0.1 + 0.002 * d, 0.05, 200, 0.1, 0.5, 0.2 + 0.001 * d, 0.05,
              0.7 - 0.002 * d, 0.1 + 0.002 * d]
        var row = [String(t)] + v.map(CSVTable.format)
        if t == missingWelfare { row[SeriesTable.columns(frames: frames).firstIndex(of: "welfare")!] = "" }
        return row
    }
}

private func csv(_ columns: [String], _ rows: [[String]]) -> String {
    var t = CSVTable(columns: columns)
    for r in rows { t.append(r) }
    return t.string
}

private let worldJSON = "{\"name\": \"toy\", \"agents\": 1000, \"steps\": 120}"

/// Renders a report and checks the page and every chart are self-contained and well formed.
private func renderChecked(_ report: ReportOutput) -> (html: String, figures: [String: String]) {
    let html = report.html.render()
    checkSelfContained(html, "report.html")
    var figures: [String: String] = [:]
    for f in report.html.allFigures {
        checkSelfContained(f.svg, f.name + ".svg")
        #expect(figures[f.name] == nil, "two figures named \(f.name)")
        figures[f.name] = f.svg
    }
    return (html, figures)
}

// MARK: - Tests

@Suite("report: CSV reading, charts and HTML")
struct ReportTests {
    @Test("the CSV reader reads RFC 4180: quotes, doubled quotes, line breaks in fields, CRLF, no final newline")
    func csvReader() throws {
        let t = try CSVReader.parse(Array("a,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\n\n2,,\"two\nlines\"".utf8))
        #expect(t.columns == ["a", "b", "c"])
        #expect(t.rows == [["1", "x, y", "say \"hi\""], ["2", "", "two\nlines"]])
        #expect(t.doubles("a") == [1, 2])
        #expect(t.doubles("b") == [nil, nil])
        #expect(t.doubles("missing") == [nil, nil])
        #expect(throws: CSVReadError.self) { try CSVReader.parse(Array("a,b\n1\n".utf8)) }
        #expect(throws: CSVReadError.self) { try CSVReader.parse(Array("a\n\"open\n".utf8)) }
        // What CSVTable writes reads back the same.
        var table = CSVTable(columns: ["x", "note"])
        table.append([CSVTable.format(0.1), "a \"quoted\", text"])
        table.append(["", ""])
        let back = try CSVReader.parse(table.takeBytes())
        #expect(back.rows == [["0.1", "a \"quoted\", text"], ["", ""]])
    }

    @Test("nice ticks, labels and a factored-out power of ten")
    func ticks() {
        let t = SVGPlot.ticks(0, 499, count: 6)
        #expect(t.values == [0, 100, 200, 300, 400])
        #expect(SVGPlot.tickLabel(0.25, step: 0.25) == "0.25")
        #expect(SVGPlot.tickLabel(200, step: 100) == "200")
        let small = SVGPlot.tickLabels(SVGPlot.ticks(0.00001, 0.00002, count: 3))
        #expect(small.suffix == " (×10⁻⁵)")
        #expect(small.labels.first == "1.0")
        #expect(SVGPlot.niceDomain(0.13, 0.87, count: 6) == (0, 1))
    }

    @Test("a run report: well formed, self-contained, lines drawn at the CSV's numbers, gaps left open")
    func runReport() throws {
        let dir = try Executable.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let rows = seriesRows(steps: 120, seed: 1, missingWelfare: 50)
        try write(dir, "series.csv", csv(SeriesTable.columns(frames: frames), rows))
        try write(dir, "summary.csv", "world,seed,horizon_welfare,first_cascade_step\ntoy,3,0.5,70\n")
        try write(dir, "manifest.json", "{\"program\": \"simrunner\", \"command\": [\"simrunner\", \"run\"], \"seed\": 3, \"world\": \(worldJSON)}")
        let source = try ReportSource.open(dir)
        #expect(source.kind == .run && source.agents == 1000)
        let report = try RunOutputReport.build(source, settings: ReportSettings())
        let (html, figures) = renderChecked(report)
        #expect(html.contains("<svg") && html.contains("Early warnings"))
        // Welfare: every defined value drawn where the axes say, the missing step skipped.
        let svg = try #require(figures["run-welfare"])
        let drawn = try drawnSeries(svg, "welfare (not seen by the optimizer)")
        let table = try CSVReader.parse(Array(csv(SeriesTable.columns(frames: frames), rows).utf8))
        let expected = zip(table.doubles("step"), table.doubles("welfare")).compactMap { s, w in w.map { (s!, $0) } }
        #expect(drawn.count == 119 && expected.count == 119)
        let axes = try axesOf(svg)
        for (d, e) in zip(drawn, expected) {
            #expect(abs(d.0 - e.0) <= axes.xTolerance && abs(d.1 - e.1) <= axes.yTolerance, "drawn \(d), CSV \(e)")
        }
        let elements = try #require(ElementCollector.parse(svg))
        #expect(elements.filter { $0.attributes["data-series"] == "welfare (not seen by the optimizer)" }.count == 2)
        // Early warnings: one row per measure and indicator, before the cascade at step 70.
        let ew = try #require(report.files.first { $0.name == "early_warning.csv" })
        let ewTable = try CSVReader.parse(ew.bytes)
        #expect(ewTable.rows.count == 4)
        #expect(ewTable.strings("transition_step") == ["70", "70", "70", "70"])
        #expect(ewTable.strings("transition")?.allSatisfy { $0 == "cascade" } == true)
        #expect(ewTable.strings("pre_transition_steps") == ["69", "69", "70", "70"])  // welfare misses step 50
    }

    @Test("the run report's early warnings use the world's measurement.cascadeFraction, not a fixed 1%")
    func earlyWarningCascadeFraction() throws {
        // The fixture's cascade is 15 new locks at step 70 among 1000 agents.
        for (fraction, expected) in [(0.015, "70"), (0.02, "")] {
            let dir = try Executable.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: dir) }
            try write(dir, "series.csv", csv(SeriesTable.columns(frames: frames), seriesRows(steps: 120, seed: 1)))
            let world = "{\"name\": \"toy\", \"agents\": 1000, \"steps\": 120, \"measurement\": {\"cascadeFraction\": \(fraction)}}"
            try write(dir, "manifest.json", "{\"program\": \"simrunner\", \"command\": [\"simrunner\", \"run\"], \"seed\": 3, \"world\": \(world)}")
            let source = try ReportSource.open(dir)
            #expect(source.cascadeFraction == fraction)
            let report = try RunOutputReport.build(source, settings: ReportSettings())
            let ew = try CSVReader.parse(try #require(report.files.first { $0.name == "early_warning.csv" }).bytes)
            #expect(ew.strings("transition_step") == Array(repeating: expected, count: 4), "cascadeFraction \(fraction)")
            #expect(report.html.render().contains("measurement.cascadeFraction \(CSVTable.format(fraction))"))
        }
    }

    @Test("a correct report: the recovery curve, its band and d*")
    func correctReport() throws {
        let dir = try Executable.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try write(dir, "delays.csv", """
            delay,seeds,recovery,recovery_low,recovery_high,cost,cost_low,cost_high
            0,4,1,1,1,0,0,0
            50,4,0.8,0.7,0.9,10,8,12
            100,4,0.4,0.3,0.55,30,25,35
            150,4,0.1,,,50,45,55

            """)
        var mean: [[String]] = []
        for (variant, delay) in [("uncorrected", ""), ("reference", ""), ("corrected", "0"), ("corrected", "50"), ("corrected", "100"), ("corrected", "150")] {
            mean += seriesRows(steps: 120, seed: 2).map { [variant, delay] + $0 }
        }
        try write(dir, "mean_series.csv", csv(["variant", "delay"] + SeriesTable.columns(frames: frames), mean))
        try write(dir, "findings.txt", "  point of no return d* ...\n")
        try write(dir, "point_of_no_return.csv", """
            status,level,stake,stake_low,stake_high,min_stake,crossing,d_star,bracket_low,bracket_high,d_star_low,d_star_high,d_star_low_status,d_star_high_status,resolution,resamples,resamples_crossed,resamples_below_at_start,resamples_never_below,resamples_undefined
            defined,0.5,0.2,0.15,0.25,0.01,crossed,87.5,50,100,60,,crossing,beyond_last_delay,1,2000,1900,0,100,0

            """)
        try write(dir, "manifest.json", """
            {"program": "simrunner", "experiment": "correct", "seeds": [1, 2, 3, 4], "recoveryLevel": 0.5, "world": \(worldJSON)}
            """)
        let report = try CorrectionReport.build(try ReportSource.open(dir), settings: ReportSettings())
        let (html, figures) = renderChecked(report)
        #expect(html.contains("point of no return d* = 87.5"))
        let svg = try #require(figures["recovery"])
        let drawn = try drawnSeries(svg, "R(d)")
        let axes = try axesOf(svg)
        for (d, e) in zip(drawn, [(0.0, 1.0), (50, 0.8), (100, 0.4), (150, 0.1)]) {
            #expect(abs(d.0 - e.0) <= axes.xTolerance && abs(d.1 - e.1) <= axes.yTolerance)
        }
        #expect(drawn.count == 4)
        #expect(svg.contains("95% interval of d*"))
        let ew = try CSVReader.parse(try #require(report.files.first).bytes)
        #expect(ew.rows.count == 6 * 4)
    }

    @Test("a compare report: bars at the CSV's means, n/a where undefined")
    func compareReport() throws {
        let dir = try Executable.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try write(dir, "comparison.csv", """
            world,measure,seeds_defined,mean,mean_low,mean_high,baseline,difference,difference_low,difference_high
            a,horizon_welfare,4,0.25,0.2,0.3,a,,,
            a,first_cascade_step,4,80,70,90,a,,,
            b,horizon_welfare,4,0.75,0.7,0.8,a,0.5,0.4,0.6
            b,first_cascade_step,0,,,,a,,,

            """)
        var mean: [[String]] = []
        for w in ["a", "b"] { mean += seriesRows(steps: 60, seed: 3).map { [w] + $0 } }
        try write(dir, "mean_series.csv", csv(["world"] + SeriesTable.columns(frames: frames), mean))
        try write(dir, "manifest.json", """
            {"program": "simrunner", "experiment": "compare", "seeds": [1, 2, 3, 4], "worlds": [{"world": {"name": "a", "agents": 1000}}, {"world": {"name": "b", "agents": 500}}]}
            """)
        let report = try ComparisonReport.build(try ReportSource.open(dir), settings: ReportSettings())
        let (_, figures) = renderChecked(report)
        let measures = try #require(figures["measures"])
        let bars = try #require(ElementCollector.parse(measures)).filter { $0.attributes["class"] == "bar" }
        #expect(bars.map { $0.attributes["data-value"] ?? "" } == ["0.25", "0.75"])
        let timings = try #require(figures["timings"])
        #expect(timings.contains(">n/a<"))
        #expect(try #require(ElementCollector.parse(timings)).filter { $0.attributes["class"] == "bar" }.map { $0.attributes["data-value"] } == ["80"])
        #expect(figures["series-welfare"] != nil)
    }

    @Test("a sweep report: heat map of means over seeds, one-parameter line, early warnings per run and prim.csv")
    func sweepReport() throws {
        let dir = try Executable.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let keys = ["x.a", "x.b"]
        var runs: [[String]] = [], series: [[String]] = [], points: [[String]] = []
        var run = 0
        for (p, (a, b)) in [("0", "1"), ("0", "2"), ("0.5", "1"), ("0.5", "2"), ("1", "1"), ("1", "2")].enumerated() {
            points.append([a, b])
            for seed in 1...2 {
                let welfare = Double(a)! * 0.5 + Double(b)! * 0.1 + Double(seed) * 0.01
                runs.append([String(run), String(p), a, b, "toy", String(seed), CSVTable.format(welfare), "0.5"])
                series += seriesRows(steps: 60, seed: UInt64(run)).map { [String(run), String(p), a, b, String(seed)] + $0 }
                run += 1
            }
        }
        try write(dir, "runs.csv", csv(["run", "point"] + keys + ["world", "seed", "horizon_welfare", "final_trust"], runs))
        try write(dir, "series.csv", csv(["run", "point"] + keys + ["seed"] + SeriesTable.columns(frames: frames), series))
        let pointsJSON = points.map { "[\"\($0[0])\", \"\($0[1])\"]" }.joined(separator: ", ")
        try write(dir, "manifest.json", """
            {"program": "simrunner", "experiment": "sweep", "seeds": [1, 2], "design": {"kind": "grid", "keys": ["x.a", "x.b"], "points": [\(pointsJSON)]}, "world": {"name": "toy", "agents": 1000, "steps": 60}}
            """)
        let report = try SweepReport.build(try ReportSource.open(dir), settings: ReportSettings())
        let (html, figures) = renderChecked(report)
        let heatMap = try #require(figures["sweep-heatmap"])
        let cells = try #require(ElementCollector.parse(heatMap)).filter { $0.attributes["class"] == "cell" }
        #expect(cells.count == 6)
        for c in cells {
            let a = try #require(Double(c.attributes["data-x"] ?? "")), b = try #require(Double(c.attributes["data-y"] ?? ""))
            let value = try #require(Double(c.attributes["data-value"] ?? ""))
            #expect(abs(value - (a * 0.5 + b * 0.1 + 0.015)) < 1e-12)
        }
        #expect(html.contains("Scenario discovery"))
        let prim = try CSVReader.parse(try #require(report.files.first { $0.name == "prim.csv" }).bytes)
        #expect(prim.columns.starts(with: ["box", "stage", "runs", "mass", "coverage", "density", "chosen"]))
        #expect(prim.columns.contains("x.a_low") && prim.columns.contains("x.b_high"))
        #expect(prim.rows.last?[1] == "pasted")
        // Outcome: welfare below the median, i.e. the six runs with a = 0 or (a = 0.5, b = 1): PRIM finds low a.
        #expect(html.contains("horizon_welfare below its median"))
        let ew = try CSVReader.parse(try #require(report.files.first { $0.name == "early_warning.csv" }).bytes)
        #expect(ew.rows.count == 12 * 4)

        // One swept parameter: a line over its values.
        let one = runs.map { [$0[0], $0[1], $0[2], $0[4], $0[5], $0[6], $0[7]] }
        try write(dir, "runs.csv", csv(["run", "point", "x.a", "world", "seed", "horizon_welfare", "final_trust"], one))
        try write(dir, "manifest.json", """
            {"program": "simrunner", "experiment": "sweep", "seeds": [1, 2], "design": {"kind": "grid", "keys": ["x.a"], "points": []}, "world": \(worldJSON)}
            """)
        try FileManager.default.removeItem(at: dir.appendingPathComponent("series.csv"))
        var settings = ReportSettings()
        settings.primMeasure = "horizon_welfare"
        settings.primBelow = 0.3
        let single = try SweepReport.build(try ReportSource.open(dir), settings: settings)
        let (page, singleFigures) = renderChecked(single)
        let line = try drawnSeries(try #require(singleFigures["sweep-line"]), "mean horizon_welfare")
        #expect(line.count == 3)
        #expect(page.contains("horizon_welfare below 0.3") && page.contains("no series.csv"))
        var bad = ReportSettings()
        bad.measure = "nonesuch"
        #expect(throws: UsageError.self) { try SweepReport.build(try ReportSource.open(dir), settings: bad) }
    }

    @Test("simrunner report on a run directory writes a well-formed report.html, refuses to overwrite without --force")
    func endToEnd() throws {
        let dir = try Executable.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let small = ["--set", "agents=300", "--set", "steps=60", "--set", "measurement.window=10", "--set", "measurement.homogenizationPairs=50"]
        #expect(try Executable.run(["run", "--out", "out", "-q"] + small, in: dir).status == 0)
        let r = try Executable.run(["report", "out"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("report.html"))
        let reportDir = dir.appendingPathComponent("out/report")
        let html = try String(contentsOf: reportDir.appendingPathComponent("report.html"), encoding: .utf8)
        checkSelfContained(html, "report.html")
        let files = try FileManager.default.contentsOfDirectory(atPath: reportDir.path)
        #expect(files.contains("early_warning.csv") && files.contains("run-welfare.svg"))
        for f in files where f.hasSuffix(".svg") {
            checkSelfContained(try String(contentsOf: reportDir.appendingPathComponent(f), encoding: .utf8), f)
        }
        let again = try Executable.run(["report", "out"], in: dir)
        #expect(again.status != 0 && again.stderr.contains("--force"))
        #expect(try Executable.run(["report", "out", "--force", "-q", "--window", "0.3", "--bandwidth", "5"], in: dir).status == 0)
        let notOutput = try Executable.run(["report", "."], in: dir)
        #expect(notOutput.status == 2 && notOutput.stderr.contains("manifest.json"))
        let wrongKind = try Executable.run(["report", "out", "--measure", "x", "--force"], in: dir)
        #expect(wrongKind.status == 2 && wrongKind.stderr.contains("sweep"))
    }
}
