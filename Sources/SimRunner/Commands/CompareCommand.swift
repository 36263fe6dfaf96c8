import Foundation
import SocialSim

/// `simrunner compare`: worlds side by side on common random numbers.
enum CompareCommand {
    static let spec = CommandSpec(
        name: "compare",
        summary: "Run two or more worlds on the same seeds and compare them with paired differences.",
        usage: "WORLD_A WORLD_B [WORLD...] [--seeds 16] [--out DIR] [--set KEY=VALUE]... [--jobs N]",
        options: [
            .value("seeds", "N", help: "Number of seeds (default 16); seeds are SEED, SEED+1, ..."),
            .value("seed", "SEED", help: "First seed (default 1)."),
            .value("trust-collapse", "T", help: "Mean trust below this counts as collapse (default 0.2)."),
            .value("bootstrap", "B", help: "Bootstrap resamples for intervals (default 2000)."),
            CommonOptions.jobs,
            CommonOptions.out(default: "outputs/compare-<name A>-<name B>..."),
            .repeating("set", "KEY=VALUE", help: "Override a parameter in every world (e.g. --set agents=2000)."),
            CommonOptions.force, CommonOptions.quiet,
        ] + DeclaredHypotheses.options,
        positionals: 2...64,
        positionalHelp: [("WORLD", "World files (JSON); 'default' stands for the embedded default world.")],
        positionalNouns: ("world file", "world files"),
        discussion: """
        Writes into DIR:
          comparison.csv   per world and measure: mean with 95% interval, paired difference from the first world
          runs.csv         per world and seed: every measure
          mean_series.csv  per world and step: every measure averaged over seeds
          sd_series.csv    the same layout: standard deviations across seeds
          findings.txt     the main measures side by side, and the verdict on each declared hypothesis
          hypotheses.csv   with --hypothesis/--hypotheses: each hypothesis, its estimate, interval and verdict
          manifest.json    the worlds as resolved, their hashes, the seeds, the command line
          columns.csv      the data dictionary: every column of every file, its meaning, unit and type
        World names must differ: a world is named by its file's "name" key, or after its file when it has none.
        Examples:
          simrunner compare default worlds/constructive.json worlds/region-caps.json --seeds 16
          simrunner compare default my-world.json --set agents=2000 --seeds 8 --out outputs/mine
        """)

    static func execute(_ parsed: ParsedCommand, commandLine: [String]) throws -> Int32 {
        let overrides = try parsed.keyValuePairs("set")
        let worlds = try parsed.positionals.map { path in
            try WorldLoader.load(path: path == "default" ? nil : path, overrides: overrides)
        }
        var seen: [String: String] = [:]
        for w in worlds {
            if let other = seen[w.world.name] {
                throw UsageError("worlds \(other) and \(w.source) have the same name '\(w.world.name)' (from \(w.nameOrigin)); "
                                 + "outputs name worlds by it: give each file a distinct \"name\", or remove the key to name the world after its file")
            }
            seen[w.world.name] = w.source
        }
        var c = Comparison(worlds: worlds, seeds: try CommonOptions.seeds(parsed, defaultCount: 16, defaultFirst: 1))
        let count = c.seeds.count
        try CommonOptions.checkSize(runs: (worlds.count, count), what: "this comparison",
                                    seriesRows: (worlds.count, worlds.map(\.world.steps).max() ?? 1))
        c.collapseLevel = try parsed.double("trust-collapse", default: 0.2, range: 0...1)
        c.bootstrap.resamples = try parsed.int("bootstrap", default: 2000, range: 100...1_000_000)
        try CommonOptions.checkBootstrap(resamples: c.bootstrap.resamples, seeds: count, groups: worlds.count)
        c.jobs = try CommonOptions.jobs(parsed)
        let declared = try DeclaredHypotheses.load(parsed, experiment: .compare, worlds: worlds, problem: c.problem(with:))
        let key = ExperimentKey.make(["compare", Program.version, "records 1",
                                      worlds.map { Manifest.worldHash($0.world) }.joined(separator: ","),
                                      c.seeds.map(String.init).joined(separator: ",")])
        let (out, outPath) = try CommonOptions.withNameOrigin(parsed, defaultPath: "outputs/compare-" + worlds.map(\.world.name).joined(separator: "-"),
                                                              origin: "the worlds' names (" + worlds.map { "'\($0.world.name)' from \($0.nameOrigin)" }.joined(separator: ", ") + ")") {
            try ResumableOutput(path: $0, key: key, experiment: "comparison", force: parsed.flag("force"))
        }
        let interrupt = Interrupt.listen()
        defer { interrupt.stop() }
        c.store = UnitStore(journal: out.journal, interrupt: interrupt)
        let quiet = parsed.flag("quiet")
        WorkEstimate.announce(agentSteps: worlds.reduce(0.0) { $0 + WorkEstimate.agentSteps($1.world, runs: count) },
                              runs: worlds.count * count, threads: c.jobs, what: "this comparison", quiet: quiet)
        let runs = count * worlds.count
        let progress = Progress(total: runs, label: "runs", quiet: quiet)
        progress.start(header: "compare: \(worlds.count) worlds (" + worlds.map { "'\($0.world.name)' \($0.world.agents) agents" }.joined(separator: ", ")
                       + ") x \(count) seeds: \(runs) runs of \(worlds.map(\.world.steps).max() ?? 0) steps at most, \(c.jobs) job\(c.jobs == 1 ? "" : "s"); writing \(DisplayPath.of(outPath))")
        let result: Comparison.Result
        do {
            result = try c.run { progress.advance() }
        } catch where interrupt.isRequested && (error is Interrupted || error is CancellationError) {
            progress.finish("interrupted: \(out.journal.count) of \(count * worlds.count) runs are saved in \(DisplayPath.of(out.journal.url)); run the same command to finish the others")
            return 130
        }
        progress.finish("compare: \(runs) runs done in \(Progress.duration(progress.elapsed))")
        let output = try out.stage()
        let judgements = declared.judge { c.estimate($0, in: result) }
        let findings = ComparisonTables.findings(result, c) + DeclaredHypotheses.findings(judgements)
        var tables = [("comparison.csv", ComparisonTables.comparison(result, c)), ("runs.csv", ComparisonTables.runs(result, c)),
                      ("mean_series.csv", ComparisonTables.meanSeries(result, c)), ("sd_series.csv", ComparisonTables.meanSeries(result, c, sd: true))]
        if !judgements.isEmpty { tables.append(("hypotheses.csv", DeclaredHypotheses.table(judgements))) }
        for (name, bytes) in tables { try output.write(bytes, to: name) }
        try output.write(Array(findings.utf8), to: "findings.txt")
        try output.write(ColumnDictionary.csv(files: tables), to: "columns.csv")
        let manifest = JSONValue.makeObject([
            ("program", .string("simrunner")),
            ("version", .string(Program.version)),
            ("command", .makeArray(commandLine.map { .string($0) })),
            ("experiment", .string("compare")),
            ("seeds", .makeArray(c.seeds.map { WorldEncoder.value(.unsigned($0)) })),
            ("files", .makeArray((["comparison.csv", "runs.csv", "mean_series.csv", "sd_series.csv", "findings.txt"]
                                  + (judgements.isEmpty ? [] : ["hypotheses.csv"]) + ["columns.csv"]).map { .string($0) })),
            ("worlds", .makeArray(worlds.map { w in
                .makeObject([("source", .string(w.source)), ("worldHash", .string(Manifest.worldHash(w.world))),
                             ("world", WorldEncoder.json(w.world))])
            })),
        ])
        try output.writeManifest(JSONWriter.bytes(from: manifest))
        try out.commit(output)
        if !quiet {
            try Console.out(findings + "  wrote \(DisplayPath.of(outPath))/{comparison.csv, runs.csv, mean_series.csv, sd_series.csv, findings.txt, columns.csv, manifest.json}\n")
        }
        return 0
    }
}
