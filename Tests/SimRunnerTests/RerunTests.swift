import Foundation
import Testing
@testable import SimRunner

private let tiny = ["--set", "agents=200", "--set", "steps=30", "--set", "measurement.window=5"]

@Suite("rerun: what produced a directory, run again and checked byte for byte")
struct RerunTests {
    @Test("run, correct, compare and a sweep shard are reproduced; a changed file or world is named")
    func rerun() throws {
        let dir = try Executable.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(#"{"name": "w", "trust": {"lossRate": 0.2}}"#.utf8).write(to: dir.appendingPathComponent("w.json"))
        let commands: [(String, [String])] = [
            ("r", ["run", "w.json", "--seed", "3", "-o", "r"]),
            ("c", ["correct", "--delays", "0,10", "--seeds", "2", "--bootstrap", "100", "--out=c", "--jobs", "1"]),
            ("m", ["compare", "default", "w.json", "--seeds", "2", "--bootstrap", "100", "--out", "m"]),
            ("s", ["sweep", "--grid", "trust.lossRate=0.1,0.2,0.3", "--seeds", "1", "--series", "--shard", "2/2", "--out", "s"]),
        ]
        for (out, command) in commands {
            let first = try Executable.run(command + tiny + ["-q"], in: dir)
            #expect(first.status == 0, "\(command): \(first.stderr)")
            let again = try Executable.run(["rerun", "\(out)/manifest.json", "--jobs", "2"], in: dir)
            #expect(again.status == 0 && again.stdout.hasPrefix("identical: "), "\(command): \(again.stdout) \(again.stderr)")
        }
        // A report inside the directory is not the command's and is ignored.
        #expect(try Executable.run(["report", "r", "-q"], in: dir).status == 0)
        let withReport = try Executable.run(["rerun", "r"], in: dir)
        #expect(withReport.status == 0 && withReport.stderr.contains("ignored: report/"), "\(withReport.stderr)")

        // One changed byte is found and located.
        let summary = dir.appendingPathComponent("r/summary.csv")
        var text = try String(contentsOf: summary, encoding: .utf8)
        text = text.replacingOccurrences(of: ",w,", with: ",x,")
        let lines = text.split(separator: "\n").map(String.init)
        var fields = lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        fields[0] = "changed"
        try Data(([lines[0], fields.joined(separator: ",")].joined(separator: "\n") + "\n").utf8).write(to: summary)
        let changed = try Executable.run(["rerun", "r/manifest.json"], in: dir)
        #expect(changed.status == 1 && changed.stdout.hasPrefix("different: summary.csv"), "\(changed.stdout)")
        #expect(changed.stderr.contains("line 2, field 1 (world): changed before, w now"), "\(changed.stderr)")

        // The world file edited since: the manifest's world hash no longer matches.
        try Data(#"{"name": "w", "trust": {"lossRate": 0.3}}"#.utf8).write(to: dir.appendingPathComponent("w.json"))
        let edited = try Executable.run(["rerun", "m"], in: dir)
        #expect(edited.status == 1 && edited.stderr.contains("manifest.json differs"), "\(edited.stderr)")

        #expect(try Executable.run(["rerun", "nowhere/manifest.json"], in: dir).status == 2)
    }

    @Test("--out in all its spellings is replaced, and nothing after '--'")
    func outputOption() {
        #expect(RerunCommand.withoutOutput(["run", "--out", "a", "-o", "b", "--out=c", "-od", "-o=e", "--force", "-q"]) == ["run", "-q"])
        #expect(RerunCommand.withoutOption("jobs", short: "j", in: ["-j2", "--jobs", "4", "x", "--", "--jobs"]) == ["x", "--", "--jobs"])
    }
}
