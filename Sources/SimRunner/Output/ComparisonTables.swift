import Foundation
import SocialSim

/// The CSV files and findings text of `simrunner compare`.
enum ComparisonTables {
    static func names(_ c: Comparison) -> [String] { c.worlds.map(\.world.name) }

    /// One row per (world, seed).
    static func runs(_ r: Comparison.Result, _ c: Comparison) -> [UInt8] {
        var t = CSVTable(columns: ["world", "source", "seed"] + Comparison.measures.map(\.name))
        for (k, loaded) in c.worlds.enumerated() {
            for (s, o) in r.outcomes[k].enumerated() {
                t.append([loaded.world.name, loaded.source, String(c.seeds[s])]
                         + Comparison.measures.map { m in m.value(o.summary, o.trust).map(CSVTable.format) ?? "" })
            }
        }
        return t.takeBytes()
    }

    /// One row per (world, measure): mean, interval, paired difference from the first world.
    static func comparison(_ r: Comparison.Result, _ c: Comparison) -> [UInt8] {
        // The baseline's name is a value, not part of a column name, so the header is the same
        // for every comparison.
        var t = CSVTable(columns: ["world", "measure", "seeds_defined", "mean", "mean_low", "mean_high",
                                   "baseline", "difference", "difference_low", "difference_high"])
        func f(_ x: Double?) -> String { x.map(CSVTable.format) ?? "" }
        for (k, loaded) in c.worlds.enumerated() {
            for (m, measure) in Comparison.measures.enumerated() {
                let cell = r.cells[k][m]
                t.append([loaded.world.name, measure.name, String(cell.defined), f(cell.mean), f(cell.interval?.lowerBound),
                          f(cell.interval?.upperBound), c.worlds[0].world.name, f(cell.difference), f(cell.differenceInterval?.lowerBound),
                          f(cell.differenceInterval?.upperBound)])
            }
        }
        return t.takeBytes()
    }

    /// Mean (or, with `sd`, standard deviation) per-step series across seeds, per world.
    static func meanSeries(_ r: Comparison.Result, _ c: Comparison, sd: Bool = false) -> [UInt8] {
        let frames = c.worlds[0].world.narrative.frames.map(\.name)
        let sameFrames = c.worlds.allSatisfy { $0.world.narrative.frames.map(\.name) == frames }
        let columns = SeriesTable.columns(frames: sameFrames ? frames : [])
        var t = CSVTable(columns: ["world"] + columns)
        for (k, loaded) in c.worlds.enumerated() {
            for (step, values) in (sd ? r.sdSeries : r.meanSeries)[k].enumerated() {
                t.append([loaded.world.name, String(step)] + values.prefix(columns.count - 1).map(CSVTable.format))
            }
        }
        return t.takeBytes()
    }

    static func findings(_ r: Comparison.Result, _ c: Comparison) -> String {
        func f(_ x: Double?) -> String { x.map { String(format: "%.3f", $0) } ?? "-" }
        func i(_ x: ClosedRange<Double>?) -> String { x.map { String(format: "[%.3f, %.3f]", $0.lowerBound, $0.upperBound) } ?? "" }
        var s = "comparison of \(c.worlds.count) worlds on \(c.seeds.count) common seeds (\(c.seeds.first ?? 0)...\(c.seeds.last ?? 0)); differences are paired, against '\(c.worlds[0].world.name)', with 95% bootstrap intervals\n"
        for (k, w) in c.worlds.enumerated() {
            s += "  \(w.world.name) (\(w.source)): objective \(w.world.optimizer.objective.rawValue)\n"
            for (m, measure) in Comparison.measures.enumerated() where ["horizon_welfare", "final_trust", "final_exited",
                                                                       "final_locked_economic", "final_reflective_distance"].contains(measure.name) {
                let cell = r.cells[k][m]
                s += "    " + measure.name.padding(toLength: 26, withPad: " ", startingAt: 0) + f(cell.mean) + " " + i(cell.interval)
                if k > 0 {
                    s += "   difference " + f(cell.difference) + " " + i(cell.differenceInterval)
                    if let d = cell.differenceInterval, d.lowerBound > 0 || d.upperBound < 0 { s += " *" }
                }
                s += "\n"
            }
        }
        s += "  (* the interval of the paired difference excludes 0)\n"
        return s
    }
}
