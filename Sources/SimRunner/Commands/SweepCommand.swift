import Foundation
import SocialSim

/// `simrunner sweep`: a grid or Latin hypercube over world parameters, times seeds.
enum SweepCommand {
    static let spec = CommandSpec(
        name: "sweep",
        summary: "Run a grid or Latin hypercube over world parameters, times seeds, in parallel; resumable and shardable.",
        usage: "[WORLD] (--grid KEY=A:B:N | --grid KEY=V1,V2 | --lhs KEY=A:B --samples K)... [--seeds N] [--jobs J] [--out DIR]",
        options: [
            .repeating("grid", "KEY=SPEC", help: "A grid axis: A:B:N gives N evenly spaced values from A to B; V1,V2,... lists values."),
            .repeating("lhs", "KEY=A:B", help: "A Latin hypercube axis over [A, B] (needs --samples)."),
            .value("samples", "K", help: "Number of Latin hypercube points."),
            .value("design-seed", "S", help: "Seed of the Latin hypercube (default 1)."),
            .value("seeds", "N", help: "Seeds per point (default 4); seeds are SEED, SEED+1, ..."),
            .value("seed", "SEED", help: "First seed (default: the world's seed)."),
            CommonOptions.jobs,
            .value("design", "FILE.json", help: "An experiment file: axes, seeds, settings and measures (see docs/sweeps.md); options given too are added to it."),
            .repeating("measure", "COLUMN", help: "A runs.csv column the sweep is about: recorded in the manifest, shown first by 'simrunner report'."),
            .value("shard", "I/N", help: "Run only shard I of N (1-based), for job arrays; combine with 'simrunner merge'."),
            .flag("series", help: "Also write series.csv: every run's measures at every step."),
            .flag("parquet", help: "Also write runs.csv (series.csv, points.csv) as Parquet beside it: plain encoding, uncompressed, types from columns.csv; 'merge' writes them too."),
            .value("experiment", "NAME", help: "What each run is: 'run' (default, one simulation) or 'correct' (the correction experiment: uncorrected, reference and corrected at each of --delays)."),
        ] + SweepDesignOptions.correction + [
            .value("bootstrap", "B", help: "With --experiment correct: bootstrap resamples per point for points.csv (default 1000)."),
            SweepDesignOptions.trustCollapse,
            CommonOptions.out(default: "outputs/<world name>-sweep"),
            CommonOptions.set,
            .flag("resume", help: "Continue an unfinished sweep in DIR (also done automatically when the design matches)."),
            SweepDesignOptions.force,
            CommonOptions.quiet,
        ],
        positionals: 0...1,
        positionalHelp: [("WORLD", "A world file (JSON). Without it, the embedded default world.")],
        positionalNouns: ("world file", "world files"),
        discussion: """
        Writes into DIR: runs.csv (one row per run: run, point, the swept parameters, seed and summary
        measures), series.csv with --series (long: run, point, the swept parameters and seed inline, then
        step and every measure), columns.csv (the data dictionary) and manifest.json (the resolved
        design). Rows are in run
        order whatever --jobs is. A sweep that is stopped (Ctrl-C, SIGKILL, a crash) keeps every
        finished run in the hidden journal .DIR.journal beside DIR; the same command finishes the missing runs
        only, and says so. Progress (stderr) counts runs: a line rewritten in a terminal, appended every 30 s
        and at each 10% of the runs otherwise (a Slurm log, nohup).
        Examples:
          simrunner sweep --grid optimizer.specificationGap=0:1:5 --grid trust.lossRate=0.01,0.02,0.05 --seeds 8
          simrunner sweep --lhs trust.lossRate=0.01:0.1 --lhs optimizer.specificationGap=0:1 --samples 40 --series
          simrunner sweep --design docs/designs/gap-by-trust-loss.json --jobs 2
          simrunner sweep --grid trust.lossRate=0.01,0.05 --shard 2/4 --out outputs/shard-2   # then: simrunner merge
        With --experiment correct, each run is one seed of the correction experiment at one point: runs.csv has
        one row per (run, delay) with the welfare of the three variants, the stake, recovery and costs, all on
        common random numbers, and points.csv one row per point: the stake with its interval, R(d) pooled over
        seeds at each delay, and d* (where R crosses --recovery-level, interpolated on the delay grid, so its
        resolution is the grid spacing) with its bootstrap interval over seeds. 'simrunner report' runs PRIM
        on d* over the points.
        """)

    static func execute(_ parsed: ParsedCommand, commandLine: [String]) throws -> Int32 {
        var parsed = parsed
        if let path = parsed.value("design") {
            // A design file stands for the options it holds: expand it and parse again, so the
            // sweep, its manifest and its canonical command are those of the options typed out.
            let design = try DesignFile.load(path: path)
            if design.world != nil && !parsed.positionals.isEmpty {
                throw UsageError("\(UsageError.quote(path)) names a world and the command line gives \(UsageError.quote(parsed.positionals[0])); give one")
            }
            parsed = try CommandArguments.parse(ArraySlice(design.arguments + arguments(of: parsed, except: "design")), spec: spec)
        }
        let loaded = try CommonOptions.loadWorld(parsed)
        let design = try makeDesign(parsed)
        let shard = try parseShard(parsed.value("shard"))
        let seeds = try CommonOptions.seeds(parsed, defaultCount: 4, defaultFirst: loaded.world.seed)
        try CommonOptions.checkSize(runs: (design.points.count, seeds.count), what: "this sweep")
        var sweep = try Sweep(base: loaded, design: design, seeds: seeds, canonicalCommand: canonical(parsed))
        sweep.series = parsed.flag("series")
        sweep.parquet = parsed.flag("parquet")
        sweep.measures = parsed.values("measure")
        for m in sweep.measures where !sweep.runColumns.contains(m) {
            var message = "measure \(UsageError.quote(m)) is not a column of runs.csv"
            if let near = nearestName(to: m, among: sweep.runColumns) { message += " (did you mean '\(near)'?)" }
            throw UsageError(message + "; 'simrunner columns sweep' lists them")
        }
        sweep.collapseLevel = try parsed.double("trust-collapse", default: 0.2, range: 0...1)
        sweep.correction = try correctionSettings(parsed, world: loaded.world)
        if let c = sweep.correction, let last = c.delays.last {
            // A swept horizon may be shorter than the base world's.
            for (p, w) in sweep.worlds.enumerated() where last >= w.steps {
                throw UsageError("'--delays': delay \(last) is outside the run at sweep point \(p) ("
                                 + zip(design.keys, design.points[p]).map { "\($0)=\($1)" }.joined(separator: ", ")
                                 + "), whose steps are \(w.steps): delays must be from 0 to steps - 1")
            }
        }
        let jobs = try CommonOptions.jobs(parsed)
        let outPath = parsed.value("out") ?? "outputs/\(loaded.world.name)-sweep"
        let quiet = parsed.flag("quiet")
        return try run(sweep, shard: shard, jobs: jobs, directory: URL(fileURLWithPath: outPath),
                       force: parsed.flag("force"), quiet: quiet)
    }

    static func run(_ sweep: Sweep, shard: (index: Int, count: Int)?, jobs: Int, directory: URL, force: Bool, quiet: Bool) throws -> Int32 {
        let manifest = sweep.manifest(shard: shard)
        let out = try ResumableOutput(path: directory.path, key: journalKey(sweep, manifest: manifest), experiment: "sweep", force: force)
        let store = UnitStore(journal: out.journal, interrupt: Interrupt.listen())
        defer { store.interrupt?.stop() }
        let mine = sweep.runs(shard: shard)
        let todo = mine.filter { !out.journal.contains(String($0)) }
        let work = todo.reduce(0.0) { $0 + WorkEstimate.agentSteps(sweep.worlds[$1 / sweep.seeds.count]) }
        WorkEstimate.announce(agentSteps: work, runs: todo.count, threads: jobs, what: "this sweep", quiet: quiet)
        let progress = Progress(total: mine.count, alreadyDone: mine.count - todo.count, label: "runs", quiet: quiet)
        let shown = DisplayPath.of(directory)
        let scope = shard.map { "shard \($0.index)/\($0.count): \(mine.count) of the sweep's \(sweep.runCount) runs" } ?? "\(mine.count) runs"
        let what = "\(sweep.design.points.count) \(sweep.design.kind == .lhs ? "Latin hypercube" : "grid") points x \(sweep.seeds.count) seeds over "
            + sweep.design.keys.joined(separator: ", ") + " (\(sweep.base.world.agents) agents, \(sweep.base.world.steps) steps)"
        if todo.count < mine.count {
            progress.start(header: "sweep: resuming \(shown): \(mine.count - todo.count) of \(mine.count) runs already done, \(todo.count) to run; "
                           + what + ", \(jobs) job\(jobs == 1 ? "" : "s")")
        } else {
            progress.start(header: "sweep: \(scope), " + what + ", \(jobs) job\(jobs == 1 ? "" : "s"); writing \(shown)")
        }
        do {
            _ = try RunPool.map(count: todo.count, jobs: jobs) { k in
                let r = todo[k]
                _ = try store.bytes(String(r)) { try journalPayload(sweep.execute(run: r), series: sweep.series) }
                progress.advance()
                return 0
            }
        } catch where store.interrupt?.isRequested == true && (error is Interrupted || error is CancellationError) {
            let saved = mine.filter { out.journal.contains(String($0)) }.count
            progress.finish("interrupted: \(saved) of \(mine.count) runs are saved in \(DisplayPath.of(out.journal.url)); run the same command to finish the others")
            return 130
        }
        // Assembled in run order from the journal, so the bytes do not depend on --jobs or on interruptions.
        var rows = CSVTable(columns: sweep.runColumns).bytes
        var series = sweep.series ? CSVTable(columns: sweep.seriesColumns).bytes : nil
        for r in mine {
            guard let payload = try out.journal.payload(String(r)), let unit = splitPayload(payload) else {
                throw UnitStoreMismatch()
            }
            rows += unit.row
            series? += unit.series
        }
        let output = try out.stage()
        if let series { try output.write(series, to: "series.csv") }
        // A correction sweep's points.csv is a function of runs.csv alone (a shard writes none: 'merge' does).
        let points = try sweep.correction.flatMap { c in shard == nil ? try c.points(runs: rows, keys: sweep.design.keys) : nil }
        if let points { try output.write(points, to: "points.csv") }
        try output.write(rows, to: "runs.csv")
        try output.write(sweep.columnDictionary(points: points), to: "columns.csv")
        if sweep.parquet {
            try writeParquet(runs: rows, series: series, points: points, correction: sweep.correction != nil, to: output)
        }
        try output.writeManifest(manifest)
        try out.commit(output)
        progress.finish("sweep: \(mine.count) runs" + (shard.map { " (shard \($0.index)/\($0.count) of \(sweep.runCount))" } ?? "")
                        + " done in \(Progress.duration(progress.elapsed)); wrote \(shown)/runs.csv")
        return 0
    }

    /// The Parquet twins of a sweep directory's tables (one machine and 'merge' alike).
    static func writeParquet(runs: [UInt8], series: [UInt8]?, points: [UInt8]?, correction: Bool, to output: OutputDirectory) throws {
        let experiment: ColumnDictionary.Experiment? = correction ? .correctionSweep : nil
        for (name, bytes) in [("runs.csv", runs), ("series.csv", series), ("points.csv", points)] {
            guard let bytes else { continue }
            try output.write(try ParquetTable.bytes(csv: bytes, file: name, experiment: experiment), to: ParquetTable.name(of: name))
        }
    }

    /// Names the sweep by what its runs depend on: the manifest without the command's spelling
    /// (world file path, option order), plus the collapse level the rows are computed with.
    static func journalKey(_ sweep: Sweep, manifest: [UInt8]) -> String {
        ExperimentKey.make(["sweep", String(decoding: Manifest.identity(manifest), as: UTF8.self),
                            String(sweep.collapseLevel.bitPattern)])
    }

    /// A journaled run: its runs.csv row, then its series.csv rows (empty without --series).
    static func journalPayload(_ out: (row: [UInt8], series: [UInt8]), series: Bool) -> [UInt8] {
        let row = out.row
        var bytes = (0..<8).map { UInt8(truncatingIfNeeded: UInt64(row.count) >> (8 * UInt64($0))) }
        bytes += row
        if series { bytes += out.series }
        return bytes
    }

    static func splitPayload(_ bytes: [UInt8]) -> (row: [UInt8], series: [UInt8])? {
        guard bytes.count >= 8 else { return nil }
        var n: UInt64 = 0
        for i in 0..<8 { n |= UInt64(bytes[i]) << (8 * UInt64(i)) }
        guard n <= UInt64(bytes.count - 8) else { return nil }
        return (Array(bytes[8..<(8 + Int(n))]), Array(bytes[(8 + Int(n))...]))
    }

    /// The settings of `--experiment correct`, or nil for plain runs (refusing its options then).
    static func correctionSettings(_ parsed: ParsedCommand, world: WorldConfig) throws -> CorrectionSweep? {
        if parsed.value("experiment") == "correct" && parsed.flag("series") {
            throw UsageError("--series is not available with --experiment correct (use 'simrunner correct' for the series of one world)")
        }
        return try SweepDesignOptions.correctionSettings(parsed, world: world, alsoCorrectOnly: ["bootstrap"]) {
            try parsed.int("bootstrap", default: 1000, range: 100...1_000_000)
        }
    }

    static func makeDesign(_ parsed: ParsedCommand) throws -> SweepDesign {
        let grid = try parsed.keyValuePairs("grid")
        let lhs = try parsed.keyValuePairs("lhs")
        if !grid.isEmpty && !lhs.isEmpty { throw UsageError("use either --grid or --lhs, not both") }
        guard grid.count + lhs.count <= DesignLimits.axes else {
            throw UsageError("\(grid.count + lhs.count) swept parameters; at most \(DesignLimits.axes)")
        }
        var keys = Set<String>()
        for key in (grid + lhs).map(\.key) where !keys.insert(key).inserted {
            throw UsageError("parameter '\(key)' is swept twice")
        }
        if !lhs.isEmpty {
            guard let samples = try parsed.int("samples", range: 1...DesignLimits.points) else {
                throw UsageError("--lhs needs --samples K (the number of points)")
            }
            let ranges = try lhs.map { pair throws(UsageError) in try SweepDesign.lhsRange(pair.key, pair.value) }
            return SweepDesign.latinHypercube(ranges, samples: samples, seed: try parsed.uint64("design-seed", default: 1))
        }
        guard !grid.isEmpty else { throw UsageError("give at least one --grid or --lhs axis (see 'simrunner sweep --help')") }
        if parsed.value("samples") != nil { throw UsageError("--samples applies to --lhs only") }
        let axes = try grid.map { pair throws(UsageError) in try SweepDesign.gridAxis(pair.key, pair.value) }
        // Multiplied with an overflow check: 43 axes of 3 values overflow Int.
        var points = 1
        for axis in axes {
            guard let p = DesignLimits.product(points, axis.values.count, limit: DesignLimits.points) else {
                let sizes = axes.map { String($0.values.count) }.joined(separator: " x ")
                throw UsageError("the grid has \(SafeText.shown(sizes, limit: 80)) points, more than \(DesignLimits.points); use fewer axes or values")
            }
            points = p
        }
        return SweepDesign.grid(axes)
    }

    static func parseShard(_ text: String?) throws(UsageError) -> (index: Int, count: Int)? {
        guard let text else { return nil }
        let parts = text.split(separator: "/").map { Int($0) }
        guard parts.count == 2, let i = parts[0], let n = parts[1], n >= 1, i >= 1, i <= n else {
            throw UsageError("'--shard' expects I/N with 1 <= I <= N (e.g. 3/10), got '\(text)'")
        }
        return (i, n)
    }

    /// The command line a parse stands for, without option `except` (positionals first).
    static func arguments(of parsed: ParsedCommand, except: String) -> [String] {
        var out = parsed.positionals.isEmpty ? [] : ["--"] + parsed.positionals
        var options: [String] = []
        for option in parsed.spec.options where option.name != except {
            if option.valueName == nil {
                if parsed.flag(option.name) { options.append(option.longForm) }
            } else if option.repeats {
                for v in parsed.values(option.name) { options += [option.longForm, v] }
            } else if let v = parsed.value(option.name) {
                options += [option.longForm, v]
            }
        }
        out = options + out
        return out
    }

    /// The command as it determines the results: world, overrides, design, seeds, series.
    static func canonical(_ parsed: ParsedCommand) -> [String] {
        var c = ["simrunner", "sweep"] + parsed.positionals
        for (name, values) in [("set", parsed.values("set")), ("grid", parsed.values("grid")), ("lhs", parsed.values("lhs")),
                               ("measure", parsed.values("measure"))] {
            for v in values { c += ["--\(name)", v] }
        }
        for name in ["samples", "design-seed", "seeds", "seed", "trust-collapse", "experiment", "delays", "recovery-level", "min-stake", "bootstrap"] {
            if let v = parsed.value(name) { c += ["--\(name)", v] }
        }
        if parsed.flag("series") { c.append("--series") }
        // Parquet changes the files the directory holds, so a rerun and a merge write them too.
        if parsed.flag("parquet") { c.append("--parquet") }
        return c
    }
}
