import Foundation
import Testing
@testable import SimRunner

private let tiny = ["--set", "agents=200", "--set", "steps=30", "--set", "measurement.window=5"]

/// What a new user meets first: help, progress of long commands, world names and paths.
@Suite("usability: help, progress, world names, paths")
struct UsabilityTests {
    @Test("every subcommand's help has an example, and states the defaults the command uses")
    func helpIsComplete() throws {
        for c in Program.commands {
            let text = CommandArguments.helpText(for: c.spec)
            #expect(text.contains("Example"), "simrunner \(c.spec.name) --help has no example")
        }
        let correct = CommandArguments.helpText(for: CorrectCommand.spec)
        #expect(correct.contains("[--seeds 16]") && correct.contains("(default 16)") && !correct.contains("32"))
        #expect(correct.contains("default: outputs/<world name>-correct"))
        let compare = CommandArguments.helpText(for: CompareCommand.spec)
        #expect(compare.contains("default: outputs/compare-<name A>-<name B>"))
        // One name for parallelism: --jobs everywhere, --threads only as run's documented alias.
        for c in Program.commands where c.spec.option(named: "threads") != nil {
            #expect(c.spec.name == "run" && c.spec.option(named: "jobs") != nil)
        }
        for name in ["run", "correct", "compare", "sweep"] {
            #expect(Program.commands.first { $0.spec.name == name }?.spec.option(named: "jobs") != nil, "\(name) has no --jobs")
        }
    }

    @Test("'simrunner help foo' is an error (exit 2); 'help run' shows run's help")
    func helpForUnknownCommand() throws {
        let dir = try Executable.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = try Executable.run(["help", "corect"], in: dir)
        #expect(bad.status == 2 && bad.stderr.contains("did you mean 'correct'") && bad.stdout.isEmpty)
        #expect(try Executable.run(["help", "run", "extra"], in: dir).status == 2)
        let good = try Executable.run(["help", "run"], in: dir)
        #expect(good.status == 0 && good.stdout.hasPrefix("Usage: simrunner run"))
    }

    @Test("run takes --jobs, and --threads as its alias, not both; the bytes do not depend on either")
    func jobsAndThreads() throws {
        let dir = try Executable.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try Executable.run(["run", "--jobs", "2", "--out", "a", "-q"] + tiny, in: dir).status == 0)
        #expect(try Executable.run(["run", "--threads", "1", "--out", "b", "-q"] + tiny, in: dir).status == 0)
        let both = try Executable.run(["run", "--threads", "1", "--jobs", "2", "--out", "c", "-q"] + tiny, in: dir)
        #expect(both.status == 2 && both.stderr.contains("not both"))
        #expect(try Data(contentsOf: dir.appendingPathComponent("a/series.csv")) == Data(contentsOf: dir.appendingPathComponent("b/series.csv")))
    }

    @Test("'simrunner world > my-world.json' names the world my-world; a file without a name is named after itself")
    func worldNames() throws {
        let dir = try Executable.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("my-world.json")
        _ = FileManager.default.createFile(atPath: file.path, contents: nil)
        let process = Process()
        process.executableURL = Executable.url
        process.arguments = ["world"] + tiny
        process.currentDirectoryURL = dir
        process.standardOutput = try FileHandle(forWritingTo: file)
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let loaded = try WorldLoader.load(path: file.path, overrides: [])
        #expect(loaded.world.name == "my-world")
        // The two worlds no longer collide.
        let compare = try Executable.run(["compare", "default", "my-world.json", "--seeds", "2", "-q"] + tiny, in: dir)
        #expect(compare.status == 0, "\(compare.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("outputs/compare-default-my-world/comparison.csv").path))

        try Data(#"{"agents": 300}"#.utf8).write(to: dir.appendingPathComponent("no name.json"))
        #expect(try WorldLoader.load(path: dir.appendingPathComponent("no name.json").path, overrides: []).world.name == "no-name")
        #expect(WorldLoader.name(fromFile: ".hidden.json") == "hidden")

        // Two worlds with one name: the refusal says where the name comes from.
        try Data(#"{"name": "default", "agents": 300}"#.utf8).write(to: dir.appendingPathComponent("copy.json"))
        let clash = try Executable.run(["compare", "default", "copy.json", "--seeds", "2", "-q"] + tiny, in: dir)
        #expect(clash.status == 2 && clash.stderr.contains("the \"name\" key of copy.json"), "\(clash.stderr)")
        // A default output folder that exists: the refusal says how its name was made.
        #expect(try Executable.run(["run", "copy.json", "-q"] + tiny, in: dir).status == 0)
        let again = try Executable.run(["run", "copy.json", "-q"] + tiny, in: dir)
        #expect(again.status != 0 && again.stderr.contains("outputs/default-seed1") && again.stderr.contains("\"name\" key of copy.json"), "\(again.stderr)")
    }

    @Test("correct without a terminal: a header with the work, progress lines in runs, a final line")
    func correctProgress() throws {
        let dir = try Executable.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try Executable.run(["correct", "--delays", "0,10,20", "--seeds", "2", "--bootstrap", "100", "--out", "c"] + tiny, in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stderr.split(separator: "\n").map(String.init)
        #expect(lines.first == "correct: world 'default' (200 agents, 30 steps), 3 delays x 2 seeds: 10 runs (per seed the uncorrected run, "
                + "the reference and 3 forks), 240 steps in all, \(ProcessInfo.processInfo.activeProcessorCount) job\(ProcessInfo.processInfo.activeProcessorCount == 1 ? "" : "s"); writing c")
        let progress = lines.dropFirst().dropLast()
        #expect(progress.count >= 3 && progress.allSatisfy { $0.contains("/10 runs done (") && $0.contains("elapsed") }, "\(lines)")
        #expect(lines.last?.hasPrefix("correct: 10 runs done in") == true)
        #expect(try Executable.run(["correct", "--delays", "0,10", "--seeds", "2", "--bootstrap", "100", "--out", "q", "-q"] + tiny, in: dir).stderr.isEmpty)
    }

    @Test("progress counts work, not units, for the percentage and time left")
    func progressLine() {
        let p = Progress(total: 4, alreadyDone: 1, totalWork: 100, label: "runs", quiet: true, terminal: false)
        #expect(p.line().hasPrefix("1/4 runs done (25% of the work)"))
        p.advance(work: 50)
        #expect(p.line().hasPrefix("2/4 runs done (75% of the work), "))
        #expect(p.line().contains("left"))
    }

    @Test("paths are shown relative to the working directory")
    func displayPaths() {
        #expect(DisplayPath.relative("/work/repo/outputs/x", to: "/work/repo") == "outputs/x")
        #expect(DisplayPath.relative("/work/other/w.json", to: "/work/repo") == "../other/w.json")
        #expect(DisplayPath.relative("/work/repo", to: "/work/repo") == ".")
        #expect(DisplayPath.relative("outputs/./a/../b", to: "/work/repo") == "outputs/b")
        #expect(DisplayPath.relative("/tmp/x", to: "/") == "tmp/x")
    }
}
