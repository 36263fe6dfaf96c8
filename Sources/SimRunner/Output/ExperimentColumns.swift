import SocialSim

/// The columns of the files a file name alone does not identify: the runs.csv and points.csv of
/// a correction sweep, and the files of `ablate`, `audit` and `sensitivity`.
extension ColumnDictionary {
    /// The command whose files a dictionary describes, where it changes a column's meaning.
    enum Experiment: Sendable {
        /// `sweep --experiment correct` (and its shards, merged, and `sensitivity --experiment correct`).
        case correctionSweep
        case ablate
        case audit
        case sensitivity
        /// `report`: the early-warning and PRIM tables beside report.html.
        case report

        /// The meaning of `column` of `file` in this experiment's outputs, or nil for the
        /// meaning it has everywhere.
        func describe(_ column: String, file: String) -> Entry? {
            func e(_ meaning: String, _ unit: String = "", _ type: String = "number") -> Entry { Entry(meaning: meaning, unit: unit, type: type) }
            switch (self, file) {
            case (.correctionSweep, "runs.csv"):
                return Self.correctionRun(column)
            case (.correctionSweep, "points.csv"):
                if column.hasPrefix("recovery_"), let d = Int(column.dropFirst(9)) {
                    return e("recovery R(\(d)) pooled over the point's seeds as a ratio of means: mean(W(\(d)) - W_unc) / mean(W_ref - W_unc) (empty: no stake)", "fraction of the gap")
                }
                if column.hasPrefix("unrecoverable_"), let d = Int(column.dropFirst(14)) {
                    return e("mean over the point's seeds of W_ref - W(\(d)): horizon welfare a correction at step \(d) never wins back", "0 to 1")
                }
                switch column {
                case "point": return e("design point number, as in runs.csv", "", "integer")
                case "seeds": return e("seeds pooled at this point", "seeds", "integer")
                case "grid_resolution": return e("largest gap between consecutive delays: the resolution of d* (a sweep does not refine by bisection; empty: one delay)", "steps", "integer")
                default: return ColumnDictionary.specific["point_of_no_return.csv:" + column]
                }
            case (.ablate, "ablation.csv"): return Self.ablation(column)
            case (.ablate, "switches.csv"): return Self.switches(column)
            case (.ablate, "runs.csv"):
                if column.hasPrefix("welfare_corrected_"), let d = Int(column.dropFirst(18)) {
                    return e("horizon welfare of this arm's uncorrected run corrected at step \(d) (forked from it, common random numbers)", "0 to 1")
                }
                switch column {
                case "arm": return e("arm number: 0 is the world as given, then each distinct base and variant world (identical worlds run once)", "", "integer")
                case "label": return e("the arm: 'world', '<mechanism> on' (a base), '<mechanism> off' or '<mechanism> on, off' (a variant)", "", "text")
                case "welfare_uncorrected": return e("horizon welfare of this arm's world with no correction", "0 to 1")
                case "welfare_reference": return e("horizon welfare of this arm's world run with the correction's objective from step 0", "0 to 1")
                case "horizon_welfare", "final_trust", "final_exited", "final_reflective_distance":
                    let g = ColumnDictionary.describe(column, file: "summary.csv")
                    return Entry(meaning: g.meaning + ", of this arm's world as given (its own correction included)", unit: g.unit, type: g.type)
                default: return nil
                }
            case (.audit, "audit.csv"): return Self.audit(column)
            case (.sensitivity, "morris.csv"), (.sensitivity, "sobol.csv"): return Self.sensitivity(column, file: file)
            case (.report, "early_warning.csv"), (.report, "early_warning_roc.csv"): return Self.earlyWarning(column, file: file)
            case (.report, "prim.csv"): return Self.prim(column)
            default: return nil
            }
        }

        private static func correctionRun(_ column: String) -> Entry? {
            func e(_ meaning: String, _ unit: String = "", _ type: String = "number") -> Entry { Entry(meaning: meaning, unit: unit, type: type) }
            switch column {
            case "run": return e("run number: point x seeds + seed index; one row per delay of the run (rows are in run order)", "", "integer")
            case "delay": return e("correction delay d of this row: the run corrected at step d, forked from the uncorrected run (common random numbers)", "steps", "integer")
            case "welfare_uncorrected": return e("horizon welfare of the run never corrected (the same in every row of the run)", "0 to 1")
            case "welfare_reference": return e("horizon welfare of the reference run, the correction's objective from step 0 (the same in every row of the run)", "0 to 1")
            case "welfare_corrected": return e("horizon welfare of the run corrected at step delay: the W(d) of recovery R(d)", "0 to 1")
            case "stake": return e("W_ref - W_unc for this seed: the horizon welfare a correction could win back", "0 to 1")
            case "recovery": return e("recovery (W(d) - W_unc) / (W_ref - W_unc) for this seed (empty when W_ref <= W_unc)", "fraction of the gap")
            case "cost": return e("cost of intervention: welfare the corrected run lost relative to the reference, summed over all steps", "welfare-steps")
            case "sunk_cost": return e("the part of the cost before the correction: welfare lost relative to the reference over steps t < delay", "welfare-steps")
            case "unrecoverable": return e("horizon welfare the correction never won back: W_ref - W(d)", "0 to 1")
            case "relief_spent": return e("relief spent by the correction, per agent", "stock units per agent")
            case "final_trust": return e("mean trust at the horizon of the corrected run", "0 to 1")
            case "final_exited": return e("fraction of agents who have disengaged at the horizon of the corrected run (count / N)", "fraction of agents")
            case "same_objective": return e("1 if the correction's objective is the optimizer's own (no stake by construction), else 0", "", "integer")
            case "seed": return e("seed of the run", "", "integer")
            default: return nil
            }
        }

        private static func ablation(_ column: String) -> Entry? {
            func e(_ meaning: String, _ unit: String = "", _ type: String = "number") -> Entry { Entry(meaning: meaning, unit: unit, type: type) }
            switch column {
            case "mechanism": return e("the mechanism switched off (switches.csv; docs/mechanisms.md)", "", "text")
            case "group": return e("the part of the model the mechanism belongs to: " + MechanismGroup.allCases.map(\.rawValue).joined(separator: ", "), "", "text")
            case "status": return e("measured; measured against the world with it switched on (it is off in the world); not active in this world; already off in this world", "", "text")
            case "base": return e("the base arm: 'world', or 'world + ' the overrides that switch the mechanism on", "", "text")
            case "switched_off": return e("the --set overrides that switch the mechanism off (the variant arm is the base with them)", "", "text")
            case "measure": return e("the measure: a column of runs.csv, stake (W_ref - W_unc), recovery (R(d) at delay) or point_of_no_return (d*)", "", "text")
            case "delay": return e("correction delay of a recovery row (empty for the other measures)", "steps", "integer")
            case "base_value": return e("the measure in the base arm: mean over seeds (recovery and d*: the statistic pooled over seeds)", "the measure's")
            case "variant_value": return e("the measure in the variant arm (mechanism off): mean over seeds (recovery and d*: pooled over seeds)", "the measure's")
            case "estimate": return e("change variant - base: mean over seeds of the paired differences on common random numbers (recovery and d*: difference of the pooled statistics)", "the measure's")
            case "low": return e("lower end of the 95% percentile bootstrap interval of the change, resampling seeds (the same resample for both arms)", "the measure's")
            case "high": return e("upper end of the 95% percentile bootstrap interval of the change, resampling seeds (the same resample for both arms)", "the measure's")
            case "n": return e("seeds (pairs) behind the estimate (0: not measured)", "seeds", "integer")
            case "inert": return e("true when the interval includes 0, false when it excludes it (empty: no interval)", "", "text")
            case "note": return e("why an estimate is missing, censored or rests on fewer resamples (empty: nothing to say)", "", "text")
            default: return nil
            }
        }

        private static func switches(_ column: String) -> Entry? {
            func e(_ meaning: String) -> Entry { Entry(meaning: meaning, unit: "", type: "text") }
            switch column {
            case "mechanism": return e("the mechanism's name (--mechanisms)")
            case "group": return e("the part of the model the mechanism belongs to")
            case "title": return e("what the mechanism is, in words")
            case "switched_off": return e("the --set overrides that switch it off")
            case "switched_on": return e("the --set overrides that switch it on where it is off in the world (empty: none)")
            case "status": return e("how it was ablated in this world, as in ablation.csv")
            case "base": return e("the base arm it was measured against")
            case "why": return e("why those overrides switch exactly this mechanism off")
            default: return nil
            }
        }

        private static func audit(_ column: String) -> Entry? {
            func e(_ meaning: String, _ unit: String = "", _ type: String = "number") -> Entry { Entry(meaning: meaning, unit: unit, type: type) }
            switch column {
            case "policy": return e("the policy: name of the world whose optimizer and safeguards are audited", "", "text")
            case "source": return e("the policy's world file as given, or 'embedded default world'", "", "text")
            case "battery_world": return e("the battery world: " + Audit.battery.map(\.name).joined(separator: ", ") + ", or 'all' (the battery mean per seed)", "", "text")
            case "measure": return e("the measure: " + Audit.scalarMeasures.map(\.name).joined(separator: ", ") + " or R(d) at a delay (docs/audit.md)", "", "text")
            case "seeds_defined": return e("seeds in which the measure is defined", "seeds", "integer")
            case "mean": return e("mean of the measure over the seeds where it is defined (R(d): pooled as a ratio of means)", "the measure's")
            case "mean_low": return e("lower end of the 95% percentile bootstrap interval of the mean, resampling seeds", "the measure's")
            case "mean_high": return e("upper end of the 95% percentile bootstrap interval of the mean, resampling seeds", "the measure's")
            case "baseline_policy": return e("the policy differences are taken from (the first given); empty in its own rows", "", "text")
            case "difference": return e("mean paired difference (this policy - baseline policy) on common seeds; empty for the baseline", "the measure's")
            case "difference_low": return e("lower end of the 95% percentile bootstrap interval of the paired difference", "the measure's")
            case "difference_high": return e("upper end of the 95% percentile bootstrap interval of the paired difference", "the measure's")
            default: return nil
            }
        }

        private static func earlyWarning(_ column: String, file: String) -> Entry? {
            func e(_ meaning: String, _ unit: String = "", _ type: String = "number") -> Entry { Entry(meaning: meaning, unit: unit, type: type) }
            switch column {
            case "series": return e("the series analyzed: a run, a seed or a variant of the directory", "", "text")
            case "measure": return e("the per-step measure: welfare or trust_mean (a column of series.csv)", "", "text")
            case "indicator": return e("ar1 (lag-1 autocorrelation of the detrended measure in a rolling window) or variance (its variance there)", "", "text")
            case "transition": return e("the series' transition: cascade (first step with new locks >= measurement.cascadeFraction of the agents, default 1%), trust_collapse, or none", "", "text")
            case "transition_step": return e("step of the transition (empty: none)", "step", "integer")
            case "pre_transition_steps": return e("steps analyzed before the transition (the whole series when there is none)", "steps", "integer")
            case "window_steps": return e("length of the rolling window", "steps", "integer")
            case "bandwidth_steps": return e("standard deviation of the Gaussian kernel the trend is removed with", "steps")
            case "tau": return e("Kendall's tau of the indicator against time (its trend)", "-1 to 1")
            case "p_value": return e("one-sided p-value of tau against surrogates of the residuals with no trend (surrogate_kind): (1 + surrogates with tau at least as large) / (1 + surrogates)", "probability")
            case "surrogates": return e("surrogate series the p-value is computed from", "series", "integer")
            case "surrogate_kind": return e("how the surrogates were made (--surrogate-kind): ar1 (AR(1) fitted to the residuals) or phase (phase-randomized residuals); empty: no surrogates", "", "text")
            case "null_alarm_rate": return e("share of the surrogates in which the warning rule fires although nothing is coming", "fraction of surrogates")
            case "threshold": return file == "early_warning_roc.csv"
                ? e("the tau threshold of this row: an indicator warns when its tau is above it", "-1 to 1")
                : e("the warning rule's tau threshold (--threshold)", "-1 to 1")
            case "warned": return e("1 if tau is above the threshold, else 0 (empty: series too short)", "", "integer")
            case "significant": return e("1 if the p-value is below the significance level (0.05), else 0", "", "integer")
            case "trend_start_step": return e("first step from which the expanding tau stays above the threshold up to the transition (empty: never)", "step", "integer")
            case "lead_steps": return e("transition step minus trend start: how early the warning came (empty: no warning or no transition)", "steps", "integer")
            case "outcome": return e("hit, miss, false alarm, no transition or too short", "", "text")
            case "same_as": return e("an earlier series whose steps before the transition are identical (analyzed and counted once; empty: none)", "", "text")
            case "hit_rate": return e("share of the series with a transition that warned before it at this threshold (empty: none had a transition)", "fraction of series")
            case "false_alarm_rate": return e("share of the series without a transition that warned at this threshold (empty: every series had one)", "fraction of series")
            case "series_with_transition": return e("distinct series with a transition", "series", "integer")
            case "series_without_transition": return e("distinct series without a transition", "series", "integer")
            default: return nil
            }
        }

        private static func prim(_ column: String) -> Entry? {
            func e(_ meaning: String, _ unit: String = "", _ type: String = "number") -> Entry { Entry(meaning: meaning, unit: unit, type: type) }
            for (suffix, what) in [("_low", "lower limit"), ("_high", "upper limit")] where column.hasSuffix(suffix) {
                let p = String(column.dropLast(suffix.count))
                return e("the box's \(what) on \(p) (the whole range in the initial box)", "the parameter's")
            }
            if column.hasSuffix("_values") {
                return e("the values of \(column.dropLast(7)) the box keeps, separated by |", "", "text")
            }
            if column.hasSuffix("_quasi_p") {
                return e("quasi-p of the box's restriction on \(column.dropLast(8)): binomial probability of the box's density or more if the restriction were dropped (empty: not restricted)", "probability")
            }
            switch column {
            case "box": return e("box number on the peeling trajectory (0: every run)", "", "integer")
            case "stage": return e("initial, peel (a step of the trajectory) or pasted (the chosen box after pasting)", "", "text")
            case "runs": return e("runs inside the box", "runs", "integer")
            case "mass": return e("share of all runs inside the box", "fraction of runs")
            case "coverage": return e("share of the runs with the outcome that are inside the box", "fraction of outcome runs")
            case "density": return e("share of the runs inside the box that have the outcome", "fraction of box runs")
            case "chosen": return e("1 for the chosen box (the knee of the trajectory, and its pasted form), else 0", "", "integer")
            default: return nil
            }
        }

        private static func sensitivity(_ column: String, file: String) -> Entry? {
            func e(_ meaning: String, _ unit: String = "", _ type: String = "number") -> Entry { Entry(meaning: meaning, unit: unit, type: type) }
            let source = "the measure's unit per unit of the parameter's range"
            switch column {
            case "measure": return e("the measure analyzed: a column of runs.csv (or of points.csv with --experiment correct, or d_star_censored), mean over the point's seeds", "", "text")
            case "factor": return e("the parameter varied (--param)", "", "text")
            case "low": return e("lower end of the parameter's range", "the parameter's")
            case "high": return e("upper end of the parameter's range", "the parameter's")
            case "mu": return e("Morris mean elementary effect (signed) of the parameter on the measure, the range scaled to 1", source)
            case "mu_star": return e("Morris mu*: mean absolute elementary effect, the range scaled to 1 (the ranking)", source)
            case "mu_star_low": return e("lower end of the 95% bootstrap interval of mu*, resampling trajectories", source)
            case "mu_star_high": return e("upper end of the 95% bootstrap interval of mu*, resampling trajectories", source)
            case "sigma": return e("standard deviation of the elementary effects: interactions and non-linearity", source)
            case "trajectories_used": return e("trajectories in which the measure is defined at both ends of the parameter's step", "trajectories", "integer")
            case "trajectories": return e("Morris trajectories in the design (--trajectories)", "trajectories", "integer")
            case "levels": return e("levels of the Morris grid (--levels)", "levels", "integer")
            case "delta": return e("Morris step, as a fraction of the range: levels / (2 (levels - 1))", "fraction of the range")
            case "seeds_per_point": return e("seeds run at each design point (--seeds); the measure is their mean", "seeds", "integer")
            case "missing_points": return e("design points where the measure is undefined (Sobol indices are then undefined; d_star: R never below the level or no stake; d_star_censored: no stake only)", "points", "integer")
            case "right_censored_points": return e("d_star_censored: design points where R(d) never fell below the level on the delay grid, counted at the horizon (0 for other measures)", "points", "integer")
            case "s1": return e("first-order Sobol index (Saltelli 2010): share of the measure's variance due to the parameter alone", "fraction of variance")
            case "s1_low": return e("lower end of the 95% bootstrap interval of the first-order index, resampling base samples", "fraction of variance")
            case "s1_high": return e("upper end of the 95% bootstrap interval of the first-order index, resampling base samples", "fraction of variance")
            case "st": return e("total Sobol index (Jansen): share of the variance due to the parameter with all its interactions", "fraction of variance")
            case "st_low": return e("lower end of the 95% bootstrap interval of the total index", "fraction of variance")
            case "st_high": return e("upper end of the 95% bootstrap interval of the total index", "fraction of variance")
            case "variance": return e("variance of the measure over the design's points (the base of the indices)", "the measure's squared")
            case "base_samples": return e("Sobol base samples (--samples)", "samples", "integer")
            case "runs_per_seed": return e("design points of the Saltelli scheme: base samples x (2 x parameters + 2)", "points", "integer")
            default: return nil
            }
        }
    }
}
