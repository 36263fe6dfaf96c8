import SocialSim

/// `simrunner world`: prints a world as resolved (defaults filled in, overrides applied).
enum WorldCommand {
    static let spec = CommandSpec(
        name: "world",
        summary: "Print a world with every parameter resolved (a starting point for a new world file).",
        usage: "[WORLD] [--set KEY=VALUE]...",
        options: [CommonOptions.set],
        positionals: 0...1,
        positionalHelp: [("WORLD", "A world file (JSON). Without it, the embedded default world.")],
        positionalNouns: ("world file", "world files"),
        discussion: "Example: simrunner world --set agents=2000 > worlds/small.json")

    static func execute(_ parsed: ParsedCommand, commandLine: [String]) throws -> Int32 {
        let loaded = try CommonOptions.loadWorld(parsed)
        try Console.out(JSONWriter.string(from: WorldEncoder.json(loaded.world)))
        return 0
    }
}
