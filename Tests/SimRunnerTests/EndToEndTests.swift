import Foundation
import Testing
@testable import SimRunner

/// Small worlds so the executable runs in well under a second in debug builds.
private let small = ["--set", "agents=300", "--set", "steps=40", "--set", "measurement.window=10",
                     "--set", "measurement.homogenizationPairs=50"]

@Suite("simrunner executable, end to end")
struct EndToEndTests {
    @Test("run writes series, summary and manifest with one row per step")
    func runWritesOutputs() throws {
        let dir = try Executable.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try Executable.run(["run", "--seed", "3", "--out", "out"] + small, in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("welfare at horizon"))
        let out = dir.appendingPathComponent("out")
        let series = try String(contentsOf: out.appendingPathComponent("series.csv"), encoding: .utf8)
        let lines = series.split(separator: "\n")
        #expect(lines.count == 41)
        #expect(lines[0].hasPrefix("step,corrected,stock_economic"))
        #expect(!series.contains("nan") && !series.contains("inf"))
        let summary = try String(contentsOf: out.appendingPathComponent("summary.csv"), encoding: .utf8)
        #expect(summary.split(separator: "\n").count == 2)
        let manifestBytes = try [UInt8](Data(contentsOf: out.appendingPathComponent("manifest.json")))
        let manifest = try JSONParser().parse(manifestBytes)
        #expect(manifest["seed"]?.value.numberValue?.exactInteger == 3)
        let world = try #require(manifest["world"])
        #expect(manifest["worldHash"]?.value.stringValue == SHA256.hex(JSONWriter.bytes(from: world.value)))
        #expect(world["agents"]?.value.numberValue?.exactInteger == 300)
        // No staging directory is left behind.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty)
    }

    @Test("the same world and seed give identical bytes; another seed gives other numbers")
    func determinism() throws {
        let dir = try Executable.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for (name, seed, threads) in [("a", "5", "1"), ("b", "5", "3"), ("c", "6", "1")] {
            let r = try Executable.run(["run", "--seed", seed, "--threads", threads, "--out", name, "-q"] + small, in: dir)
            #expect(r.status == 0, "\(r.stderr)")
        }
        func bytes(_ run: String, _ file: String) throws -> Data {
            try Data(contentsOf: dir.appendingPathComponent(run).appendingPathComponent(file))
        }
        #expect(try bytes("a", "series.csv") == bytes("b", "series.csv"))
        #expect(try bytes("a", "summary.csv") == bytes("b", "summary.csv"))
        #expect(try bytes("a", "series.csv") != bytes("c", "series.csv"))
    }

    @Test("an existing output directory is refused without --force and replaced with it")
    func existingOutput() throws {
        let dir = try Executable.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try Executable.run(["run", "--out", "o", "-q"] + small, in: dir).status == 0)
        let again = try Executable.run(["run", "--out", "o", "-q"] + small, in: dir)
        #expect(again.status != 0)
        #expect(again.stderr.contains("--force"))
        #expect(try Executable.run(["run", "--out", "o", "-q", "--force"] + small, in: dir).status == 0)
    }

    @Test("help and version exit 0; an unknown command or option exits 2 with a suggestion")
    func helpAndUsage() throws {
        let dir = try Executable.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let help = try Executable.run(["--help"], in: dir)
        #expect(help.status == 0 && help.stdout.contains("run") && help.stdout.contains("validate"))
        #expect(try Executable.run(["run", "--help"], in: dir).stdout.contains("--seed"))
        #expect(try Executable.run(["--version"], in: dir).status == 0)
        let typo = try Executable.run(["rnu"], in: dir)
        #expect(typo.status == 2 && typo.stderr.contains("did you mean 'run'"))
        let option = try Executable.run(["run", "--sed", "4"], in: dir)
        #expect(option.status == 2 && option.stderr.contains("did you mean '--seed'"))
    }

    @Test("every world in worlds/ validates")
    func shippedWorldsValidate() throws {
        let worlds = Executable.repository.appendingPathComponent("worlds")
        let files = try FileManager.default.contentsOfDirectory(atPath: worlds.path).filter { $0.hasSuffix(".json") }.sorted()
        #expect(!files.isEmpty)
        let r = try Executable.run(["validate"] + files.map { worlds.appendingPathComponent($0).path }, in: worlds)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.split(separator: "\n").count == files.count)
    }
}
