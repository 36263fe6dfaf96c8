import Foundation
import SocialSim

/// `simrunner correct`: when does post-hoc correction stop working?
enum CorrectCommand {
    static let spec = CommandSpec(
        name: "correct",
        summary: "Correction-delay sweep: recovery R(d), the point of no return d*, and the cost of intervention.",
        usage: "[WORLD] [--delays 0:400:20] [--seeds 32] [--out DIR] [--set KEY=VALUE]...",
        options: [
            .value("delays", "A:B:STEP", help: "Correction delays, START:STOP:STEP inclusive or a list (default: 0 to 80% of the steps, 21 delays)."),
            .value("seeds", "N", help: "Number of seeds (default 16); seeds are SEED, SEED+1, ..."),
            .value("seed", "SEED", help: "First seed (default: the world's seed)."),
            .value("recovery-level", "R", help: "d* is the first delay with recovery below this (default 0.5)."),
            .value("trust-collapse", "T", help: "Mean trust below this counts as collapse (default 0.2)."),
            .value("bootstrap", "B", help: "Bootstrap resamples for intervals (default 2000)."),
            .value("jobs", "J", short: "j", help: "Runs in parallel (default: the number of cores). Results do not depend on it."),
            CommonOptions.out, CommonOptions.set, CommonOptions.force, CommonOptions.quiet,
        ],
        positionals: 0...1,
        positionalHelp: [("WORLD", "A world file (JSON). Without it, the embedded default world.")],
        positionalNouns: ("world file", "world files"),
        discussion: """
        For each seed: the uncorrected run, the reference (the correction's objective from step 0), and
        the run corrected at each delay, all on common random numbers. Writes into DIR:
          delays.csv       per delay: recovery R(d) and cost with 95% bootstrap intervals, trust recovery
          runs.csv         per (delay, seed): welfare of the three variants, recovery, cost, trust measures
          baselines.csv    per seed: the uncorrected and reference runs
          mean_series.csv  per variant and step: every measure, averaged over seeds
          sd_series.csv    the same layout: standard deviations across seeds
          findings.txt     d* with its interval, Kendall's tau of cost against delay, monotonicity
          manifest.json    the resolved world, its hash, the seeds, delays and settings, the command line
        Recovery is (W(d) - W_unc) / (W_ref - W_unc) on horizon welfare, pooled over seeds as a ratio of
        means. Cost is the welfare lost relative to the reference, summed over all steps.
        """)

    static func execute(_ parsed: ParsedCommand, commandLine: [String]) throws -> Int32 {
        let loaded = try CommonOptions.loadWorld(parsed)
        let world = loaded.world
        let steps = world.steps
        let defaultDelays = "0:\(steps * 4 / 5):\(max(1, steps * 4 / 5 / 20))"
        var e = CorrectionExperiment(world: world, delays: try DelayList.parse(parsed.value("delays") ?? defaultDelays, horizon: steps),
                                     seeds: [])
        e.seeds = try CommonOptions.seeds(parsed, defaultCount: 16, defaultFirst: world.seed)
        let count = e.seeds.count
        try CommonOptions.checkSize(runs: (e.delays.count + 2, count), what: "this correction sweep",
                                    seriesRows: (e.delays.count + 2, steps))
        e.recoveryLevel = try parsed.double("recovery-level", default: 0.5, range: -10...10)
        e.collapseLevel = try parsed.double("trust-collapse", default: 0.2, range: 0...1)
        e.bootstrap.resamples = try parsed.int("bootstrap", default: 2000, range: 100...1_000_000)
        e.jobs = try parsed.int("jobs", default: ProcessInfo.processInfo.activeProcessorCount, range: 1...1024)
        let outPath = parsed.value("out") ?? "outputs/\(world.name)-correct"
        let output = try OutputDirectory(finalURL: URL(fileURLWithPath: outPath), force: parsed.flag("force"))
        let quiet = parsed.flag("quiet")
        let progress = Progress(total: count, label: "seeds", quiet: quiet)
        let result = try e.run { _ in progress.advance() }
        progress.clear()
        let frames = world.narrative.frames.map(\.name)
        let findings = CorrectionTables.findings(result, experiment: e)
        try output.write(CorrectionTables.delays(result, seeds: count), to: "delays.csv")
        try output.write(CorrectionTables.runs(result, frames: frames), to: "runs.csv")
        try output.write(CorrectionTables.baselines(result), to: "baselines.csv")
        try output.write(CorrectionTables.meanSeries(result, frames: frames), to: "mean_series.csv")
        try output.write(CorrectionTables.meanSeries(result, frames: frames, sd: true), to: "sd_series.csv")
        try output.write(Array(findings.utf8), to: "findings.txt")
        let settings: [(String, JSONValue)] = [
            ("experiment", .string("correct")),
            ("delays", .makeArray(e.delays.map { .int($0) })),
            ("seeds", .makeArray(e.seeds.map { WorldEncoder.value(.unsigned($0)) })),
            ("recoveryLevel", .double(e.recoveryLevel)),
            ("trustCollapse", .double(e.collapseLevel)),
            ("bootstrapResamples", .int(e.bootstrap.resamples)),
        ]
        try output.write(Manifest.make(loaded: loaded, seed: e.seeds[0], commandLine: commandLine,
                                       files: ["delays.csv", "runs.csv", "baselines.csv", "mean_series.csv", "sd_series.csv", "findings.txt"],
                                       settings: settings), to: "manifest.json")
        try output.commit()
        if !quiet {
            try Console.out(findings + "  wrote \(outPath)/{delays.csv, runs.csv, baselines.csv, mean_series.csv, sd_series.csv, findings.txt, manifest.json}\n")
        }
        return 0
    }
}
