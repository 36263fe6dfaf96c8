import Foundation
import Testing
@testable import SimRunner
@testable import SocialSim

private let tiny = ["--set", "agents=300", "--set", "steps=40", "--set", "measurement.window=5",
                    "--set", "measurement.homogenizationPairs=20"]

private func scratch() throws -> URL { try Executable.temporaryDirectory() }

/// Starts simrunner in `dir` and returns the running process.
private func start(_ args: [String], in dir: URL) throws -> Process {
    let p = Process()
    p.executableURL = Executable.url
    p.arguments = args
    p.currentDirectoryURL = dir
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    try p.run()
    return p
}

/// Waits until the journal holds `units` records or the process ends (at most 20 s).
private func waitForUnits(_ journal: URL, _ units: Int, _ p: Process) {
    for _ in 0..<2000 where p.isRunning {
        if journaledUnits(journal) >= units { return }
        usleep(10_000)
    }
}

@Suite("unit journal")
struct UnitJournalTests {
    private func temporary() throws -> URL {
        try scratch().appendingPathComponent(".out.journal")
    }

    @Test("recorded units survive closing and reopening, payloads byte for byte")
    func reopen() throws {
        let url = try temporary()
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let j = try UnitJournal.open(at: url, key: "k1", discardOther: false)
        #expect(j.found == .none && j.count == 0)
        try j.record("a", Array("alpha".utf8))
        try j.record("b", [])
        try j.record("c", (0..<10_000).map { UInt8($0 % 251) })
        let again = try UnitJournal.open(at: url, key: "k1", discardOther: false)
        #expect(again.found == .resumed(3))
        #expect(try again.payload("a") == Array("alpha".utf8))
        #expect(try again.payload("b") == [])
        #expect(try again.payload("c") == (0..<10_000).map { UInt8($0 % 251) })
        #expect(try again.payload("d") == nil)
        again.remove()
        #expect(!FileManager.default.fileExists(atPath: url.path))
    }

    @Test("a record torn by a kill is dropped, the ones before stand, and new records follow whole", arguments: [1, 7, 20, 40])
    func tornTail(keep: Int) throws {
        let url = try temporary()
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let j = try UnitJournal.open(at: url, key: "k", discardOther: false)
        try j.record("first", Array(repeating: 1, count: 30))
        let whole = try Data(contentsOf: url).count
        try j.record("second", Array(repeating: 2, count: 30))
        // Cut the second record `keep` bytes into it, as a SIGKILL mid-write would.
        let h = try FileHandle(forWritingTo: url)
        try h.truncate(atOffset: UInt64(whole + keep))
        try h.close()
        let reopened = try UnitJournal.open(at: url, key: "k", discardOther: false)
        #expect(reopened.found == .resumed(1))
        #expect(try reopened.payload("first") == Array(repeating: 1, count: 30))
        #expect(!reopened.contains("second"))
        #expect(try Data(contentsOf: url).count == whole)
        try reopened.record("third", [3])
        let last = try UnitJournal.open(at: url, key: "k", discardOther: false)
        #expect(Set(last.ids) == ["first", "third"])
    }

    @Test("garbage after the records (a bit flip, zeros from a crash) ends the journal there")
    func garbage() throws {
        let url = try temporary()
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let j = try UnitJournal.open(at: url, key: "k", discardOther: false)
        try j.record("one", [1, 2, 3])
        try j.record("two", [4, 5, 6])
        var bytes = [UInt8](try Data(contentsOf: url))
        bytes[bytes.count - 12] ^= 0x40  // inside "two"'s payload: its checksum fails
        bytes += [UInt8](repeating: 0, count: 100)
        try Data(bytes).write(to: url)
        let reopened = try UnitJournal.open(at: url, key: "k", discardOther: false)
        #expect(reopened.ids == ["one"])
    }

    @Test("a journal of another experiment is refused, or discarded when asked")
    func otherKey() throws {
        let url = try temporary()
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        try UnitJournal.open(at: url, key: "first", discardOther: false).record("x", [1])
        #expect(throws: UnitJournal.OtherExperiment.self) { try UnitJournal.open(at: url, key: "second", discardOther: false) }
        #expect(try UnitJournal.open(at: url, key: "first", discardOther: false).count == 1)  // untouched
        let fresh = try UnitJournal.open(at: url, key: "second", discardOther: true)
        #expect(fresh.found == .discarded && fresh.count == 0)
        #expect(UnitJournal.key(at: url) == "second")
    }

    @Test("many threads can record at once; every unit is there afterwards")
    func concurrent() throws {
        let url = try temporary()
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let j = try UnitJournal.open(at: url, key: "k", discardOther: false)
        DispatchQueue.concurrentPerform(iterations: 64) { i in
            try? j.record("u\(i)", Array(repeating: UInt8(i), count: 100 + i))
        }
        let reopened = try UnitJournal.open(at: url, key: "k", discardOther: false)
        #expect(reopened.count == 64)
        for i in 0..<64 { #expect(try reopened.payload("u\(i)") == Array(repeating: UInt8(i), count: 100 + i)) }
    }
}

@Suite("run records")
struct RunRecordTests {
    @Test("a run's record decodes to exactly the series and relief it encoded")
    func roundTrip() throws {
        var world = try WorldLoader.load(path: nil, overrides: [(key: "agents", value: "300"), (key: "steps", value: "30"),
                                                               (key: "measurement.window", value: "5")]).world
        world.correction.step = 10
        world.correction.reliefBudget = 0.3
        let record = try RunRecord.simulate(world, seed: 3)
        #expect(record.series.contains { !$0.frameShares.isEmpty } || world.narrative.frames.isEmpty)
        let decoded = RunRecord.decode(RunRecord.encode([record, record]))
        #expect(decoded == [record, record])
        // The outcome rebuilt from the record is the one a fresh run gives.
        let fresh = try RunOutcome.simulate(world, seed: 3, collapseLevel: 0.2)
        let rebuilt = decoded![0].outcome(world: world, collapseLevel: 0.2)
        #expect(rebuilt.series.map { $0.map(\.bitPattern) } == fresh.series.map { $0.map(\.bitPattern) })
        #expect(rebuilt.trust == fresh.trust && rebuilt.reliefSpent == fresh.reliefSpent)
    }

    @Test("every stored field of StepMetrics is encoded (a new model field must be added to the codec)")
    func allFields() {
        #expect(Mirror(reflecting: StepMetrics()).children.count == RunRecord.stepFieldCount)
    }

    @Test("truncated or extended bytes do not decode")
    func damaged() throws {
        let world = try WorldLoader.load(path: nil, overrides: [(key: "agents", value: "200"), (key: "steps", value: "10"),
                                                               (key: "measurement.window", value: "5")]).world
        let bytes = RunRecord.encode([try RunRecord.simulate(world, seed: 1)])
        #expect(RunRecord.decode(Array(bytes.dropLast(3))) == nil)
        #expect(RunRecord.decode(bytes + [0]) == nil)
        #expect(RunRecord.decode([]) == nil)
    }
}

@Suite("correct and compare resume")
struct ExperimentResumeTests {
    private var correctArgs: [String] { correct(seeds: 6) }
    private func correct(seeds: Int) -> [String] {
        ["correct", "--seeds", String(seeds), "--delays", "0:30:10", "--bootstrap", "200", "-q"] + tiny
    }
    private let compareArgs = ["compare", "default", "default-b.json", "--seeds", "8", "--bootstrap", "200", "-q"] + tiny

    private func writeSecondWorld(_ dir: URL) throws {
        let b = #"{"name": "b", "trust": {"lossRate": 0.2}}"#
        try Data(b.utf8).write(to: dir.appendingPathComponent("default-b.json"))
    }

    @Test("correct killed with SIGKILL at random instants resumes to the bytes of an uninterrupted run")
    func correctKill() throws {
        let clean = try scratch(), killed = try scratch()
        defer { for d in [clean, killed] { try? FileManager.default.removeItem(at: d) } }
        #expect(try Executable.run(correctArgs + ["--out", "out"], in: clean).status == 0)
        var finishedAlone = false
        for round in 0..<3 {
            let p = try start(correctArgs + ["--out", "out", "--jobs", "2"], in: killed)
            waitForUnits(killed.appendingPathComponent(".out.journal"), 1 + 2 * round, p)
            usleep(UInt32.random(in: 0...150_000))
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            // On a fast machine a run may finish before the kill reaches it.
            if p.terminationReason == .exit && p.terminationStatus == 0 { finishedAlone = true }
        }
        let resumed = try Executable.run(correctArgs + ["--out", "out"], in: killed)
        #expect(resumed.status == (finishedAlone ? 2 : 0), "\(resumed.stderr)")
        let want = Executable.files(clean.appendingPathComponent("out")), got = Executable.files(killed.appendingPathComponent("out"))
        #expect(Set(got.keys) == Set(want.keys))
        for (name, bytes) in want { #expect(got[name] == bytes, "\(name) differs after resuming") }
        #expect(Executable.names(killed) == ["out"])  // no journal, lock or staging left
    }

    private let auditArgs = ["audit", "--agents", "120", "--steps", "30", "--reset-steps", "10", "--delays", "10,20",
                             "--seeds", "3", "--bootstrap", "200", "-q"]

    @Test("audit killed with SIGKILL at random instants resumes to the bytes of an uninterrupted run")
    func auditKill() throws {
        let clean = try scratch(), killed = try scratch()
        defer { for d in [clean, killed] { try? FileManager.default.removeItem(at: d) } }
        #expect(try Executable.run(auditArgs + ["--out", "out"], in: clean).status == 0)
        var finishedAlone = false
        for round in 0..<3 {
            let p = try start(auditArgs + ["--out", "out", "--jobs", "2"], in: killed)
            waitForUnits(killed.appendingPathComponent(".out.journal"), 1 + 3 * round, p)
            usleep(UInt32.random(in: 0...150_000))
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            // On a fast machine the audit may finish before the kill reaches it.
            if p.terminationReason == .exit && p.terminationStatus == 0 { finishedAlone = true }
        }
        let resumed = try Executable.run(auditArgs + ["--out", "out"], in: killed)
        #expect(resumed.status == (finishedAlone ? 2 : 0), "\(resumed.stderr)")
        let want = Executable.files(clean.appendingPathComponent("out")), got = Executable.files(killed.appendingPathComponent("out"))
        #expect(Set(got.keys) == Set(want.keys))
        for (name, bytes) in want { #expect(got[name] == bytes, "\(name) differs after resuming") }
        #expect(Executable.names(killed) == ["out"])  // no journal, lock or staging left
    }

    @Test("audit stopped with Ctrl-C exits 130 keeping finished units; a different audit on that --out is refused")
    func auditInterrupt() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let journal = dir.appendingPathComponent(".out.journal")
        let p = try start(auditArgs + ["--out", "out", "--jobs", "1"], in: dir)
        waitForUnits(journal, 2, p)
        kill(p.processIdentifier, SIGINT)
        p.waitUntilExit()
        if p.terminationStatus == 0 { return }  // finished before the signal reached it
        #expect(p.terminationStatus == 130)
        #expect(journaledUnits(journal) >= 2)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path))
        let other = try Executable.run(auditArgs.map { $0 == "10,20" ? "10" : $0 } + ["--out", "out"], in: dir)
        #expect(other.status == 2 && other.stderr.contains("different audit"), "\(other.stderr)")
        let resumed = try Executable.run(auditArgs + ["--out", "out"], in: dir)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(Executable.names(dir) == ["out"])
    }

    @Test("compare stopped with Ctrl-C exits 130 keeping finished runs, and the same command finishes it identically")
    func compareInterrupt() throws {
        let clean = try scratch(), stopped = try scratch()
        defer { for d in [clean, stopped] { try? FileManager.default.removeItem(at: d) } }
        try writeSecondWorld(clean)
        try writeSecondWorld(stopped)
        #expect(try Executable.run(compareArgs + ["--out", "out"], in: clean).status == 0)
        let journal = stopped.appendingPathComponent(".out.journal")
        let p = try start(compareArgs + ["--out", "out", "--jobs", "1"], in: stopped)
        waitForUnits(journal, 2, p)
        kill(p.processIdentifier, SIGINT)
        p.waitUntilExit()
        #expect(p.terminationStatus == 130)
        #expect(journaledUnits(journal) >= 2)
        #expect(!FileManager.default.fileExists(atPath: stopped.appendingPathComponent("out").path))
        let resumed = try Executable.run(compareArgs + ["--out", "out"], in: stopped)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(Executable.files(stopped.appendingPathComponent("out")) == Executable.files(clean.appendingPathComponent("out")))
        #expect(Executable.names(stopped) == ["default-b.json", "out"])
    }

    @Test("correct stopped with SIGTERM exits 130; a different experiment on that --out is refused, --force discards the journal")
    func correctOtherExperiment() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let journal = dir.appendingPathComponent(".out.journal")
        let p = try start(correct(seeds: 12) + ["--out", "out", "--jobs", "1"], in: dir)
        waitForUnits(journal, 1, p)
        kill(p.processIdentifier, SIGTERM)
        p.waitUntilExit()
        #expect(p.terminationStatus == 130)
        let before = try Data(contentsOf: journal)
        let other = try Executable.run(correct(seeds: 3) + ["--out", "out"], in: dir)
        #expect(other.status == 2 && other.stderr.contains("different correction experiment"), "\(other.stderr)")
        #expect(other.stderr.split(separator: "\n").count == 1)
        #expect(try Data(contentsOf: journal) == before)  // nothing of the first experiment damaged
        let forced = try Executable.run(correct(seeds: 3) + ["--out", "out", "--force"], in: dir)
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(forced.stderr.contains("discarded"))
        #expect(Executable.names(dir) == ["out"])
    }

    @Test("a journal left by a kill just after the output was committed is recognised and removed")
    func journalAfterCommit() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let journal = dir.appendingPathComponent(".out.journal")
        let p = try start(correctArgs + ["--out", "out", "--jobs", "1"], in: dir)
        waitForUnits(journal, 1, p)
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        let saved = try Data(contentsOf: journal)
        #expect(try Executable.run(correctArgs + ["--out", "out"], in: dir).status == 0)
        try saved.write(to: journal)  // as if killed between the commit and the journal's removal
        let again = try Executable.run(correctArgs + ["--out", "out"], in: dir)
        #expect(again.status == 2 && again.stderr.contains("already holds this finished"), "\(again.stderr)")
        #expect(again.stderr.contains("removed"))
        #expect(Executable.names(dir) == ["out"])
    }

    @Test("a correction resumed from its journal gives the tables of one computed at once, for any jobs")
    func storeIsTransparent() throws {
        let world = try WorldLoader.load(path: nil, overrides: [(key: "agents", value: "300"), (key: "steps", value: "40"),
                                                               (key: "measurement.window", value: "5")]).world
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        var e = CorrectionExperiment(world: world, delays: [0, 15, 30], seeds: [4, 5, 6])
        e.bootstrap.resamples = 200
        let plain = try e.run()
        let journal = try UnitJournal.open(at: dir.appendingPathComponent(".j"), key: "k", discardOther: false)
        // Half the units first (as if killed), then the rest from a fresh journal handle.
        var half = e
        half.seeds = [4]
        half.store = UnitStore(journal: journal)
        _ = try half.run()
        e.store = UnitStore(journal: try UnitJournal.open(at: dir.appendingPathComponent(".j"), key: "k", discardOther: false))
        e.jobs = 2
        let resumed = try e.run()
        let frames = world.narrative.frames.map(\.name)
        #expect(CorrectionTables.runs(resumed, frames: frames) == CorrectionTables.runs(plain, frames: frames))
        #expect(CorrectionTables.delays(resumed, seeds: 3) == CorrectionTables.delays(plain, seeds: 3))
        #expect(CorrectionTables.meanSeries(resumed, frames: frames, sd: true) == CorrectionTables.meanSeries(plain, frames: frames, sd: true))
        #expect(CorrectionTables.findings(resumed, experiment: e) == CorrectionTables.findings(plain, experiment: e))
    }
}
