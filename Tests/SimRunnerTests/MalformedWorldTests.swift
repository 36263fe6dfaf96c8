import Foundation
import Testing

/// Each malformed world, with a fragment its one-line error must contain.
private let corpus: [(file: String, expected: [String])] = [
    ("missing.json", ["missing.json", "no such file"]),
    ("truncated.json", ["truncated.json:", "invalid JSON"]),
    ("not-object.json", ["must be a JSON object"]),
    ("unknown-key.json", ["trust.lossrate", "did you mean 'trust.lossRate'"]),
    ("unknown-section.json", ["optimiser", "did you mean 'optimizer'"]),
    ("wrong-type.json", ["agents = \"many\"", "expected an integer"]),
    ("out-of-range.json", ["trust.lossRate = 1.5", "from 0 to 1"]),
    ("not-integer.json", ["steps = 10.5", "not an integer"]),
    ("bad-choice.json", ["optimizer.objective = \"clicks\"", "\"engagement\""]),
    ("degree-too-high.json", ["network.meanDegree", "below the number of agents"]),
    ("correction-past-horizon.json", ["correction.step = 900", "before the horizon"]),
    ("duplicate-key.json", ["duplicate key"]),
    ("nan.json", ["NaN"]),
    ("huge-number.json", ["out of range"]),
    ("bad-dimension-array.json", ["constraints.decay", "4 numbers"]),
    ("frame-bad-cue.json", ["narrative.frames[0].cue", "\"harm\""]),
    ("frame-no-name.json", ["narrative.frames[0].name", "needs a name"]),
    ("infinity.json", ["Infinity"]),
    ("negative-agents.json", ["agents = -100", "from 2 to"]),
    ("zero-agents.json", ["agents = 0"]),
    ("empty-network.json", ["network.meanDegree = 0"]),
    ("deep-nesting.json", ["nesting deeper than 64 levels"]),
    ("non-utf8.json", ["invalid UTF-8 byte 0xE9"]),
    ("empty.json", ["empty input"]),
    ("huge-agents.json", ["agents = 1e30"]),
    ("too-big.json", ["GiB of memory", "bytes per agent"]),
    ("segments-above-topics.json", ["optimizer.segments = 5", "at most topics (4)"]),
    ("segments-zero.json", ["optimizer.segments = 0", "null or an integer from 1 to 64"]),
    ("segments-not-integer.json", ["optimizer.segments = 2.5", "not an integer"]),
    ("bad-personalization.json", ["optimizer.personalization = \"perUser\"", "\"segment\", \"individual\""]),
    ("individual-prior-negative.json", ["optimizer.individualPrior = -1", "from 0.001"]),
]

@Suite("malformed worlds give one clear error and write nothing")
struct MalformedWorldTests {
    @Test("each malformed world is refused with its file, key path and what is allowed", arguments: corpus.map(\.file))
    func refused(file: String) throws {
        let expected = try #require(corpus.first { $0.file == file }?.expected)
        let dir = try Executable.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let world = Executable.repository.appendingPathComponent("Tests/SimRunnerTests/Malformed").appendingPathComponent(file)
        let r = try Executable.run(["run", world.path, "--out", "out"], in: dir)
        #expect(r.status == 2)
        for fragment in expected { #expect(r.stderr.contains(fragment), "stderr was: \(r.stderr)") }
        #expect(r.stderr.split(separator: "\n").allSatisfy { $0.hasPrefix("simrunner: error: ") })
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    @Test("a 100 MB file is refused by its size before it is read")
    func hugeFile() throws {
        let dir = try Executable.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let big = dir.appendingPathComponent("big.json")
        #expect(FileManager.default.createFile(atPath: big.path, contents: nil))
        let handle = try FileHandle(forWritingTo: big)
        try handle.truncate(atOffset: 100 << 20)  // sparse: costs no disk
        try handle.close()
        let r = try Executable.run(["validate", big.path], in: dir)
        #expect(r.status == 2 && r.stderr.contains("16777216 bytes"))
    }

    @Test("a bad --set override names the override and suggests the key")
    func badOverride() throws {
        let dir = try Executable.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try Executable.run(["run", "--set", "trst.lossRate=0.2"], in: dir)
        #expect(r.status == 2)
        #expect(r.stderr.contains("--set trst.lossRate=0.2") && r.stderr.contains("did you mean 'trust.lossRate'"))
        let range = try Executable.run(["validate", "--set", "agents=1", Executable.repository.appendingPathComponent("worlds/default.json").path], in: dir)
        #expect(range.status == 2 && range.stderr.contains("agents = 1"))
    }
}
