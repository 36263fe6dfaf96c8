import Foundation
import Testing
@testable import SimRunner

@Suite("simrunner sensitivity: Morris and Sobol over a small world")
struct SensitivityCommandTests {
    static let small = ["--set", "agents=150", "--set", "steps=40", "--set", "measurement.window=10", "--seeds", "1", "--quiet"]

    @Test("Morris: same bytes for --jobs 1 and 2; a finished directory is re-analyzed without runs")
    func morrisDeterministicAndReanalyzed() throws {
        let dir = try Executable.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let args = ["sensitivity", "--method", "morris", "--param", "trust.lossRate=0.05:0.3", "--param", "optimizer.specificationGap=0:1",
                    "--trajectories", "3", "--bootstrap", "50"] + Self.small
        let a = try Executable.run(args + ["--jobs", "1", "--out", "a"], in: dir)
        let b = try Executable.run(args + ["--jobs", "2", "--out", "b"], in: dir)
        #expect(a.status == 0 && b.status == 0, "\(a.stderr) \(b.stderr)")
        for f in ["runs.csv", "morris.csv", "manifest.json"] {
            #expect(try Data(contentsOf: dir.appendingPathComponent("a/\(f)")) == Data(contentsOf: dir.appendingPathComponent("b/\(f)")))
        }
        let runs = try CSVReader.read(dir.appendingPathComponent("a/runs.csv"))
        #expect(runs.rows.count == 3 * 3)
        let table = try CSVReader.read(dir.appendingPathComponent("a/morris.csv"))
        #expect(table.rows.count == 3 * 2)
        #expect(table.doubles("mu_star").allSatisfy { ($0 ?? -1) >= 0 })
        // Another measure: no new runs (runs.csv untouched), a new table.
        let before = try FileManager.default.attributesOfItem(atPath: dir.appendingPathComponent("a/runs.csv").path)[.modificationDate] as? Date
        let c = try Executable.run(args + ["--jobs", "1", "--out", "a", "--measure", "final_entropy"], in: dir)
        #expect(c.status == 0, "\(c.stderr)")
        let after = try FileManager.default.attributesOfItem(atPath: dir.appendingPathComponent("a/runs.csv").path)[.modificationDate] as? Date
        #expect(before == after)
        #expect(try CSVReader.read(dir.appendingPathComponent("a/morris.csv")).distinct("measure") == ["final_entropy"])
        // An unknown measure is a usage error naming the columns.
        let d = try Executable.run(args + ["--out", "a", "--measure", "horizon_welfar"], in: dir)
        #expect(d.status == 2 && d.stderr.contains("did you mean 'horizon_welfare'"))
    }

    @Test("Sobol: N (2k + 2) runs and one row per measure and parameter")
    func sobolRuns() throws {
        let dir = try Executable.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try Executable.run(["sensitivity", "--method", "sobol", "--param", "trust.lossRate=0.05:0.3", "--param", "agents=100:200",
                                    "--samples", "4", "--bootstrap", "20", "--out", "s", "--jobs", "2"] + Self.small, in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let runs = try CSVReader.read(dir.appendingPathComponent("s/runs.csv"))
        #expect(runs.rows.count == 4 * 6)
        // Integer parameters are rounded.
        #expect(runs.strings("agents")?.allSatisfy { Int($0) != nil } == true)
        let t = try CSVReader.read(dir.appendingPathComponent("s/sobol.csv"))
        #expect(t.rows.count == 3 * 2)
    }

    @Test("bad options: one line, exit 2, nothing written")
    func badOptions() throws {
        let dir = try Executable.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for args in [["--param", "trust.lossRate=0:1"], ["--method", "sobel", "--param", "trust.lossRate=0:1"],
                     ["--method", "morris"], ["--method", "morris", "--param", "trust.lossRate=1:0"],
                     ["--method", "morris", "--param", "optimizer.objective=0:1"],
                     ["--method", "morris", "--levels", "3", "--param", "trust.lossRate=0:1"],
                     ["--method", "sobol", "--trajectories", "3", "--param", "trust.lossRate=0:1"]] {
            let r = try Executable.run(["sensitivity", "--out", "x"] + args, in: dir)
            #expect(r.status == 2, "\(args)")
            #expect(r.stderr.split(separator: "\n").count == 1, "\(args): \(r.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("x").path))
    }

    @Test("d_star_censored: never-below points at the horizon, below-at-start at the first delay, no stake missing")
    func censoredDStar() throws {
        let csv = """
        point,status,crossing,d_star
        0,defined,crossed,123.5
        1,defined,neverBelow,
        2,defined,belowAtStart,0
        3,stake_below_minimum,,
        4,no_stake,,
        5,defined,neverBelow,

        """
        let points = try CSVReader.parse(Array(csv.utf8))
        let (values, censored) = try Sensitivity.censoredDStarValues(points, horizons: [500, 500, 500, 500, 500, 300])
        #expect(values == [123.5, 500, 0, nil, nil, 300])
        #expect(censored == 2)
        // Without the correction experiment's columns it is a usage error, not a crash.
        let runs = try CSVReader.parse(Array("point,horizon_welfare\n0,0.5\n".utf8))
        #expect(throws: UsageError.self) { try Sensitivity.censoredDStarValues(runs, horizons: [500]) }
    }

    @Test("--experiment correct: Morris on d* and the stake per design point, from points.csv")
    func morrisOnDStar() throws {
        let dir = try Executable.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try Executable.run(["sensitivity", "--method", "morris", "--experiment", "correct", "--delays", "0,10,20,30",
                                    "--param", "trust.lossRate=0.05:0.3", "--param", "optimizer.specificationGap=0.2:1",
                                    "--trajectories", "2", "--bootstrap", "100", "--out", "c", "--jobs", "2"] + Self.small, in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let points = try CSVReader.read(dir.appendingPathComponent("c/points.csv"))
        #expect(points.rows.count == 2 * 3)
        let t = try CSVReader.read(dir.appendingPathComponent("c/morris.csv"))
        #expect(t.distinct("measure") == ["d_star", "d_star_censored", "stake"])
        #expect(t.rows.count == 6)
        // The censored d* never has fewer points than d* (only undefined stakes stay missing).
        let missing = t.doubles("missing_points"), censored = t.doubles("right_censored_points")
        #expect(missing[2]! <= missing[0]! && missing[0]! - missing[2]! == censored[2]!)
        // columns.csv describes every column of runs.csv, points.csv and morris.csv, in order.
        let dictionary = try CSVReader.read(dir.appendingPathComponent("c/columns.csv"))
        var expected: [[String]] = []
        for file in ["runs.csv", "points.csv", "morris.csv"] {
            expected += try CSVReader.read(dir.appendingPathComponent("c/\(file)")).columns.map { [file, $0] }
        }
        #expect(dictionary.rows.map { Array($0.prefix(2)) } == expected)
        for row in dictionary.rows { #expect(!row[2].isEmpty && ["integer", "number", "text"].contains(row[4]), "\(row[0]) \(row[1]) is not described") }
        // Sharded and merged, then analyzed: the same files as in one go.
        for i in 1...2 {
            let s = try Executable.run(["sensitivity", "--method", "morris", "--experiment", "correct", "--delays", "0,10,20,30",
                                        "--param", "trust.lossRate=0.05:0.3", "--param", "optimizer.specificationGap=0.2:1",
                                        "--trajectories", "2", "--bootstrap", "100", "--out", "s\(i)", "--shard", "\(i)/2"] + Self.small, in: dir)
            #expect(s.status == 0, "\(s.stderr)")
        }
        #expect(try Executable.run(["merge", "s1", "s2", "--out", "m", "-q"], in: dir).status == 0)
        let again = try Executable.run(["sensitivity", "--method", "morris", "--experiment", "correct", "--delays", "0,10,20,30",
                                        "--param", "trust.lossRate=0.05:0.3", "--param", "optimizer.specificationGap=0.2:1",
                                        "--trajectories", "2", "--bootstrap", "100", "--out", "m"] + Self.small, in: dir)
        #expect(again.status == 0, "\(again.stderr)")
        for f in ["runs.csv", "points.csv", "columns.csv", "morris.csv"] {
            #expect(try Data(contentsOf: dir.appendingPathComponent("m/\(f)")) == Data(contentsOf: dir.appendingPathComponent("c/\(f)")), "\(f)")
        }
        let bad = try Executable.run(["sensitivity", "--method", "morris", "--delays", "0,10", "--param", "trust.lossRate=0:1", "--out", "x"], in: dir)
        #expect(bad.status == 2 && bad.stderr.contains("--experiment correct"))
    }
}
