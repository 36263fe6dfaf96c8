import Foundation
import SocialSim

/// `simrunner ablate`: which mechanism causes what? Every mechanism switched off in turn.
enum AblateCommand {
    static let spec = CommandSpec(
        name: "ablate",
        summary: "Switch each mechanism off in turn on common random numbers: paired changes in welfare, trust, exits, locks, R(d) and d*.",
        usage: "[WORLD] [--seeds 8] [--delays 0:400:100|none] [--mechanisms NAME,...] [--jobs J] [--out DIR] [--set KEY=VALUE]...",
        options: [
            .value("seeds", "N", help: "Number of seeds (default 8); seeds are SEED, SEED+1, ..."),
            .value("seed", "SEED", help: "First seed (default: the world's seed)."),
            .value("delays", "A:B:STEP", help: "Correction delays for R(d) and d*, START:STOP:STEP or a list; 'none' skips the correction runs (default: 0 to 80% of the steps, 5 delays)."),
            .value("mechanisms", "NAME,...", help: "Only these mechanisms (names from the table below; default: all)."),
            .flag("list", help: "Print the mechanism table as Markdown (docs/mechanisms.md) and exit."),
            .value("recovery-level", "R", help: "d* is the first delay with recovery below this (default 0.5)."),
            .value("min-stake", "W", help: "d* is declared only where the stake's 95% interval lies at or above this welfare (default 0.01), as in correct."),
            .value("trust-collapse", "T", help: "Mean trust below this counts as collapse (default 0.2)."),
            .value("bootstrap", "B", help: "Bootstrap resamples for intervals (default 2000)."),
            CommonOptions.jobs,
            CommonOptions.out(default: "outputs/<world name>-ablate"), CommonOptions.set, CommonOptions.force, CommonOptions.quiet,
        ] + DeclaredHypotheses.options,
        positionals: 0...1,
        positionalHelp: [("WORLD", "A world file (JSON). Without it, the embedded default world.")],
        positionalNouns: ("world file", "world files"),
        discussion: """
        For every mechanism, the base world and the world with the mechanism switched off run on the
        same seeds (common random numbers); each measure's change is the mean over seeds of the paired
        difference variant - base, with a 95% percentile bootstrap interval over seeds. R(d) and d* come
        from the correction experiment (uncorrected, reference, corrected at each delay) run on both
        worlds, with d* interpolated between the delays given (no refinement); their change is the
        difference of the pooled statistics, its interval from the same paired resamples. A measure is inert when its interval includes 0; a mechanism is inert when
        every measure is. A mechanism off in the world (a safeguard, a constructive principle) is
        measured against the world with it switched on, and says so.
        Writes into DIR:
          ablation.csv   per mechanism and measure: base and variant values, change, 95% interval, n, inert
          switches.csv   the mechanism table as applied: overrides, status, base
          runs.csv       per (arm, seed): every number the estimates use
          findings.txt   the main changes side by side, inert mechanisms named, verdicts on hypotheses
          hypotheses.csv with --hypothesis/--hypotheses or the world's "hypotheses": estimate, interval, verdict
          columns.csv    the data dictionary: every column of the CSV files, its meaning, unit and type
          manifest.json  the resolved world, its hash, seeds, delays, mechanisms, the command line
        A killed ablation resumes where it stopped when the same command is run again (finished units
        are journaled beside DIR); the result is the same bytes as an uninterrupted run, for any --jobs.
        Hypotheses (docs/hypotheses.md) name the change of a measure when a mechanism is switched off:
        "Δ d_star[floor] < 0", "Δ horizon_welfare[hysteresis] <= -0.02" (or 'delta' for Δ).
        Example:
          simrunner ablate --set agents=2000 --seeds 8 --mechanisms floor,scarring --hypothesis "Δ d_star[floor] < 0"
        Mechanisms and the overrides that switch them off (docs/mechanisms.md explains why):

        """ + AblationTables.switchesText)

    static func execute(_ parsed: ParsedCommand, commandLine: [String]) throws -> Int32 {
        if parsed.flag("list") {
            try Console.out(AblationTables.switchesMarkdown)
            return 0
        }
        let loaded = try CommonOptions.loadWorld(parsed)
        let world = loaded.world
        let steps = world.steps
        let delayText = parsed.value("delays") ?? "0:\(steps * 4 / 5):\(max(1, steps / 5))"
        let delays = delayText == "none" ? [] : try DelayList.parse(delayText, horizon: steps)
        let mechanisms = try selectedMechanisms(parsed.value("mechanisms"))
        var e = try Ablation(base: loaded, mechanisms: mechanisms,
                             seeds: try CommonOptions.seeds(parsed, defaultCount: 8, defaultFirst: world.seed), delays: delays)
        try CommonOptions.checkSize(runs: (e.arms.count * (delays.count + 2), e.seeds.count), what: "this ablation")
        e.recoveryLevel = try parsed.double("recovery-level", default: 0.5, range: -10...10)
        e.minimumStake = try parsed.double("min-stake", default: CorrectionExperiment.defaultMinimumStake, range: 0...1)
        e.collapseLevel = try parsed.double("trust-collapse", default: 0.2, range: 0...1)
        e.bootstrap.resamples = try parsed.int("bootstrap", default: 2000, range: 100...1_000_000)
        try CommonOptions.checkBootstrap(resamples: e.bootstrap.resamples, seeds: e.seeds.count, groups: (mechanisms.count + 1) * max(delays.count, 1))
        let jobs = try CommonOptions.jobs(parsed)
        let declared = try DeclaredHypotheses.load(parsed, experiment: .ablate, worlds: [loaded], problem: e.problem(with:))
        let outPath = parsed.value("out") ?? "outputs/\(world.name)-ablate"
        let out = try ResumableOutput(path: outPath, key: e.journalKey, experiment: "ablation", force: parsed.flag("force"))
        let interrupt = Interrupt.listen()
        defer { interrupt.stop() }
        e.store = UnitStore(journal: out.journal, interrupt: interrupt)
        let quiet = parsed.flag("quiet")
        let progress = Progress(total: e.unitCount, label: "runs", quiet: quiet)
        let result: Ablation.Result
        do {
            result = try e.run(jobs: jobs) { _, _ in progress.advance() }
        } catch where interrupt.isRequested && (error is Interrupted || error is CancellationError) {
            progress.finish("interrupted: \(out.journal.count) of \(e.unitCount) units (one world x one seed each) are saved in \(out.journal.url.path); run the same command to finish the others")
            return 130
        }
        progress.clear()
        let output = try out.stage()
        let judgements = declared.judge { e.estimate($0, in: result) }
        let findings = AblationTables.findings(result, e) + DeclaredHypotheses.findings(judgements)
        var tables = [("ablation.csv", AblationTables.ablation(result, e)), ("switches.csv", AblationTables.switches(e)),
                      ("runs.csv", AblationTables.runs(result, e))]
        if !judgements.isEmpty { tables.append(("hypotheses.csv", DeclaredHypotheses.table(judgements))) }
        for (name, bytes) in tables { try output.write(bytes, to: name) }
        try output.write(Array(findings.utf8), to: "findings.txt")
        try output.write(ColumnDictionary.csv(files: tables, experiment: .ablate), to: "columns.csv")
        let files = tables.map(\.0) + ["findings.txt", "columns.csv"]
        let settings: [(String, JSONValue)] = [
            ("experiment", .string("ablate")),
            ("seeds", .makeArray(e.seeds.map { WorldEncoder.value(.unsigned($0)) })),
            ("delays", .makeArray(e.delays.map { .int($0) })),
            ("mechanisms", .makeArray(mechanisms.map { .string($0.name) })),
            ("recoveryLevel", .double(e.recoveryLevel)),
            ("minimumStake", .double(e.minimumStake)),
            ("trustCollapse", .double(e.collapseLevel)),
            ("bootstrapResamples", .int(e.bootstrap.resamples)),
            ("interval", .string("95% percentile bootstrap over seeds of paired differences (variant - base)")),
        ]
        try output.writeManifest(Manifest.make(loaded: loaded, seed: e.seeds[0], commandLine: commandLine, files: files, settings: settings))
        try out.commit(output)
        if !quiet {
            try Console.out(findings + "  wrote \(outPath)/{\(files.joined(separator: ", ")), manifest.json}\n")
        }
        return 0
    }

    /// The mechanisms named by `--mechanisms` (all when nil), in table order.
    static func selectedMechanisms(_ text: String?) throws(UsageError) -> [MechanismSwitch] {
        guard let text else { return Mechanisms.all }
        let names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !names.isEmpty else { throw UsageError("'--mechanisms' expects a comma-separated list of mechanism names, got '\(text)'") }
        for name in names where Mechanisms.named(name) == nil {
            var message = "'--mechanisms': unknown mechanism '\(name)'"
            if let near = nearestName(to: name, among: Mechanisms.all.map(\.name)) { message += " (did you mean '\(near)'?)" }
            throw UsageError(message + "; 'simrunner ablate --help' lists them")
        }
        return Mechanisms.all.filter { names.contains($0.name) }
    }
}
