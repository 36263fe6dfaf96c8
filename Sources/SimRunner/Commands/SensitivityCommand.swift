import Foundation
import SocialSim

/// `simrunner sensitivity`: Morris screening or Sobol indices of run measures to world parameters.
enum SensitivityCommand {
    static let defaultMeasures = ["horizon_welfare", "final_exited", "final_trust"]

    static let spec = CommandSpec(
        name: "sensitivity",
        summary: "Global sensitivity analysis: Morris elementary effects or Sobol indices of run measures to world parameters.",
        usage: "[WORLD] --method morris|sobol (--param KEY=LOW:HIGH)... [--trajectories R] [--samples N] [--measure NAME]... [--seeds K] [--jobs J] [--out DIR]",
        options: [
            .value("method", "morris|sobol", help: "morris: r (k + 1) runs, mu, mu* and sigma per parameter; sobol: N (2k + 2) runs, S1 and ST."),
            .repeating("param", "KEY=LOW:HIGH", help: "A parameter and its range (numeric parameters; integers are rounded)."),
            .value("trajectories", "R", help: "Morris trajectories (default 10)."),
            .value("levels", "P", help: "Morris grid levels, even (default 4)."),
            .value("samples", "N", help: "Sobol base samples (default 64)."),
            .value("design-seed", "S", help: "Seed of the Morris trajectories and of the bootstrap (default 1)."),
            .repeating("measure", "NAME", help: "A runs.csv column to analyze (default: \(defaultMeasures.joined(separator: ", ")))."),
            .value("experiment", "NAME", help: "What each run is: 'run' (default) or 'correct' (the correction experiment at every design point, as 'sweep --experiment correct'; measures then come from points.csv: d_star (the interpolated crossing, default; missing where R never falls below the level), d_star_censored (d* with those points counted at the horizon), stake, recovery_<d>, ...)."),
        ] + SweepDesignOptions.correction + [
            .value("bootstrap", "B", help: "Bootstrap resamples for the intervals (default 1000; 0: none)."),
            .value("seeds", "N", help: "Seeds per design point (default 2); the measure is their mean."),
            .value("seed", "SEED", help: "First seed (default: the world's seed)."),
            .value("jobs", "J", short: "j", help: "Runs in parallel (default: the number of cores). Output is the same bytes for any value."),
            .value("shard", "I/N", help: "Run only shard I of N; 'simrunner merge' the shards, then rerun this command on the merged DIR to analyze."),
            SweepDesignOptions.trustCollapse,
            .value("out", "DIR", short: "o", help: "Output directory (default: outputs/<world>-<method>)."),
            CommonOptions.set,
            SweepDesignOptions.force,
            CommonOptions.quiet,
        ],
        positionals: 0...1,
        positionalHelp: [("WORLD", "A world file (JSON). Without it, the embedded default world.")],
        positionalNouns: ("world file", "world files"),
        discussion: """
        The design's points run as a sweep (DIR/runs.csv, one row per point and seed, resumable after a
        kill, the same bytes for any --jobs); the measures are then analyzed into DIR/morris.csv or
        DIR/sobol.csv (one row per measure and parameter, with 95% bootstrap intervals; DIR/columns.csv
        describes every column of every file). Running the
        same command on a finished DIR only re-analyzes, so other --measure values cost no runs.
        Morris: 4 levels, step 2/3 of each range; effects are per unit of the range. Sobol: Saltelli
        sampling on a Sobol sequence (Joe-Kuo direction numbers), first-order (Saltelli 2010) and
        total (Jansen) indices; at most 16 parameters.
        Example: simrunner sensitivity --method morris --param trust.lossRate=0.05:0.3 --param optimizer.exploration=0:0.3 --trajectories 10
        """)

    static func execute(_ parsed: ParsedCommand, commandLine: [String]) throws -> Int32 {
        let loaded = try CommonOptions.loadWorld(parsed)
        let s = try makeSensitivity(parsed)
        let correcting = (parsed.value("experiment") ?? "run") == "correct"
        let measures = parsed.values("measure").isEmpty ? (correcting ? ["d_star", Sensitivity.censoredDStar, "stake"] : defaultMeasures) : parsed.values("measure")
        let bootstrap = try parsed.int("bootstrap", default: 1000, range: 0...100_000)
        let shard = try SweepCommand.parseShard(parsed.value("shard"))
        let seeds = try CommonOptions.seeds(parsed, defaultCount: 2, defaultFirst: loaded.world.seed)
        let designPoints = s.method == .morris ? s.trajectories * (s.factors.count + 1) : s.baseSamples * (2 * s.factors.count + 2)
        try CommonOptions.checkSize(runs: (designPoints, seeds.count), what: "this sensitivity design")
        var sweep = try Sweep(base: loaded, design: s.sweepDesign, seeds: seeds, canonicalCommand: canonical(parsed))
        sweep.collapseLevel = try parsed.double("trust-collapse", default: 0.2, range: 0...1)
        sweep.correction = try correctionSettings(parsed, world: loaded.world, bootstrap: bootstrap)
        if let c = sweep.correction, let last = c.delays.last, let p = sweep.worlds.firstIndex(where: { last >= $0.steps }) {
            throw UsageError("'--delays': delay \(last) is outside the run at design point \(p), whose steps are \(sweep.worlds[p].steps): delays must be from 0 to steps - 1")
        }
        guard sweep.runCount <= 10_000_000 else { throw UsageError("the design has \(sweep.runCount) runs; at most 10000000") }
        let jobs = try parsed.int("jobs", default: ProcessInfo.processInfo.activeProcessorCount, range: 1...1024)
        let outPath = parsed.value("out") ?? "outputs/\(loaded.world.name)-\(s.method.rawValue)"
        let directory = URL(fileURLWithPath: outPath)
        let quiet = parsed.flag("quiet")
        let key = SweepCommand.journalKey(sweep, manifest: sweep.manifest(shard: shard))
        let finished = OutputMarker.read(directory)?.key == key || isMerged(sweep, directory: directory)
        if !finished || parsed.flag("force") {
            let status = try SweepCommand.run(sweep, shard: shard, jobs: jobs, directory: directory,
                                              force: parsed.flag("force"), quiet: quiet)
            if status != 0 || shard != nil { return status }
        } else if shard != nil {
            return 0
        }
        // With the correction experiment the measures are per point (d*, the stake, R(d)): points.csv.
        let runs = try CSVReader.read(directory.appendingPathComponent(sweep.correction == nil ? "runs.csv" : "points.csv"))
        let rows = try s.analyze(runs, measures: measures, bootstrap: bootstrap, horizons: sweep.worlds.map(\.steps))
        let name = s.method.rawValue + ".csv"
        // The analysis joins the finished sweep's directory under its lock, and its marker lists it.
        let target = try OutputTarget(path: outPath, force: false)
        let analysis = SensitivityTables.csv(rows, method: s.method, sensitivity: s, seeds: seeds.count)
        try OutputDirectory.writeAtomically(analysis, to: target.url.appendingPathComponent(name))
        try OutputMarker.add(name, to: target.url)
        // The sweep's dictionary, with the analysis's file described too.
        let dictionary = target.url.appendingPathComponent("columns.csv")
        let sweepColumns = try CSVReader.read(dictionary).rows.filter { $0.first != name }
        var columns = CSVTable(columns: ColumnDictionary.header)
        for row in sweepColumns { columns.append(row) }
        for row in try CSVReader.parse(ColumnDictionary.csv(files: [(name, analysis)], experiment: .sensitivity)).rows { columns.append(row) }
        try OutputDirectory.writeAtomically(columns.takeBytes(), to: dictionary)
        target.release()
        if !quiet { try Console.out(text(rows, method: s.method) + "wrote \(directory.path)/\(name)\n") }
        return 0
    }

    /// Whether `directory` holds this very sweep merged from its shards (`simrunner merge` writes
    /// no journal key, only the single machine's manifest), so it is analyzed, not rerun.
    static func isMerged(_ sweep: Sweep, directory: URL) -> Bool {
        guard let marker = OutputMarker.read(directory), marker.key == nil,
              let data = FileManager.default.contents(atPath: directory.appendingPathComponent("manifest.json").path) else { return false }
        return Manifest.identity([UInt8](data)) == Manifest.identity(sweep.manifest(shard: nil))
    }

    /// `--experiment correct` settings (nil for plain runs); --bootstrap also sets points.csv's resamples.
    static func correctionSettings(_ parsed: ParsedCommand, world: WorldConfig, bootstrap: Int) throws -> CorrectionSweep? {
        try SweepDesignOptions.correctionSettings(parsed, world: world) {
            guard bootstrap >= 100 else { throw UsageError("'--bootstrap \(bootstrap)': with --experiment correct at least 100 (points.csv's intervals)") }
            return bootstrap
        }
    }

    static func makeSensitivity(_ parsed: ParsedCommand) throws -> Sensitivity {
        guard let methodText = parsed.value("method") else { throw UsageError("--method is required: morris or sobol") }
        guard let method = Sensitivity.Method(rawValue: methodText) else {
            throw UsageError("'--method \(methodText)': expected morris or sobol")
        }
        let pairs = try parsed.keyValuePairs("param")
        guard !pairs.isEmpty else { throw UsageError("give at least one --param KEY=LOW:HIGH (see 'simrunner sensitivity --help')") }
        guard pairs.count <= DesignLimits.axes else {
            throw UsageError("\(pairs.count) parameters; at most \(DesignLimits.axes)")
        }
        var seen = Set<String>()
        for p in pairs where !seen.insert(p.key).inserted { throw UsageError("parameter '\(p.key)' is given twice") }
        let factors = try pairs.map { p throws(UsageError) -> Sensitivity.Factor in
            let r: (key: String, low: Double, high: Double, integer: Bool)
            do throws(UsageError) { r = try SweepDesign.lhsRange(p.key, p.value) } catch {
                throw UsageError(error.message.replacingOccurrences(of: "'--lhs ", with: "'--param ")
                    .replacingOccurrences(of: "use --grid with a list for others", with: "others cannot be varied continuously"))
            }
            return Sensitivity.Factor(key: r.key, low: r.low, high: r.high, integer: r.integer)
        }
        var s = Sensitivity(method: method, factors: factors)
        s.designSeed = try parsed.uint64("design-seed", default: 1)
        switch method {
        case .morris:
            s.trajectories = try parsed.int("trajectories", default: 10, range: 2...100_000)
            s.levels = try parsed.int("levels", default: 4, range: 2...1000)
            guard s.levels % 2 == 0 else { throw UsageError("'--levels \(s.levels)': use an even number of levels (e.g. 4)") }
            if parsed.value("samples") != nil { throw UsageError("--samples applies to --method sobol; Morris uses --trajectories") }
        case .sobol:
            guard factors.count <= SobolSequence.maximumDimensions / 2 else {
                throw UsageError("Sobol indices take at most \(SobolSequence.maximumDimensions / 2) parameters (\(factors.count) given); screen them with --method morris first")
            }
            s.baseSamples = try parsed.int("samples", default: 64, range: 2...1_000_000)
            for name in ["trajectories", "levels"] where parsed.value(name) != nil {
                throw UsageError("--\(name) applies to --method morris; Sobol uses --samples")
            }
        }
        // Checked before the design is built: Sobol with 10^6 samples of 16 parameters is 34 million points.
        let points = method == .morris
            ? DesignLimits.product(s.trajectories, factors.count + 1, limit: DesignLimits.points)
            : DesignLimits.product(s.baseSamples, 2 * factors.count + 2, limit: DesignLimits.points)
        guard points != nil else {
            throw UsageError("the \(method.rawValue) design would have more than \(DesignLimits.points) points; use fewer " + (method == .morris ? "--trajectories" : "--samples"))
        }
        return s
    }

    /// What determines the runs (not --measure or --bootstrap, which only change the analysis).
    static func canonical(_ parsed: ParsedCommand) -> [String] {
        var c = ["simrunner", "sensitivity"] + parsed.positionals
        for (name, values) in [("set", parsed.values("set")), ("param", parsed.values("param"))] {
            for v in values { c += ["--\(name)", v] }
        }
        for name in ["method", "trajectories", "levels", "samples", "design-seed", "seeds", "seed", "trust-collapse",
                     "experiment", "delays", "recovery-level", "min-stake"] {
            if let v = parsed.value(name) { c += ["--\(name)", v] }
        }
        return c
    }

    /// The ranking printed on stdout: by mu* (Morris) or total index (Sobol), per measure.
    static func text(_ rows: [Sensitivity.Row], method: Sensitivity.Method) -> String {
        func f(_ x: Double?) -> String { x.flatMap { $0.isFinite ? String(format: "%.4g", $0) : nil } ?? "undefined" }
        var out = ""
        var measures: [String] = []
        for r in rows where !measures.contains(r.measure) { measures.append(r.measure) }
        for m in measures {
            let mine = rows.filter { $0.measure == m }
            out += "\(m):\n"
            if let first = mine.first, first.missingPoints > 0 || first.rightCensoredPoints > 0 {
                out += "  (\(first.missingPoints) of the design's points have no value"
                    + (first.rightCensoredPoints > 0 ? "; \(first.rightCensoredPoints) are counted at the horizon, R never below the level" : "") + ")\n"
            }
            switch method {
            case .morris:
                for r in mine.sorted(by: { ($0.morris?.muStar ?? -1) > ($1.morris?.muStar ?? -1) }) {
                    let e = r.morris
                    out += "  \(r.factor): mu* \(f(e?.muStar))" + (e?.muStarInterval.map { " [\(f($0.lowerBound)), \(f($0.upperBound))]" } ?? "")
                        + ", mu \(f(e?.mu)), sigma \(f(e?.sigma)) (\(e?.count ?? 0) trajectories)\n"
                }
            case .sobol:
                if let missing = mine.first?.missingPoints, missing > 0 {
                    out += "  undefined: the measure is missing at \(missing) design points\n"
                    continue
                }
                for r in mine.sorted(by: { ($0.sobol?.total ?? -1) > ($1.sobol?.total ?? -1) }) {
                    let i = r.sobol
                    out += "  \(r.factor): ST \(f(i?.total))" + (i?.totalInterval.map { " [\(f($0.lowerBound)), \(f($0.upperBound))]" } ?? "")
                        + ", S1 \(f(i?.firstOrder))" + (i?.firstOrderInterval.map { " [\(f($0.lowerBound)), \(f($0.upperBound))]" } ?? "") + "\n"
                }
            }
        }
        return out
    }
}
