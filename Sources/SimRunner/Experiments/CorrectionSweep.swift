import Foundation
import SocialSim

/// `sweep --experiment correct`: the correction experiment at every design point. Run r (point
/// r / seeds, seed r % seeds) is one job: the uncorrected run forked at every delay into the
/// corrected runs, and the reference, all on common random numbers. It writes one runs.csv row
/// per delay; points.csv (R(d), the stake and d* per point) is computed from runs.csv alone once
/// every run is done, so a merged or resumed sweep gives the same bytes as one run in one go.
///
/// d* here is the crossing interpolated on the sweep's delay grid (no bisection: refining would
/// make a point's runs depend on each other), so its resolution is the grid spacing, stated in
/// the manifest and in points.csv.
struct CorrectionSweep: Sendable, Equatable {
    var delays: [Int]
    var recoveryLevel = 0.5
    var minimumStake = CorrectionExperiment.defaultMinimumStake
    var resamples = 1000

    static let runColumnsTail = ["seed", "delay", "welfare_uncorrected", "welfare_reference", "welfare_corrected", "stake",
                                 "recovery", "cost", "sunk_cost", "unrecoverable", "relief_spent", "final_trust", "final_exited",
                                 "same_objective"]

    func runColumns(keys: [String]) -> [String] { ["run", "point"] + keys + Self.runColumnsTail }

    /// The rows of run r (one per delay), without header.
    func execute(_ sweep: Sweep, run r: Int) throws -> [UInt8] {
        let point = r / sweep.seeds.count
        let seed = sweep.seeds[r % sweep.seeds.count]
        let e = CorrectionExperiment(world: sweep.worlds[point], delays: delays, seeds: [seed])
        let forked = try CorrectionExperiment.runForked(e.world(for: .uncorrected), corrected: delays.map { e.world(for: .corrected($0)) },
                                                        delays: delays, seed: seed, collapseLevel: sweep.collapseLevel)
        let reference = try RunOutcome.simulate(e.world(for: .reference), seed: seed, collapseLevel: sweep.collapseLevel)
        let same = e.world.correction.objective == e.world.optimizer.objective
        var table = CSVTable(columns: runColumns(keys: sweep.design.keys))
        _ = table.takeBytes()
        for (k, delay) in delays.enumerated() {
            let row = CorrectionExperiment.row(delay: delay, seed: seed, uncorrected: forked[0], reference: reference, corrected: forked[k + 1])
            table.append([String(r), String(point)] + sweep.design.points[point] + [
                String(seed), String(delay), CSVTable.format(row.uncorrected), CSVTable.format(row.reference),
                CSVTable.format(row.corrected), CSVTable.format(row.reference - row.uncorrected), CorrectionTables.optional(row.recovery),
                CSVTable.format(row.cost), CSVTable.format(row.sunkCost), CSVTable.format(row.unrecoverable),
                CSVTable.format(row.outcome.reliefSpent), CSVTable.format(row.outcome.summary.finalTrust),
                CSVTable.format(row.outcome.summary.finalExited), same ? "1" : "0",
            ])
        }
        return table.takeBytes()
    }

    /// The manifest member that describes the experiment (so `merge` can compute points.csv).
    var manifestValue: JSONValue {
        .makeObject([
            ("kind", .string("correct")),
            ("delays", .makeArray(delays.map { .int($0) })),
            ("recoveryLevel", .double(recoveryLevel)),
            ("minimumStake", .double(minimumStake)),
            ("bootstrapResamples", .int(resamples)),
        ])
    }

    init(delays: [Int], recoveryLevel: Double = 0.5, minimumStake: Double = CorrectionExperiment.defaultMinimumStake, resamples: Int = 1000) {
        self.delays = delays
        self.recoveryLevel = recoveryLevel
        self.minimumStake = minimumStake
        self.resamples = resamples
    }

    /// From a manifest's "correction" member; nil when it is absent or malformed.
    init?(manifest node: JSONNode?) {
        guard let node, node["kind"]?.value.stringValue == "correct",
              let delays = node["delays"]?.value.arrayValue?.compactMap({ $0.value.numberValue?.exactInteger }),
              let level = node["recoveryLevel"]?.value.numberValue?.value,
              let stake = node["minimumStake"]?.value.numberValue?.value,
              let resamples = node["bootstrapResamples"]?.value.numberValue?.exactInteger, !delays.isEmpty, resamples > 0 else { return nil }
        self.init(delays: delays, recoveryLevel: level, minimumStake: stake, resamples: resamples)
    }

    var pointColumnsTail: [String] {
        ["seeds", "stake", "stake_low", "stake_high", "status", "crossing", "d_star", "d_star_low", "d_star_high", "d_star_low_status", "d_star_high_status", "grid_resolution",
         "resamples_crossed", "resamples_below_at_start", "resamples_never_below", "resamples_undefined"]
            + delays.map { "recovery_\($0)" } + delays.map { "unrecoverable_\($0)" }
    }

    /// points.csv from the bytes of runs.csv.
    func points(runs bytes: [UInt8], keys: [String]) throws -> [UInt8] {
        let runs = try CSVReader.parse(bytes)
        guard let points = runs.strings("point"), let delayColumn = runs.strings("delay") else {
            throw UsageError("runs.csv of a correction sweep has no 'point' or 'delay' column")
        }
        let unc = runs.doubles("welfare_uncorrected"), ref = runs.doubles("welfare_reference"), cor = runs.doubles("welfare_corrected")
        let unrecoverable = runs.doubles("unrecoverable"), same = runs.strings("same_objective") ?? []
        var order: [String] = [], byPoint: [String: [Int]] = [:]
        for (i, p) in points.enumerated() {
            if byPoint[p] == nil { order.append(p) }
            byPoint[p, default: []].append(i)
        }
        let spacing = zip(delays, delays.dropFirst()).map { $1 - $0 }.max()
        var t = CSVTable(columns: ["point"] + keys + pointColumnsTail)
        var bootstrap = Bootstrap()
        bootstrap.resamples = resamples
        for p in order {
            let idx = byPoint[p]!
            // Rows come seed by seed, a delay per row, in the sweep's delay order.
            var u: [Double] = [], w: [Double] = [], c = [[Double]](repeating: [], count: delays.count)
            var lost = [[Double]](repeating: [], count: delays.count)
            for i in idx {
                guard let k = delays.firstIndex(of: Int(delayColumn[i]) ?? -1), let ui = unc[i], let ri = ref[i], let ci = cor[i] else {
                    throw UsageError("runs.csv row \(i + 1) of a correction sweep has a missing value or a delay not in the manifest")
                }
                if k == 0 { u.append(ui); w.append(ri) }
                c[k].append(ci)
                lost[k].append(unrecoverable[i] ?? .nan)
            }
            guard c.allSatisfy({ $0.count == u.count }) else {
                throw UsageError("runs.csv of a correction sweep: point \(p) does not have every delay for every seed")
            }
            let curve = RecoveryCurve(delays: delays, uncorrected: u, reference: w, corrected: c)
            let a = curve.analyze(level: recoveryLevel, minimumStake: minimumStake, sameObjective: same.indices.contains(idx[0]) && same[idx[0]] == "1",
                                  bootstrap: bootstrap)
            let dist = a.distribution
            let row0 = runs.rows[idx[0]]
            var row = [p] + keys.map { row0[runs.index($0)!] }
            row += [String(u.count), CSVTable.format(a.stake), CorrectionTables.optional(a.stakeInterval?.lowerBound),
                    CorrectionTables.optional(a.stakeInterval?.upperBound), a.status.rawValue, a.crossing?.kind.rawValue ?? "",
                    CorrectionTables.optional(a.crossing?.x), CorrectionTables.optional(dist.low), CorrectionTables.optional(dist.high),
                    CorrectionTables.boundStatus(dist.low, censored: dist.lowCensored, a, dist),
                    CorrectionTables.boundStatus(dist.high, censored: dist.highCensored, a, dist),
                    spacing.map(String.init) ?? "", String(dist.crossed), String(dist.belowAtStart), String(dist.neverBelow), String(dist.undefined)]
            row += a.recovery.map { CorrectionTables.optional($0) }
            row += lost.map { CSVTable.format($0.reduce(0, +) / Double(max($0.count, 1))) }
            t.append(row)
        }
        return t.takeBytes()
    }
}
