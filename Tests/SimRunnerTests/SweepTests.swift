import Foundation
import Testing
@testable import SimRunner

private let tiny = ["--set", "agents=200", "--set", "steps=30", "--set", "measurement.window=5",
                    "--set", "measurement.homogenizationPairs=20"]
private let design = ["--grid", "optimizer.specificationGap=0:1:3", "--grid", "optimizer.objective=engagement,welfareAware",
                      "--seeds", "2", "--series"]

@Suite("sweep designs")
struct SweepDesignTests {
    @Test("a grid is the full product, the first axis varying slowest")
    func gridOrder() throws {
        let a = try SweepDesign.gridAxis("optimizer.specificationGap", "0:1:3")
        let b = try SweepDesign.gridAxis("optimizer.objective", "engagement,approval")
        let d = SweepDesign.grid([a, b])
        #expect(d.points == [["0", "engagement"], ["0", "approval"], ["0.5", "engagement"], ["0.5", "approval"],
                             ["1", "engagement"], ["1", "approval"]])
    }

    @Test("integer axes are rounded, and a grid that rounds to repeated values is refused")
    func integerAxes() throws {
        #expect(try SweepDesign.gridAxis("agents", "100:300:3").values == ["100", "200", "300"])
        #expect(throws: UsageError.self) { try SweepDesign.gridAxis("topics", "2:3:5") }
        #expect(throws: UsageError.self) { try SweepDesign.gridAxis("trst.lossRate", "0:1:3") }
    }

    @Test("a Latin hypercube puts exactly one sample in each stratum of each axis, reproducibly")
    func latinHypercube() throws {
        let ranges = [try SweepDesign.lhsRange("trust.lossRate", "0:1"), try SweepDesign.lhsRange("optimizer.specificationGap", "0.5:1")]
        let d = SweepDesign.latinHypercube(ranges, samples: 20, seed: 3)
        #expect(d.points.count == 20)
        for (axis, r) in ranges.enumerated() {
            let strata = d.points.map { p -> Int in
                let x = Double(p[axis])!
                return min(19, Int((x - r.low) / (r.high - r.low) * 20))
            }
            #expect(Set(strata).count == 20)
        }
        #expect(d == SweepDesign.latinHypercube(ranges, samples: 20, seed: 3))
        #expect(d != SweepDesign.latinHypercube(ranges, samples: 20, seed: 4))
    }
}

/// Records in a journal file (its "UNIT" record marks; CSV payloads never contain the word).
func journaledUnits(_ url: URL) -> Int {
    guard let data = FileManager.default.contents(atPath: url.path) else { return 0 }
    let bytes = [UInt8](data), magic = Array("UNIT".utf8)
    guard bytes.count >= 4 else { return 0 }
    return (0...(bytes.count - 4)).filter { bytes[$0] == magic[0] && Array(bytes[$0..<($0 + 4)]) == magic }.count
}

@Suite("sweeps, end to end")
struct SweepEndToEndTests {
    private func files(_ dir: URL) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for name in ["runs.csv", "series.csv", "manifest.json"] {
            out[name] = try Data(contentsOf: dir.appendingPathComponent(name))
        }
        return out
    }

    @Test("--jobs 1 and --jobs 2 write the same bytes, rows in run order")
    func jobsInvariance() throws {
        let dir = try Executable.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for jobs in ["1", "2"] {
            let r = try Executable.run(["sweep", "--jobs", jobs, "--out", "j\(jobs)", "-q"] + design + tiny, in: dir)
            #expect(r.status == 0, "\(r.stderr)")
        }
        let one = try files(dir.appendingPathComponent("j1")), two = try files(dir.appendingPathComponent("j2"))
        #expect(one == two)
        let rows = String(decoding: one["runs.csv"]!, as: UTF8.self).split(separator: "\n")
        #expect(rows.count == 1 + 12)
        #expect(rows.dropFirst().map { Int($0.prefix { $0 != "," })! } == Array(0..<12))
        // No journal, lock or staging directory is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["j1", "j2"])
    }

    @Test("shards merged give the bytes of the single-machine sweep")
    func shardsMerge() throws {
        let dir = try Executable.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try Executable.run(["sweep", "--out", "whole", "-q"] + design + tiny, in: dir).status == 0)
        for i in 1...3 {
            #expect(try Executable.run(["sweep", "--shard", "\(i)/3", "--out", "s\(i)", "-q"] + design + tiny, in: dir).status == 0)
        }
        let partial = try Executable.run(["merge", "s1", "s3", "--out", "bad", "-q"], in: dir)
        #expect(partial.status == 2 && partial.stderr.contains("missing"))
        #expect(try Executable.run(["merge", "s3", "s1", "s2", "--out", "merged", "-q"], in: dir).status == 0)
        #expect(try files(dir.appendingPathComponent("merged")) == files(dir.appendingPathComponent("whole")))
    }

    @Test("a sweep killed with SIGKILL and started again finishes with every run once, as an uninterrupted sweep")
    func killAndResume() throws {
        let dir = try Executable.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let args = ["sweep", "--jobs", "2", "-q", "--grid", "optimizer.specificationGap=0:1:8", "--seeds", "2", "--series"]
            + ["--set", "agents=200", "--set", "steps=60", "--set", "measurement.window=5"]
        #expect(try Executable.run(args + ["--out", "clean"], in: dir).status == 0)
        let journal = dir.appendingPathComponent(".killed.journal")
        var finishedAlone = false
        for _ in 0..<2 {
            let process = Process()
            process.executableURL = Executable.url
            process.arguments = args + ["--out", "killed"]
            process.currentDirectoryURL = dir
            try process.run()
            // Kill once some runs are journaled (or when it has finished anyway).
            for _ in 0..<400 where process.isRunning {
                if journaledUnits(journal) >= 3 { break }
                usleep(10_000)
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            // On a fast machine a run may finish before the kill reaches it.
            if process.terminationReason == .exit && process.terminationStatus == 0 { finishedAlone = true }
        }
        let resumed = try Executable.run(args + ["--out", "killed"], in: dir)
        #expect(resumed.status == (finishedAlone ? 2 : 0), "\(resumed.stderr)")
        #expect(try files(dir.appendingPathComponent("killed")) == files(dir.appendingPathComponent("clean")))
        let again = try Executable.run(args + ["--out", "killed"], in: dir)
        #expect(again.status == 2 && again.stderr.contains("--force"))
    }

    @Test("a directory holding another sweep is refused, and an invalid design point is reported before any run")
    func refusals() throws {
        let dir = try Executable.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try Executable.run(["sweep", "--out", "o", "-q", "--grid", "optimizer.specificationGap=0,1", "--seeds", "1"] + tiny, in: dir).status == 0)
        let other = try Executable.run(["sweep", "--out", "o", "-q", "--grid", "optimizer.specificationGap=0,0.5", "--seeds", "1"] + tiny, in: dir)
        #expect(other.status == 2 && other.stderr.contains("another design"))
        let invalid = try Executable.run(["sweep", "--out", "p", "-q", "--grid", "network.meanDegree=10,500", "--seeds", "1"] + tiny, in: dir)
        #expect(invalid.status == 2 && invalid.stderr.contains("sweep point 1") && invalid.stderr.contains("network.meanDegree"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("p").path))
        // --out naming a file is refused, even with --force, and the file is left alone.
        let file = dir.appendingPathComponent("notes.txt")
        try Data("keep me".utf8).write(to: file)
        for command in [["sweep", "--grid", "optimizer.specificationGap=0,1", "--seeds", "1"], ["run"]] {
            let r = try Executable.run(command + ["--out", "notes.txt", "--force", "-q"] + tiny, in: dir)
            #expect(r.status != 0 && r.stderr.contains("is a file"), "\(command[0]): \(r.stderr)")
        }
        #expect(try String(contentsOf: file, encoding: .utf8) == "keep me")
    }

    @Test("without a terminal, progress is a header, a line at each 10% and a final line on stderr; --quiet prints nothing")
    func progressLines() throws {
        let dir = try Executable.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let loud = try Executable.run(["sweep", "--out", "a", "--grid", "optimizer.specificationGap=0:1:10", "--seeds", "1"] + tiny, in: dir)
        let lines = loud.stderr.split(separator: "\n")
        #expect(lines.first?.hasPrefix("sweep: 10 runs, 10 grid points x 1 seeds over optimizer.specificationGap") == true, "\(lines)")
        // One line per 10% of the runs but the last, which the final line reports.
        #expect(lines.dropFirst().dropLast().map { String($0.prefix { $0 != " " }) } == (1...9).map { "\($0)/10" }, "\(lines)")
        #expect(lines.last?.hasPrefix("sweep: 10 runs done in") == true, "\(lines)")
        #expect(!loud.stderr.contains("/tmp"), "paths are shown relative to the working directory")
        // A sweep interrupted (Ctrl-C) after its first progress line: started again, the header says
        // it resumes and how many runs were already done, and the result is the uninterrupted one's.
        let args = ["sweep", "--out", "c", "--jobs", "1", "--grid", "optimizer.specificationGap=0:1:10", "--seeds", "1"] + tiny
        let process = Process()
        process.executableURL = Executable.url
        process.arguments = args
        process.currentDirectoryURL = dir
        let err = Pipe()
        process.standardError = err
        try process.run()
        var seen = ""
        while !seen.contains("runs done"), process.isRunning {
            seen += String(decoding: err.fileHandleForReading.availableData, as: UTF8.self)
        }
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        let resumed = try Executable.run(args, in: dir)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        if process.terminationStatus == 130 {
            #expect(resumed.stderr.hasPrefix("sweep: resuming c: "), "\(resumed.stderr)")
            #expect(resumed.stderr.contains(" of 10 runs already done, "), "\(resumed.stderr)")
        }
        #expect(try Data(contentsOf: dir.appendingPathComponent("c/runs.csv")) == Data(contentsOf: dir.appendingPathComponent("a/runs.csv")))
        let quiet = try Executable.run(["sweep", "--out", "b", "-q", "--grid", "optimizer.specificationGap=0,1", "--seeds", "1"] + tiny, in: dir)
        #expect(quiet.stderr.isEmpty && quiet.stdout.isEmpty)
    }
}
