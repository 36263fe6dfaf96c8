import Foundation
import Testing
@testable import SimRunner
import SocialSim

/// Golden outputs: SHA-256 of series.csv and summary.csv for several worlds and seeds, as
/// `simrunner run` writes them. An optimization or a refactor must leave every hash unchanged.
/// A deliberate change of the model or of a measure updates `Golden/hashes.txt` in a commit of
/// its own that says what changed and why (run the suite with `SOCIALSIM_UPDATE_GOLDEN=1` to
/// rewrite the file, then read the diff).
@Suite("golden outputs")
struct GoldenOutputTests {
    /// Small enough for a debug build, large enough that every mechanism acts (locks, exits,
    /// cascades, frames, corrections).
    static let cases: [(world: String, seed: UInt64, overrides: [(String, String)])] = [
        ("default", 1, []),
        ("default", 7, [("network.kind", "barabasiAlbert")]),
        ("default", 3, [("network.kind", "erdosRenyi")]),
        ("default", 5, [("network.kind", "stochasticBlock")]),
        ("default", 2, [("correction.step", "60"), ("correction.reliefBudget", "0.5")]),
        ("constructive", 4, []),
        ("region-caps", 6, []),
        ("proxy-rules", 8, []),
        ("template-moderation", 9, []),
        ("approval-sycophancy", 10, []),
        ("no-irreversibility", 11, []),
    ]
    static let size: [(String, String)] = [("agents", "1500"), ("steps", "160"), ("measurement.window", "20"),
                                           ("measurement.homogenizationPairs", "200")]

    static let file = Executable.repository.appendingPathComponent("Tests/SimRunnerTests/Golden/hashes.txt")

    static func key(_ c: (world: String, seed: UInt64, overrides: [(String, String)])) -> String {
        ([c.world, "seed=\(c.seed)"] + c.overrides.map { "\($0.0)=\($0.1)" }).joined(separator: " ")
    }

    static func hashes(_ c: (world: String, seed: UInt64, overrides: [(String, String)])) throws -> (series: String, summary: String) {
        let path = c.world == "default" ? nil : Executable.repository.appendingPathComponent("worlds/\(c.world).json").path
        let overrides = (size + c.overrides).map { (key: $0.0, value: $0.1) }
        let loaded = try WorldLoader.load(path: path, overrides: overrides)
        let result = try RunExecution.run(world: loaded.world, seed: c.seed, threads: 2, collapseLevel: 0.2)
        return (SHA256.hex(result.seriesCSV), SHA256.hex(result.summaryCSV))
    }

    @Test("series.csv and summary.csv hash to the recorded values for every golden world and seed")
    func outputsMatchRecordedHashes() throws {
        var lines: [String] = []
        for c in Self.cases {
            let h = try Self.hashes(c)
            lines.append("\(Self.key(c)) | series \(h.series) | summary \(h.summary)")
        }
        let actual = lines.joined(separator: "\n") + "\n"
        if ProcessInfo.processInfo.environment["SOCIALSIM_UPDATE_GOLDEN"] == "1" {
            try actual.write(to: Self.file, atomically: true, encoding: .utf8)
            return
        }
        let recorded = try String(contentsOf: Self.file, encoding: .utf8)
        let expected = recorded.split(separator: "\n").map(String.init)
        for (a, e) in zip(lines, expected) {
            #expect(a == e, "golden output changed (if deliberate, rerun with SOCIALSIM_UPDATE_GOLDEN=1 in a commit of its own)")
        }
        #expect(lines.count == expected.count, "golden cases changed: \(lines.count) computed, \(expected.count) recorded")
    }
}
