import Foundation

/// `simrunner columns`: the data dictionary of every output file (the columns.csv each
/// command writes beside its outputs), for the default world.
enum ColumnsCommand {
    static let commands = ["run", "correct", "compare", "sweep", "ablate", "audit", "sensitivity"]

    static let spec = CommandSpec(
        name: "columns",
        summary: "Print the data dictionary of the output files: command, file, column, meaning, unit, type (CSV).",
        usage: "[COMMAND...]",
        options: [],
        positionals: 0...7,
        positionalHelp: [("COMMAND", "run, correct, compare, sweep, ablate, audit or sensitivity (default: all); merge writes a sweep's files.")],
        positionalNouns: ("command", "commands"),
        discussion: """
        Every output directory holds the same table for its own files as columns.csv (without the command
        column). Columns named after the world (share_<frame>, and the swept parameters of a sweep) are
        shown for the default world and a sweep over trust.lossRate, and columns named after a delay
        (recovery_<d>) for delays 0 and 3; every command writes them for the world, design and delays it
        ran. 'sweep --experiment correct' (and 'sensitivity --experiment correct') writes other runs.csv
        columns, listed under that command. An empty cell in any output means undefined (never happened).
        Examples:
          simrunner columns > columns.csv
          simrunner columns correct
        """)

    static func execute(_ parsed: ParsedCommand, commandLine: [String]) throws -> Int32 {
        for name in parsed.positionals where !commands.contains(name) {
            throw UsageError("no outputs to describe for \(UsageError.quote(name)); give " + commands.dropLast().joined(separator: ", ") + " or " + commands.last!)
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
        let world = dir.appendingPathComponent("other.json")
        try Data(#"{"name": "other"}"#.utf8).write(to: world)
        let sweep = ["sweep", "--grid", "trust.lossRate=0.1,0.2", "--seeds", "1"]
        let correction = ["--experiment", "correct", "--delays", "0,3", "--bootstrap", "100"]
        var runs: [(command: String, arguments: [String])] = []
        for command in commands {
            switch command {
            case "run": runs.append((command, ["run"]))
            // One declared hypothesis, so hypotheses.csv (the same file in every experiment) is listed.
            case "correct": runs.append((command, ["correct", "--delays", "0,3", "--seeds", "2", "--bootstrap", "100", "--hypothesis", "stake > 0"]))
            case "compare": runs.append((command, ["compare", "default", world.path, "--seeds", "2", "--bootstrap", "100"]))
            case "sweep":
                runs.append((command, sweep + ["--series"]))
                runs.append(("sweep --experiment correct", sweep + correction))
            case "ablate": runs.append((command, ["ablate", "--seeds", "2", "--bootstrap", "100", "--delays", "0,3", "--mechanisms", "floor"]))
            case "audit":
                runs.append((command, ["audit", "default", world.path, "--agents", "40", "--steps", "6", "--reset-steps", "2", "--delays", "3",
                                       "--seeds", "2", "--bootstrap", "100", "--jobs", "1", "-q"]))
            default:
                runs.append((command, ["sensitivity", "--method", "morris", "--param", "trust.lossRate=0.1:0.2", "--trajectories", "2",
                                       "--seeds", "1", "--bootstrap", "100"]))
            }
        }
        for (k, run) in runs.enumerated() {
            let out = dir.appendingPathComponent("out\(k)").path
            // audit sets its own size; the others run the default world made tiny.
            let status = Program.run(run.arguments + ["--out", out] + (run.arguments[0] == "audit" ? [] : tiny))
            guard status == 0 else { throw UsageError("could not run '\(run.command)' to list its columns") }
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: out).appendingPathComponent("columns.csv")))
            for row in try CSVReader.parse(bytes).rows { t.append([run.command] + row) }
        }
        return t.takeBytes()
    }
}
