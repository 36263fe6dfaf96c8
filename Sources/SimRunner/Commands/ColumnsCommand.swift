import Foundation

/// `simrunner columns`: the data dictionary of every output file (the columns.csv each
/// command writes beside its outputs), for the default world.
enum ColumnsCommand {
    static let commands = ["run", "correct", "compare", "sweep"]

    static let spec = CommandSpec(
        name: "columns",
        summary: "Print the data dictionary of the output files: command, file, column, meaning, unit, type (CSV).",
        usage: "[COMMAND...]",
        options: [],
        positionals: 0...4,
        positionalHelp: [("COMMAND", "run, correct, compare or sweep (default: all four).")],
        positionalNouns: ("command", "commands"),
        discussion: """
        Every output directory holds the same table for its own files as columns.csv (without the command
        column). Columns named after the world (share_<frame>, and the swept parameters of a sweep) are
        shown for the default world and a sweep over trust.lossRate; run, correct, compare and sweep write
        them for the world and design they ran. An empty cell in any output means undefined (never happened).
        Examples:
          simrunner columns > columns.csv
          simrunner columns correct
        """)

    static func execute(_ parsed: ParsedCommand, commandLine: [String]) throws -> Int32 {
        for name in parsed.positionals where !commands.contains(name) {
            throw UsageError("no outputs to describe for \(UsageError.quote(name)); give run, correct, compare or sweep")
        }
        let chosen = parsed.positionals.isEmpty ? commands : commands.filter(parsed.positionals.contains)
        try Console.out(String(decoding: try table(chosen), as: UTF8.self))
        return 0
    }

    /// The dictionary of `commands`' outputs, made by running each on a tiny world in a
    /// temporary directory (so it lists exactly what they write).
    static func table(_ commands: [String]) throws -> [UInt8] {
        let fm = FileManager.default
        let dir = fm.temporaryDirectory.appendingPathComponent("simrunner-columns-\(ProcessInfo.processInfo.processIdentifier)-\(UInt64.random(in: 0...UInt64.max))")
        try fm.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: dir) }
        let tiny = ["--set", "agents=40", "--set", "steps=6", "--set", "measurement.window=2", "--jobs", "1", "-q"]
        var t = CSVTable(columns: ["command"] + ColumnDictionary.header)
        for command in commands {
            let out = dir.appendingPathComponent(command).path
            let status: Int32
            switch command {
            case "run": status = Program.run(["run", "--out", out] + tiny)
            case "correct": status = Program.run(["correct", "--delays", "0,3", "--seeds", "2", "--bootstrap", "100", "--out", out] + tiny)
            case "compare":
                let world = dir.appendingPathComponent("other.json")
                try Data(#"{"name": "other"}"#.utf8).write(to: world)
                status = Program.run(["compare", "default", world.path, "--seeds", "2", "--bootstrap", "100", "--out", out] + tiny)
            default: status = Program.run(["sweep", "--grid", "trust.lossRate=0.1,0.2", "--seeds", "1", "--series", "--out", out] + tiny)
            }
            guard status == 0 else { throw UsageError("could not run '\(command)' to list its columns") }
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: out).appendingPathComponent("columns.csv")))
            for row in try CSVReader.parse(bytes).rows { t.append([command] + row) }
        }
        return t.takeBytes()
    }
}
