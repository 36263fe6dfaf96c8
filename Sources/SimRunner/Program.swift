import Foundation
#if canImport(Glibc)
import Glibc
#endif

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
        (AblateCommand.spec, AblateCommand.execute),
        (SweepCommand.spec, SweepCommand.execute),
        (SensitivityCommand.spec, SensitivityCommand.execute),
        (MergeCommand.spec, MergeCommand.execute),
        (ReportCommand.spec, ReportCommand.execute),
        (HypothesesCommand.spec, HypothesesCommand.execute),
        (RerunCommand.spec, RerunCommand.execute),
        (ValidateCommand.spec, ValidateCommand.execute),
        (WorldCommand.spec, WorldCommand.execute),
        (ParamsCommand.spec, ParamsCommand.execute),
        (ColumnsCommand.spec, ColumnsCommand.execute),
        (PairedCommand.spec, PairedCommand.execute),
    ]}

    static func run(_ arguments: [String]) -> Int32 {
        // A closed pipe (`simrunner params | head -1`) must be a failed write we can report,
        // not a signal that kills the process mid-way.
        signal(SIGPIPE, SIG_IGN)
        do {
            return try dispatch(arguments)
        } catch {
            return report(error, command: arguments.first.flatMap { a in commands.contains { $0.spec.name == a } ? a : nil })
        }
    }

    private static func dispatch(_ arguments: [String]) throws -> Int32 {
        let commandLine = ["simrunner"] + arguments
        guard let first = arguments.first, first != "--help", first != "-h", first != "help" else {
            guard arguments.count >= 2, arguments[0] == "help" else {
                try Console.out(overview)
                return ExitStatus.success
            }
            guard arguments.count == 2 else {
                Console.error("simrunner help: takes one command name, got \(arguments.count - 1) arguments; run 'simrunner --help' for the list")
                return ExitStatus.badInput
            }
            guard let c = commands.first(where: { $0.spec.name == arguments[1] }) else {
                var message = "no such command \(UsageError.quote(arguments[1]))"
                if let near = nearestName(to: arguments[1], among: commands.map(\.spec.name)) { message += " (did you mean '\(near)'?)" }
                Console.error("simrunner help: \(message); the commands are " + commands.map(\.spec.name).joined(separator: ", "))
                return ExitStatus.badInput
            }
            try Console.out(CommandArguments.helpText(for: c.spec) + "\n" + ExitStatus.help + "\n")
            return ExitStatus.success
        }
        if first == "--version" {
            try Console.out("simrunner \(version)\n")
            return ExitStatus.success
        }
        guard let command = commands.first(where: { $0.spec.name == first }) else {
            var message = "unknown command \(UsageError.quote(first))"
            if let near = nearestName(to: first, among: commands.map(\.spec.name)) { message += " (did you mean '\(near)'?)" }
            Console.error("simrunner: \(message); run 'simrunner --help' for the list")
            return ExitStatus.badInput
        }
        let parsed = try parse(arguments.dropFirst(), spec: command.spec)
        if parsed.helpRequested {
            try Console.out(CommandArguments.helpText(for: command.spec) + "\n" + ExitStatus.help + "\n")
            return ExitStatus.success
        }
        return try command.run(parsed, commandLine)
    }

    /// Most problems printed for one command; a file with thousands of bad keys gets the first
    /// ones and a count, not thousands of lines.
    static let maxErrorLines = 20

    /// One line per problem on stderr, and the exit status of its class (see ``ExitStatus``).
    static func report(_ error: any Error, command: String?) -> Int32 {
        let prefix = command.map { "simrunner \($0): " } ?? "simrunner: "
        switch error {
        case let e as WorldErrors:
            for line in e.errors.prefix(maxErrorLines) { Console.error("simrunner: error: \(line)") }
            if e.errors.count > maxErrorLines {
                Console.error("simrunner: error: \(e.errors.count - maxErrorLines) more problems not shown (\(e.errors.count) in all)")
            }
            return ExitStatus.badInput
        case let e as UsageError:
            Console.error(prefix + e.message)
            return ExitStatus.badInput
        case let e as CSVReadError:
            Console.error("simrunner: error: \(e.message)")
            return ExitStatus.badInput
        case let e as InputFileError:
            Console.error("simrunner: error: \(e)")
            return ExitStatus.badInput
        case let e as ConsoleWriteError:
            // A reader that went away (`| head -1`) is no failure to shout about; anything
            // else (a full disk behind `> file`) is.
            if !e.closedPipe { Console.error("simrunner: error: \(e)") }
            return ExitStatus.failure
        case let e as OutputDirectoryError:
            Console.error("simrunner: error: \(e)")
            return e.isRefusal ? ExitStatus.badInput : ExitStatus.failure
        case let e as JSONSyntaxError:
            Console.error("simrunner: error: \(e)")
            return ExitStatus.badInput
        case is Interrupted:
            Console.error("simrunner: interrupted")
            return ExitStatus.interrupted
        default:
            Console.error("simrunner: error: \(FileErrorText.describe(error))")
            return ExitStatus.failure
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
        \(ExitStatus.help)
        'simrunner run' with no arguments runs the embedded default world (10,000 agents, 500 steps).

        """
        return s
    }
}

/// The exit statuses of every command, documented in `--help` and docs/robustness.md.
enum ExitStatus {
    /// Done; the output is complete.
    static let success: Int32 = 0
    /// Something failed while running (a write to a full disk, an unexpected error).
    static let failure: Int32 = 1
    /// Bad input or usage: an argument, a world file, an input directory. Nothing was written.
    static let badInput: Int32 = 2
    /// Interrupted (Ctrl-C, SIGTERM): finished work is kept; the same command continues.
    static let interrupted: Int32 = 130

    static let help = """
    Exit status: 0 success; 2 bad input or usage (nothing written); 1 failure while running;
    130 interrupted (finished work kept, the same command continues).
    """
}

extension OutputDirectoryError {
    /// A refusal before anything is written (an --out that exists without --force, a file in
    /// the way, a path simrunner will not replace) is bad usage, status 2; a write or rename
    /// that failed while running (a full or read-only disk) is status 1.
    var isRefusal: Bool {
        !(message.hasPrefix("cannot ") || message.contains(": cannot "))
    }
}

/// A write to stdout that failed: a closed pipe, a full disk, a closed descriptor.
struct ConsoleWriteError: Error, CustomStringConvertible {
    var errno: Int32
    var closedPipe: Bool { errno == EPIPE }
    var description: String { "cannot write to standard output: \(String(cString: strerror(errno)))" }
}

/// Writes to stdout and stderr with `write(2)`, checking every result: Foundation's
/// `FileHandle.write` traps on a full disk or a closed pipe.
enum Console {
    /// Writes results to stdout; throws when they could not all be written.
    /// Control characters other than newline and tab (an escape sequence in a world name, say)
    /// are written as visible escapes, as in every message.
    static func out(_ text: String) throws(ConsoleWriteError) {
        let safe = SafeText.escaped(text, keeping: ["\n", "\t"])
        if let failure = write(Array(safe.utf8), to: STDOUT_FILENO) { throw ConsoleWriteError(errno: failure) }
    }

    /// One message line on stderr, made safe by `SafeText.line` (escaped, bounded). Best
    /// effort: when stderr itself is gone there is nobody left to tell.
    static func error(_ line: String) {
        _ = write(Array((SafeText.line(line) + "\n").utf8), to: STDERR_FILENO)
    }

    /// Text for stderr exactly as given (progress lines with their own terminal controls).
    static func errorRaw(_ text: String) {
        _ = write(Array(text.utf8), to: STDERR_FILENO)
    }

    /// nil when every byte was written, else the errno of the failure.
    private static func write(_ bytes: [UInt8], to descriptor: Int32) -> Int32? {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { raw in
                Glibc.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
            }
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += n
        }
        return nil
    }
}
