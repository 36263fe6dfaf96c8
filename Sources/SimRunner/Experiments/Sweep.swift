import Foundation
import SocialSim

/// A sweep: every design point times every seed, one run each. Run `r` is point `r / seeds`
/// with seed `seeds[r % seeds]`; rows are written in run order, so the output never depends
/// on `--jobs`, on interruptions or on how the runs were split into shards.
struct Sweep: Sendable {
    var base: WorldLoader.Loaded
    var design: SweepDesign
    var seeds: [UInt64]
    /// The resolved world of each design point.
    var worlds: [WorldConfig]
    var series = false
    /// Also write runs.parquet (series.parquet, points.parquet) beside the CSV files.
    var parquet = false
    /// runs.csv columns the sweep is about (from `--measure` or a design file's "measures").
    var measures: [String] = []
    var collapseLevel = 0.2
    /// `--experiment correct`: each run is a correction experiment on one seed (CorrectionSweep.swift).
    var correction: CorrectionSweep? = nil
    /// The canonical command (without --jobs, --out, --shard and other options that do not change results).
    var canonicalCommand: [String]

    var runCount: Int { design.points.count * seeds.count }

    /// Resolves and validates every point; all problems are reported together.
    init(base: WorldLoader.Loaded, design: SweepDesign, seeds: [UInt64], canonicalCommand: [String]) throws(WorldErrors) {
        self.base = base
        self.design = design
        self.seeds = seeds
        self.canonicalCommand = canonicalCommand
        var worlds: [WorldConfig] = []
        var errors: [WorldError] = []
        for (p, values) in design.points.enumerated() {
            var w = base.world
            let assignments = zip(design.keys, values).map { (key: $0, value: $1) }
            do {
                try WorldOverrides.apply(assignments, to: &w)
                let issues = WorldValidation.issues(w)
                errors += issues.map {
                    WorldError(source: "sweep point \(p) (" + assignments.map { "\($0.key)=\($0.value)" }.joined(separator: ", ") + ")",
                               path: $0.path, value: $0.value, message: $0.allowed)
                }
            } catch {
                errors += error.errors
            }
            worlds.append(w)
        }
        var seen = Set<String>()
        errors = errors.filter { seen.insert($0.description).inserted }
        if !errors.isEmpty { throw WorldErrors(errors: errors) }
        self.worlds = worlds
    }

    /// The runs of shard `index` (1-based) of `count`: every count-th run, so shards take similar time.
    func runs(shard: (index: Int, count: Int)?) -> [Int] {
        guard let s = shard else { return Array(0..<runCount) }
        return stride(from: s.index - 1, to: runCount, by: s.count).map { $0 }
    }

    var frames: [String] { base.world.narrative.frames.map(\.name) }

    var runColumns: [String] { correction?.runColumns(keys: design.keys) ?? ["run", "point"] + design.keys + SummaryTable.columns(frames: frames) }
    /// series.csv is long, with the run's parameters and seed inline (the shape of NetLogo
    /// BehaviorSpace's table output and Mesa's batch_run), so it needs no join with runs.csv.
    /// The data dictionary of the sweep's files (`points`: a correction sweep's points.csv, which
    /// a shard does not write).
    func columnDictionary(points: [UInt8]?) -> [UInt8] {
        Self.columnDictionary(runs: CSVTable(columns: runColumns).bytes, series: series ? CSVTable(columns: seriesColumns).bytes : nil,
                              points: points, correction: correction != nil)
    }

    /// The data dictionary of a sweep directory from its files' headers; `merge` writes the same.
    static func columnDictionary(runs: [UInt8], series: [UInt8]?, points: [UInt8]?, correction: Bool) -> [UInt8] {
        var files = [("runs.csv", runs)]
        if let series { files.append(("series.csv", series)) }
        if let points { files.append(("points.csv", points)) }
        return ColumnDictionary.csv(files: files, experiment: correction ? .correctionSweep : nil)
    }

    var seriesColumns: [String] { ["run", "point"] + design.keys + ["seed"] + SeriesTable.columns(frames: frames) }

    /// Runs one run and renders its rows (the runs.csv row and, if asked, its series rows).
    func execute(run r: Int) throws -> (row: [UInt8], series: [UInt8]) {
        if let correction { return (try correction.execute(self, run: r), []) }
        let point = r / seeds.count
        let seed = seeds[r % seeds.count]
        let world = worlds[point]
        let outcome = try RunOutcome.simulate(world, seed: seed, collapseLevel: collapseLevel)
        // Rows only: the headers are written once, when the sweep is assembled.
        var seriesTable = CSVTable(columns: seriesColumns)
        _ = seriesTable.takeBytes()
        if series {
            for row in outcome.seriesRows(prefix: [String(r), String(point)] + design.points[point] + [String(seed)]) { seriesTable.append(row) }
        }
        var table = CSVTable(columns: runColumns)
        _ = table.takeBytes()
        table.append([String(r), String(point)] + design.points[point]
                     + SummaryTable.row(outcome.summary, trust: outcome.trust, world: world, seed: seed))
        return (table.takeBytes(), seriesTable.takeBytes())
    }

    /// The manifest: a function of the design alone, so shards merged, resumed sweeps and
    /// sweeps with any --jobs all produce the same bytes.
    func manifest(shard: (index: Int, count: Int)?) -> [UInt8] {
        var members: [(String, JSONValue)] = [
            ("program", .string("simrunner")),
            ("version", .string(Program.version)),
            ("experiment", .string("sweep")),
            ("command", .makeArray(canonicalCommand.map { .string($0) })),
            ("worldSource", .string(base.source)),
            ("worldHash", .string(Manifest.worldHash(base.world))),
            ("seeds", .makeArray(seeds.map { WorldEncoder.value(.unsigned($0)) })),
            ("design", .makeObject([
                ("kind", .string(design.kind.rawValue)),
                ("keys", .makeArray(design.keys.map { .string($0) })),
                ("points", .makeArray(design.points.map { p in .makeArray(p.map { .string($0) }) })),
            ])),
            ("runs", .int(runCount)),
        ]
        if !measures.isEmpty { members.append(("measures", .makeArray(measures.map { .string($0) }))) }
        members += [
            // A correction sweep's shard writes no points.csv ('merge' computes it).
            ("files", .makeArray((series ? ["runs.csv", "series.csv", "columns.csv"]
                                  : correction == nil || shard != nil ? ["runs.csv", "columns.csv"] : ["runs.csv", "points.csv", "columns.csv"]).map { .string($0) })),
        ]
        if let correction { members.append(("correction", correction.manifestValue)) }
        if let s = shard { members.append(("shard", .string("\(s.index)/\(s.count)"))) }
        members.append(("world", WorldEncoder.json(base.world)))
        return JSONWriter.bytes(from: .makeObject(members))
    }
}
