import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The hostile and clumsy user, as a table: each case runs the real executable in a fresh
/// directory and must end with exit status 2 and exactly one short, escaped line on stderr
/// and nothing written (or, for the few cases that are valid, exit 0 and the right output).
/// Refusals all happen before anything runs, so the whole table takes seconds.

/// A small world: 100 agents, 20 steps.
private let tinyWorld = #"{"agents": 100, "steps": 20, "measurement": {"window": 10, "homogenizationPairs": 50}}"#
private let tiny = ["tiny.json"]

/// One hostile case.
struct HostileCase: Sendable, CustomTestStringConvertible {
    var name: String
    var arguments: [String]
    /// Creates the case's extra inputs in its directory (tiny.json is always there).
    var setup: @Sendable (URL) throws -> Void = { _ in }
    var status: Int32 = 2
    /// Fragments stderr must contain.
    var stderr: [String] = []
    /// Most stderr lines (refusals: exactly one).
    var lines = 1
    /// For status-0 cases: checks of the output.
    var check: @Sendable (Executable.Result, URL) throws -> Void = { _, _ in }

    var testDescription: String { name }
}

private func world(_ text: String, _ name: String = "w.json") -> @Sendable (URL) throws -> Void {
    { dir in try Data(text.utf8).write(to: dir.appendingPathComponent(name)) }
}

private func bytes(_ data: [UInt8], _ name: String = "w.json") -> @Sendable (URL) throws -> Void {
    { dir in try Data(data).write(to: dir.appendingPathComponent(name)) }
}

/// A finished run directory ("run"), then `edit` applied to it.
private func runDirectory(_ edit: @escaping @Sendable (URL) throws -> Void = { _ in }) -> @Sendable (URL) throws -> Void {
    { dir in
        let run = dir.appendingPathComponent("run")
        try FileManager.default.copyItem(at: try RunTemplate.url(), to: run)
        try edit(run)
    }
}

/// Replaces `file` of a directory by the result of `change` on its text.
private func edited(_ file: String, _ change: @escaping @Sendable (String) -> String) -> @Sendable (URL) throws -> Void {
    { run in
        let url = run.appendingPathComponent(file)
        let text = try String(contentsOf: url, encoding: .utf8)
        try Data(change(text).utf8).write(to: url)
    }
}

/// One run directory made once for every report case (copied per case).
private enum RunTemplate {
    static let made: Result<URL, HostileSetupError> = {
        do {
            let dir = try Executable.temporaryDirectory()
            try Data(tinyWorld.utf8).write(to: dir.appendingPathComponent("tiny.json"))
            let r = try Executable.run(["run", "tiny.json", "--out", "run", "--quiet"], in: dir)
            guard r.status == 0 else { return .failure(HostileSetupError(message: r.stderr)) }
            return .success(dir.appendingPathComponent("run"))
        } catch {
            return .failure(HostileSetupError(message: "\(error)"))
        }
    }()

    static func url() throws -> URL { try made.get() }
}

struct HostileSetupError: Error { var message: String }

private let grid43: [String] = {
    let keys = ["trust.lossRate", "trust.gainRate", "trust.initial", "trust.expectation", "response.baseClick",
                "response.lureWeight", "response.fitWeight", "welfare.outsideOption", "preferences.exposureRate",
                "preferences.initialAlignment", "network.rewiring", "network.homophily", "welfare.benefitSmoothing"]
    // 43 axes of 2 values would be 2^43 points; the axis count is refused first.
    return (0..<43).flatMap { i in ["--grid", "\(keys[i % keys.count])\(i < keys.count ? "" : "[\(i)]")=0,1"] }
}()

let hostileCases: [HostileCase] = {
    var c: [HostileCase] = []
    func add(_ name: String, _ arguments: [String], _ stderr: [String] = [], status: Int32 = 2, lines: Int = 1,
             setup: @escaping @Sendable (URL) throws -> Void = { _ in },
             check: @escaping @Sendable (Executable.Result, URL) throws -> Void = { _, _ in }) {
        c.append(HostileCase(name: name, arguments: arguments, setup: setup, status: status, stderr: stderr, lines: lines, check: check))
    }
    let megabyte = String(repeating: "k", count: 1 << 20)

    // MARK: World files
    add("world: a 1 MB key", ["validate", "w.json"], ["unknown key", "characters)"], setup: world("{\"\(megabyte)\": 1}"))
    add("world: 200,000 unknown keys stop after 100 problems", ["run", "w.json", "--out", "out"], ["more problems"], lines: 21,
        setup: world("{" + (0..<200_000).map { "\"k\($0)\": 1" }.joined(separator: ",") + "}"))
    add("world: a key with a terminal escape", ["run", "w.json", "--out", "out"], ["\\u{1b}[2J", "unknown key"],
        setup: world(#"{"trust\u001b[2J": 1}"#))
    add("world: a name with an escape sequence", ["run", "w.json", "--out", "out"], ["name", "\\u001b", "not a valid name"],
        setup: world(#"{"name": "a\u001b[31mb"}"#))
    add("world: a question of 5,000 characters", ["run", "w.json", "--out", "out"], ["question", "too long"],
        setup: world("{\"question\": \"\(String(repeating: "q", count: 5000))\"}"))
    add("world: 17 frames", ["run", "w.json", "--out", "out"], ["between 1 and 16 frames"],
        setup: world("{\"narrative\": {\"frames\": [" + (0..<17).map { "{\"name\": \"f\($0)\"}" }.joined(separator: ",") + "]}}"))
    add("world: historyLength 255 with 10^6 homogenization pairs", ["run", "w.json", "--out", "out"],
        ["measurement.homogenizationPairs", "at most 1537 pairs"],
        setup: world(#"{"measurement": {"historyLength": 255, "homogenizationPairs": 1000000}}"#))
    add("world: a billion agents", ["run", "w.json", "--out", "out"], ["agents = 1000000000", "from 2 to"],
        setup: world(#"{"agents": 1000000000}"#))
    add("world: ten million steps", ["run", "w.json", "--out", "out"], ["steps = 10000000"], setup: world(#"{"steps": 10000000}"#))
    add("world: a number past a double", ["run", "w.json", "--out", "out"], ["out of range"], setup: world(#"{"agents": 1e400}"#))
    add("world: nesting 10,000 deep", ["run", "w.json", "--out", "out"], ["nesting deeper than 64"],
        setup: world(String(repeating: "[", count: 10_000)))
    add("world: invalid UTF-8", ["run", "w.json", "--out", "out"], ["invalid UTF-8"], setup: bytes([0x7B, 0x22, 0xE9, 0x22, 0x3A, 0x31, 0x7D]))
    add("world: empty file", ["run", "w.json", "--out", "out"], ["empty input"], setup: world(""))
    add("world: NUL bytes", ["validate", "w.json"], ["invalid JSON"], setup: bytes([0, 0, 0, 0]))
    add("world: missing file", ["run", "missing.json", "--out", "out"], ["missing.json: no such file"])
    add("world: a directory", ["run", "adir", "--out", "out"], ["adir: is a directory"],
        setup: { try FileManager.default.createDirectory(at: $0.appendingPathComponent("adir"), withIntermediateDirectories: false) })
    add("world: a path through a file", ["run", "tiny.json/w.json", "--out", "out"], ["tiny.json/w.json", "not a directory"])
    add("world: a symbolic-link loop", ["run", "loop.json", "--out", "out"], ["loop.json", "symbolic links"],
        setup: { try FileManager.default.createSymbolicLink(atPath: $0.appendingPathComponent("loop.json").path, withDestinationPath: "loop.json") })
    add("world: a file name with an escape sequence", ["validate", "w\u{1B}[2J.json"], ["w\\u{1b}[2J.json", "no such file"])
    add("world: /dev/null", ["validate", "/dev/null"], ["empty input"])
    add("world: not an object", ["run", "w.json", "--out", "out"], ["must be a JSON object"], setup: world("[1, 2]"))
    add("world: -0 and 0 give the same world and hash", ["world", "w.json"], [], status: 0, lines: 0,
        setup: world(#"{"name": "zero", "trust": {"lossRate": -0, "gainRate": -0.0e5}, "constraints": {"decay": [-0, 0, -0.0, 0]}}"#),
        check: { r, dir in
            #expect(r.stdout.contains("\"lossRate\": 0,") && r.stdout.contains("\"gainRate\": 0,") && r.stdout.contains("\"decay\": [0, 0, 0, 0]"),
                    "a -0 was written")
            try Data(#"{"name": "zero", "trust": {"lossRate": 0, "gainRate": 0}, "constraints": {"decay": [0, 0, 0, 0]}}"#.utf8).write(to: dir.appendingPathComponent("z.json"))
            let a = try Executable.run(["validate", "w.json"], in: dir), b = try Executable.run(["validate", "z.json"], in: dir)
            let hash = { (s: String) in s.components(separatedBy: "world hash ").last ?? "" }
            #expect(a.status == 0 && b.status == 0 && hash(a.stdout) == hash(b.stdout) && !hash(a.stdout).isEmpty)
        })

    // MARK: --set values
    for (index, why) in [("4", "[4]"), ("-1", "[-1]"), ("x", "[x]"), ("economic", "[economic]")] {
        add("--set: dimension index \(index)", ["run"] + tiny + ["--set", "constraints.decay[\(index)]=0.1", "--out", "out"],
            ["no dimension \(why)", "0 economic, 1 institutional, 2 attention, 3 narrative"])
    }
    add("--set: an index on a single value", ["run"] + tiny + ["--set", "trust.lossRate[0]=0.1", "--out", "out"], ["single value"])
    add("--set: an index on the coupling matrix", ["run"] + tiny + ["--set", "constraints.coupling[1]=0.1", "--out", "out"], ["4x4 matrix"])
    add("--set: frame index -1", ["run"] + tiny + ["--set", "narrative.frames[-1].cue=harm", "--out", "out"], ["from 0 to 3"])
    add("--set: frame index 99", ["run"] + tiny + ["--set", "narrative.frames[99].name=x", "--out", "out"], ["no such frame", "indices 0 to 3"])
    add("--set: a 100 KB key", ["run"] + tiny + ["--set", String(repeating: "k", count: 100_000) + "=1", "--out", "out"], ["characters)", "unknown key"])
    add("--set: a 100 KB question", ["run"] + tiny + ["--set", "question=" + String(repeating: "q", count: 100_000), "--out", "out"], ["too long"])
    add("--set: a name with a terminal escape", ["run"] + tiny + ["--set", "name=a\u{1B}]0;owned\u{7}", "--out", "out"], ["\\u001b", "not a valid name"])
    add("--set: NaN", ["run"] + tiny + ["--set", "trust.lossRate=NaN", "--out", "out"], ["trust.lossRate"])
    add("--set: 1e400", ["run"] + tiny + ["--set", "trust.lossRate=1e400", "--out", "out"], ["trust.lossRate"])
    add("--set: a fractional agent count", ["run"] + tiny + ["--set", "agents=2.5", "--out", "out"], ["not an integer"])
    add("--set: an empty key", ["run"] + tiny + ["--set", "=5", "--out", "out"], ["expects key=value"])
    add("--set: no equals sign", ["run"] + tiny + ["--set", "agents", "--out", "out"], ["expects key=value"])
    add("--set: zero steps", ["run"] + tiny + ["--set", "steps=0", "--out", "out"], ["steps = 0"])
    add("--set: homogenization cost", ["run"] + tiny + ["--set", "measurement.historyLength=255", "--set", "measurement.homogenizationPairs=1000000", "--out", "out"],
        ["historyLength^2"])
    add("--set: a newline in a value", ["run"] + tiny + ["--set", "optimizer.objective=engagement\nrm -rf", "--out", "out"], ["\\n"])

    // MARK: Command-line values
    add("sweep: 43 axes", ["sweep"] + tiny + grid43 + ["--out", "out"], ["at most 32"])
    add("sweep: a grid of 10^20 points", ["sweep"] + tiny + ["trust.lossRate", "trust.gainRate", "trust.initial", "trust.expectation"].flatMap { ["--grid", "\($0)=0:1:100000"] } + ["--out", "out"],
        ["more than 100000"])
    add("sweep: an integer range to 1e300", ["sweep"] + tiny + ["--grid", "agents=2:1e300:3", "--out", "out"], ["1e+300 is outside", "2 to 50000000"])
    add("sweep: an LHS integer range to 1e300", ["sweep"] + tiny + ["--lhs", "agents=2:1e300", "--samples", "3", "--out", "out"], ["1e+300 is outside"])
    add("sweep: a negative integer range", ["sweep"] + tiny + ["--grid", "steps=-1e300:5:3", "--out", "out"], ["outside"])
    add("sweep: a million values on one axis", ["sweep"] + tiny + ["--grid", "trust.lossRate=0:1:1000000", "--out", "out"], ["at most 100000 per axis"])
    add("sweep: a rate range past 1", ["sweep"] + tiny + ["--grid", "trust.lossRate=0:2:3", "--out", "out"], ["outside the parameter's range 0 to 1"])
    add("sweep: infinite range", ["sweep"] + tiny + ["--grid", "trust.lossRate=0:inf:3", "--out", "out"], ["finite"])
    add("sweep: --grid seed", ["sweep"] + tiny + ["--grid", "seed=1,2,3", "--out", "out"], ["--seed", "--seeds"])
    add("sweep: --lhs seed", ["sweep"] + tiny + ["--lhs", "seed=1:100", "--samples", "4", "--out", "out"], ["--seeds"])
    add("sweep: a bad dimension axis", ["sweep"] + tiny + ["--grid", "constraints.decay[9]=0.1,0.2", "--out", "out"], ["0 economic"])
    add("sweep: a million LHS samples", ["sweep"] + tiny + ["--lhs", "trust.lossRate=0:1", "--samples", "1000000", "--out", "out"], ["between 1 and 100000"])
    add("sweep: too many seeds", ["sweep"] + tiny + ["--grid", "trust.lossRate=0,1", "--seeds", "1000001", "--out", "out"], ["between 1 and 1000000"])
    add("sweep: 10^8 runs", ["sweep"] + tiny + ["--grid", "trust.lossRate=0:1:100000", "--seeds", "1000", "--out", "out"], ["at most 10000000 runs"])
    add("sweep: an empty list value", ["sweep"] + tiny + ["--grid", "trust.lossRate=0,,1", "--out", "out"], ["empty value"])
    add("sweep: shard 0/3", ["sweep"] + tiny + ["--grid", "trust.lossRate=0,1", "--shard", "0/3", "--out", "out"], ["1 <= I <= N"])
    add("correct: four billion delays", ["correct"] + tiny + ["--delays", "0:4000000000:1", "--out", "out"], ["outside the run"])
    add("correct: delays to Int.max", ["correct"] + tiny + ["--delays", "0:9223372036854775807:1", "--out", "out"], ["outside the run"])
    add("correct: delays past Int", ["correct"] + tiny + ["--delays", "0:99999999999999999999:1", "--out", "out"], ["START:STOP:STEP"])
    add("correct: 10,001 listed delays", ["correct"] + tiny + ["--delays", (0...10_000).map(String.init).joined(separator: ","), "--out", "out"], ["at most 10000"])
    add("correct: 10,001 delays in a range", ["correct", "w.json", "--delays", "0:10000:1", "--out", "out"], ["at most 10000"],
        setup: world(#"{"agents": 100, "steps": 20000, "measurement": {"window": 10, "homogenizationPairs": 50}}"#))
    add("correct: 22 million runs", ["correct"] + tiny + ["--delays", "0:19:1", "--seeds", "1000000", "--out", "out"], ["at most 10000000 runs"])
    add("correct: zero seeds", ["correct"] + tiny + ["--seeds", "0", "--out", "out"], ["between 1 and"])
    add("correct: decreasing delays", ["correct"] + tiny + ["--delays", "5:1:1", "--out", "out"], ["START <= STOP"])
    add("correct: a delay list out of order", ["correct"] + tiny + ["--delays", "5,1", "--out", "out"], ["increasing"])
    add("run: a negative seed", ["run"] + tiny + ["--seed", "-1", "--out", "out"], ["non-negative"])
    add("run: a seed past 2^64", ["run"] + tiny + ["--seed", "18446744073709551616", "--out", "out"], ["between 0 and 18446744073709551615"])
    add("run: zero threads", ["run"] + tiny + ["--threads", "0", "--out", "out"], ["between 1 and 1024"])
    add("run: NaN collapse level", ["run"] + tiny + ["--trust-collapse", "nan", "--out", "out"], ["finite number"])
    add("compare: one world", ["compare"] + tiny + ["--out", "out"], ["missing"])
    add("compare: 11 worlds x 10^6 seeds", ["compare", "tiny.json"] + (0..<10).map { "w\($0).json" } + ["--seeds", "1000000", "--out", "out"],
        ["at most 10000000 runs"],
        setup: { dir in
            for n in (0..<10).map({ "w\($0)" }) {
                try Data("{\"name\": \"\(n)\", \"agents\": 100, \"steps\": 20, \"measurement\": {\"window\": 10}}".utf8).write(to: dir.appendingPathComponent("\(n).json"))
            }
        })
    add("correct: 2 x 10^12 bootstrap draws", ["correct"] + tiny + ["--delays", "0:19:1", "--seeds", "100000", "--bootstrap", "1000000", "--out", "out"],
        ["would draw more than 10000000000"])
    add("compare: 2 x 10^12 bootstrap draws", ["compare", "tiny.json", "w.json", "--seeds", "1000000", "--bootstrap", "1000000", "--out", "out"],
        ["would draw more than"], setup: world(#"{"name": "other", "agents": 100, "steps": 20, "measurement": {"window": 10}}"#))
    add("ablate: a million seeds", ["ablate"] + tiny + ["--seeds", "1000000", "--out", "out"], ["at most 10000000 runs"])
    add("ablate: delays past the run", ["ablate"] + tiny + ["--delays", "0:4000000000:1", "--out", "out"], ["outside the run"])
    add("an unknown command with an escape", ["r\u{1B}[2Jun"], ["\\u{1b}", "unknown command"])
    add("an unknown option of 100 KB", ["run", "--" + String(repeating: "x", count: 100_000)], ["unknown option"])
    add("sensitivity: Sobol of 34 million points", ["sensitivity"] + tiny + ["--method", "sobol", "--param", "trust.lossRate=0:1", "--samples", "1000000", "--out", "out"],
        ["more than 100000 points"])
    add("sensitivity: the seed as a parameter", ["sensitivity"] + tiny + ["--method", "morris", "--param", "seed=1:9", "--out", "out"], ["--seeds"])

    // MARK: Report inputs
    add("report: no such directory", ["report", "nothere"], ["no such directory"])
    add("report: a file", ["report", "tiny.json"], ["not a directory"])
    add("report: no manifest", ["report", "empty"], ["has no manifest.json"],
        setup: { try FileManager.default.createDirectory(at: $0.appendingPathComponent("empty"), withIntermediateDirectories: false) })
    add("report: garbage manifest", ["report", "run"], ["not a valid manifest"], setup: runDirectory(bytesIn("manifest.json", [0xFF, 0x00, 0x41])))
    add("report: another program's manifest", ["report", "run"], ["not a simrunner manifest"], setup: runDirectory(edited("manifest.json") { $0.replacingOccurrences(of: "\"simrunner\"", with: "\"other\"") }))
    add("report: an unknown experiment", ["report", "run"], ["unknown experiment"],
        setup: runDirectory(edited("manifest.json") { $0.replacingOccurrences(of: "\"program\": \"simrunner\",", with: "\"program\": \"simrunner\", \"experiment\": \"\\u001b[2J\",") }))
    add("report: series.csv with fewer steps", ["report", "run"], ["series.csv", "10 data rows, expected 20"],
        setup: runDirectory(edited("series.csv") { $0.split(separator: "\n").prefix(11).joined(separator: "\n") + "\n" }))
    add("report: series.csv with more steps", ["report", "run"], ["series.csv", "21 data rows, expected 20"],
        setup: runDirectory(edited("series.csv") { t in t + (t.split(separator: "\n").last.map { $0 + "\n" } ?? "") }))
    add("report: series.csv with a wrong header", ["report", "run"], ["series.csv", "wrong header", "'stap'"],
        setup: runDirectory(edited("series.csv") { "stap" + $0.dropFirst(4) }))
    add("report: series.csv with garbage bytes", ["report", "run"], ["series.csv", "UTF-8"], setup: runDirectory(bytesIn("series.csv", [0xFF, 0xFE, 0x31], append: true)))
    add("report: series.csv with a NUL byte", ["report", "run"], ["series.csv", "control byte 0x0"], setup: runDirectory(bytesIn("series.csv", [0x00], append: true)))
    add("report: series.csv with a word for a number", ["report", "run"], ["series.csv", "'abc' is not a number"],
        setup: runDirectory(edited("series.csv") { t in
            var lines = t.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            lines[3] = "2,abc" + lines[3].drop { $0 != "," }.dropFirst().drop { $0 != "," }
            return lines.joined(separator: "\n")
        }))
    add("report: series.csv cut in a row", ["report", "run"], ["series.csv"], setup: runDirectory(edited("series.csv") { String($0.prefix($0.count / 2)) }))
    add("report: series.csv missing", ["report", "run"], ["has no series.csv"], setup: runDirectory { try FileManager.default.removeItem(at: $0.appendingPathComponent("series.csv")) })
    add("report: summary.csv missing", ["report", "run"], ["has no summary.csv"], setup: runDirectory { try FileManager.default.removeItem(at: $0.appendingPathComponent("summary.csv")) })
    add("report: series.csv is a directory", ["report", "run"], ["series.csv", "is a directory"], setup: runDirectory { run in
        try FileManager.default.removeItem(at: run.appendingPathComponent("series.csv"))
        try FileManager.default.createDirectory(at: run.appendingPathComponent("series.csv"), withIntermediateDirectories: false)
    })
    add("report: summary.csv with two rows", ["report", "run"], ["summary.csv", "2 data rows, expected 1"],
        setup: runDirectory(edited("summary.csv") { t in t + t.split(separator: "\n")[1] + "\n" }))
    add("report: a valid run directory with an escape in its question is valid XML", ["report", "run", "--quiet"], [], status: 0, lines: 0,
        setup: { dir in
            try Data(#"{"agents": 100, "steps": 20, "measurement": {"window": 10}, "question": "q\u001b[2J & <b> \u0007 \u009b \u202e end"}"#.utf8)
                .write(to: dir.appendingPathComponent("q.json"))
            let r = try Executable.run(["run", "q.json", "--out", "run", "--quiet"], in: dir)
            guard r.status == 0 else { throw HostileSetupError(message: r.stderr) }
        },
        check: { _, dir in
            let html = try Data(contentsOf: dir.appendingPathComponent("run/report/report.html"))
            #expect(!html.contains(0x1B) && !html.contains(0x07))
            #if canImport(FoundationXML) || canImport(Darwin)
            let parser = XMLParser(data: html)
            #expect(parser.parse(), "report.html is not well-formed XML: \(String(describing: parser.parserError))")
            #endif
        })

    add("sweep: a listed value with an escape", ["sweep"] + tiny + ["--grid", "optimizer.objective=engagement,\u{1B}[2J", "--out", "out"],
        ["optimizer.objective", "not one of the choices", "\\u{1b}[2J"])
    add("correct: NaN recovery level", ["correct"] + tiny + ["--recovery-level", "nan", "--out", "out"], ["finite number"])
    add("report: a window of 0", ["report", "run", "--window", "0"], ["--window"], setup: runDirectory())

    // MARK: Valid edge cases that must work
    add("world: an escaped question is written escaped", ["world", "w.json"], [], status: 0, lines: 0,
        setup: world(#"{"question": "a\u001b[2J\u009bb"}"#),
        check: { r, _ in #expect(r.stdout.contains(#""question": "a\u001b[2J\u009bb""#) && !r.stdout.utf8.contains(0x1B)) })
    add("validate: a file name with an escape is shown escaped on stdout", ["validate", "w\u{1B}[2J.json"], [], status: 0, lines: 0,
        setup: world(tinyWorld, "w\u{1B}[2J.json"),
        check: { r, _ in #expect(r.stdout.hasPrefix("w\\u{1b}[2J.json: ok") && !r.stdout.utf8.contains(0x1B), "stdout: \(r.stdout)") })
    add("run: an --out with an escape is shown escaped", ["run"] + tiny + ["--out", "o\u{1B}]0;x\u{7}"], [], status: 0, lines: 0,
        check: { r, dir in
            #expect(!r.stdout.utf8.contains(0x1B) && !r.stdout.utf8.contains(0x07) && r.stdout.contains("o\\u{1b}]0;x\\u{7}"), "stdout: \(r.stdout)")
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("o\u{1B}]0;x\u{7}/series.csv").path))
        })
    return c
}()

private func bytesIn(_ file: String, _ data: [UInt8], append: Bool = false) -> @Sendable (URL) throws -> Void {
    { run in
        let url = run.appendingPathComponent(file)
        var bytes = append ? [UInt8](try Data(contentsOf: url)) : []
        bytes += data
        try Data(bytes).write(to: url)
    }
}

@Suite("hostile input: one clean line, exit 2, nothing written")
struct HostileInputTests {
    /// Seconds a case may take (SIMRUNNER_HOSTILE_TIMEOUT overrides), far above any refusal.
    static let timeout = ProcessInfo.processInfo.environment["SIMRUNNER_HOSTILE_TIMEOUT"].flatMap(Double.init) ?? 120

    @Test("each hostile case", arguments: hostileCases)
    func hostile(_ c: HostileCase) throws {
        let dir = try Executable.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(tinyWorld.utf8).write(to: dir.appendingPathComponent("tiny.json"))
        try c.setup(dir)
        let before = try snapshot(dir)
        // Refusals come before any work; a case still running after this long is a hang.
        let r = try Executable.run(c.arguments, in: dir, timeout: Self.timeout)
        #expect(r.status == c.status, "status \(r.status), stderr: \(r.stderr.prefix(600))")
        let lines = r.stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        if c.status == 2 {
            #expect(lines.count >= 1 && lines.count <= c.lines, "\(lines.count) stderr lines: \(r.stderr.prefix(600))")
            #expect(r.stdout.isEmpty, "stdout: \(r.stdout.prefix(200))")
            // Nothing partial: no output directory, no staging directory, no file changed.
            #expect(try snapshot(dir) == before, "files were written")
        } else {
            #expect(lines.count <= c.lines, "stderr: \(r.stderr.prefix(600))")
        }
        for line in lines {
            #expect(line.count <= 500, "a line of \(line.count) characters")
            #expect(line.hasPrefix("simrunner"), "line: \(line.prefix(200))")
            #expect(!line.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }, "raw control character in \(line.prefix(200))")
        }
        for fragment in c.stderr { #expect(r.stderr.contains(fragment), "'\(fragment)' not in: \(r.stderr.prefix(600))") }
        if r.status == c.status { try c.check(r, dir) }
    }

    @Test("a full disk behind stdout is an error line and status 1, not a trap")
    func fullStdout() throws {
        guard FileManager.default.isWritableFile(atPath: "/dev/full") else { return }
        for arguments in [["world"], ["params"], ["--help"], ["validate", "tiny.json"]] {
            let dir = try Executable.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: dir) }
            try Data(tinyWorld.utf8).write(to: dir.appendingPathComponent("tiny.json"))
            let r = try Executable.run(arguments, in: dir, stdout: FileHandle(forWritingAtPath: "/dev/full"))
            #expect(r.status == 1, "\(arguments): status \(r.status)")
            #expect(r.stderr == "simrunner: error: cannot write to standard output: No space left on device\n", "\(arguments): \(r.stderr.prefix(300))")
        }
    }

    @Test("a closed pipe on stdout ends quietly with status 1, not a signal")
    func closedPipe() throws {
        let dir = try Executable.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let pipe = Pipe()
        try pipe.fileHandleForReading.close()
        let r = try Executable.run(["params"], in: dir, stdout: pipe.fileHandleForWriting)
        #expect(r.status == 1 && r.stderr.isEmpty, "status \(r.status), stderr \(r.stderr.prefix(300))")
    }

    @Test("the table is big enough to mean something")
    func coverage() {
        #expect(hostileCases.count >= 60)
    }

    /// Every path under `dir` (hidden ones included) with its size.
    private func snapshot(_ dir: URL) throws -> [String: Int] {
        var out: [String: Int] = [:]
        let enumerator = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: [.fileSizeKey], options: [])
        while let url = enumerator?.nextObject() as? URL {
            out[url.path] = (try? url.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? -1
        }
        return out
    }
}
