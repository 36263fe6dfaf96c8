import Foundation
import SocialSim

/// `simrunner world`: prints a world as resolved (defaults filled in, overrides applied).
enum WorldCommand {
    static let spec = CommandSpec(
        name: "world",
        summary: "Print a world with every parameter resolved (a starting point for a new world file).",
        usage: "[WORLD] [--name NAME] [--set KEY=VALUE]... > NEW.json",
        options: [.value("name", "NAME", help: "The \"name\" to write (default: the file stdout goes to, e.g. my-world for > my-world.json)."),
                  CommonOptions.set],
        positionals: 0...1,
        positionalHelp: [("WORLD", "A world file (JSON). Without it, the embedded default world.")],
        positionalNouns: ("world file", "world files"),
        discussion: """
        A world's "name" names its output folders (outputs/<name>-seed<N>) and its rows in compare, so a new
        world gets a name of its own: with stdout redirected to a file, the file's name (my-world.json gives
        "my-world"); else --name; else the world's own name (printed to a terminal or a pipe).
        Examples:
          simrunner world > my-world.json                           # "name": "my-world"
          simrunner world --set agents=2000 --name small | tee worlds/small.json
        """)

    static func execute(_ parsed: ParsedCommand, commandLine: [String]) throws -> Int32 {
        var overrides = try parsed.keyValuePairs("set")
        if let name = parsed.value("name") {
            overrides.append(("name", name))
        } else if !overrides.contains(where: { $0.key == "name" }), let file = redirectedStdout() {
            overrides.append(("name", WorldLoader.name(fromFile: file)))
        }
        let loaded = try WorldLoader.load(path: parsed.positionals.first, overrides: overrides)
        try Console.out(JSONWriter.string(from: WorldEncoder.json(loaded.world)))
        return 0
    }

    /// The regular file standard output is redirected to (`> my-world.json`), if any.
    static func redirectedStdout() -> String? {
        var info = stat()
        guard fstat(STDOUT_FILENO, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        #if os(Linux)
        let path = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/1")) ?? ""
        return path.hasPrefix("/") ? path : nil
        #else
        var buffer = [CChar](repeating: 0, count: Int(MAXPATHLEN))
        guard fcntl(STDOUT_FILENO, F_GETPATH, &buffer) != -1 else { return nil }
        return String(cString: buffer)
        #endif
    }
}
