import Testing
@testable import SimRunner

/// A spec shaped like `simrunner run`, with one option of every kind.
private let runSpec = CommandSpec(
    name: "run",
    summary: "Run one world file and write its results.",
    usage: "[options] [<world.json>]",
    options: [
        .value("seed", "n", help: "Random seed (0...2^64-1)."),
        .value("out", "dir", short: "o", help: "Directory for the results."),
        .value("jobs", "n", short: "j", help: "Runs in parallel."),
        .value("rate", "x", help: "A rate in [0, 1]."),
        .value("shift", "x", help: "A signed offset.\nSecond line of help."),
        .repeating("set", "key=value", help: "Override a world value."),
        .flag("force", help: "Replace an existing output directory."),
        .flag("quiet", short: "q", help: "Print nothing."),
    ],
    positionals: 0...1,
    positionalHelp: [("world.json", "The world file to run.")],
    positionalNouns: ("world file", "world files"),
    discussion: "Results are written atomically: all files appear at once.")

private func parse(_ args: [String], spec: CommandSpec = runSpec) throws(UsageError) -> ParsedCommand {
    try CommandArguments.parse(ArraySlice(args), spec: spec)
}

/// The message of the `UsageError` that `body` throws, or nil when it does not throw.
/// (Untyped `throws`: Swift 6 closures do not infer a typed throw from their body.)
private func message(_ body: () throws -> Void) -> String? {
    do {
        try body()
        return nil
    } catch let error as UsageError {
        return error.message
    } catch {
        return "unexpected error type: \(error)"
    }
}

@Suite("Command-line arguments")
struct ArgumentsTests {
    @Test("options take their value as the next argument or after '='")
    func valueForms() throws {
        let parsed = try parse(["--seed", "7", "--out=results/a", "world.json"])
        #expect(parsed.value("seed") == "7")
        #expect(parsed.value("out") == "results/a")
        #expect(parsed.positionals == ["world.json"])
        #expect(!parsed.helpRequested)
    }

    @Test("an '=' inside a value is kept")
    func equalsInValue() throws {
        #expect(try parse(["--out=a=b"]).value("out") == "a=b")
    }

    @Test("repeating options keep every value in command-line order")
    func repeating() throws {
        let parsed = try parse(["--set", "trust.lossRate=0.2", "--set=c=2"])
        #expect(parsed.values("set") == ["trust.lossRate=0.2", "c=2"])
        let pairs = try parsed.keyValuePairs("set")
        #expect(pairs.map(\.key) == ["trust.lossRate", "c"])
        #expect(pairs.map(\.value) == ["0.2", "2"])
        #expect(try parse([]).values("set").isEmpty)
    }

    @Test("flags are true when present, false when absent, and may repeat")
    func flags() throws {
        let parsed = try parse(["--force", "-q", "--force"])
        #expect(parsed.flag("force"))
        #expect(parsed.flag("quiet"))
        #expect(try !parse([]).flag("force"))
    }

    @Test("short aliases accept the value separately, attached, or after '='")
    func shortAliases() throws {
        #expect(try parse(["-o", "dir"]).value("out") == "dir")
        #expect(try parse(["-odir"]).value("out") == "dir")
        #expect(try parse(["-o=dir"]).value("out") == "dir")
        #expect(try parse(["-j", "4"]).int("jobs", default: 1, range: 1...512) == 4)
    }

    @Test("'--' ends options: everything after it is a positional")
    func doubleDash() throws {
        let parsed = try parse(["--", "--force"])
        #expect(parsed.positionals == ["--force"])
        #expect(!parsed.flag("force"))
    }

    @Test("negative numbers and a lone '-' are values, not options")
    func negativeNumbers() throws {
        let parsed = try parse(["--shift", "-0.5", "-"])
        #expect(try parsed.double("shift", default: 0) == -0.5)
        #expect(parsed.positionals == ["-"])
        #expect(try parse(["--shift", "-.25"]).double("shift", default: 0) == -0.25)
    }

    @Test("--help or -h anywhere before '--' requests help, even beside mistakes")
    func helpRequest() throws {
        #expect(try parse(["--help"]).helpRequested)
        #expect(try parse(["world.json", "-h"]).helpRequested)
        #expect(try parse(["--sed", "3", "a", "b", "c", "--help"]).helpRequested)
        let afterDash = try parse(["--", "-h"])
        #expect(!afterDash.helpRequested)
        #expect(afterDash.positionals == ["-h"])
    }

    @Test("typed accessors return defaults when the option is absent")
    func defaults() throws {
        let parsed = try parse([])
        #expect(try parsed.int("jobs", default: 2, range: 1...512) == 2)
        #expect(try parsed.uint64("seed", default: 42) == 42)
        #expect(try parsed.double("rate", default: 0.1, range: 0...1) == 0.1)
        #expect(try parsed.int("jobs", range: 1...512) == nil)
        #expect(parsed.value("out") == nil)
    }

    @Test("seeds accept the whole UInt64 range")
    func seedRange() throws {
        #expect(try parse(["--seed", "0"]).uint64("seed", default: 1) == 0)
        #expect(try parse(["--seed", "18446744073709551615"]).uint64("seed", default: 1) == UInt64.max)
    }

    @Test("each parsing mistake has its one-line message", arguments: [
        (["--sed", "7"], "unknown option '--sed' for 'simrunner run' (did you mean '--seed'?)"),
        (["-seed", "7"], "unknown option '-seed' for 'simrunner run' (did you mean '--seed'?)"),
        (["--frce"], "unknown option '--frce' for 'simrunner run' (did you mean '--force'?)"),
        (["--zzzzzz"], "unknown option '--zzzzzz' for 'simrunner run' (see 'simrunner run --help')"),
        (["-x"], "unknown option '-x' for 'simrunner run' (see 'simrunner run --help')"),
        (["-qo"], "unknown option '-qo' for 'simrunner run' (see 'simrunner run --help')"),
        (["--seed"], "option '--seed' needs a value"),
        (["--seed", "--force"], "option '--seed' needs a value"),
        (["--seed="], "option '--seed' needs a value"),
        (["-o"], "option '--out' needs a value"),
        (["--seed", "1", "--seed", "2"], "option '--seed' given twice"),
        (["--force=yes"], "option '--force' takes no value, got 'yes'"),
        (["a.json", "b.json"], "too many arguments: 'b.json' (run takes at most one world file)"),
        (["a.json", "b.json", "c.json"], "too many arguments: 'b.json', 'c.json' (run takes at most one world file)"),
    ])
    func parseErrors(args: [String], expected: String) {
        #expect(message { _ = try parse(args) } == expected)
    }

    @Test("each bad value has its one-line message", arguments: [
        (["--seed", "abc"], "'--seed' expects a non-negative integer, got 'abc'"),
        (["--seed", "-1"], "'--seed' expects a non-negative integer, got '-1'"),
        (["--seed", "+1"], "'--seed' expects a non-negative integer, got '+1'"),
        (["--seed", "18446744073709551616"], "'--seed' must be between 0 and 18446744073709551615, got 18446744073709551616"),
        (["--jobs", "0"], "'--jobs' must be between 1 and 512, got 0"),
        (["--jobs", "513"], "'--jobs' must be between 1 and 512, got 513"),
        (["--jobs", "x"], "'--jobs' expects a non-negative integer, got 'x'"),
        (["--jobs", "99999999999999999999"], "'--jobs' must be between 1 and 512, got 99999999999999999999"),
        (["--rate", "1.5"], "'--rate' must be between 0 and 1, got 1.5"),
        (["--rate", "nan"], "'--rate' expects a finite number, got 'nan'"),
        (["--rate", "inf"], "'--rate' expects a finite number, got 'inf'"),
        (["--rate", "half"], "'--rate' expects a finite number, got 'half'"),
        (["--set", "abc"], "'--set' expects key=value, got 'abc'"),
        (["--set", "=1"], "'--set' expects key=value, got '=1'"),
    ])
    func valueErrors(args: [String], expected: String) throws {
        let parsed = try parse(args)
        let got = message {
            _ = try parsed.uint64("seed", default: 0)
            _ = try parsed.int("jobs", default: 1, range: 1...512)
            _ = try parsed.double("rate", default: 0, range: 0...1)
            _ = try parsed.keyValuePairs("set")
        }
        #expect(got == expected)
    }

    @Test("open-ended ranges are worded 'at least' / 'at most'")
    func openRanges() throws {
        let parsed = try parse(["--jobs", "0", "--rate", "-1"])
        #expect(message { _ = try parsed.int("jobs", default: 1, range: 1...Int.max) } == "'--jobs' must be at least 1, got 0")
        #expect(message { _ = try parsed.double("rate", default: 0, range: 0...Double.infinity) } == "'--rate' must be at least 0, got -1")
        #expect(message { _ = try parsed.int("jobs", default: -5, range: Int.min...(-1)) } == "'--jobs' must be at most -1, got 0")
    }

    @Test("a missing required positional names the argument and where to read more")
    func missingPositional() {
        let spec = CommandSpec(name: "run", summary: "", positionals: 1...1,
                               positionalNouns: ("world file", "world files"))
        #expect(message { _ = try parse([], spec: spec) } == "missing world file (run takes one world file; see 'simrunner run --help')")
        let twoOrMore = CommandSpec(name: "compare", summary: "", positionals: 2...9)
        #expect(message { _ = try parse(["a"], spec: twoOrMore) } == "missing argument (compare takes at least two arguments; see 'simrunner compare --help')")
        let none = CommandSpec(name: "list", summary: "")
        #expect(message { _ = try parse(["x"], spec: none) } == "too many arguments: 'x' (list takes no arguments)")
    }

    @Test("messages stay on one line even when the input holds control characters")
    func oneLine() {
        let got = message { _ = try parse(["--se\ned"]) }
        #expect(got == "unknown option '--se\\ned' for 'simrunner run' (did you mean '--seed'?)")
        #expect(got?.contains("\n") == false)
    }

    @Test("help text shows the usage, summary, every argument and option, and the discussion")
    func helpText() {
        let text = CommandArguments.helpText(for: runSpec)
        #expect(text.hasPrefix("Usage: simrunner run [options] [<world.json>]\n\nRun one world file and write its results.\n"))
        #expect(text.contains("<world.json>"))
        #expect(text.contains("The world file to run."))
        for option in runSpec.options {
            #expect(text.contains(option.longForm), "missing \(option.longForm)")
            #expect(text.contains(option.help.split(separator: "\n")[0]), "missing help of \(option.longForm)")
        }
        #expect(text.contains("-o, --out <dir>"))
        #expect(text.contains("--set <key=value>"))
        #expect(text.contains("(repeatable)"))
        #expect(text.contains("-h, --help"))
        #expect(text.hasSuffix("Results are written atomically: all files appear at once.\n"))
    }

    @Test("help text aligns every option's description in one column")
    func helpAlignment() throws {
        let text = CommandArguments.helpText(for: runSpec)
        let optionLines = text.split(separator: "\n").drop { $0 != "Options:" }.dropFirst().prefix { !$0.isEmpty && $0.hasPrefix("  ") }
        let descriptions = ["Random seed", "Directory for", "Runs in", "A rate", "A signed", "Second line", "Override", "Replace", "Print nothing", "Show this help"]
        let columns = try descriptions.map { words in
            let line = try #require(optionLines.first { $0.contains(words) }, "no line with \(words)")
            return line.distance(from: line.startIndex, to: line.range(of: words)!.lowerBound)
        }
        #expect(Set(columns).count == 1, "description columns: \(columns)")
    }

    @Test("usage is generated from the positionals when not given")
    func generatedUsage() {
        let spec = CommandSpec(name: "compare", summary: "Compare runs.", positionals: 1...2,
                               positionalHelp: [("a", "First."), ("b", "Second.")])
        #expect(CommandArguments.helpText(for: spec).hasPrefix("Usage: simrunner compare [options] <a> [<b>]\n"))
    }
}
