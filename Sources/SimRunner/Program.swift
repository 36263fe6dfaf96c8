import Foundation

/// The `simrunner` program: picks the subcommand, runs it, and turns every error into one
/// line on stderr and a non-zero exit status.
enum Program {
    static let version = "0.1.0"

    /// Subcommands in the order `--help` lists them.
    static var commands: [(spec: CommandSpec, run: (ParsedCommand, [String]) throws -> Int32)] {[
        (RunCommand.spec, RunCommand.execute),
        (CorrectCommand.spec, CorrectCommand.execute),
        (CompareCommand.spec, CompareCommand.execute),
        (AuditCommand.spec, AuditCommand.execute),
        (SweepCommand.spec, SweepCommand.execute),
        (SensitivityCommand.spec, SensitivityCommand.execute),
        (MergeCommand.spec, MergeCommand.execute),
        (ReportCommand.spec, ReportCommand.execute),
        (ValidateCommand.spec, ValidateCommand.execute),
        (WorldCommand.spec, WorldCommand.execute),
        (ParamsCommand.spec, ParamsCommand.execute),
    ]}

    static func run(_ arguments: [String]) -> Int32 {
        let commandLine = ["simrunner"] + arguments
        guard let first = arguments.first, first != "--help", first != "-h", first != "help" else {
            if arguments.count >= 2, arguments[0] == "help", let c = commands.first(where: { $0.spec.name == arguments[1] }) {
                Console.out(CommandArguments.helpText(for: c.spec))
            } else {
                Console.out(overview)
            }
            return 0
        }
        if first == "--version" {
            Console.out("simrunner \(version)\n")
            return 0
        }
        guard let command = commands.first(where: { $0.spec.name == first }) else {
            var message = "unknown command '\(first)'"
            if let near = nearestName(to: first, among: commands.map(\.spec.name)) { message += " (did you mean '\(near)'?)" }
            Console.error("simrunner: \(message); run 'simrunner --help' for the list")
            return 2
        }
        do {
            let parsed = try parse(arguments.dropFirst(), spec: command.spec)
            if parsed.helpRequested {
                Console.out(CommandArguments.helpText(for: command.spec))
                return 0
            }
            return try command.run(parsed, commandLine)
        } catch let e as WorldErrors {
            for line in e.errors { Console.error("simrunner: error: \(line)") }
            return 2
        } catch let e as UsageError {
            Console.error("simrunner \(first): \(e)")
            return 2
        } catch {
            Console.error("simrunner: error: \(error)")
            return 1
        }
    }

    private static func parse(_ args: ArraySlice<String>, spec: CommandSpec) throws -> ParsedCommand {
        try CommandArguments.parse(args, spec: spec)
    }

    static var overview: String {
        var s = """
        simrunner \(version): an agent-based simulator of social dynamics and irreversibility.

        A deployed optimizer learns from proxy feedback while people accumulate constraints
        that lock in; simrunner measures when correcting it afterwards stops working and how
        trust decays.

        Usage: simrunner <command> [options]

        Commands:

        """
        let width = commands.map(\.spec.name.count).max() ?? 0
        for c in commands {
            s += "  " + c.spec.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + c.spec.summary + "\n"
        }
        s += """

        Run 'simrunner help <command>' or 'simrunner <command> --help' for a command's options.
        'simrunner run' with no arguments runs the embedded default world (10,000 agents, 500 steps).

        """
        return s
    }
}

/// Writes to stdout and stderr without buffering surprises.
enum Console {
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func error(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
