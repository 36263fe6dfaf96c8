import Foundation
import Testing

@Suite("run --ledger, end to end")
struct LedgerEndToEndTests {
    static let small = ["--set", "agents=300", "--set", "steps=40", "--set", "measurement.window=10",
                        "--set", "measurement.homogenizationPairs=50", "-q"]

    @Test("run --ledger N writes one ledger row per sampled agent and dimension, and the same series as without")
    func writesLedger() throws {
        let dir = try Executable.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try Executable.run(["run", "--out", "a", "--ledger", "5"] + Self.small, in: dir).status == 0)
        #expect(try Executable.run(["run", "--out", "b"] + Self.small, in: dir).status == 0)
        let ledger = try String(contentsOf: dir.appendingPathComponent("a/ledger.csv"), encoding: .utf8)
        let rows = ledger.split(separator: "\n")
        #expect(rows.count == 1 + 5 * 4)
        #expect(rows[0].hasPrefix("agent,dimension,degree,threshold,locked_at_start,first_lock_step"))
        let a = try Data(contentsOf: dir.appendingPathComponent("a/series.csv"))
        let b = try Data(contentsOf: dir.appendingPathComponent("b/series.csv"))
        #expect(a == b)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("b/ledger.csv").path))
    }

    @Test("a ledger larger than the bound is refused before running", arguments: ["100001", "-1", "x"])
    func refusesHuge(_ n: String) throws {
        let dir = try Executable.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try Executable.run(["run", "--out", "a", "--ledger", n] + Self.small, in: dir)
        #expect(r.status == 2)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("a").path))
    }
}
