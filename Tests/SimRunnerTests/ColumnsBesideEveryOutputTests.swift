import Foundation
import Testing
@testable import SimRunner

/// columns.csv is the data dictionary of a directory: it must name every column of every CSV
/// file the command wrote there, and nothing else, each with a meaning and a type its values
/// have. Checked for every command that writes a directory, in every variant that changes the
/// files written.
@Suite("columns.csv beside every output")
struct ColumnsBesideEveryOutputTests {
    private static let world = ["--set", "agents=60", "--set", "steps=20", "--set", "measurement.window=4"]

    /// Each directory and the command that writes it (run in order: merge reads the shards).
    private static let commands: [(dir: String, arguments: [String])] = [
        ("run", ["run", "--ledger", "5"] + world),
        ("correct", ["correct", "--delays", "0,10", "--seeds", "2", "--bootstrap", "100", "--relief-epsilon", "0.05"] + world),
        ("compare", ["compare", "default", "other.json", "--seeds", "2", "--bootstrap", "100",
                     "--hypothesis", "final_trust[other] - final_trust[default] < 0"] + world),
        ("sweep", ["sweep", "--grid", "trust.lossRate=0.1,0.2", "--seeds", "2", "--series"] + world),
        ("sweep-correct", ["sweep", "--lhs", "trust.lossRate=0.05:0.3", "--samples", "3", "--seeds", "2",
                           "--experiment", "correct", "--delays", "0,10", "--bootstrap", "100"] + world),
        ("shard1", ["sweep", "--grid", "trust.lossRate=0.1,0.2", "--seeds", "2", "--series", "--shard", "1/2"] + world),
        ("shard2", ["sweep", "--grid", "trust.lossRate=0.1,0.2", "--seeds", "2", "--series", "--shard", "2/2"] + world),
        ("merged", ["merge", "shard1", "shard2"]),
        ("cshard1", ["sweep", "--grid", "trust.lossRate=0.1,0.2", "--seeds", "2", "--experiment", "correct",
                     "--delays", "0,10", "--bootstrap", "100", "--shard", "1/2"] + world),
        ("cshard2", ["sweep", "--grid", "trust.lossRate=0.1,0.2", "--seeds", "2", "--experiment", "correct",
                     "--delays", "0,10", "--bootstrap", "100", "--shard", "2/2"] + world),
        ("cmerged", ["merge", "cshard1", "cshard2"]),
        ("ablate", ["ablate", "--seeds", "2", "--bootstrap", "100", "--mechanisms", "floor,scarring", "--delays", "0,10"] + world),
        ("audit", ["audit", "default", "other.json", "--agents", "40", "--steps", "12", "--reset-steps", "4", "--delays", "4",
                   "--seeds", "2", "--bootstrap", "100", "--hypothesis", "final_trust[other] > 0"]),
        ("morris", ["sensitivity", "--method", "morris", "--param", "trust.lossRate=0.05:0.3", "--param", "optimizer.exploration=0:0.3",
                    "--trajectories", "2", "--seeds", "1", "--bootstrap", "100"] + world),
        ("sobol", ["sensitivity", "--method", "sobol", "--param", "trust.lossRate=0.05:0.3", "--samples", "4", "--seeds", "1",
                   "--bootstrap", "100"] + world),
        ("lhs", ["sweep", "--lhs", "trust.lossRate=0.05:0.3", "--lhs", "optimizer.exploration=0:0.3", "--samples", "6", "--seeds", "1",
                 "--series"] + world),
        ("lhs/report", ["report", "lhs"]),
        ("morris-correct", ["sensitivity", "--method", "morris", "--param", "trust.lossRate=0.05:0.3", "--trajectories", "2",
                            "--seeds", "2", "--experiment", "correct", "--delays", "0,10", "--bootstrap", "100"] + world),
    ]

    @Test("every CSV file of every command's directory has each of its columns, and only those, described in columns.csv with a type its values have")
    func columnsCSVDescribesEveryColumnOfEveryFile() throws {
        let dir = try Executable.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(#"{"name": "other", "trust": {"lossRate": 0.2}}"#.utf8).write(to: dir.appendingPathComponent("other.json"))
        for (out, arguments) in Self.commands {
            let r = try Executable.run(arguments + ["--out", out, "-q"] + (["merge", "report"].contains(arguments[0]) ? [] : ["--jobs", "2"]), in: dir)
            #expect(r.status == 0, "\(arguments.joined(separator: " ")): \(r.stderr)")
        }
        for (out, arguments) in Self.commands {
            let folder = dir.appendingPathComponent(out)
            let csvs = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".csv") && $0 != "columns.csv" }.sorted()
            #expect(!csvs.isEmpty, "\(out): no CSV files")
            let dictionary = try CSVReader.read(folder.appendingPathComponent("columns.csv"))
            #expect(dictionary.columns == ColumnDictionary.header)
            var described: [String: [String]] = [:]
            for row in dictionary.rows {
                #expect(described[row[0] + ":" + row[1]] == nil, "\(out): \(row[0]) \(row[1]) is described twice")
                described[row[0] + ":" + row[1]] = row
            }
            var present = Set<String>()
            for file in csvs {
                let table = try CSVReader.read(folder.appendingPathComponent(file))
                for (k, column) in table.columns.enumerated() {
                    present.insert(file + ":" + column)
                    guard let row = described[file + ":" + column] else {
                        Issue.record("\(arguments[0]) (\(out)): \(file) column \(column) is not in columns.csv")
                        continue
                    }
                    #expect(!row[2].isEmpty, "\(out): \(file) \(column) has no meaning")
                    let values = table.rows.map { $0[k] }.filter { !$0.isEmpty }
                    switch row[4] {
                    case "integer": #expect(values.allSatisfy { Int($0) != nil }, "\(out): \(file) \(column) is said to be integer: \(values.prefix(3))")
                    case "number": #expect(values.allSatisfy { Double($0) != nil }, "\(out): \(file) \(column) is said to be a number: \(values.prefix(3))")
                    case "text": break
                    default: Issue.record("\(out): \(file) \(column) has type '\(row[4])'")
                    }
                }
            }
            for key in described.keys where !present.contains(key) {
                Issue.record("\(arguments[0]) (\(out)): columns.csv describes \(key), which no file of the directory has")
            }
        }
        // A merged sweep's dictionary is the one-machine sweep's, byte for byte.
        let one = try Data(contentsOf: dir.appendingPathComponent("sweep/columns.csv"))
        #expect(try Data(contentsOf: dir.appendingPathComponent("merged/columns.csv")) == one)
    }

    @Test("'simrunner columns' covers every command that writes a directory")
    func columnsCommandCoversEveryCommand() throws {
        let dir = try Executable.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try Executable.run(["columns", "ablate", "audit", "sensitivity"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let all = try CSVReader.parse(Array(r.stdout.utf8))
        #expect(Set(all.rows.map { $0[0] }) == ["ablate", "audit", "sensitivity"])
        for file in ["ablation.csv", "switches.csv", "audit.csv", "morris.csv"] {
            #expect(all.rows.contains { $0[1] == file }, "\(file) is not listed")
        }
        for row in all.rows {
            #expect(!row[3].isEmpty && ["integer", "number", "text"].contains(row[5]), "\(row[0]) \(row[1]) \(row[2]) is not described")
        }
        let bad = try Executable.run(["columns", "report"], in: dir)
        #expect(bad.status == 2 && bad.stderr.split(separator: "\n").count == 1, "\(bad.stderr)")
    }
}
