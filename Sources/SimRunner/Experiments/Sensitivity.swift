import Foundation
import SocialSim

/// Global sensitivity analysis of any run measure to world parameters: Morris screening or
/// Sobol indices (see ``Morris`` and ``SobolIndices``), run as a sweep over the design's points
/// (so it is parallel, resumable, shardable and byte-identical across `--jobs` like `sweep`),
/// then analyzed from `runs.csv`.
///
/// Each factor is a world parameter with a range [low, high]; a unit coordinate u becomes
/// low + u (high − low) (rounded for integer parameters). The measure at a design point is its
/// mean over the point's seeds (the same seeds at every point: common random numbers). Effects
/// and indices are in units of the measure per unit of the factor's range.
struct Sensitivity: Sendable {
    enum Method: String, Sendable, CaseIterable { case morris, sobol }

    struct Factor: Sendable, Equatable {
        var key: String
        var low: Double
        var high: Double
        var integer: Bool

        func value(_ u: Double) -> String {
            let x = low + u * (high - low)
            return integer ? String(Int(x.rounded())) : CSVTable.format(x)
        }
    }

    var method: Method
    var factors: [Factor]
    /// Morris: trajectories r and grid levels p.
    var trajectories = 10
    var levels = 4
    /// Sobol: base samples N (the design has N (2D + 2) points).
    var baseSamples = 64
    var designSeed: UInt64 = 1

    /// The design in the unit hypercube, in run order.
    var unitDesign: [[Double]] {
        switch method {
        case .morris: Morris.design(factors: factors.count, trajectories: trajectories, levels: levels, seed: designSeed)
        case .sobol: SobolIndices.design(factors: factors.count, baseSamples: baseSamples)
        }
    }

    var sweepDesign: SweepDesign {
        let points = unitDesign.map { u in zip(factors, u).map { $0.value($1) } }
        return SweepDesign(kind: method == .morris ? .morris : .sobol, keys: factors.map(\.key), points: points)
    }

    /// The measure at each design point: the mean over its seeds of a numeric runs.csv column
    /// (nil where a seed's value is missing, e.g. a step that never happened).
    static func pointValues(_ runs: CSVReader, measure: String, points: Int) throws(UsageError) -> [Double?] {
        guard runs.has(measure) else {
            let numeric = runs.columns.filter { c in c != "run" && c != "point" && c != "seed" && runs.doubles(c).contains { $0 != nil } }
            var message = "runs.csv has no column '\(measure)'"
            if let near = nearestName(to: measure, among: numeric) { message += " (did you mean '\(near)'?)" }
            throw UsageError(message + "; measures: " + numeric.joined(separator: ", "))
        }
        let point = runs.doubles("point"), values = runs.doubles(measure)
        var sums = [Double](repeating: 0, count: points), counts = [Int](repeating: 0, count: points)
        var missing = [Bool](repeating: false, count: points)
        for (p, v) in zip(point, values) {
            guard let p, p >= 0, Int(p) < points else { continue }
            if let v { sums[Int(p)] += v; counts[Int(p)] += 1 } else { missing[Int(p)] = true }
        }
        return (0..<points).map { p in missing[p] || counts[p] == 0 ? nil : sums[p] / Double(counts[p]) }
    }

    /// The measure `d_star_censored` of a correction sweep's points.csv: d* with the points where
    /// R(d) never fell below the level on the delay grid counted at the point's horizon (the
    /// latest a correction can come; the true crossing lies between the last delay and there),
    /// instead of being left out, which would drop exactly the worlds where correction keeps
    /// working longest. A curve already below the level at the first delay counts at that delay
    /// (as `d_star` does). Where d* is undefined because nothing is at stake (status no_stake,
    /// stake_below_minimum or same_objective) it stays missing: there is no point of no return
    /// to speak of, and the stake itself is the measure to analyze there.
    static let censoredDStar = "d_star_censored"

    /// `d_star_censored` per design point, and how many points were counted at the horizon.
    static func censoredDStarValues(_ points: CSVReader, horizons: [Int]) throws(UsageError) -> (values: [Double?], rightCensored: Int) {
        guard let status = points.strings("status"), let crossing = points.strings("crossing"), points.has("d_star") else {
            throw UsageError("'\(censoredDStar)' needs the points.csv of --experiment correct (columns status, crossing, d_star)")
        }
        let point = points.doubles("point"), dStar = points.doubles("d_star")
        var values = [Double?](repeating: nil, count: horizons.count)
        var censored = 0
        for i in points.rows.indices {
            guard let p = point[i], p >= 0, Int(p) < horizons.count, status[i] == "defined" else { continue }
            switch crossing[i] {
            case LevelCrossing.Kind.neverBelow.rawValue:
                values[Int(p)] = Double(horizons[Int(p)])
                censored += 1
            default:
                values[Int(p)] = dStar[i]
            }
        }
        return (values, censored)
    }

    /// One factor's result for one measure (Morris or Sobol fields filled).
    struct Row: Sendable {
        var measure: String
        var factor: String
        var morris: Morris.Effect?
        var sobol: SobolIndices.Index?
        /// Design points whose measure was missing (Morris: those effects are skipped; Sobol: no indices).
        var missingPoints: Int
        var variance: Double?
        /// `d_star_censored`: design points counted at the horizon (R never below the level); 0 otherwise.
        var rightCensoredPoints = 0
    }

    /// `horizons`: the steps of each design point's world (needed for `d_star_censored`).
    func analyze(_ runs: CSVReader, measures: [String], bootstrap: Int, horizons: [Int]? = nil) throws(UsageError) -> [Row] {
        let design = unitDesign
        var rows: [Row] = []
        for measure in measures {
            var values: [Double?], censored = 0
            if measure == Self.censoredDStar && !runs.has(measure) {
                guard let horizons, horizons.count == design.count else {
                    throw UsageError("'\(Self.censoredDStar)' needs the horizon of every design point")
                }
                (values, censored) = try Self.censoredDStarValues(runs, horizons: horizons)
            } else {
                values = try Self.pointValues(runs, measure: measure, points: design.count)
            }
            let missing = values.filter { $0 == nil }.count
            switch method {
            case .morris:
                let effects = Morris.analyze(values.map { $0 ?? .nan }, design: design, factors: factors.count,
                                             bootstrap: bootstrap, seed: designSeed)
                for (f, e) in zip(factors, effects) {
                    rows.append(Row(measure: measure, factor: f.key, morris: e, sobol: nil, missingPoints: missing, variance: nil,
                                    rightCensoredPoints: censored))
                }
            case .sobol:
                let result = missing > 0 ? nil
                    : SobolIndices.analyze(values.map { $0! }, factors: factors.count, bootstrap: bootstrap, seed: designSeed)
                for (i, f) in factors.enumerated() {
                    rows.append(Row(measure: measure, factor: f.key, morris: nil, sobol: result?.indices[i],
                                    missingPoints: missing, variance: result?.variance, rightCensoredPoints: censored))
                }
            }
        }
        return rows
    }
}
