import Foundation
import SocialSim

/// `simrunner run`: one world, one seed; writes the per-step series, a one-row summary and a
/// manifest, and prints a short readable summary.
enum RunCommand {
    static let spec = CommandSpec(
        name: "run",
        summary: "Run one world with one seed and write its per-step measures.",
        usage: "[WORLD] [--seed N] [--out DIR] [--set KEY=VALUE]... [--jobs N] [--force]",
        options: [CommonOptions.seed, CommonOptions.out(default: "outputs/<world name>-seed<N>"), CommonOptions.set,
                  CommonOptions.jobs, CommonOptions.threads,
                  .value("trust-collapse", "T", help: "Mean trust below this counts as collapse (default 0.2)."),
                  .value("ledger", "N", help: "Also write ledger.csv: the irreversibility ledger of N sampled agents (at most 100000)."),
                  .flag("parquet", help: "Also write each CSV table as Parquet beside it (series.parquet, ...: plain encoding, uncompressed, types from columns.csv)."),
                  CommonOptions.force, CommonOptions.quiet],
        positionals: 0...1,
        positionalHelp: [("WORLD", "A world file (JSON). Without it, the embedded default world.")],
        positionalNouns: ("world file", "world files"),
        discussion: """
        Writes into DIR:
          series.csv     one row per step: constraint means and locked fractions per dimension,
                         trust mean and spread, exits, proxy reward, welfare, preference entropy,
                         distance from reflective preferences, homogenization, narrative shares
          summary.csv    one row: horizon welfare, trust and its measures (half-life, collapse,
                         loss and regain times), locks, first cascade, ...
          ledger.csv     with --ledger N: per sampled agent and dimension, when it first locked, the exposure
                         and neighbourhood before it, how often it locked and whether it ever unlocked
          manifest.json  the resolved world, its SHA-256, the seed, the program version and the command line
          columns.csv    the data dictionary: every column of every file, its meaning, unit and type
        Files appear together or not at all. The same world and seed give the same bytes, whatever --jobs is.
        Examples:
          simrunner run
          simrunner run worlds/constructive.json --seed 7 --set agents=2000 --out outputs/constructive-small
        """)

    static func execute(_ parsed: ParsedCommand, commandLine: [String]) throws -> Int32 {
        let loaded = try CommonOptions.loadWorld(parsed)
        let world = loaded.world
        let seed = try parsed.uint64("seed", default: world.seed)
        let threads = try CommonOptions.jobs(parsed)
        let (output, outPath) = try CommonOptions.output(parsed, defaultPath: "outputs/\(world.name)-seed\(seed)",
                                                         origin: CommonOptions.nameOrigin(loaded) + " and the seed \(seed)")

        let collapse = try parsed.double("trust-collapse", default: 0.2, range: 0...1)
        let ledgerSize = try parsed.int("ledger", default: 0, range: 0...IrreversibilityLedger.maxSample)
        let quiet = parsed.flag("quiet")
        let work = WorkEstimate.agentSteps(world)
        WorkEstimate.announce(agentSteps: work, runs: 1, threads: threads, what: "this run", quiet: quiet)
        // Steps are counted only for a long run, where seeing them move matters.
        let progress = WorkEstimate.line(agentSteps: work, runs: 1, threads: threads, what: "") != nil
            ? Progress(total: world.steps, label: "steps", quiet: quiet, linesWhenNotTerminal: true) : nil
        let result = try RunExecution.run(world: world, seed: seed, threads: threads, collapseLevel: collapse,
                                          ledgerSize: ledgerSize, onStep: progress.map { p in { _ in p.advance() } })
        progress?.clear()
        try output.write(result.seriesCSV, to: "series.csv")
        try output.write(result.summaryCSV, to: "summary.csv")
        var files = ["series.csv", "summary.csv"]
        var tables = [("series.csv", result.seriesCSV), ("summary.csv", result.summaryCSV)]
        if let ledger = result.outcome.ledger {
            let bytes = LedgerTable.bytes(ledger, frames: world.narrative.frames.map(\.name))
            try output.write(bytes, to: "ledger.csv")
            files.append("ledger.csv")
            tables.append(("ledger.csv", bytes))
        }
        try output.write(ColumnDictionary.csv(files: tables), to: "columns.csv")
        files.append("columns.csv")
        if parsed.flag("parquet") {
            for (name, bytes) in tables {
                try output.write(try ParquetTable.bytes(csv: bytes, file: name), to: ParquetTable.name(of: name))
                files.append(ParquetTable.name(of: name))
            }
        }
        try output.writeManifest(Manifest.make(loaded: loaded, seed: seed, commandLine: commandLine, files: files))
        try output.commit()
        if !quiet {
            try Console.out(RunReport.text(world: world, seed: seed, summary: result.outcome.summary,
                                           reliefSpent: result.outcome.reliefSpent, directory: DisplayPath.of(outPath)))
        }
        return 0
    }
}

/// Runs a simulation to its horizon and renders its tables.
enum RunExecution {
    struct Result {
        var outcome: RunOutcome
        var seriesCSV: [UInt8]
        var summaryCSV: [UInt8]
    }

    static func run(world: WorldConfig, seed: UInt64, threads: Int, collapseLevel: Double, ledgerSize: Int = 0,
                    onStep: ((Int) -> Void)? = nil) throws -> Result {
        let outcome = try RunOutcome.simulate(world, seed: seed, threads: threads, collapseLevel: collapseLevel,
                                              ledgerSize: ledgerSize, onStep: onStep)
        let frames = world.narrative.frames.map(\.name)
        var table = CSVTable(columns: SeriesTable.columns(frames: frames))
        for row in outcome.seriesRows() { table.append(row) }
        var summaryTable = CSVTable(columns: SummaryTable.columns(frames: frames))
        summaryTable.append(SummaryTable.row(outcome.summary, trust: outcome.trust, world: world, seed: seed))
        return Result(outcome: outcome, seriesCSV: table.takeBytes(), summaryCSV: summaryTable.takeBytes())
    }
}
