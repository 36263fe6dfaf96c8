import Foundation
import Testing
@testable import SimRunner

@Suite("sweep --design: experiment files")
struct DesignFileTests {
    @Test("a design file runs the same sweep, with the same manifest, as its options typed out")
    func sameAsOptions() throws {
        let dir = try Executable.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("designs"), withIntermediateDirectories: true)
        try Data(#"{"name": "w", "trust": {"lossRate": 0.2}}"#.utf8).write(to: dir.appendingPathComponent("w.json"))
        try Data("""
            {"description": "a test", "world": "../w.json",
             "set": {"agents": 200, "steps": 30, "measurement.window": 5},
             "grid": {"optimizer.specificationGap": {"from": 0, "to": 1, "count": 3}, "optimizer.objective": ["engagement", "approval"]},
             "seeds": 2, "seed": 5, "series": true, "measures": ["final_trust"]}
            """.utf8).write(to: dir.appendingPathComponent("designs/d.json"))
        let fromFile = try Executable.run(["sweep", "--design", "designs/d.json", "--out", "a", "-q", "--jobs", "2"], in: dir)
        #expect(fromFile.status == 0, "\(fromFile.stderr)")
        let typed = try Executable.run(["sweep", "w.json", "--set", "agents=200", "--set", "steps=30", "--set", "measurement.window=5",
                                        "--grid", "optimizer.specificationGap=0:1:3", "--grid", "optimizer.objective=engagement,approval",
                                        "--seeds", "2", "--seed", "5", "--series", "--measure", "final_trust", "--out", "b", "-q"], in: dir)
        #expect(typed.status == 0, "\(typed.stderr)")
        for f in ["runs.csv", "series.csv", "manifest.json", "columns.csv"] {
            #expect(try Data(contentsOf: dir.appendingPathComponent("a/\(f)")) == Data(contentsOf: dir.appendingPathComponent("b/\(f)")), "\(f) differs")
        }
        let manifest = try String(contentsOf: dir.appendingPathComponent("a/manifest.json"), encoding: .utf8)
        #expect(manifest.contains("\"measures\""))
        // The report shows the design's first measure.
        let report = try Executable.run(["report", "a", "-q"], in: dir)
        #expect(report.status == 0, "\(report.stderr)")
        let html = try String(contentsOf: dir.appendingPathComponent("a/report/report.html"), encoding: .utf8)
        #expect(html.contains("final_trust over the swept parameters"))
        // The documented example parses.
        #expect(throws: Never.self) { try DesignFile.load(path: Executable.repository.appendingPathComponent("docs/designs/gap-by-trust-loss.json").path) }
    }

    @Test("a bad design file gets one line per problem, with file, line, column, key and what is allowed; nothing runs")
    func strict() throws {
        let dir = try Executable.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cases: [(String, String)] = [
            ("{\"grid\": {\"trust.lossRate\": [0.1]},\n \"seeds\": \"8\"}", "bad.json:2:11: seeds = \"8\": expected a positive integer"),
            ("{\"grid\": {\"trust.lossRate\": [0.1]}, \"sedes\": 8}", "bad.json:1:37: sedes: unknown key (did you mean 'seeds'?)"),
            ("{\"lhs\": {\"trust.lossRate\": [0.1, 0.2]}}", "bad.json:1:1: samples: \"lhs\" needs \"samples\""),
            ("{\"grid\": {\"trust.lossRate\": {\"from\": 0}}}", "bad.json:1:29: grid.trust.lossRate = { \"from\": 0 }: expected an array of values"),
            ("{\"seeds\": 2}", "a design needs \"grid\" or \"lhs\" axes"),
            ("[1, 2]", "bad.json:1:1: a design file must be a JSON object, found array"),
            ("{\"grid\": ", "bad.json:1:10: invalid JSON"),
            ("{\"grid\": {\"trust.lossRate\": [0.1]}, \"measures\": [\"final_trusts\"]}", "measure 'final_trusts' is not a column of runs.csv (did you mean 'final_trust'?)"),
            ("{\"grid\": {\"trust.lossRat\": [0.1]}}", "unknown parameter 'trust.lossRat'"),
        ]
        for (text, expected) in cases {
            try Data(text.utf8).write(to: dir.appendingPathComponent("bad.json"))
            let r = try Executable.run(["sweep", "--design", "bad.json", "--out", "never", "-q"], in: dir)
            #expect(r.status == 2 && r.stderr.contains(expected), "\(text): \(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("never").path))
        }
    }
}
