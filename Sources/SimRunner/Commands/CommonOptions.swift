import Foundation

/// Options shared by the commands that load a world.
enum CommonOptions {
    static let set = OptionSpec.repeating("set", "KEY=VALUE",
        help: "Override a world parameter, e.g. --set trust.lossRate=0.2 or --set narrative.frames[2].adoptionRate=0.3.")
    static let seed = OptionSpec.value("seed", "N", help: "Seed of the run (default: the world's seed).")
    static let out = OptionSpec.value("out", "DIR", short: "o", help: "Output directory (default: outputs/<world name>-seed<N>).")
    /// `--out` with the default the command really uses, so `--help` states it.
    static func out(default defaultPath: String) -> OptionSpec {
        OptionSpec.value("out", "DIR", short: "o", help: "Output directory (default: \(defaultPath)).")
    }
    static let force = OptionSpec.flag("force", help: "Replace the output directory if it exists (only one simrunner wrote).")
    static let quiet = OptionSpec.flag("quiet", short: "q", help: "Print nothing but errors (no header, progress or summary).")
    static let jobs = OptionSpec.value("jobs", "N", short: "j",
        help: "Threads to use (default: the number of cores). Results are the same bytes for any value.")
    /// The older name of `--jobs` for `run`, still accepted.
    static let threads = OptionSpec.value("threads", "N", help: "Same as --jobs (its older name, still accepted).")

    /// `--jobs N` (or, where declared, its alias `--threads N`); default: the number of cores.
    static func jobs(_ parsed: ParsedCommand) throws -> Int {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        if parsed.spec.option(named: "threads") != nil, parsed.value("threads") != nil {
            guard parsed.value("jobs") == nil else { throw UsageError("give --jobs or --threads (the same option), not both") }
            return try parsed.int("threads", default: cores, range: 1...1024)
        }
        return try parsed.int("jobs", default: cores, range: 1...1024)
    }

    /// `--seeds N` consecutive seeds from `--seed` (or `first`): SEED, SEED+1, ...
    static func seeds(_ parsed: ParsedCommand, defaultCount: Int, defaultFirst: UInt64) throws -> [UInt64] {
        let count = try parsed.int("seeds", default: defaultCount, range: 1...DesignLimits.seeds)
        let first = try parsed.uint64("seed", default: defaultFirst)
        guard first <= UInt64.max - UInt64(count - 1) else { throw UsageError("'--seed' too large for \(count) seeds") }
        return (0..<UInt64(count)).map { first + $0 }
    }

    /// Refuses a command whose runs or series rows pass `DesignLimits` before any is planned.
    static func checkSize(runs: (Int, Int), what: String, seriesRows: (Int, Int)? = nil) throws(UsageError) {
        guard DesignLimits.product(runs.0, runs.1, limit: DesignLimits.runs) != nil else {
            throw UsageError("\(what) would be \(runs.0) x \(runs.1) runs; at most \(DesignLimits.runs) runs in one command")
        }
        if let rows = seriesRows, DesignLimits.product(rows.0, rows.1, limit: DesignLimits.seriesRows) == nil {
            throw UsageError("\(what) would average \(rows.0) series of \(rows.1) steps; at most \(DesignLimits.seriesRows) series rows (fewer delays, worlds or steps)")
        }
    }

    /// Refuses a bootstrap that would draw more than `DesignLimits.bootstrapDraws` resamples.
    static func checkBootstrap(resamples: Int, seeds: Int, groups: Int) throws(UsageError) {
        guard let draws = DesignLimits.product(resamples, seeds, limit: Int.max),
              DesignLimits.product(draws, max(groups, 1), limit: DesignLimits.bootstrapDraws) != nil else {
            throw UsageError("--bootstrap \(resamples) with \(seeds) seeds over \(groups) groups would draw more than \(DesignLimits.bootstrapDraws) values; use fewer resamples or seeds")
        }
    }

    static func loadWorld(_ parsed: ParsedCommand) throws -> WorldLoader.Loaded {
        try WorldLoader.load(path: parsed.positionals.first, overrides: try parsed.keyValuePairs("set"))
    }

    /// The output directory: `--out`, else `defaultPath`. When the default is taken and the
    /// directory exists, the refusal says where the folder's name came from (`origin`), since
    /// two worlds with the same "name" would otherwise collide without saying why.
    static func output(_ parsed: ParsedCommand, defaultPath: String, origin: @autoclosure () -> String) throws -> (OutputDirectory, String) {
        try withNameOrigin(parsed, defaultPath: defaultPath, origin: origin()) { try OutputDirectory(path: $0, force: parsed.flag("force")) }
    }

    /// `make` for `--out`, else `defaultPath`; a refusal of the default path says where its name came from.
    static func withNameOrigin<T>(_ parsed: ParsedCommand, defaultPath: String, origin: @autoclosure () -> String,
                                  _ make: (String) throws -> T) throws -> (T, String) {
        let path = parsed.value("out") ?? defaultPath
        do {
            return (try make(path), path)
        } catch let error as OutputDirectoryError where parsed.value("out") == nil {
            throw OutputDirectoryError("\(error.message) (the default --out \(defaultPath) is named after \(origin()))")
        } catch let error as UsageError where parsed.value("out") == nil {
            throw UsageError("\(error.message) (the default --out \(defaultPath) is named after \(origin()))")
        }
    }

    /// "the world's name 'x', from the "name" key of x.json".
    static func nameOrigin(_ loaded: WorldLoader.Loaded) -> String {
        "the world's name '\(loaded.world.name)', from \(loaded.nameOrigin)"
    }
}
