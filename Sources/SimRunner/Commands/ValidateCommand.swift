import SocialSim

/// `simrunner validate`: checks world files without running them.
enum ValidateCommand {
    static let spec = CommandSpec(
        name: "validate",
        summary: "Check world files: JSON syntax, keys, types, ranges and cross-parameter rules.",
        usage: "FILE... [--set KEY=VALUE]...",
        options: [CommonOptions.set, CommonOptions.quiet],
        positionals: 1...10_000,
        positionalHelp: [("FILE", "World files (JSON) to check.")],
        positionalNouns: ("world file", "world files"),
        discussion: """
        Prints one line per file. Exits 0 when every file is valid, 2 otherwise, with every problem on its own line.
        Example:
          simrunner validate worlds/*.json
        """)

    static func execute(_ parsed: ParsedCommand, commandLine: [String]) throws -> Int32 {
        let overrides = try parsed.keyValuePairs("set")
        var failed = false
        for path in parsed.positionals {
            let loaded: WorldLoader.Loaded
            do {
                loaded = try WorldLoader.load(path: path, overrides: overrides)
            } catch {
                failed = true
                for line in error.errors.prefix(Program.maxErrorLines) { Console.error("simrunner: error: \(line)") }
                if error.errors.count > Program.maxErrorLines {
                    Console.error("simrunner: error: \(error.errors.count - Program.maxErrorLines) more problems not shown")
                }
                continue
            }
            if !parsed.flag("quiet") {
                let w = loaded.world
                try Console.out("\(SafeText.shown(path, limit: 160)): ok (\(w.agents) agents, \(w.steps) steps, \(w.network.kind.rawValue), objective \(w.optimizer.objective.rawValue), world hash \(Manifest.worldHash(w).prefix(12)))\n")
            }
        }
        return failed ? 2 : 0
    }
}
