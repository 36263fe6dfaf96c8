import Foundation
import SocialSim

/// `simrunner compare`: worlds side by side on common random numbers.
enum CompareCommand {
    static let spec = CommandSpec(
        name: "compare",
        summary: "Run two or more worlds on the same seeds and compare them with paired differences.",
        usage: "WORLD_A WORLD_B [WORLD...] [--seeds N] [--out DIR] [--set KEY=VALUE]...",
        options: [
            .value("seeds", "N", help: "Number of seeds (default 16); seeds are SEED, SEED+1, ..."),
            .value("seed", "SEED", help: "First seed (default 1)."),
            .value("trust-collapse", "T", help: "Mean trust below this counts as collapse (default 0.2)."),
            .value("bootstrap", "B", help: "Bootstrap resamples for intervals (default 2000)."),
            .value("jobs", "J", short: "j", help: "Runs in parallel (default: the number of cores). Results do not depend on it."),
            CommonOptions.out,
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
        World names must differ (set "name" in each file).
        """)

    static func execute(_ parsed: ParsedCommand, commandLine: [String]) throws -> Int32 {
        let overrides = try parsed.keyValuePairs("set")
        let worlds = try parsed.positionals.map { path in
            try WorldLoader.load(path: path == "default" ? nil : path, overrides: overrides)
        }
        var seen: [String: String] = [:]
        for w in worlds {
            if let other = seen[w.world.name] {
                throw UsageError("worlds '\(other)' and '\(w.source)' have the same name '\(w.world.name)'; give each a distinct \"name\"")
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
        c.jobs = try parsed.int("jobs", default: ProcessInfo.processInfo.activeProcessorCount, range: 1...1024)
        let declared = try DeclaredHypotheses.load(parsed)
        if let problem = declared.hypotheses.lazy.compactMap(c.problem(with:)).first { throw UsageError(problem) }
        let outPath = parsed.value("out") ?? "outputs/compare-" + worlds.map(\.world.name).joined(separator: "-")
        let key = ExperimentKey.make(["compare", Program.version, "records 1",
                                      worlds.map { Manifest.worldHash($0.world) }.joined(separator: ","),
                                      c.seeds.map(String.init).joined(separator: ",")])
        let out = try ResumableOutput(path: outPath, key: key, experiment: "comparison", force: parsed.flag("force"))
        let interrupt = Interrupt.listen()
        defer { interrupt.stop() }
        c.store = UnitStore(journal: out.journal, interrupt: interrupt)
        let quiet = parsed.flag("quiet")
        WorkEstimate.announce(agentSteps: worlds.reduce(0.0) { $0 + WorkEstimate.agentSteps($1.world, runs: count) },
                              runs: worlds.count * count, threads: c.jobs, what: "this comparison", quiet: quiet)
        let progress = Progress(total: count, label: "seeds", quiet: quiet)
        let result: Comparison.Result
        do {
            result = try c.run { _ in progress.advance() }
        } catch where interrupt.isRequested && (error is Interrupted || error is CancellationError) {
            progress.finish("interrupted: \(out.journal.count) of \(count * worlds.count) runs are saved in \(out.journal.url.path); run the same command to finish the others")
            return 130
        }
        progress.clear()
        let output = try out.stage()
        let judgements = declared.judge { c.estimate($0, in: result) }
        let findings = ComparisonTables.findings(result, c) + DeclaredHypotheses.findings(judgements)
        if !judgements.isEmpty { try output.write(DeclaredHypotheses.table(judgements), to: "hypotheses.csv") }
        try output.write(ComparisonTables.comparison(result, c), to: "comparison.csv")
        try output.write(ComparisonTables.runs(result, c), to: "runs.csv")
        try output.write(ComparisonTables.meanSeries(result, c), to: "mean_series.csv")
        try output.write(ComparisonTables.meanSeries(result, c, sd: true), to: "sd_series.csv")
        try output.write(Array(findings.utf8), to: "findings.txt")
        let manifest = JSONValue.makeObject([
            ("program", .string("simrunner")),
            ("version", .string(Program.version)),
            ("command", .makeArray(commandLine.map { .string($0) })),
            ("experiment", .string("compare")),
            ("seeds", .makeArray(c.seeds.map { WorldEncoder.value(.unsigned($0)) })),
            ("files", .makeArray((["comparison.csv", "runs.csv", "mean_series.csv", "sd_series.csv", "findings.txt"]
                                  + (judgements.isEmpty ? [] : ["hypotheses.csv"])).map { .string($0) })),
            ("worlds", .makeArray(worlds.map { w in
                .makeObject([("source", .string(w.source)), ("worldHash", .string(Manifest.worldHash(w.world))),
                             ("world", WorldEncoder.json(w.world))])
            })),
        ])
        try output.writeManifest(JSONWriter.bytes(from: manifest))
        try out.commit(output)
        if !quiet {
            try Console.out(findings + "  wrote \(outPath)/{comparison.csv, runs.csv, mean_series.csv, sd_series.csv, findings.txt, manifest.json}\n")
        }
        return 0
    }
}
