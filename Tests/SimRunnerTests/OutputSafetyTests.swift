import Foundation
import Testing
@testable import SimRunner

private let tiny = ["--set", "agents=300", "--set", "steps=40", "--set", "measurement.window=5",
                    "--set", "measurement.homogenizationPairs=20", "-q"]

/// A working folder holding a user's file, with the folder `work/` as the current directory.
private func userFolder() throws -> (root: URL, work: URL) {
    let root = try Executable.temporaryDirectory()
    let work = root.appendingPathComponent("work")
    try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    try Data("my paper".utf8).write(to: work.appendingPathComponent("paper.tex"))
    try Data("my notes".utf8).write(to: root.appendingPathComponent("notes.txt"))
    return (root, work)
}

private func intact(_ f: (root: URL, work: URL)) -> Bool {
    FileManager.default.contents(atPath: f.work.appendingPathComponent("paper.tex").path) == Data("my paper".utf8)
        && FileManager.default.contents(atPath: f.root.appendingPathComponent("notes.txt").path) == Data("my notes".utf8)
}

/// Every writing command, with the arguments that make it write to `out`.
private func command(_ name: String, out: String) -> [String] {
    switch name {
    case "run": return ["run", "--out", out, "--force"] + tiny
    case "sweep": return ["sweep", "--grid", "trust.lossRate=0.1,0.2", "--seeds", "1", "--out", out, "--force"] + tiny
    case "correct": return ["correct", "--seeds", "2", "--delays", "0,20", "--bootstrap", "100", "--out", out, "--force"] + tiny
    case "compare":
        let other = Executable.repository.appendingPathComponent("worlds/no-irreversibility.json").path
        return ["compare", "default", other, "--seeds", "2", "--bootstrap", "100", "--out", out, "--force"] + tiny
    case "merge": return ["merge", "nowhere", "--out", out, "--force", "-q"]
    case "report": return ["report", "nowhere", "--out", out, "--force", "-q"]
    case "ablate": return ["ablate", "--seeds", "2", "--delays", "none", "--bootstrap", "100", "--mechanisms", "floor", "--out", out, "--force"] + tiny
    default: return ["audit", "--agents", "300", "--steps", "40", "--seeds", "1", "--delays", "10", "--out", out, "--force", "-q"]
    }
}

@Suite("--force never replaces what simrunner did not write")
struct ForceSafetyTests {
    @Test("., .., /, ./, sub/.., the parent by name and a link to the current folder are refused by every command",
          arguments: ["run", "sweep", "correct", "compare"], [".", "..", "/", "./", "sub/..", "../work", "here"])
    func protectedPaths(name: String, out: String) throws {
        let f = try userFolder()
        defer { try? FileManager.default.removeItem(at: f.root) }
        try FileManager.default.createSymbolicLink(atPath: f.work.appendingPathComponent("here").path, withDestinationPath: ".")
        let r = try Executable.run(command(name, out: out), in: f.work)
        #expect(r.status == 2, "\(name) --out \(out): \(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1 && r.stderr.contains("--out"), "\(r.stderr)")
        #expect(intact(f))
        #expect(Executable.names(f.work) == ["here", "paper.tex"])
    }

    @Test("the home folder, the root and every folder holding the current one are protected (checked by path, nothing run)")
    func protectedByResolution() throws {
        let cwd = FileManager.default.currentDirectoryPath
        var paths = [cwd, "/"]
        var up = URL(fileURLWithPath: cwd).deletingLastPathComponent()
        while up.path != "/" { paths.append(up.path); up = up.deletingLastPathComponent() }
        if let home = ProcessInfo.processInfo.environment["HOME"] { paths.append(home) }
        for p in paths {
            let resolved = try OutputTarget.resolve(p)
            #expect(throws: UsageError.self, "\(p)") { try OutputTarget.refuseProtected(resolved, typed: p) }
        }
        let fresh = try OutputTarget.resolve(cwd + "/some-new-output")
        try OutputTarget.refuseProtected(fresh, typed: "some-new-output")
    }

    @Test("an existing folder without simrunner's marker, or with a file simrunner did not write, is refused even with --force",
          arguments: ["run", "sweep", "correct", "compare", "audit", "ablate"])
    func foreignDirectories(name: String) throws {
        let f = try userFolder()
        defer { try? FileManager.default.removeItem(at: f.root) }
        let mine = f.work.appendingPathComponent("results")
        try FileManager.default.createDirectory(at: mine, withIntermediateDirectories: true)
        try Data("data".utf8).write(to: mine.appendingPathComponent("thesis-data.csv"))
        let r = try Executable.run(command(name, out: "results"), in: f.work)
        #expect(r.status == 2 && r.stderr.contains("not written by simrunner"), "\(name): \(r.stderr)")
        #expect(Executable.names(mine) == ["thesis-data.csv"])
        #expect(intact(f))
    }

    @Test("a simrunner output with a user's file added is not replaced; without it, it is; a symbolic link keeps pointing at the new output")
    func addedFile() throws {
        let f = try userFolder()
        defer { try? FileManager.default.removeItem(at: f.root) }
        #expect(try Executable.run(command("run", out: "r"), in: f.work).status == 0)
        let r = f.work.appendingPathComponent("r")
        try Data("analysis".utf8).write(to: r.appendingPathComponent("analysis.ipynb"))
        let refused = try Executable.run(command("run", out: "r"), in: f.work)
        #expect(refused.status == 2 && refused.stderr.contains("analysis.ipynb"), "\(refused.stderr)")
        #expect(FileManager.default.fileExists(atPath: r.appendingPathComponent("analysis.ipynb").path))
        try FileManager.default.removeItem(at: r.appendingPathComponent("analysis.ipynb"))
        // A report inside a run's folder is simrunner's too.
        #expect(try Executable.run(["report", "r", "-q"], in: f.work).status == 0)
        try FileManager.default.createSymbolicLink(atPath: f.work.appendingPathComponent("latest").path, withDestinationPath: "r")
        let replaced = try Executable.run(command("run", out: "latest"), in: f.work)
        #expect(replaced.status == 0, "\(replaced.stderr)")
        #expect(!Executable.names(r).contains("report") && Executable.names(r).contains("series.csv") && Executable.names(r).contains(".simrunner-output"))
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: f.work.appendingPathComponent("latest").path)) == "r")
        #expect(Executable.names(f.work) == ["latest", "paper.tex", "r"])
        #expect(intact(f))
    }

    @Test("report refuses an --out that is the directory reported on, holds it or lies inside it",
          arguments: ["r", "r/", ".", "r/runs", "r/report/../sub"])
    func reportOverlap(out: String) throws {
        let f = try userFolder()
        defer { try? FileManager.default.removeItem(at: f.root) }
        #expect(try Executable.run(command("run", out: "r"), in: f.work).status == 0)
        let before = Executable.files(f.work.appendingPathComponent("r"))
        let refused = try Executable.run(["report", "r", "--out", out, "--force", "-q"], in: f.work)
        #expect(refused.status == 2, "\(out): \(refused.stderr)")
        #expect(Executable.files(f.work.appendingPathComponent("r")) == before)
        #expect(intact(f))
        #expect(try Executable.run(["report", "r", "--out", "r/report", "--force", "-q"], in: f.work).status == 0)
    }

    @Test("merge refuses an --out that is, holds or lies inside one of its shards")
    func mergeOverlap() throws {
        let f = try userFolder()
        defer { try? FileManager.default.removeItem(at: f.root) }
        let sweep = ["sweep", "--grid", "trust.lossRate=0.1,0.2", "--seeds", "1", "--shard", "1/1", "--out", "s"] + tiny
        #expect(try Executable.run(sweep, in: f.work).status == 0)
        let before = Executable.files(f.work.appendingPathComponent("s"))
        for out in ["s", "s/merged", "."] {
            let r = try Executable.run(["merge", "s", "--out", out, "--force", "-q"], in: f.work)
            #expect(r.status == 2, "\(out): \(r.stderr)")
        }
        #expect(Executable.files(f.work.appendingPathComponent("s")) == before)
        #expect(try Executable.run(["merge", "s", "--out", "m", "-q"], in: f.work).status == 0)
    }
}

@Suite("one writer per --out, and what killed writers leave behind")
struct OutputLockTests {
    @Test("a second command on the same --out is refused at once while the first runs; the first finishes unharmed")
    func concurrentWriters() throws {
        let dir = try Executable.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let args = ["correct", "--seeds", "16", "--delays", "0,20", "--bootstrap", "100", "--jobs", "1", "--out", "c"] + tiny
        let first = Process()
        first.executableURL = Executable.url
        first.arguments = args
        first.currentDirectoryURL = dir
        try first.run()
        for _ in 0..<500 where !FileManager.default.fileExists(atPath: dir.appendingPathComponent(".c.lock").path) { usleep(10_000) }
        // A second command that the first outlived must have been refused. One that came after
        // the first had finished may run (the first's lock is gone), and `run --force` may then
        // replace the first's output: a fast machine can finish the first before the last ones.
        var refused = 0, ranAfter = false
        for second in [args, ["run", "--out", "c", "--force"] + tiny, ["sweep", "--grid", "trust.lossRate=0.1,0.2", "--out", "c"] + tiny] {
            let r = try Executable.run(second, in: dir)
            if first.isRunning {
                #expect(r.status == 2 && r.stderr.contains("being written by another simrunner"), "\(r.stderr)")
                #expect(r.stderr.split(separator: "\n").count == 1)
            }
            if r.stderr.contains("being written by another simrunner") { refused += 1 }
            if r.status == 0 { ranAfter = true }
        }
        first.waitUntilExit()
        #expect(first.terminationStatus == 0)
        // The first runs 32 corrected and uncorrected pairs after taking its lock: far longer
        // than starting the first second command.
        #expect(refused >= 1)
        #expect(Executable.names(dir) == ["c"])
        if !ranAfter { #expect(Executable.names(dir.appendingPathComponent("c")).contains("delays.csv")) }
    }

    @Test("a lock file left by a killed command does not block the next one")
    func staleLock() throws {
        let dir = try Executable.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("99999999\n".utf8).write(to: dir.appendingPathComponent(".r.lock"))
        let r = try Executable.run(["run", "--out", "r"] + tiny, in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(Executable.names(dir) == ["r"])
    }

    @Test("after a kill between the two renames of a replace, the next command restores the old output and says so")
    func restoresOld() throws {
        let dir = try Executable.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try Executable.run(["run", "--out", "r"] + tiny, in: dir).status == 0)
        let before = Executable.files(dir.appendingPathComponent("r"))
        try FileManager.default.moveItem(at: dir.appendingPathComponent("r"), to: dir.appendingPathComponent(".r.old-1234-ab"))
        let r = try Executable.run(["run", "--out", "r", "--seed", "2"] + tiny, in: dir)
        #expect(r.status == 2 && r.stderr.contains("restored"), "\(r.stderr)")  // restored, then exists without --force
        #expect(Executable.files(dir.appendingPathComponent("r")) == before)
        #expect(Executable.names(dir) == ["r"])
    }

    @Test("stale staging directories of killed commands are removed and the user told; a user's look-alike is left alone")
    func staleStaging() throws {
        let dir = try Executable.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let p = Process()
        p.executableURL = Executable.url
        p.arguments = ["run", "--out", "r", "-q", "--set", "agents=2000", "--set", "steps=400"]
        p.currentDirectoryURL = dir
        try p.run()
        for _ in 0..<500 where !Executable.names(dir).contains(where: { $0.hasPrefix(".r.partial-") }) { usleep(10_000) }
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        let lookalike = dir.appendingPathComponent(".r.partial-mine")
        try FileManager.default.createDirectory(at: lookalike, withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: lookalike.appendingPathComponent("keep.txt"))
        let r = try Executable.run(["run", "--out", "r"] + tiny, in: dir)
        #expect(r.status == 0)
        #expect(r.stderr.contains("removed 1 unfinished staging directory"), "\(r.stderr)")
        #expect(r.stderr.contains("left '.r.partial-mine'"), "\(r.stderr)")
        #expect(Executable.names(dir) == [".r.partial-mine", "r"])
        #expect(Executable.names(lookalike) == ["keep.txt"])
    }

    @Test("replacing with --force, killed at random instants: a complete output is at --out after every kill")
    func replaceKilled() throws {
        let dir = try Executable.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let args = ["run", "--out", "r", "--force", "--threads", "1"] + tiny
        #expect(try Executable.run(args, in: dir).status == 0)
        let want = Executable.files(dir.appendingPathComponent("r"))
        for _ in 0..<8 {
            let p = Process()
            p.executableURL = Executable.url
            p.arguments = args
            p.currentDirectoryURL = dir
            p.standardError = FileHandle.nullDevice
            try p.run()
            usleep(UInt32.random(in: 0...600_000))
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            // Whatever instant it died at, a whole output is at --out: the old and new ones are
            // exchanged in one rename.
            #expect(Executable.files(dir.appendingPathComponent("r")) == want)
        }
        #expect(try Executable.run(args, in: dir).status == 0)
        #expect(Executable.names(dir) == ["r"])
    }
}

@Suite("filesystem errors on the write side are one clean line")
struct WriteErrorTests {
    @Test("--out under a file, a journal that cannot be created: one line naming the path and the cause, no Foundation dump",
          arguments: ["run", "sweep", "correct", "compare"])
    func notADirectory(name: String) throws {
        let dir = try Executable.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("x".utf8).write(to: dir.appendingPathComponent("file"))
        let r = try Executable.run(command(name, out: "file/out"), in: dir)
        #expect(r.status != 0)
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        #expect(r.stderr.contains("file") && !r.stderr.contains("Error Domain") && !r.stderr.contains("NSCocoa"), "\(r.stderr)")
        #expect(Executable.names(dir) == ["file"])
    }
}
