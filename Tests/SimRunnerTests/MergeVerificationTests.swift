import Foundation
import Testing
@testable import SimRunner

private let tiny = ["--set", "agents=200", "--set", "steps=30", "--set", "measurement.window=5",
                    "--set", "measurement.homogenizationPairs=20", "-q"]
private let design = ["--grid", "trust.lossRate=0.1,0.2,0.3", "--seeds", "2", "--series"]

@Suite("merge verifies its shards")
struct MergeVerificationTests {
    private func copy(_ dir: URL, _ from: String, _ to: String) throws {
        try? FileManager.default.removeItem(at: dir.appendingPathComponent(to))
        try FileManager.default.copyItem(at: dir.appendingPathComponent(from), to: dir.appendingPathComponent(to))
    }

    /// Rewrites a shard's manifest so its checksum matches an edited file: the structural checks
    /// must then catch the damage on their own.
    private func reseal(_ shard: URL, _ file: String) throws {
        let manifestURL = shard.appendingPathComponent("manifest.json")
        let bytes = [UInt8](try Data(contentsOf: manifestURL))
        var sums: [(file: String, sha256: String)] = []
        for name in ["runs.csv", "series.csv", "columns.csv"] {
            let url = shard.appendingPathComponent(name)
            if let data = FileManager.default.contents(atPath: url.path) { sums.append((name, SHA256.hex([UInt8](data)))) }
        }
        try Data(Manifest.addingChecksums(bytes, sums)).write(to: manifestURL)
    }

    private func edit(_ url: URL, _ change: (inout [String]) -> Void) throws {
        var lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.removeLast()  // the empty string after the final line break
        change(&lines)
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: url)
    }

    @Test("truncated, missing, duplicated, edited, foreign and doubled shards are refused naming shard, file and problem; spelling of the command does not matter")
    func damagedShards() throws {
        let dir = try Executable.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let world = #"{"name": "w", "trust": {"lossRate": 0.05}}"#
        try Data(world.utf8).write(to: dir.appendingPathComponent("w.json"))
        #expect(try Executable.run(["sweep", "w.json", "--out", "whole"] + design + tiny, in: dir).status == 0)
        for i in 1...3 {
            // Shard 2 is spelled differently: another path to the same world and another --set order.
            let worldPath = i == 2 ? "./w.json" : "w.json"
            let sets = i != 2 ? tiny : ["--set", "measurement.homogenizationPairs=20", "--set", "steps=30", "--set", "measurement.window=5",
                                        "--set", "agents=200", "-q"]
            let r = try Executable.run(["sweep", worldPath, "--shard", "\(i)/3", "--out", "s\(i)"] + design + sets, in: dir)
            #expect(r.status == 0, "\(r.stderr)")
        }
        let merged = try Executable.run(["merge", "s2", "s3", "s1", "--out", "m", "-q"], in: dir)
        #expect(merged.status == 0, "\(merged.stderr)")
        for f in ["runs.csv", "series.csv", "manifest.json"] {
            #expect(FileManager.default.contents(atPath: dir.appendingPathComponent("m/\(f)").path)
                    == FileManager.default.contents(atPath: dir.appendingPathComponent("whole/\(f)").path), "\(f)")
        }

        func refused(_ shard: String, _ fragments: [String], _ line: Int = #line) throws {
            let r = try Executable.run(["merge", "s1", shard, "s3", "--out", "bad", "-q"], in: dir)
            #expect(r.status == 2, "line \(line): \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1, "line \(line): \(r.stderr)")
            for f in fragments { #expect(r.stderr.contains(f), "line \(line): '\(f)' not in \(r.stderr)") }
            #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("bad").path))
        }
        let d = { (name: String) in dir.appendingPathComponent(name) }

        // Edited, truncated, missing: the checksum names them.
        try copy(dir, "s2", "x")
        try edit(d("x/runs.csv")) { $0[1] = $0[1].replacingOccurrences(of: "0.", with: "9.") }
        try refused("x", ["'x/runs.csv'", "SHA-256"])
        try copy(dir, "s2", "x")
        let series = try Data(contentsOf: d("x/series.csv"))
        try series.prefix(series.count - 50).write(to: d("x/series.csv"))
        try refused("x", ["'x/series.csv'", "SHA-256"])
        try copy(dir, "s2", "x")
        try FileManager.default.removeItem(at: d("x/series.csv"))
        try refused("x", ["'x/series.csv'", "missing"])
        try copy(dir, "s2", "x")
        try FileManager.default.removeItem(at: d("x/runs.csv"))
        try refused("x", ["'x/runs.csv'", "missing"])
        try copy(dir, "s2", "x")
        try Data("{ not json".utf8).write(to: d("x/manifest.json"))
        try refused("x", ["'x/manifest.json'"])

        // Damage with a matching checksum: the structure checks name it.
        try copy(dir, "s2", "x")
        try edit(d("x/runs.csv")) { $0.append($0[1]) }
        try reseal(d("x"), "runs.csv")
        try refused("x", ["'x/runs.csv'", "twice"])
        try copy(dir, "s2", "x")
        try edit(d("x/runs.csv")) { $0.removeLast() }
        try reseal(d("x"), "runs.csv")
        try refused("x", ["'x/runs.csv'", "missing"])
        try copy(dir, "s2", "x")
        try edit(d("x/series.csv")) { $0.remove(at: 5) }
        try reseal(d("x"), "series.csv")
        try refused("x", ["'x/series.csv'", "step"])
        try copy(dir, "s2", "x")
        try edit(d("x/runs.csv")) { $0[0] = $0[0].replacingOccurrences(of: "run,point", with: "point,run") }
        try reseal(d("x"), "runs.csv")
        try refused("x", ["'x/runs.csv'", "header"])
        try copy(dir, "s2", "x")
        try edit(d("x/series.csv")) { $0[3] += ",extra" }
        try reseal(d("x"), "series.csv")
        try refused("x", ["'x/series.csv'", "fields"])
        try copy(dir, "s2", "x")
        try edit(d("x/runs.csv")) { $0[1] = "7" + $0[1].drop { $0 != "," } }
        try reseal(d("x"), "runs.csv")
        try refused("x", ["'x/runs.csv'", "not a run of shard 2/3"])

        // Shards of another sweep, the same shard twice, a whole sweep, an unfinished shard.
        #expect(try Executable.run(["sweep", "w.json", "--shard", "2/3", "--out", "other", "--grid", "trust.lossRate=0.1,0.2,0.4",
                                    "--seeds", "2", "--series"] + tiny, in: dir).status == 0)
        try refused("other", ["'other'", "another sweep"])
        try refused("s1", ["same shard"])
        try refused("whole", ["'whole'", "whole sweep"])
        try FileManager.default.createDirectory(at: d("empty"), withIntermediateDirectories: true)
        try refused("empty", ["'empty/manifest.json'", "missing"])
    }
}
