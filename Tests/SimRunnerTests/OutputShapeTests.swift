import Foundation
import Testing
@testable import SimRunner

private let tiny = ["--set", "agents=200", "--set", "steps=30", "--set", "measurement.window=5", "--bootstrap", "100"]

private func table(_ url: URL) throws -> CSVReader { try CSVReader.read(url) }

/// Outputs a data frame takes as is: one name per quantity, fixed headers, tidy rows, a data
/// dictionary beside every file, and numbers without rounding digits.
@Suite("output shape: tidy tables, data dictionary, exact fractions")
struct OutputShapeTests {
    @Test("every column of every output is described in columns.csv, and 'simrunner columns' prints them all")
    func dictionary() throws {
        let dir = try Executable.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try Executable.run(["columns"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let all = try CSVReader.parse(Array(r.stdout.utf8))
        #expect(all.columns == ["command", "file", "column", "meaning", "unit", "type"])
        for row in all.rows {
            #expect(!row[3].isEmpty && ["integer", "number", "text"].contains(row[5]), "\(row[0]) \(row[1]) \(row[2]) is not described")
        }
        #expect(Set(all.rows.map { $0[0] }) == ["run", "correct", "compare", "sweep", "sweep --experiment correct", "ablate", "audit", "sensitivity"])
        // Beside a run's outputs: exactly the columns of its files, in order.
        #expect(try Executable.run(["run", "--out", "run", "-q", "--set", "agents=200", "--set", "steps=30", "--set", "measurement.window=5"], in: dir).status == 0)
        let dictionary = try table(dir.appendingPathComponent("run/columns.csv"))
        var expected: [[String]] = []
        for file in ["series.csv", "summary.csv"] {
            expected += try table(dir.appendingPathComponent("run/\(file)")).columns.map { [file, $0] }
        }
        #expect(dictionary.rows.map { Array($0.prefix(2)) } == expected)
        // One name per quantity: the trust half-life is trust_half_life wherever it appears.
        #expect(!all.rows.contains { $0[2] == "trust_halved_step" })
        #expect(all.rows.filter { $0[2] == "trust_half_life" }.map { $0[0] + "/" + $0[1] }.contains("run/summary.csv"))
        // The same column means the same in every file (a mean across seeds says so).
        var meanings: [String: Set<String>] = [:]
        // delays.csv holds means over seeds of runs.csv's per-seed columns, and says so.
        // (Within run, correct, compare and sweep; an ablation's or an audit's files are their own.)
        for row in all.rows where ["run", "correct", "compare", "sweep"].contains(row[0]) && !row[1].contains("series") && row[1] != "delays.csv" && !["delay", "variant", "final_locked_economic",
                                                                   "final_locked_institutional", "final_locked_attention",
                                                                   "final_locked_narrative", "trust_recovery", "run", "point", "world", "seeds"].contains(row[2]) {
            meanings[row[2], default: []].insert(row[3])
        }
        for (column, m) in meanings { #expect(m.count == 1, "\(column) has \(m.count) meanings: \(m)") }
    }

    @Test("correct's runs.csv is tidy: one row per delay, seed and variant, holding horizon welfare")
    func tidyCorrectionRuns() throws {
        let dir = try Executable.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try Executable.run(["correct", "--delays", "0,10,20", "--seeds", "2", "--out", "c", "-q"] + tiny, in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let runs = try table(dir.appendingPathComponent("c/runs.csv"))
        #expect(Array(runs.columns.prefix(6)) == ["delay", "seed", "variant", "horizon_welfare", "recovery", "cost"])
        // Three rows per delay evaluated (the grid, and any delays added around d*) and seed.
        let delays = Set(runs.rows.map { $0[0] })
        #expect(delays.isSuperset(of: ["0", "10", "20"]))
        #expect(runs.rows.count == delays.count * 2 * 3)
        var welfare: [String: Double] = [:]
        for row in runs.rows { welfare[row[0] + "/" + row[1] + "/" + row[2]] = Double(row[3]) }
        #expect(Set(runs.rows.map { $0[0] + "/" + $0[1] + "/" + $0[2] }).count == runs.rows.count, "a (delay, seed, variant) twice")
        for row in runs.rows where row[2] == "corrected" {
            let key = row[0] + "/" + row[1] + "/"
            let (w, u, ref) = (welfare[key + "corrected"]!, welfare[key + "uncorrected"]!, welfare[key + "reference"]!)
            if ref > u, let recovery = Double(row[4]) { #expect(abs(recovery - (w - u) / (ref - u)) < 1e-12) }
        }
        for row in runs.rows where row[2] == "reference" { #expect(row[5] == "0") }
        // Its columns are those of the dictionary, each described.
        let dictionary = try table(dir.appendingPathComponent("c/columns.csv"))
        #expect(dictionary.rows.filter { $0[0] == "runs.csv" }.map { $0[1] } == runs.columns)
        // The horizon welfare of a baseline is the same at every delay, and equals baselines.csv.
        let baselines = try table(dir.appendingPathComponent("c/baselines.csv"))
        for b in baselines.rows {
            for d in ["0", "10", "20"] { #expect(welfare["\(d)/\(b[0])/\(b[1])"] == Double(b[2])) }
        }
    }

    @Test("compare's header does not depend on the worlds; sweep's series is long, with parameters and seed inline")
    func fixedHeaders() throws {
        let dir = try Executable.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(#"{"name": "other", "trust": {"lossRate": 0.2}}"#.utf8).write(to: dir.appendingPathComponent("other.json"))
        #expect(try Executable.run(["compare", "default", "other.json", "--seeds", "2", "--out", "cmp", "-q"] + tiny, in: dir).status == 0)
        let comparison = try table(dir.appendingPathComponent("cmp/comparison.csv"))
        #expect(comparison.columns == ["world", "measure", "seeds_defined", "mean", "mean_low", "mean_high",
                                       "baseline", "difference", "difference_low", "difference_high"])
        #expect(Set(comparison.strings("baseline") ?? []) == ["default"])

        let sweep = ["sweep", "--grid", "trust.lossRate=0.1,0.2", "--seeds", "2", "--series", "--out", "s", "-q"]
            + ["--set", "agents=200", "--set", "steps=30", "--set", "measurement.window=5"]
        #expect(try Executable.run(sweep, in: dir).status == 0)
        let series = try table(dir.appendingPathComponent("s/series.csv"))
        #expect(Array(series.columns.prefix(5)) == ["run", "point", "trust.lossRate", "seed", "step"])
        #expect(series.rows.count == 4 * 30)
        #expect(series.rows[30].prefix(5) == ["1", "0", "0.1", "2", "0"])
        #expect(series.rows[60].prefix(5) == ["2", "1", "0.2", "1", "0"])
    }

    @Test("fractions of agents, and their means across seeds, are written as the exact ratio of counts")
    func exactFractions() throws {
        let dir = try Executable.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let agents = 300, seeds = 3
        try FileManager.default.copyItem(at: Executable.repository.appendingPathComponent("worlds/constructive.json"),
                                         to: dir.appendingPathComponent("constructive.json"))
        let r = try Executable.run(["compare", "default", "constructive.json", "--seeds", "\(seeds)", "--out", "cmp", "-q",
                                    "--set", "agents=\(agents)", "--set", "steps=40", "--set", "measurement.window=5", "--bootstrap", "100"],
                                   in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let mean = try table(dir.appendingPathComponent("cmp/mean_series.csv"))
        var checked = 0
        for column in mean.columns where column.hasPrefix("locked_") || column == "exited" || column.hasPrefix("share_") || column.hasSuffix("_rate") {
            for text in mean.strings(column) ?? [] {
                let x = Double(text)!
                let exact = (x * Double(agents * seeds)).rounded() / Double(agents * seeds)
                #expect(text == CSVTable.format(exact), "\(column): \(text) is not the exact ratio \(CSVTable.format(exact))")
                checked += 1
            }
        }
        #expect(checked > 100)
        #expect(ExactMean.ofCounts([0.1, 0.2, 0.7], denominator: 10) == 1.0 / 3.0)
        #expect(CSVTable.format(ExactMean.ofCounts([961.0 / 1000, 961.0 / 1000], denominator: 1000)) == "0.961")
    }
}
