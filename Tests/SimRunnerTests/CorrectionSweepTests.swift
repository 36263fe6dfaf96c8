import Foundation
import SocialSim
import Testing
@testable import SimRunner

private let tiny = ["--set", "agents=200", "--set", "steps=40", "--set", "measurement.window=5",
                    "--set", "measurement.homogenizationPairs=20"]
private let design = ["--experiment", "correct", "--delays", "0,10,20", "--grid", "optimizer.specificationGap=0.2,1",
                      "--grid", "optimizer.objective=engagement,welfareAware", "--seeds", "2", "--bootstrap", "200"]

@Suite("sweep --experiment correct, and PRIM on where correction fails")
struct CorrectionSweepTests {
    private func files(_ dir: URL) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for name in ["runs.csv", "points.csv", "manifest.json"] { out[name] = try Data(contentsOf: dir.appendingPathComponent(name)) }
        return out
    }

    @Test("per (run, delay) rows and per point R(d), stake and d*; the same bytes for any --jobs and for merged shards")
    func sweepOfCorrections() throws {
        let dir = try Executable.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for jobs in ["1", "2"] {
            let r = try Executable.run(["sweep", "--jobs", jobs, "--out", "j\(jobs)", "-q"] + design + tiny, in: dir)
            #expect(r.status == 0, "\(r.stderr)")
        }
        let one = try files(dir.appendingPathComponent("j1"))
        #expect(one == (try files(dir.appendingPathComponent("j2"))))
        let runs = try CSVReader.parse([UInt8](one["runs.csv"]!))
        #expect(runs.rows.count == 4 * 2 * 3)
        #expect(runs.strings("delay")?.prefix(3) == ["0", "10", "20"])
        let points = try CSVReader.parse([UInt8](one["points.csv"]!))
        #expect(points.rows.count == 4)
        // Points with the welfare-aware objective have nothing to correct: R is undefined there.
        let objective = try #require(points.strings("optimizer.objective")), status = try #require(points.strings("status"))
        for (o, s) in zip(objective, status) where o == "welfareAware" { #expect(s == "same_objective") }
        for (o, s) in zip(objective, status) where o == "engagement" { #expect(s != "same_objective") }
        #expect(points.has("recovery_10") && points.has("d_star") && points.has("d_star_low") && points.strings("grid_resolution")?.first == "10")
        // Pooled R at delay 0 of an interpreted point is the ratio of the summed paired differences from runs.csv.
        if let p = status.firstIndex(of: "defined") {
            let rows = runs.rows.indices.filter { runs.rows[$0][runs.index("point")!] == String(p) && runs.rows[$0][runs.index("delay")!] == "10" }
            let num = rows.reduce(0.0) { $0 + runs.doubles("welfare_corrected")[$1]! - runs.doubles("welfare_uncorrected")[$1]! }
            let den = rows.reduce(0.0) { $0 + runs.doubles("stake")[$1]! }
            #expect(abs(points.doubles("recovery_10")[p]! - num / den) < 1e-12)
        }
        for i in 1...2 {
            let r = try Executable.run(["sweep", "--shard", "\(i)/2", "--out", "s\(i)", "-q"] + design + tiny, in: dir)
            #expect(r.status == 0, "\(r.stderr)")
        }
        #expect(try Executable.run(["merge", "s2", "s1", "--out", "merged", "-q"], in: dir).status == 0)
        #expect(try files(dir.appendingPathComponent("merged")) == one)
        // Killed with SIGKILL part way and started again, it finishes with the same bytes.
        let process = Process()
        process.executableURL = Executable.url
        process.arguments = ["sweep", "--jobs", "2", "--out", "killed", "-q"] + design + tiny
        process.currentDirectoryURL = dir
        try process.run()
        usleep(1_500_000)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        // On a fast machine the sweep may have finished before the kill: then there is nothing to resume.
        let wasKilled = process.terminationReason == .uncaughtSignal
        let resumed = try Executable.run(["sweep", "--jobs", "2", "--out", "killed", "-q"] + design + tiny, in: dir)
        if wasKilled {
            #expect(resumed.status == 0, "\(resumed.stderr)")
        } else {
            #expect(resumed.status == 2 && resumed.stderr.contains("already holds this finished sweep"), "\(resumed.stderr)")
        }
        #expect(try files(dir.appendingPathComponent("killed")) == one)
        // Options of the correction experiment are refused without it.
        let bad = try Executable.run(["sweep", "--out", "x", "-q", "--delays", "0,10", "--grid", "optimizer.specificationGap=0,1"] + tiny, in: dir)
        #expect(bad.status == 2 && bad.stderr.contains("--experiment correct"))
        let unknown = try Executable.run(["sweep", "--out", "x", "-q", "--experiment", "ablate", "--grid", "optimizer.specificationGap=0,1"] + tiny, in: dir)
        #expect(unknown.status == 2 && unknown.stderr.contains("'run' or 'correct'"))
    }

    @Test("quasi-p values: the binomial tail on known values, tiny for planted restrictions")
    func quasiP() throws {
        #expect(abs(PRIM.binomialTail(atLeast: 8, trials: 10, probability: 0.5) - 56.0 / 1024) < 1e-12)
        #expect(PRIM.binomialTail(atLeast: 0, trials: 10, probability: 0.3) == 1)
        #expect(abs(PRIM.binomialTail(atLeast: 1, trials: 3, probability: 0.2) - (1 - 0.512)) < 1e-12)
        var rng = SplitMix64(seed: 5)
        var x = [[Double]](repeating: [], count: 3), y: [Bool] = []
        for _ in 0..<1000 {
            let p = (0..<3).map { _ in rng.nextUnit() }
            for d in 0..<3 { x[d].append(p[d]) }
            y.append(p[0] < 0.4 && p[1] > 0.5)
        }
        let prim = PRIM(dimensions: [.numeric("a", x[0]), .numeric("b", x[1]), .numeric("c", x[2])], outcome: y)
        let r = prim.run()
        let q = prim.quasiP(r.chosen, initial: r.initial)
        let byDim = Dictionary(uniqueKeysWithValues: q.map { ($0.dimension, $0.p) })
        #expect((byDim[0] ?? 1) < 1e-10 && (byDim[1] ?? 1) < 1e-10, "\(q)")
    }

    @Test("PRIM over d* finds a planted region of early failure; never-crossing points count as successes, undefined ones are left out")
    func plantedFailureRegion() throws {
        var rows: [[String]] = []
        var rng = SplitMix64(seed: 9)
        for p in 0..<400 {
            let a = rng.nextUnit(), b = rng.nextUnit(), c = rng.nextUnit()
            let fails = a < 0.3 && b > 0.6
            let undefined = p % 20 == 0
            let crossing = fails ? "crossed" : (p % 2 == 0 ? "neverBelow" : "crossed")
            let dStar = fails ? 40 + 10 * rng.nextUnit() : (crossing == "crossed" ? 300 + 50 * rng.nextUnit() : nil)
            rows.append([String(p), CSVTable.format(a), CSVTable.format(b), CSVTable.format(c), undefined ? "no_stake" : "defined",
                         undefined ? "" : crossing, undefined ? "" : (dStar.map(CSVTable.format) ?? "")])
        }
        let table = CSVReader(columns: ["point", "a", "b", "c", "status", "crossing", "d_star"], rows: rows)
        var html = ReportHTML(title: "t")
        var settings = ReportSettings()
        settings.primMeasure = "d_star"
        settings.primBelow = 100
        let csv = try #require(try PRIMReport.section(table, keys: ["a", "b", "c"], settings: settings, into: &html))
        let prim = try CSVReader.parse(csv)
        let pasted = try #require(prim.rows.indices.last)
        func value(_ c: String) -> Double { prim.doubles(c)[pasted]! }
        #expect(abs(value("a_high") - 0.3) < 0.05 && abs(value("b_low") - 0.6) < 0.05)
        #expect(value("density") > 0.9 && value("coverage") > 0.8)
        #expect(prim.doubles("a_quasi_p")[pasted]! < 1e-6)
        #expect(prim.strings("c_quasi_p")?[pasted] == "" || prim.doubles("c_quasi_p")[pasted]! > 1e-3)
        // 20 undefined points are left out and said so.
        let text = html.render()
        #expect(text.contains("20 points left out"))
        #expect(text.contains("never crosses counts as d* beyond the last delay"))
    }

    @Test("an end of d*'s interval beyond the last delay is an empty cell with a status, never 'inf' text")
    func censoredIntervalEndIsEmptyWithStatus() throws {
        // Four seeds never fall below R = 0.5, four cross between delays 10 and 20: the pooled curve
        // crosses, and the upper end of its bootstrap interval lies beyond the last delay.
        let corrected: [[Double]] = Array(repeating: [0.9, 0.8, 0.7], count: 4) + Array(repeating: [0.9, 0.3, 0.1], count: 4)
        var rows: [[String]] = []
        for c in corrected {
            for (k, delay) in [0, 10, 20].enumerated() {
                rows.append(["0", String(delay), "0", "1", CSVTable.format(c[k]), CSVTable.format(1 - c[k]), "0"])
            }
        }
        var t = CSVTable(columns: ["point", "delay", "welfare_uncorrected", "welfare_reference", "welfare_corrected", "unrecoverable", "same_objective"])
        for r in rows { t.append(r) }
        let bytes = try CorrectionSweep(delays: [0, 10, 20], resamples: 400).points(runs: t.takeBytes(), keys: [])
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(!text.lowercased().contains("inf") && !text.lowercased().contains("nan"))
        let points = try CSVReader.parse(bytes)
        #expect(points.strings("status") == ["defined"] && points.strings("crossing") == ["crossed"])
        #expect(points.strings("d_star_high") == [""] && points.strings("d_star_high_status") == ["beyond_last_delay"])
        #expect(points.doubles("d_star_low").first! != nil && points.strings("d_star_low_status") == ["crossing"])
    }
}
