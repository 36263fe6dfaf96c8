import Foundation
import SocialSim

/// The CSV files and the findings text of `simrunner correct`.
enum CorrectionTables {
    static func optional(_ x: Int?) -> String { x.map(String.init) ?? "" }
    static func optional(_ x: Double?) -> String { x.map(CSVTable.format) ?? "" }

    static func trustColumns(_ prefix: String) -> [String] {
        ["half_life", "collapse_step", "loss_time", "regain_time", "asymmetry", "recovery"].map { prefix + $0 }
    }

    static func trustFields(_ t: TrustMeasures) -> [String] {
        [optional(t.halfLife), optional(t.collapseStep), optional(t.lossTime), optional(t.regainTime),
         optional(t.asymmetry), optional(t.recovery)]
    }

    /// One row per (delay, seed).
    static func runs(_ r: CorrectionExperiment.Result, frames: [String]) -> [UInt8] {
        var t = CSVTable(columns: ["delay", "seed", "welfare_uncorrected", "welfare_reference", "welfare_corrected",
                                   "recovery", "cost", "relief_spent"] + trustColumns("trust_")
                         + ["final_trust", "final_exited"] + Dimension.allCases.map { "final_locked_\($0.name)" }
                         + frames.map { "final_share_\($0)" })
        for row in r.rows {
            let s = row.outcome.summary
            t.append([String(row.delay), String(row.seed), CSVTable.format(row.uncorrected), CSVTable.format(row.reference),
                      CSVTable.format(row.corrected), optional(row.recovery), CSVTable.format(row.cost),
                      CSVTable.format(row.outcome.reliefSpent)] + trustFields(row.outcome.trust)
                     + [CSVTable.format(s.finalTrust), CSVTable.format(s.finalExited)] + s.finalLocked.map(CSVTable.format)
                     + s.finalFrameShares.map(CSVTable.format))
        }
        return t.takeBytes()
    }

    /// One row per (seed, baseline): the uncorrected run and the reference.
    static func baselines(_ r: CorrectionExperiment.Result) -> [UInt8] {
        var t = CSVTable(columns: ["seed", "variant", "horizon_welfare", "final_trust", "final_exited"]
                         + Dimension.allCases.map { "final_locked_\($0.name)" } + trustColumns("trust_"))
        for b in r.baselines {
            for (name, o) in [("uncorrected", b.uncorrected), ("reference", b.reference)] {
                t.append([String(b.seed), name, CSVTable.format(o.summary.horizonWelfare), CSVTable.format(o.summary.finalTrust),
                          CSVTable.format(o.summary.finalExited)] + o.summary.finalLocked.map(CSVTable.format) + trustFields(o.trust))
            }
        }
        return t.takeBytes()
    }

    /// One row per delay: recovery and cost with their intervals.
    static func delays(_ r: CorrectionExperiment.Result, seeds: Int) -> [UInt8] {
        var t = CSVTable(columns: ["delay", "seeds", "recovery", "recovery_low", "recovery_high", "cost", "cost_low", "cost_high",
                                   "trust_recovery", "trust_regained_share"] + Dimension.allCases.map { "final_locked_\($0.name)" })
        for d in r.delays {
            t.append([String(d.delay), String(seeds), optional(d.recovery), optional(d.recoveryInterval?.lowerBound),
                      optional(d.recoveryInterval?.upperBound), CSVTable.format(d.cost), optional(d.costInterval?.lowerBound),
                      optional(d.costInterval?.upperBound), CSVTable.format(d.trustRecovery), CSVTable.format(d.regainedShare)]
                     + d.finalLocked.map(CSVTable.format))
        }
        return t.takeBytes()
    }

    /// Mean (or, with `sd`, standard deviation) per-step series across seeds, per variant (long format).
    static func meanSeries(_ r: CorrectionExperiment.Result, frames: [String], sd: Bool = false) -> [UInt8] {
        var t = CSVTable(columns: ["variant", "delay"] + SeriesTable.columns(frames: frames))
        for (variant, steps) in sd ? r.sdSeries : r.meanSeries {
            let delay: String
            if case .corrected(let d) = variant { delay = String(d) } else { delay = "" }
            for (step, values) in steps.enumerated() {
                t.append([variant.name, delay, String(step)] + values.map(CSVTable.format))
            }
        }
        return t.takeBytes()
    }

    /// The findings in words, as printed and written to findings.txt.
    static func findings(_ r: CorrectionExperiment.Result, experiment e: CorrectionExperiment) -> String {
        func f(_ x: Double?) -> String { x.map { String(format: "%.3f", $0) } ?? "undefined" }
        func interval(_ i: ClosedRange<Double>?) -> String { i.map { String(format: "[%.3f, %.3f]", $0.lowerBound, $0.upperBound) } ?? "[undefined]" }
        let w = e.world
        var s = "correction experiment: world '\(w.name)', \(w.agents) agents, \(w.steps) steps, \(e.seeds.count) seeds (\(e.seeds.first ?? 0)...\(e.seeds.last ?? 0)), "
        s += "objective \(w.optimizer.objective.rawValue) corrected to \(w.correction.objective.rawValue)"
        s += w.correction.reliefBudget > 0 ? " with relief \(CSVTable.format(w.correction.reliefBudget)) per agent\n" : ", no relief\n"
        let meanUnc = r.baselines.map(\.uncorrected.summary.horizonWelfare).reduce(0, +) / Double(max(r.baselines.count, 1))
        let meanRef = r.baselines.map(\.reference.summary.horizonWelfare).reduce(0, +) / Double(max(r.baselines.count, 1))
        s += "  horizon welfare: uncorrected \(f(meanUnc)), reference \(f(meanRef)) (mean over seeds)\n"
        if meanRef <= meanUnc {
            s += "  FINDING: the reference does no better than the uncorrected run here, so recovery R(d) is undefined.\n"
        }
        s += "  delay  recovery R(d) [95% CI]        cost (welfare-steps lost) [95% CI]\n"
        for d in r.delays {
            s += String(format: "  %5d  %@ %@   %10.3f %@\n", d.delay, f(d.recovery) as NSString,
                        interval(d.recoveryInterval).padding(toLength: 18, withPad: " ", startingAt: 0) as NSString,
                        d.cost, interval(d.costInterval) as NSString)
        }
        let level = CSVTable.format(e.recoveryLevel)
        if let dStar = r.pointOfNoReturn {
            let lo = r.pointOfNoReturnInterval.low.map(String.init) ?? "?"
            let hi = r.pointOfNoReturnInterval.high.map(String.init) ?? "beyond \(e.delays.last ?? 0)"
            s += "  point of no return d* (first delay with R < \(level)): \(dStar), 95% bootstrap interval [\(lo), \(hi)]"
            s += String(format: "; found in %.0f%% of resamples\n", 100 * r.noReturnFoundShare)
        } else {
            s += "  point of no return: none: R(d) stays at or above \(level) at every delay tried"
            s += String(format: " (a d* appears in %.0f%% of bootstrap resamples)\n", 100 * r.noReturnFoundShare)
        }
        if let k = r.kendall {
            s += String(format: "  cost against delay: Kendall's tau %.3f, p = %.3g (n = %d delays)\n", k.tau, k.pValue, k.n)
        }
        if r.costDecreases.isEmpty {
            s += "  cost rises or stays level with every later delay (monotonic)\n"
        } else {
            s += "  FINDING: cost is not monotonic in the delay:\n"
            for c in r.costDecreases {
                s += "    cost falls from delay \(c.from) to \(c.to) by \(String(format: "%.3f", -c.change)) welfare-steps"
                s += c.significant ? " (paired 95% interval \(interval(c.interval)) excludes 0)\n" : " (paired 95% interval \(interval(c.interval)) includes 0: may be noise)\n"
            }
        }
        return s
    }
}
