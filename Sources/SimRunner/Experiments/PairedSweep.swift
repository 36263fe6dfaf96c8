import Foundation

/// Every point of a finished sweep against one baseline point, paired on seeds (common random
/// numbers: the same seed gives every point the same random streams). Reads the sweep's runs.csv.
///
/// - A plain sweep: every numeric per-run measure; a point's value is its mean over seeds, the
///   difference is the mean paired difference over the seeds where both points define it.
/// - A correction sweep (runs.csv has a delay column): the stake, R(d) at every delay pooled over
///   seeds as a ratio of means (``RecoveryCurve``) and d*, the first crossing of the recovery
///   level on the delay grid, interpolated (``LevelCrossing``; empty unless crossed).
/// - Intervals: 95% percentile bootstrap over seeds (``Bootstrap``, deterministic), the same
///   resample of seed indices for both points, of the difference of the statistic; undefined
///   (empty) when fewer than 95% of resamples define it.
struct PairedSweep {
    var runs: CSVReader
    var bootstrap = Bootstrap()
    var level = 0.5
    /// A plain sweep's series.csv, for `seriesMeasures` (nil when none are asked for).
    var series: CSVReader?
    var seriesMeasures: [SeriesMeasure] = []

    /// A per-run scalar taken from a run's series (rows in step order).
    enum SeriesMeasure: Equatable {
        /// The mean of the column over every step of the run.
        case mean(String)
        /// The column's value at one step.
        case at(String, step: Int)
        /// The first step at which the column is below the level (undefined if never).
        case firstBelow(String, level: Double)

        var column: String {
            switch self { case .mean(let c), .at(let c, _), .firstBelow(let c, _): c }
        }

        var name: String {
            switch self {
            case .mean(let c): "mean_" + c
            case .at(let c, let step): "\(c)_at_step_\(step)"
            case .firstBelow(let c, let level): "first_step_\(c)_below_" + CSVTable.format(level)
            }
        }
    }

    /// Each series measure of each run, by run number (nil where undefined).
    private func seriesValues() throws -> [String: [Double?]] {
        guard !seriesMeasures.isEmpty else { return [:] }
        guard let series, let ri = series.index("run"), let ti = series.index("step") else {
            throw UsageError("series.csv: the series measures need the sweep's series.csv (run the sweep with --series), with columns run and step")
        }
        var columns: [Int] = []
        for m in seriesMeasures {
            guard let i = series.index(m.column), !["run", "point", "seed", "step"].contains(m.column) else {
                throw UsageError("series.csv has no measure column \(UsageError.quote(m.column)); its columns are " + series.columns.joined(separator: ", "))
            }
            columns.append(i)
        }
        var sums: [String: [Double?]] = [:], counts: [String: Int] = [:], out: [String: [Double?]] = [:]
        for row in series.rows {
            let run = row[ri]
            guard let step = Int(row[ti]) else { throw UsageError("series.csv: run \(run): step \(UsageError.quote(row[ti])) is not an integer") }
            if out[run] == nil { out[run] = Array(repeating: nil, count: seriesMeasures.count); sums[run] = Array(repeating: 0, count: seriesMeasures.count) }
            counts[run, default: 0] += 1
            for (k, m) in seriesMeasures.enumerated() {
                let x = CSVReader.number(row[columns[k]])
                switch m {
                case .mean: sums[run]![k] = x.flatMap { v in sums[run]![k].map { $0 + v } }
                case .at(_, let s) where s == step: out[run]![k] = x
                case .firstBelow(_, let level) where out[run]![k] == nil && (x.map { $0 < level } ?? false): out[run]![k] = Double(step)
                default: break
                }
            }
        }
        for (run, sum) in sums {
            for (k, m) in seriesMeasures.enumerated() where m == .mean(m.column) { out[run]![k] = sum[k].map { $0 / Double(counts[run]!) } }
        }
        return out
    }

    /// The swept parameters: the columns between point and world/seed.
    var parameters: [String] {
        guard let p = runs.index("point") else { return [] }
        return Array(runs.columns[(p + 1)...].prefix { $0 != "world" && $0 != "seed" })
    }

    struct Row {
        var point: String
        var values: [String]
        var measure: String
        var seeds: Int
        var mean: Double?
        var baseline: Double?
        var difference: Double?
        var interval: ClosedRange<Double>?
    }

    /// The per-seed statistic of one point: values by measure, each a function of seed indices.
    private struct Point {
        var id: String
        var values: [String]
        var seeds: [String]
        var statistics: [(name: String, of: ([Int]) -> Double?)]
    }

    static let method = "95% percentile bootstrap over seeds, the same resample for both points"

    /// `against`: the baseline's value of each swept key it names (values compared as numbers when both parse).
    func rows(against: [(key: String, value: String)]) throws -> [Row] {
        let params = parameters
        guard runs.has("point"), runs.has("seed"), !params.isEmpty else {
            throw UsageError("runs.csv: not a sweep's runs.csv (needs the columns run, point, the swept parameters, seed)")
        }
        for (k, v) in against {
            guard params.contains(k) else {
                throw UsageError("--against \(UsageError.quote(k)): not a swept key of this sweep; its keys are " + params.joined(separator: ", "))
            }
            let values = runs.distinct(k)
            guard values.contains(where: { Self.same($0, v) }) else {
                throw UsageError("--against \(k)=\(UsageError.quote(v)): not a value of the design; its values are " + values.joined(separator: ", "))
            }
        }
        let points = try self.points()
        let baselines = points.filter { p in against.allSatisfy { a in Self.same(p.values[params.firstIndex(of: a.key)!], a.value) } }
        guard baselines.count == 1, let base = baselines.first else {
            throw UsageError("--against " + against.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
                             + " matches \(baselines.count) points of the design; give a value for each of " + params.joined(separator: ", "))
        }
        var out: [Row] = []
        for p in points {
            guard p.seeds == base.seeds else {
                throw UsageError("runs.csv: point \(p.id) ran seeds " + p.seeds.joined(separator: ",") + " but the baseline point \(base.id) ran "
                                 + base.seeds.joined(separator: ",") + ": a paired difference needs the same seeds")
            }
            for (m, b) in zip(p.statistics, base.statistics) {
                out.append(row(p, base, m.name, m.of, b.of))
            }
        }
        return out
    }

    private func row(_ p: Point, _ base: Point, _ name: String, _ f: ([Int]) -> Double?, _ g: ([Int]) -> Double?) -> Row {
        let all = Array(p.seeds.indices)
        let isBase = p.id == base.id
        var r = Row(point: p.id, values: p.values, measure: name, seeds: all.count, mean: f(all), baseline: g(all))
        guard !isBase, let a = r.mean, let b = r.baseline else { return r }
        r.difference = a - b
        let reps = bootstrap.replicate(count: all.count) { idx -> Double? in f(idx).flatMap { x in g(idx).map { x - $0 } } }
        let defined = reps.compactMap { $0 }.filter(\.isFinite).sorted()
        if Double(defined.count) >= 0.95 * Double(bootstrap.resamples) {
            let tail = (1 - bootstrap.confidence) / 2
            r.interval = Bootstrap.quantile(defined, tail)...Bootstrap.quantile(defined, 1 - tail)
        }
        return r
    }

    private func points() throws -> [Point] {
        let params = parameters
        let pi = runs.index("point")!, si = runs.index("seed")!
        let pis = params.map { runs.index($0)! }
        var order: [String] = []
        var groups: [String: [[String]]] = [:]
        for row in runs.rows {
            if groups[row[pi]] == nil { order.append(row[pi]) }
            groups[row[pi], default: []].append(row)
        }
        let correction = runs.has("delay")
        if correction && !seriesMeasures.isEmpty {
            throw UsageError("series measures are for a plain sweep run with --series; a correction sweep writes no series")
        }
        let perRun = try seriesValues()
        return try order.map { id in
            let rows = groups[id]!
            let values = pis.map { rows[0][$0] }
            return correction ? try correctionPoint(id, values, rows) : try plainPoint(id, values, rows, si, perRun)
        }
    }

    /// Columns that are neither keys nor text.
    private var measureColumns: [String] {
        let skip = Set(["run", "point", "world", "seed", "delay"] + parameters)
        return runs.columns.filter { c in
            guard !skip.contains(c), let i = runs.index(c) else { return false }
            return runs.rows.contains { !$0[i].isEmpty } && runs.rows.allSatisfy { $0[i].isEmpty || Double($0[i]) != nil }
        }
    }

    private func plainPoint(_ id: String, _ values: [String], _ rows: [[String]], _ si: Int, _ perRun: [String: [Double?]]) throws -> Point {
        let seeds = rows.map { $0[si] }
        guard Set(seeds).count == seeds.count else { throw UsageError("runs.csv: point \(id) has seed \(seeds.first { s in seeds.filter { $0 == s }.count > 1 }!) twice") }
        var stats: [(name: String, of: ([Int]) -> Double?)] = measureColumns.map { c in
            let i = runs.index(c)!
            let xs = rows.map { CSVReader.number($0[i]) }
            return (c, { idx in Self.mean(idx.map { xs[$0] }) })
        }
        let ri = runs.index("run")
        for (k, m) in seriesMeasures.enumerated() {
            let xs = try rows.map { row -> Double? in
                guard let ri, let values = perRun[row[ri]] else { throw UsageError("series.csv: no series for run \(ri.map { row[$0] } ?? "?") of runs.csv (run the sweep with --series)") }
                return values[k]
            }
            stats.append((m.name, { idx in Self.mean(idx.map { xs[$0] }) }))
        }
        return Point(id: id, values: values, seeds: seeds, statistics: stats)
    }

    private func correctionPoint(_ id: String, _ values: [String], _ rows: [[String]]) throws -> Point {
        func column(_ name: String) throws -> Int {
            guard let i = runs.index(name) else { throw UsageError("runs.csv: a correction sweep's runs.csv needs the column \(name)") }
            return i
        }
        let si = try column("seed"), di = try column("delay")
        let ui = try column("welfare_uncorrected"), ri = try column("welfare_reference"), ci = try column("welfare_corrected")
        let seeds = rows.map { $0[si] }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let delayTexts = rows.map { $0[di] }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let delays = delayTexts.compactMap { Int($0) }
        guard delays.count == delayTexts.count, delays == delays.sorted() else { throw UsageError("runs.csv: point \(id): delays must be increasing integers") }
        var unc = [Double](repeating: .nan, count: seeds.count), ref = unc
        var cor = [[Double]](repeating: unc, count: delays.count)
        for row in rows {
            let s = seeds.firstIndex(of: row[si])!, k = delayTexts.firstIndex(of: row[di])!
            guard let u = CSVReader.number(row[ui]), let r = CSVReader.number(row[ri]), let c = CSVReader.number(row[ci]) else {
                throw UsageError("runs.csv: point \(id), seed \(row[si]), delay \(row[di]): an empty welfare cell")
            }
            unc[s] = u; ref[s] = r; cor[k][s] = c
        }
        guard cor.allSatisfy({ $0.allSatisfy { !$0.isNaN } }) else { throw UsageError("runs.csv: point \(id) lacks some (seed, delay) rows") }
        let curve = RecoveryCurve(delays: delays, uncorrected: unc, reference: ref, corrected: cor)
        let level = self.level
        var stats: [(name: String, of: ([Int]) -> Double?)] = [("stake", { curve.stake($0) })]
        for k in delays.indices { stats.append(("recovery_\(delays[k])", { curve.recovery(k, $0) })) }
        stats.append(("d_star", { idx in
            guard let c = curve.crossing(idx, level: level), c.kind == .crossed else { return nil }
            return c.x
        }))
        return Point(id: id, values: values, seeds: seeds, statistics: stats)
    }

    /// The mean, or nil when any value is undefined (a mean over fewer seeds would not be paired).
    static func mean(_ xs: [Double?]) -> Double? {
        var s = 0.0
        for x in xs { guard let x else { return nil }; s += x }
        return xs.isEmpty ? nil : s / Double(xs.count)
    }

    static func same(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        if let x = Double(a), let y = Double(b) { return x == y }
        return false
    }

    func table(_ rows: [Row]) -> [UInt8] {
        var t = CSVTable(columns: ["point"] + parameters + ["measure", "seeds", "mean", "baseline_mean", "difference", "difference_low", "difference_high", "method"])
        for r in rows {
            t.append([r.point] + r.values + [r.measure, String(r.seeds), Self.cell(r.mean), Self.cell(r.baseline), Self.cell(r.difference),
                                              Self.cell(r.interval?.lowerBound), Self.cell(r.interval?.upperBound), r.difference == nil ? "" : Self.method])
        }
        return t.takeBytes()
    }

    static func cell(_ x: Double?) -> String { x.map(CSVTable.format) ?? "" }
}
