import Foundation
import SocialSim

/// `simrunner correct`: when does post-hoc correction stop working?
enum CorrectCommand {
    static let spec = CommandSpec(
        name: "correct",
        summary: "Correction-delay sweep: recovery R(d), the point of no return d*, and the cost of intervention.",
        usage: "[WORLD] [--delays START:STOP:STEP] [--seeds 16] [--out DIR] [--set KEY=VALUE]... [--jobs N]",
        options: [
            .value("delays", "A:B:STEP", help: "Correction delays, START:STOP:STEP inclusive or a list (default: 0 to 80% of the steps, 21 delays)."),
            .value("seeds", "N", help: "Number of seeds (default 16); seeds are SEED, SEED+1, ..."),
            .value("seed", "SEED", help: "First seed (default: the world's seed)."),
            .value("recovery-level", "R", help: "d* is where recovery first crosses below this (default 0.5)."),
            .value("min-stake", "W", help: "Declare d* only when the stake W_ref - W_unc is at least this, at the low end of its interval (default 0.01)."),
            .value("resolution", "STEPS", help: "Refine the delays around d* by bisection to a bracket of at most STEPS (default 1; 0: keep the grid)."),
            .value("relief-epsilon", "E", help: "Also find, by bisection, the relief budget per agent that brings each corrected run within E of the reference (costs runs)."),
            .value("relief-max", "B", help: "Largest relief budget per agent tried by --relief-epsilon (default 1)."),
            .value("relief-tolerance", "T", help: "Bisection tolerance of the relief budget (default: the maximum / 64)."),
            .value("trust-collapse", "T", help: "Mean trust below this counts as collapse (default 0.2)."),
            .value("bootstrap", "B", help: "Bootstrap resamples for intervals (default 2000)."),
            CommonOptions.jobs, CommonOptions.out(default: "outputs/<world name>-correct"), CommonOptions.set,
            CommonOptions.force, CommonOptions.quiet,
        ] + DeclaredHypotheses.options,
        positionals: 0...1,
        positionalHelp: [("WORLD", "A world file (JSON). Without it, the embedded default world.")],
        positionalNouns: ("world file", "world files"),
        discussion: """
        For each seed: the uncorrected run, the reference (the correction's objective from step 0), and
        the run corrected at each delay, all on common random numbers. Writes into DIR:
          delays.csv       per delay (grid and refined): R(d), sunk and unrecoverable cost with 95% intervals
          point_of_no_return.csv  the stake, d* as a crossing, its interval and how every resample ended
          runs.csv         per (delay, seed, variant): horizon welfare, recovery, costs, trust measures, locks
          relief_budget.csv  with --relief-epsilon: the relief needed per (delay, seed)
          baselines.csv    per seed: the uncorrected and reference runs
          mean_series.csv  per variant and step: every measure, averaged over seeds
          sd_series.csv    the same layout: standard deviations across seeds
          findings.txt     d* with its interval, Kendall's tau of cost against delay, monotonicity, verdicts on hypotheses
          hypotheses.csv   with --hypothesis/--hypotheses or the world's "hypotheses": each one's estimate, interval, verdict
          manifest.json    the resolved world, its hash, the seeds, delays and settings, the command line
          columns.csv      the data dictionary: every column of every file, its meaning, unit and type
        Recovery is (W(d) - W_unc) / (W_ref - W_unc) on horizon welfare, pooled over seeds as a ratio of
        means. d* is where R(d) first crosses the level, interpolated linearly between the delays that
        bracket it, after bisecting that bracket down to --resolution steps; its interval resamples seeds.
        d* is declared only when the stake W_ref - W_unc is established (--min-stake). Sunk cost is the
        welfare lost before the correction; unrecoverable is the horizon welfare the correction never wins
        back; its trend in the delay is tested per seed (Kendall's tau) with a sign-flip test over seeds.
        Progress (stderr) counts runs: per seed the uncorrected run, the reference and one fork per delay;
        a line is rewritten in a terminal, and appended every 30 s and at each 10% of the work otherwise.
        Hypotheses (docs/hypotheses.md) name R(d), d_star, stake, unrecoverable(d), cost(d) or sunk_cost(d),
        at delays of the grid, or a per-delay measure at two delays: "unrecoverable(300) - unrecoverable(100) > 0".
        Examples:
          simrunner correct --set agents=2000 --delays 0:400:50 --seeds 8 --hypothesis "d_star < 250"
          simrunner correct worlds/early-correction-relief.json --seeds 16 --out outputs/relief-correct
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
        try CommonOptions.checkBootstrap(resamples: e.bootstrap.resamples, seeds: count, groups: e.delays.count + 2)
        e.minimumStake = try parsed.double("min-stake", default: CorrectionExperiment.defaultMinimumStake, range: 0...1)
        let resolution = try parsed.int("resolution", default: 1, range: 0...1_000_000)
        e.resolution = resolution == 0 ? nil : resolution
        if let epsilon = try parsed.double("relief-epsilon", range: 0...1) {
            let maximum = try parsed.double("relief-max", default: 1, range: 1e-9...1_000_000)
            let tolerance = try parsed.double("relief-tolerance", default: maximum / 64, range: 1e-9...1_000_000)
            e.reliefSearch = ReliefBudgetSearch(epsilon: epsilon, maximum: maximum, tolerance: tolerance)
        } else if parsed.value("relief-max") != nil || parsed.value("relief-tolerance") != nil {
            throw UsageError("--relief-max and --relief-tolerance apply only with --relief-epsilon E")
        }
        e.jobs = try CommonOptions.jobs(parsed)
        let declared = try DeclaredHypotheses.load(parsed, experiment: .correct, worlds: [loaded], problem: e.problem(with:))
        let (out, outPath) = try CommonOptions.withNameOrigin(parsed, defaultPath: "outputs/\(world.name)-correct",
                                                              origin: CommonOptions.nameOrigin(loaded)) {
            try ResumableOutput(path: $0, key: journalKey(e), experiment: "correction experiment", force: parsed.flag("force"))
        }
        let interrupt = Interrupt.listen()
        defer { interrupt.stop() }
        e.store = UnitStore(journal: out.journal, interrupt: interrupt)
        let quiet = parsed.flag("quiet")
        WorkEstimate.announce(agentSteps: WorkEstimate.agentSteps(world, runs: (e.delays.count + 2) * count),
                              runs: (e.delays.count + 2) * count, threads: e.jobs, what: "this correction sweep", quiet: quiet)
        let runs = count * e.runsPerSeed
        let progress = Progress(total: runs, totalWork: Double(count * e.stepsPerSeed), label: "runs", quiet: quiet)
        progress.start(header: "correct: world '\(world.name)' (\(world.agents) agents, \(steps) steps), \(e.delays.count) delays x \(count) seeds: "
                       + "\(runs) runs (per seed the uncorrected run, the reference and \(e.delays.count) forks), "
                       + "\(count * e.stepsPerSeed) steps in all, \(e.jobs) job\(e.jobs == 1 ? "" : "s"); writing \(DisplayPath.of(outPath))")
        let result: CorrectionExperiment.Result
        do {
            result = try e.run { steps in progress.advance(work: Double(steps)) }
        } catch where interrupt.isRequested && (error is Interrupted || error is CancellationError) {
            progress.finish("interrupted: \(out.journal.count) finished units (per seed: the uncorrected run forked at every delay, the reference, refined delays, relief searches) are saved in \(DisplayPath.of(out.journal.url)); run the same command to finish the others")
            return 130
        }
        progress.finish("correct: \(runs) runs done in \(Progress.duration(progress.elapsed))"
                        + (result.refinedDelays.isEmpty ? "" : ", and \(result.refinedDelays.count) delays added around d* by bisection"))
        let output = try out.stage()
        let frames = world.narrative.frames.map(\.name)
        let judgements = declared.judge { e.estimate($0, in: result) }
        let findings = CorrectionTables.findings(result, experiment: e) + DeclaredHypotheses.findings(judgements)
        var tables = [("delays.csv", CorrectionTables.delays(result, seeds: count)),
                      ("point_of_no_return.csv", CorrectionTables.pointOfNoReturn(result, experiment: e)),
                      ("runs.csv", CorrectionTables.runs(result, frames: frames))]
        if let relief = result.relief { tables.append(("relief_budget.csv", CorrectionTables.reliefBudget(relief))) }
        tables += [("baselines.csv", CorrectionTables.baselines(result)), ("mean_series.csv", CorrectionTables.meanSeries(result, frames: frames)),
                   ("sd_series.csv", CorrectionTables.meanSeries(result, frames: frames, sd: true))]
        if !judgements.isEmpty { tables.append(("hypotheses.csv", DeclaredHypotheses.table(judgements))) }
        for (name, bytes) in tables { try output.write(bytes, to: name) }
        try output.write(Array(findings.utf8), to: "findings.txt")
        try output.write(ColumnDictionary.csv(files: tables), to: "columns.csv")
        let settings: [(String, JSONValue)] = [
            ("experiment", .string("correct")),
            ("delays", .makeArray(e.delays.map { .int($0) })),
            ("seeds", .makeArray(e.seeds.map { WorldEncoder.value(.unsigned($0)) })),
            ("recoveryLevel", .double(e.recoveryLevel)),
            ("trustCollapse", .double(e.collapseLevel)),
            ("bootstrapResamples", .int(e.bootstrap.resamples)),
            ("minimumStake", .double(e.minimumStake)),
            ("resolution", .int(e.resolution ?? 0)),
            ("refinedDelays", .makeArray(result.refinedDelays.map { .int($0) })),
        ] + (e.reliefSearch.map { r in [("reliefSearch", JSONValue.makeObject([
            ("epsilon", .double(r.epsilon)), ("maximum", .double(r.maximum)), ("tolerance", .double(r.tolerance))]))] } ?? [])
        let files = ["delays.csv", "point_of_no_return.csv", "runs.csv"] + (result.relief == nil ? [] : ["relief_budget.csv"])
            + ["baselines.csv", "mean_series.csv", "sd_series.csv"] + (judgements.isEmpty ? [] : ["hypotheses.csv"])
            + ["findings.txt", "columns.csv"]
        try output.writeManifest(Manifest.make(loaded: loaded, seed: e.seeds[0], commandLine: commandLine,
                                               files: files, settings: settings))
        try out.commit(output)
        if !quiet {
            try Console.out(findings + "  wrote \(DisplayPath.of(outPath))/{" + (files + ["manifest.json"]).joined(separator: ", ") + "}\n")
        }
        return 0
    }

    /// Names the experiment by what its journaled runs depend on: the resolved world, the seeds
    /// and the delays (recovery level, collapse level and bootstrap only change the summaries).
    static func journalKey(_ e: CorrectionExperiment) -> String {
        ExperimentKey.make(["correct", Program.version, "records 1", Manifest.worldHash(e.world),
                            e.seeds.map(String.init).joined(separator: ","), e.delays.map(String.init).joined(separator: ",")])
    }
}
