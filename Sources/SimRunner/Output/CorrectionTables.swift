import Foundation
import SocialSim

/// The CSV files and the findings text of `simrunner correct`.
enum CorrectionTables {
    static func optional(_ x: Int?) -> String { x.map(String.init) ?? "" }
    static func optional(_ x: Double?) -> String { x.map(CSVTable.format) ?? "" }

    static func trustColumns(_ prefix: String) -> [String] {
        ["half_life", "collapse_step", "loss_time", "regain_time", "loss_regain_time_ratio", "recovery"].map { prefix + $0 }
    }

    static func trustFields(_ t: TrustMeasures) -> [String] {
        [optional(t.halfLife), optional(t.collapseStep), optional(t.lossTime), optional(t.regainTime),
         optional(t.lossRegainTimeRatio), optional(t.recovery)]
    }

    /// The columns of runs.csv: tidy, one row per (delay, seed, variant).
    static func runColumns(frames: [String]) -> [String] {
        ["delay", "seed", "variant", "horizon_welfare", "recovery", "cost", "sunk_cost", "cost_after", "unrecoverable", "refined",
         "relief_spent"] + trustColumns("trust_")
            + ["final_trust", "final_exited"] + Dimension.allCases.map { "final_locked_\($0.name)" }
            + frames.map { "final_share_\($0)" }
    }

    /// One row per (delay, seed, variant): the uncorrected run, the reference and the run corrected
    /// at that delay, so a data frame pivots on `variant` without a join. Recovery and cost are the
    /// experiment's formulas applied to each variant: the uncorrected run recovers 0 and the
    /// reference 1 by definition, and every cost of the reference is 0.
    static func runs(_ r: CorrectionExperiment.Result, frames: [String]) -> [UInt8] {
        var t = CSVTable(columns: runColumns(frames: frames))
        var baselines: [UInt64: (uncorrected: RunOutcome, reference: RunOutcome)] = [:]
        for b in r.baselines { baselines[b.seed] = (b.uncorrected, b.reference) }
        func fields(_ row: CorrectionExperiment.Row, _ variant: String, _ o: RunOutcome, recovery: Double?,
                    cost: Double, sunk: Double, unrecoverable: Double) -> [String] {
            let s = o.summary
            return [String(row.delay), String(row.seed), variant, CSVTable.format(s.horizonWelfare), optional(recovery),
                    CSVTable.format(cost), CSVTable.format(sunk), CSVTable.format(cost - sunk), CSVTable.format(unrecoverable),
                    row.refined ? "1" : "0", CSVTable.format(o.reliefSpent)] + trustFields(o.trust)
                + [CSVTable.format(s.finalTrust), CSVTable.format(s.finalExited)] + s.finalLocked.map(CSVTable.format)
                + s.finalFrameShares.map(CSVTable.format)
        }
        for row in r.rows {
            guard let b = baselines[row.seed] else { continue }
            let defined = row.reference > row.uncorrected
            let gaps = zip(b.reference.welfare, b.uncorrected.welfare).map { $0 - $1 }
            t.append(fields(row, "uncorrected", b.uncorrected, recovery: defined ? 0 : nil, cost: gaps.reduce(0, +),
                            sunk: gaps.prefix(row.delay).reduce(0, +), unrecoverable: row.reference - row.uncorrected))
            t.append(fields(row, "reference", b.reference, recovery: defined ? 1 : nil, cost: 0, sunk: 0, unrecoverable: 0))
            t.append(fields(row, "corrected", row.outcome, recovery: row.recovery, cost: row.cost, sunk: row.sunkCost,
                            unrecoverable: row.unrecoverable))
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

    /// One row per evaluated delay (grid and refined): recovery, the costs with their intervals,
    /// and the relief budget needed when it was searched.
    static func delays(_ r: CorrectionExperiment.Result, seeds: Int) -> [UInt8] {
        var columns = ["delay", "refined", "seeds", "recovery", "recovery_low", "recovery_high", "cost", "cost_low", "cost_high",
                       "sunk_cost", "sunk_cost_low", "sunk_cost_high", "unrecoverable", "unrecoverable_low", "unrecoverable_high",
                       "trust_recovery", "trust_regained_share"] + Dimension.allCases.map { "final_locked_\($0.name)" }
        if r.relief != nil { columns += ["relief_needed_median", "relief_needed_low", "relief_needed_high", "relief_censored_seeds"] }
        var t = CSVTable(columns: columns)
        for d in r.delays {
            var row = [String(d.delay), d.refined ? "1" : "0", String(seeds), optional(d.recovery), optional(d.recoveryInterval?.lowerBound),
                       optional(d.recoveryInterval?.upperBound), CSVTable.format(d.cost), optional(d.costInterval?.lowerBound),
                       optional(d.costInterval?.upperBound), CSVTable.format(d.sunkCost), optional(d.sunkCostInterval?.lowerBound),
                       optional(d.sunkCostInterval?.upperBound), CSVTable.format(d.unrecoverable),
                       optional(d.unrecoverableInterval?.lowerBound), optional(d.unrecoverableInterval?.upperBound),
                       CSVTable.format(d.trustRecovery), CSVTable.format(d.regainedShare)] + d.finalLocked.map(CSVTable.format)
            if let relief = r.relief {
                if let s = relief.delays.first(where: { $0.delay == d.delay }) {
                    row += [optional(s.median), optional(s.low), optional(s.high), String(s.censored)]
                } else {
                    row += ["", "", "", ""]
                }
            }
            t.append(row)
        }
        return t.takeBytes()
    }

    /// The headline in one row: the stake, and d* as a crossing with its bootstrap distribution.
    static func pointOfNoReturn(_ r: CorrectionExperiment.Result, experiment e: CorrectionExperiment) -> [UInt8] {
        var t = CSVTable(columns: ["status", "level", "stake", "stake_low", "stake_high", "min_stake", "crossing", "d_star",
                                   "bracket_low", "bracket_high", "d_star_low", "d_star_high", "d_star_low_status", "d_star_high_status", "resolution", "resamples",
                                   "resamples_crossed", "resamples_below_at_start", "resamples_never_below", "resamples_undefined"])
        let a = r.recovery, dist = a.distribution
        let bracket = a.crossing?.bracket
        t.append([a.status.rawValue, CSVTable.format(a.level), CSVTable.format(a.stake), optional(a.stakeInterval?.lowerBound),
                  optional(a.stakeInterval?.upperBound), CSVTable.format(a.minimumStake), a.crossing?.kind.rawValue ?? "",
                  optional(a.crossing?.x), optional(bracket.map { r.delays[$0.lower].delay }), optional(bracket.map { r.delays[$0.upper].delay }),
                  optional(dist.low), optional(dist.high),
                  boundStatus(dist.low, censored: dist.lowCensored, a, dist), boundStatus(dist.high, censored: dist.highCensored, a, dist),
                  optional(e.resolution), String(dist.resamples), String(dist.crossed), String(dist.belowAtStart), String(dist.neverBelow),
                  String(dist.undefined)])
        return t.takeBytes()
    }

    /// What an end of d*'s interval is (the end itself is written with `optional`, empty when it lies
    /// beyond the last delay or there is no interval, so every numeric column reads as numbers in
    /// pandas and R): `crossing` (an interpolated crossing), `at_or_before_first_delay`
    /// (a left-censored resample: the crossing may lie before the first delay), `beyond_last_delay`
    /// (a resample that never fell below the level: the end is empty), or empty when there is no
    /// interval (R not interpreted, or no resample with a curve).
    static func boundStatus(_ x: Double?, censored: Bool, _ a: RecoveryCurve.Analysis, _ dist: CrossingDistribution) -> String {
        if x != nil { return censored ? "at_or_before_first_delay" : "crossing" }
        return a.status == .defined && dist.resamples > dist.undefined ? "beyond_last_delay" : ""
    }

    /// One row per (delay, seed) of the relief-budget search.
    static func reliefBudget(_ relief: ReliefBudgetSearch.Result) -> [UInt8] {
        var t = CSVTable(columns: ["delay", "seed", "relief_needed", "more_than_maximum", "trials"])
        for e in relief.entries {
            t.append([String(e.delay), String(e.seed), optional(e.budget), e.budget == nil ? "1" : "0", String(e.trials)])
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

    /// The uncorrected runs' first lock-in cascade and whether locks cluster on the network there
    /// beyond their degree-preserving null: the cascade step is read as a common drive unless the
    /// excess's interval over seeds lies above 0.
    static func cascadeFindings(_ summaries: [RunSummary], bootstrap: Bootstrap) -> String {
        let confidence = String(format: "%.0f%%", 100 * bootstrap.confidence)
        let steps = summaries.compactMap(\.firstCascadeStep)
        guard !steps.isEmpty else { return "  first lock-in cascade (uncorrected runs): none in any of \(summaries.count) seeds\n" }
        let excess = summaries.compactMap(\.cascadeLockClusteringExcess)
        var s = String(format: "  first lock-in cascade (uncorrected runs): in %d of %d seeds, mean step %.1f; ", steps.count, summaries.count,
                       Double(steps.reduce(0, +)) / Double(steps.count))
        guard excess.count >= 2, let interval = bootstrap.meanInterval(excess) else {
            s += "lock clustering there is defined in \(excess.count) seed\(excess.count == 1 ? "" : "s"), too few for an interval\n"
            s += "  the cascade step alone cannot tell contagion from a common drive; read it as a common drive\n"
            return s
        }
        let mean = excess.reduce(0, +) / Double(excess.count)
        s += String(format: "locked agents' neighbours locked there beyond a degree-preserving shuffle of the locks: %+.4f, %@ bootstrap interval [%+.4f, %+.4f] over %d seeds\n",
                    mean, confidence as NSString, interval.lowerBound, interval.upperBound, excess.count)
        if interval.lowerBound > 0 {
            s += "  FINDING: at the first cascade locks cluster on the network beyond their degree-preserving null: locks pass along ties (contagion), not only a common drive\n"
        } else {
            s += "  FINDING: the first cascade step is a common drive as far as these seeds show: locks cluster no more than their degree-preserving null, so the cascade is no evidence of contagion\n"
        }
        return s
    }

    /// The findings in words, as printed and written to findings.txt.
    static func findings(_ r: CorrectionExperiment.Result, experiment e: CorrectionExperiment) -> String {
        func f(_ x: Double?) -> String { x.map { String(format: "%.3f", $0) } ?? "undefined" }
        func interval(_ i: ClosedRange<Double>?) -> String { i.map { String(format: "[%.3f, %.3f]", $0.lowerBound, $0.upperBound) } ?? "[undefined]" }
        let w = e.world
        let a = r.recovery
        let confidence = String(format: "%.0f%%", 100 * e.bootstrap.confidence)
        var s = "correction experiment: world '\(w.name)', \(w.agents) agents, \(w.steps) steps, \(e.seeds.count) seeds (\(e.seeds.first ?? 0)...\(e.seeds.last ?? 0)), "
        s += "objective \(w.optimizer.objective.rawValue) corrected to \(w.correction.objective.rawValue)"
        s += w.correction.reliefBudget > 0 ? " with relief \(CSVTable.format(w.correction.reliefBudget)) per agent\n" : ", no relief\n"
        let meanUnc = r.baselines.map(\.uncorrected.summary.horizonWelfare).reduce(0, +) / Double(max(r.baselines.count, 1))
        let meanRef = r.baselines.map(\.reference.summary.horizonWelfare).reduce(0, +) / Double(max(r.baselines.count, 1))
        s += "  horizon welfare: uncorrected \(f(meanUnc)), reference \(f(meanRef)) (mean over seeds)\n"
        s += cascadeFindings(r.baselines.map(\.uncorrected.summary), bootstrap: e.bootstrap)
        s += "  stake W_ref - W_unc: \(f(a.stake)), \(confidence) bootstrap interval over seeds \(interval(a.stakeInterval)); "
        s += "minimum effect for declaring d*: \(CSVTable.format(a.minimumStake)) (--min-stake)\n"
        switch a.status {
        case .defined: break
        case .sameObjective:
            s += "  FINDING: R(d) is undefined: the correction switches to the objective already in use (\(w.optimizer.objective.rawValue)), so there is nothing to correct and no d*.\n"
        case .noStake:
            s += "  FINDING: R(d) is undefined: the reference does no better than the uncorrected run on average, so there is nothing to recover and no d*.\n"
        case .stakeBelowMinimum:
            s += "  FINDING: d* is not declared: the stake's interval reaches below the minimum effect \(CSVTable.format(a.minimumStake)), so R(d) is a ratio of differences too small to interpret; the R(d) column below is shown for completeness only.\n"
        }
        s += "  delay  recovery R(d) [\(confidence) CI]        sunk cost [\(confidence) CI]        unrecoverable W_ref-W(d) [\(confidence) CI]\n"
        for d in r.delays {
            s += String(format: "  %5d%@ %@ %@   %10.3f %@   %8.4f %@\n", d.delay, (d.refined ? "*" : " ") as NSString, f(d.recovery) as NSString,
                        interval(d.recoveryInterval).padding(toLength: 18, withPad: " ", startingAt: 0) as NSString,
                        d.sunkCost, interval(d.sunkCostInterval).padding(toLength: 20, withPad: " ", startingAt: 0) as NSString,
                        d.unrecoverable, interval(d.unrecoverableInterval) as NSString)
        }
        if !r.refinedDelays.isEmpty { s += "  (* delays added by bisection around the crossing)\n" }
        let level = CSVTable.format(e.recoveryLevel)
        if a.status == .defined, let c = a.crossing {
            let dist = a.distribution
            let grid = e.resolution.map { "delays refined by bisection to a bracket of at most \($0) step\($0 == 1 ? "" : "s")" } ?? "grid not refined"
            let counts = "\(dist.resamples) resamples: \(dist.crossed) crossed, \(dist.belowAtStart) already below at delay \(e.delays.first ?? 0), "
                + "\(dist.neverBelow) never below up to delay \(e.delays.last ?? 0), \(dist.undefined) with no positive stake (R undefined)"
            func end(_ x: Double?, censored: Bool) -> String {
                guard let x else { return "beyond \(e.delays.last ?? 0)" }
                return censored ? "at or before \(CSVTable.format(x))" : String(format: "%.1f", x)
            }
            let ci = "[\(end(dist.low, censored: dist.lowCensored)), \(end(dist.high, censored: dist.highCensored))]"
            switch c.kind {
            case .crossed:
                let lo = a.crossing.flatMap { $0.bracket }.map { r.delays[$0.lower].delay }
                let hi = a.crossing.flatMap { $0.bracket }.map { r.delays[$0.upper].delay }
                s += String(format: "  point of no return d* (where R(d) crosses %@, interpolated between delays %d and %d): %.1f",
                            level as NSString, lo ?? 0, hi ?? 0, c.x ?? 0)
                s += "; \(confidence) bootstrap interval over seeds \(ci); \(grid); \(counts)\n"
            case .belowAtStart:
                s += "  point of no return: R(d) is already below \(level) at the first delay tried (\(e.delays.first ?? 0)): d* lies at or before it"
                s += "; \(confidence) bootstrap interval \(ci); \(counts)\n"
            case .neverBelow:
                s += "  point of no return: none up to delay \(e.delays.last ?? 0): R(d) stays at or above \(level) at every delay tried"
                s += "; \(counts)\n"
            }
        }
        let late = e.delays.filter { $0 > e.lastCleanDelay }
        if !late.isEmpty {
            s += "  NOTE: at delays \(late.map(String.init).joined(separator: ", ")) the horizon window (the last \(min(w.measurement.window, w.steps)) steps) "
            s += "starts before the correction, so R(d) and the unrecoverable welfare there count uncorrected steps; they are left out of the trend test\n"
        }
        if let m = r.monotonicity, let first = e.testedDelays.first, let last = e.testedDelays.last,
           let atFirst = r.delays.first(where: { $0.delay == first }), let atLast = r.delays.first(where: { $0.delay == last }) {
            let rise = atLast.unrecoverable - atFirst.unrecoverable
            s += String(format: "  unrecoverable welfare against delay (grid delays %d to %d, paired over seeds): mean per-seed Kendall's tau %.3f, %@ bootstrap interval %@; ",
                        first, last, m.meanTau, confidence as NSString, interval(m.interval) as NSString)
            s += String(format: "sign-flip test over %d seeds (%@): p = %.3g for an increasing trend, %.3g for a decreasing one; %d seeds up, %d down\n",
                        m.taus.count, (m.exact ? "exact" : "Monte Carlo") as NSString, m.pIncreasing, m.pDecreasing, m.seedsUp, m.seedsDown)
            let material = abs(rise) >= e.minimumStake
            let size = String(format: "%.4f from delay %d to %d", rise, first, last)
            if m.pIncreasing < 1 - e.bootstrap.confidence && material {
                s += "  FINDING: the unrecoverable welfare rises with the delay (monotone increasing trend; \(size))\n"
            } else if m.pIncreasing < 1 - e.bootstrap.confidence {
                s += "  an increasing trend of the unrecoverable welfare is detected, but its size (\(size)) is below the minimum effect \(CSVTable.format(e.minimumStake)): not a material cost of delay\n"
            } else if m.pDecreasing < 1 - e.bootstrap.confidence && material {
                s += "  FINDING: the unrecoverable welfare falls with the delay: a later correction leaves less unrecovered\n"
            } else {
                s += "  no monotone trend of the unrecoverable welfare in the delay is established at this number of seeds\n"
            }
        }
        for c in r.costDecreases where c.significant {
            s += "  FINDING: the unrecoverable welfare falls from delay \(c.from) to \(c.to) by \(String(format: "%.4f", -c.change)) (paired \(confidence) interval \(interval(c.interval)) excludes 0)\n"
        }
        s += "  (sunk cost: welfare-steps lost before the correction, sum over t < d of W_ref(t) - W_unc(t); unrecoverable: horizon welfare the correction never wins back)\n"
        if let relief = r.relief, let search = e.reliefSearch {
            s += "  relief budget needed to come within \(CSVTable.format(search.epsilon)) of the reference's horizon welfare (per agent, bisection over [0, \(CSVTable.format(search.maximum))] to \(CSVTable.format(search.tolerance)); \(relief.trials) corrected runs):\n"
            for d in relief.delays {
                let median = d.median.map { CSVTable.format($0) } ?? "more than \(CSVTable.format(search.maximum))"
                let lo = d.low.map { CSVTable.format($0) } ?? "beyond", hi = d.high.map { CSVTable.format($0) } ?? "beyond"
                s += "    delay \(d.delay): median \(median), \(confidence) interval [\(lo), \(hi)]; \(d.censored) of \(e.seeds.count) seeds need more than the maximum\n"
            }
        }
        return s
    }
}
