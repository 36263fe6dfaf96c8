/// Declarative command-line parsing for `simrunner` subcommands: each subcommand describes
/// its options and positionals once in a `CommandSpec`, and the same spec drives parsing,
/// error messages ("did you mean") and `--help` text, so they cannot drift apart.
///
/// ```swift
/// let run = CommandSpec(
///     name: "run", summary: "Run one world and write its results.",
///     usage: "[options] <world.json>",
///     options: [
///         .value("seed", "n", help: "Random seed (default 0)."),
///         .value("out", "dir", short: "o", help: "Directory for the results."),
///         .repeating("set", "key=value", help: "Override a world value."),
///         .flag("force", help: "Replace an existing output directory."),
///     ],
///     positionals: 1...1, positionalHelp: [("world.json", "The world file to run.")],
///     positionalNouns: ("world file", "world files"))
///
/// let parsed = try CommandArguments.parse(CommandLine.arguments.dropFirst(2), spec: run)
/// if parsed.helpRequested { print(CommandArguments.helpText(for: run), terminator: ""); exit(0) }
/// let seed = try parsed.uint64("seed", default: 0)
/// let overrides = try parsed.keyValuePairs("set")
/// ```
///
/// Grammar: `--name value`, `--name=value`, `-s value`, `-svalue`, `-s=value` for options
/// with a value; `--flag`, `-f` for flags; anything else is a positional; after `--`
/// everything is a positional. A token is read as an option only when it starts with `-`
/// and is not a number, so `--shift -0.5` works and `-` (stdin by convention) is an
/// ordinary argument. `--help` or `-h` anywhere before `--` wins over every other problem:
/// the result has `helpRequested == true` and nothing else.
enum CommandArguments {
    /// Parses the arguments that follow the subcommand name.
    static func parse(_ args: ArraySlice<String>, spec: CommandSpec) throws(UsageError) -> ParsedCommand {
        // Help first, so `simrunner run --sed 3 --help` shows help instead of an error
        // about `--sed`: someone asking for help is usually the one who is unsure.
        for token in args {
            if token == "--" { break }
            if token == "--help" || token == "-h" { return ParsedCommand(helpFor: spec) }
        }

        var values: [String: [String]] = [:]
        var flags: Set<String> = []
        var positionals: [String] = []
        var index = args.startIndex
        var optionsEnded = false

        /// Records one occurrence of `option`; `inline` is the text after `=` (or after a
        /// short letter), nil when the value, if any, is the next argument.
        func take(_ option: OptionSpec, inline: Substring?) throws(UsageError) {
            if option.valueName == nil {
                if let inline {
                    throw UsageError("option '\(option.longForm)' takes no value, got \(UsageError.quote(String(inline)))")
                }
                flags.insert(option.name)  // repeating a flag is harmless, so it is allowed
                return
            }
            let value: String
            if let inline {
                value = String(inline)
            } else if index < args.endIndex, !looksLikeOption(args[index]) {
                value = args[index]
                index += 1
            } else {
                value = ""
            }
            guard !value.isEmpty else {
                throw UsageError("option '\(option.longForm)' needs a value")
            }
            if !option.repeats, values[option.name] != nil {
                throw UsageError("option '\(option.longForm)' given twice")
            }
            values[option.name, default: []].append(value)
        }

        while index < args.endIndex {
            let token = args[index]
            index += 1
            if optionsEnded || !looksLikeOption(token) {
                positionals.append(token)
            } else if token == "--" {
                optionsEnded = true
            } else if token.hasPrefix("--") {
                let body = token.dropFirst(2)
                let name = body.prefix { $0 != "=" }
                let inline = name.endIndex < body.endIndex ? body[body.index(after: name.endIndex)...] : nil
                guard let option = spec.option(named: name) else {
                    throw spec.unknownOption("--" + name, typedName: String(name))
                }
                try take(option, inline: inline)
            } else {
                // A single dash: a short alias, possibly with its value attached.
                let body = token.dropFirst()
                let letter = body.first!  // looksLikeOption guarantees a second character
                let rest = body.dropFirst()
                guard let option = spec.option(short: letter), rest.isEmpty || option.valueName != nil || rest.hasPrefix("=") else {
                    // Unknown letter, or flags bundled like `-qf` (not supported: they read
                    // too much like a mistyped long option such as `-force`).
                    let name = body.prefix { $0 != "=" }
                    throw spec.unknownOption("-" + name, typedName: String(name))
                }
                let inline: Substring? = rest.isEmpty ? nil : (rest.hasPrefix("=") ? rest.dropFirst() : rest)
                try take(option, inline: inline)
            }
        }

        if positionals.count > spec.positionals.upperBound {
            let extra = positionals[spec.positionals.upperBound...].map(UsageError.quote).joined(separator: ", ")
            let allowed = spec.positionals.upperBound == 0
                ? "takes no arguments"
                : "takes at most \(spec.countPhrase(spec.positionals.upperBound))"
            throw UsageError("too many arguments: \(extra) (\(spec.shortName) \(allowed))")
        }
        if positionals.count < spec.positionals.lowerBound {
            let bound = spec.positionals.lowerBound
            let qualifier = spec.positionals.lowerBound == spec.positionals.upperBound ? "" : "at least "
            throw UsageError("missing \(spec.positionalNouns.one) (\(spec.shortName) takes \(qualifier)\(spec.countPhrase(bound)); see '\(spec.fullName) --help')")
        }
        return ParsedCommand(spec: spec, positionals: positionals, values: values, flags: flags)
    }

    /// The text `--help` prints: usage line, summary, arguments, options in aligned
    /// columns (including `-h, --help`), then the discussion. Ends with a newline.
    static func helpText(for spec: CommandSpec) -> String {
        var sections: [String] = []
        sections.append("Usage: \(spec.fullName) \(spec.usage.isEmpty ? spec.generatedUsage : spec.usage)")
        if !spec.summary.isEmpty { sections.append(spec.summary) }

        if !spec.positionalHelp.isEmpty {
            let rows = spec.positionalHelp.map { ("  <\($0.name)>", $0.help) }
            sections.append("Arguments:\n" + columns(rows))
        }

        let helpOption = OptionSpec.flag("help", short: "h", help: "Show this help and exit.")
        let rows = (spec.options + [helpOption]).map { option -> (String, String) in
            let alias = option.short.map { "-\($0), " } ?? "    "
            let value = option.valueName.map { " <\($0)>" } ?? ""
            let help = option.repeats ? option.help + " (repeatable)" : option.help
            return ("  \(alias)\(option.longForm)\(value)", help)
        }
        sections.append("Options:\n" + columns(rows))

        if !spec.discussion.isEmpty { sections.append(spec.discussion) }
        return sections.joined(separator: "\n\n") + "\n"
    }

    /// Two columns; the second starts after the widest first cell (capped, so one long
    /// option does not push every description far right; longer cells wrap below).
    private static func columns(_ rows: [(String, String)]) -> String {
        let cap = 30
        let width = min(cap, rows.map(\.0.count).max() ?? 0) + 2
        let indent = String(repeating: " ", count: width)
        return rows.map { left, help in
            let helpLines = help.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\n" + indent)
            if helpLines.isEmpty { return left }
            if left.count + 2 > width { return left + "\n" + indent + helpLines }
            return left + String(repeating: " ", count: width - left.count) + helpLines
        }.joined(separator: "\n")
    }

    /// Option-shaped: starts with `-`, has more after it, and is not a number such as
    /// `-3` or `-.5` (those are values or positionals).
    static func looksLikeOption(_ token: String) -> Bool {
        guard token.hasPrefix("-"), token.count > 1 else { return false }
        let second = token[token.index(after: token.startIndex)]
        return !(second.isNumber || second == ".")
    }
}

/// One option of a subcommand. `name` is the long name without dashes (`"seed"` for
/// `--seed`; a leading `--` is stripped if given); `valueName` nil makes it a flag.
///
/// ```swift
/// OptionSpec.value("seed", "n", help: "Random seed.")             // --seed <n>
/// OptionSpec.repeating("set", "key=value", help: "Override.")     // --set k=v --set k2=v2
/// OptionSpec.flag("quiet", short: "q", help: "Print nothing.")    // -q, --quiet
/// ```
struct OptionSpec: Sendable, Equatable {
    let name: String
    let valueName: String?
    let repeats: Bool
    let help: String
    let short: Character?

    init(name: String, valueName: String?, repeats: Bool = false, help: String, short: Character? = nil) {
        let bare = name.hasPrefix("--") ? String(name.dropFirst(2)) : name
        precondition(!bare.isEmpty && !bare.hasPrefix("-") && !bare.contains("=") && !bare.contains(" "),
                     "option name '\(name)' must be a bare word like 'seed'")
        precondition(valueName != nil || !repeats, "flag '--\(bare)' cannot repeat; flags are idempotent")
        precondition(short.map { $0 != "-" && $0 != "=" && !$0.isNumber } ?? true, "short alias must be a letter")
        self.name = bare
        self.valueName = valueName
        self.repeats = repeats
        self.help = help
        self.short = short
    }

    /// An option that takes one value and may be given at most once.
    static func value(_ name: String, _ valueName: String, short: Character? = nil, help: String) -> OptionSpec {
        OptionSpec(name: name, valueName: valueName, repeats: false, help: help, short: short)
    }

    /// An option that takes a value and may be given any number of times, in order.
    static func repeating(_ name: String, _ valueName: String, short: Character? = nil, help: String) -> OptionSpec {
        OptionSpec(name: name, valueName: valueName, repeats: true, help: help, short: short)
    }

    /// A boolean flag: present or absent.
    static func flag(_ name: String, short: Character? = nil, help: String) -> OptionSpec {
        OptionSpec(name: name, valueName: nil, repeats: false, help: help, short: short)
    }

    var longForm: String { "--" + name }
}

/// Everything about one subcommand's command line. `usage` is what follows
/// `simrunner <name>` on the usage line (generated from the positionals when empty);
/// `positionalNouns` words the count errors ("run takes at most one world file").
/// `--help`/`-h` are implicit and must not be declared.
///
/// ```swift
/// CommandSpec(name: "list", summary: "List the built-in worlds.")   // no options, no positionals
/// ```
struct CommandSpec: Sendable {
    let program: String
    let name: String
    let summary: String
    let usage: String
    let options: [OptionSpec]
    let positionals: ClosedRange<Int>
    let positionalHelp: [(name: String, help: String)]
    let positionalNouns: (one: String, many: String)
    let discussion: String

    init(name: String, summary: String, usage: String = "", options: [OptionSpec] = [],
         positionals: ClosedRange<Int> = 0...0, positionalHelp: [(name: String, help: String)] = [],
         positionalNouns: (one: String, many: String) = ("argument", "arguments"),
         discussion: String = "", program: String = "simrunner") {
        // Spec mistakes are programmer errors: catch them the first time the spec is built.
        let names = options.map(\.name)
        precondition(Set(names).count == names.count, "duplicate option name in '\(name)'")
        let shorts = options.compactMap(\.short)
        precondition(Set(shorts).count == shorts.count, "duplicate short alias in '\(name)'")
        precondition(!names.contains("help") && !shorts.contains("h"), "--help/-h are implicit; do not declare them")
        precondition(positionals.lowerBound >= 0, "positional counts cannot be negative")
        self.program = program
        self.name = name
        self.summary = summary
        self.usage = usage
        self.options = options
        self.positionals = positionals
        self.positionalHelp = positionalHelp
        self.positionalNouns = positionalNouns
        self.discussion = discussion
    }

    /// "simrunner run" (or just "simrunner" for a spec of the program itself).
    var fullName: String { name.isEmpty ? program : program + " " + name }

    /// "run", used in sentences such as "run takes at most one world file".
    var shortName: String { name.isEmpty ? program : name }

    func option(named name: Substring) -> OptionSpec? {
        options.first { $0.name == name }
    }

    func option(short letter: Character) -> OptionSpec? {
        options.first { $0.short == letter }
    }

    /// "[options] <world.json>", with optional positionals in brackets.
    var generatedUsage: String {
        var parts = ["[options]"]
        for (offset, positional) in positionalHelp.enumerated() {
            parts.append(offset < positionals.lowerBound ? "<\(positional.name)>" : "[<\(positional.name)>]")
        }
        return parts.joined(separator: " ")
    }

    /// "one world file", "two world files", "12 world files".
    func countPhrase(_ count: Int) -> String {
        let words = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
        let number = count < words.count ? words[count] : String(count)
        return "\(number) \(count == 1 ? positionalNouns.one : positionalNouns.many)"
    }

    func unknownOption(_ shown: String, typedName: String) -> UsageError {
        let known = options.map(\.name) + ["help"]
        let hint = nearestName(to: typedName, among: known).map { "did you mean '--\($0)'?" }
            ?? "see '\(fullName) --help'"
        return UsageError("unknown option \(UsageError.quote(shown)) for '\(fullName)' (\(hint))")
    }
}

/// The result of `CommandArguments.parse`. Check `helpRequested` first: when it is true,
/// nothing else was parsed and the caller prints `CommandArguments.helpText(for:)` and
/// exits 0. Option names are given without dashes, and asking about an option the spec
/// does not declare is a programmer error (a precondition), which catches typos in the
/// caller the first time the code runs.
///
/// ```swift
/// let jobs = try parsed.int("jobs", default: 2, range: 1...512)   // "'--jobs' must be between 1 and 512, got 0"
/// let rate = try parsed.double("rate", default: 0.1, range: 0...1)
/// if parsed.flag("force") { ... }
/// ```
struct ParsedCommand: Sendable {
    let spec: CommandSpec
    /// `--help` or `-h` was given; print help and exit 0.
    let helpRequested: Bool
    let positionals: [String]
    private let optionValues: [String: [String]]
    private let flags: Set<String>

    init(spec: CommandSpec, positionals: [String], values: [String: [String]], flags: Set<String>) {
        self.spec = spec
        self.helpRequested = false
        self.positionals = positionals
        self.optionValues = values
        self.flags = flags
    }

    init(helpFor spec: CommandSpec) {
        self.spec = spec
        self.helpRequested = true
        self.positionals = []
        self.optionValues = [:]
        self.flags = []
    }

    /// The value of a single-valued option, or nil when it was not given.
    func value(_ name: String) -> String? {
        let option = declared(name, flag: false)
        precondition(!option.repeats, "'--\(option.name)' repeats; use values(_:)")
        return optionValues[option.name]?.first
    }

    /// Every value of an option, in command-line order (empty when not given).
    func values(_ name: String) -> [String] {
        optionValues[declared(name, flag: false).name] ?? []
    }

    /// Whether a flag was given.
    func flag(_ name: String) -> Bool {
        flags.contains(declared(name, flag: true).name)
    }

    /// An integer option, or `default` when absent; must lie in `range`.
    func int(_ name: String, default defaultValue: Int, range: ClosedRange<Int>) throws(UsageError) -> Int {
        precondition(range.contains(defaultValue), "default for '--\(name)' is outside its range")
        return try int(name, range: range) ?? defaultValue
    }

    /// An integer option, or nil when absent; must lie in `range`.
    func int(_ name: String, range: ClosedRange<Int>) throws(UsageError) -> Int? {
        guard let text = value(name) else { return nil }
        let option = "--" + bare(name)
        guard let number = Int(text) else {
            if isDigits(text, signed: true) { throw outOfRange(option, text, range) }
            let kind = range.lowerBound >= 0 ? "a non-negative integer" : "an integer"
            throw UsageError("'\(option)' expects \(kind), got \(UsageError.quote(text))")
        }
        guard range.contains(number) else { throw outOfRange(option, text, range) }
        return number
    }

    /// A `UInt64` option such as a seed (decimal, 0...UInt64.max by default), or `default`.
    func uint64(_ name: String, default defaultValue: UInt64, range: ClosedRange<UInt64> = 0...UInt64.max) throws(UsageError) -> UInt64 {
        precondition(range.contains(defaultValue), "default for '--\(name)' is outside its range")
        return try uint64(name, range: range) ?? defaultValue
    }

    /// A `UInt64` option, or nil when absent.
    func uint64(_ name: String, range: ClosedRange<UInt64> = 0...UInt64.max) throws(UsageError) -> UInt64? {
        guard let text = value(name) else { return nil }
        let option = "--" + bare(name)
        // UInt64("+5") parses, but a sign on a seed is more likely a slip than intent.
        guard !text.hasPrefix("+"), let number = UInt64(text) else {
            if isDigits(text, signed: false) { throw outOfRange(option, text, range) }
            throw UsageError("'\(option)' expects a non-negative integer, got \(UsageError.quote(text))")
        }
        guard range.contains(number) else { throw outOfRange(option, text, range) }
        return number
    }

    /// A finite floating-point option, or `default` when absent; must lie in `range`
    /// (infinite bounds mean unbounded on that side).
    func double(_ name: String, default defaultValue: Double, range: ClosedRange<Double> = -Double.infinity...Double.infinity) throws(UsageError) -> Double {
        precondition(range.contains(defaultValue), "default for '--\(name)' is outside its range")
        return try double(name, range: range) ?? defaultValue
    }

    /// A finite floating-point option, or nil when absent.
    func double(_ name: String, range: ClosedRange<Double> = -Double.infinity...Double.infinity) throws(UsageError) -> Double? {
        guard let text = value(name) else { return nil }
        let option = "--" + bare(name)
        guard let number = Double(text), number.isFinite else {
            throw UsageError("'\(option)' expects a finite number, got \(UsageError.quote(text))")
        }
        guard range.contains(number) else {
            let lower = range.lowerBound == -.infinity ? nil : CSVTable.format(range.lowerBound)
            let upper = range.upperBound == .infinity ? nil : CSVTable.format(range.upperBound)
            throw UsageError("'\(option)' must be \(bounds(lower, upper)), got \(text)")
        }
        return number
    }

    /// The values of a repeating `key=value` option such as `--set trust.lossRate=0.2`,
    /// split at the first `=`, in command-line order. A later duplicate key is kept too;
    /// whether it overrides is the caller's choice.
    func keyValuePairs(_ name: String) throws(UsageError) -> [(key: String, value: String)] {
        var pairs: [(key: String, value: String)] = []
        for text in values(name) {
            guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
                throw UsageError("'--\(bare(name))' expects key=value, got \(UsageError.quote(text))")
            }
            pairs.append((String(text[..<equals]), String(text[text.index(after: equals)...])))
        }
        return pairs
    }

    // MARK: - Helpers

    private func bare(_ name: String) -> String {
        name.hasPrefix("--") ? String(name.dropFirst(2)) : name
    }

    private func declared(_ name: String, flag: Bool) -> OptionSpec {
        guard let option = spec.option(named: Substring(bare(name))) else {
            preconditionFailure("'--\(bare(name))' is not declared for '\(spec.fullName)'")
        }
        precondition((option.valueName == nil) == flag,
                     flag ? "'--\(option.name)' takes a value; use value(_:)" : "'--\(option.name)' is a flag; use flag(_:)")
        return option
    }

    /// All ASCII digits (after one sign, if `signed`): a number too large for the type,
    /// which deserves "must be between" rather than "expects an integer".
    private func isDigits(_ text: String, signed: Bool) -> Bool {
        let unsigned = signed && (text.hasPrefix("-") || text.hasPrefix("+")) ? text.dropFirst() : Substring(text)
        return !unsigned.isEmpty && unsigned.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// Int.min and Int.max stand for "unbounded" (nobody means them literally); a UInt64
    /// range shows both ends, since 0...UInt64.max is exactly what a seed accepts.
    private func outOfRange(_ option: String, _ text: String, _ range: ClosedRange<Int>) -> UsageError {
        let low = range.lowerBound == Int.min ? nil : String(range.lowerBound)
        let high = range.upperBound == Int.max ? nil : String(range.upperBound)
        return UsageError("'\(option)' must be \(bounds(low, high)), got \(text)")
    }

    private func outOfRange(_ option: String, _ text: String, _ range: ClosedRange<UInt64>) -> UsageError {
        UsageError("'\(option)' must be \(bounds(String(range.lowerBound), String(range.upperBound))), got \(text)")
    }

    private func bounds(_ lower: String?, _ upper: String?) -> String {
        switch (lower, upper) {
        case let (low?, high?): "between \(low) and \(high)"
        case let (low?, nil): "at least \(low)"
        case let (nil, high?): "at most \(high)"
        case (nil, nil): "a representable number"
        }
    }
}
