import SocialSim

/// The data dictionary of simrunner's outputs: for every column of every CSV file, what it
/// holds, its unit and its type. Each output directory gets a `columns.csv` made from the
/// headers of the files actually written (so it lists exactly their columns, frame shares and
/// swept parameters included), and `simrunner columns` prints it for every command.
///
/// One name means one quantity in every file: `trust_half_life` in summary.csv, correct's and
/// compare's runs.csv alike; a file-specific meaning (a mean across seeds) is stated per file.
enum ColumnDictionary {
    struct Entry: Equatable, Sendable {
        var meaning: String
        var unit: String
        /// `integer`, `number` or `text`.
        var type: String
    }

    static let header = ["file", "column", "meaning", "unit", "type"]

    /// columns.csv for the CSV files of an output directory, from their bytes (the header line
    /// is read; simrunner never writes a column name that needs quoting). `experiment` names
    /// the command whose files they are where a file name alone is ambiguous (the runs.csv of
    /// a correction sweep or of an ablation is not a sweep's).
    static func csv(files: [(name: String, bytes: [UInt8])], experiment: Experiment? = nil) -> [UInt8] {
        var t = CSVTable(columns: header)
        for file in files where file.name.hasSuffix(".csv") {
            for column in columns(of: file.bytes) {
                let e = describe(column, file: file.name, experiment: experiment)
                t.append([file.name, column, e.meaning, e.unit, e.type])
            }
        }
        return t.takeBytes()
    }

    /// The column names on the first line of a CSV file's bytes.
    static func columns(of bytes: [UInt8]) -> [String] {
        let line = bytes.prefix { $0 != UInt8(ascii: "\n") }
        return String(decoding: line, as: UTF8.self).split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }

    /// What `column` of `file` holds. Every column simrunner writes is described; an unknown
    /// one gets an empty meaning (the tests check that none does).
    static func describe(_ column: String, file: String, experiment: Experiment? = nil) -> Entry {
        if let experiment, let e = experiment.describe(column, file: file) { return e }
        if file == "mean_series.csv" || file == "sd_series.csv", let e = measure(column, file: "series.csv"), !keys.contains(column) {
            let across = file == "mean_series.csv" ? "mean across seeds of: " : "standard deviation across seeds of: "
            return Entry(meaning: across + e.meaning, unit: e.unit, type: "number")
        }
        if let e = specific[file + ":" + column] ?? measure(column, file: file) { return e }
        if let p = WorldParameters.parameter(column) {
            return Entry(meaning: "swept parameter: " + p.meaning, unit: p.unit, type: parameterType(p.kind))
        }
        if let (p, d) = WorldOverrides.dimensionElement(column) {
            return Entry(meaning: "swept parameter: " + p.meaning + " (\(Dimension.allCases[d].name) dimension)", unit: p.unit, type: "number")
        }
        if let (index, field) = WorldOverrides.frameField(column), let f = FrameParameters.all.first(where: { $0.name == field }) {
            return Entry(meaning: "swept parameter: frame \(index)'s " + f.meaning, unit: f.unit, type: parameterType(f.kind))
        }
        return Entry(meaning: "", unit: "", type: "")
    }

    private static let keys: Set<String> = ["variant", "delay", "world", "run", "point", "seed"]

    private static func parameterType(_ kind: ParameterKind) -> String {
        switch kind {
        case .integer, .optionalInteger, .seed: "integer"
        case .real, .perDimension, .dimensionMatrix: "number"
        default: "text"
        }
    }

    static func boundStatusMeaning(_ column: String) -> String {
        "what \(column) is: crossing (interpolated), at_or_before_first_delay (left-censored: the crossing may lie before the first delay), "
            + "beyond_last_delay (\(column) empty: R stayed above the level up to the last delay in too many resamples), empty (no interval)"
    }

    /// Columns whose meaning depends on the file.
    static let specific: [String: Entry] = [
        "paired.csv:point": Entry(meaning: "design point number of the sweep (0-based), as in its runs.csv", unit: "", type: "integer"),
        "paired.csv:measure": Entry(meaning: "the measure compared: a numeric column of the sweep's runs.csv; for a correction sweep stake, recovery_<d> (R(d) pooled over seeds as a ratio of means) or d_star (first crossing of the recovery level, interpolated)", unit: "", type: "text"),
        "paired.csv:seeds": Entry(meaning: "number of seeds, the same for the point and the baseline (common random numbers)", unit: "seeds", type: "integer"),
        "paired.csv:mean": Entry(meaning: "the point's value of the measure over its seeds: the mean over seeds (empty when a seed leaves it undefined)", unit: "the measure's", type: "number"),
        "paired.csv:baseline_mean": Entry(meaning: "the baseline point's value of the measure over the same seeds", unit: "the measure's", type: "number"),
        "paired.csv:difference": Entry(meaning: "mean - baseline_mean on the same seeds (empty for the baseline itself or when either is undefined)", unit: "the measure's", type: "number"),
        "paired.csv:difference_low": Entry(meaning: "lower end of the 95% percentile bootstrap interval of the difference over seeds, the same resample for both points (empty when fewer than 95% of resamples define it)", unit: "the measure's", type: "number"),
        "paired.csv:difference_high": Entry(meaning: "upper end of the same interval", unit: "the measure's", type: "number"),
        "paired.csv:method": Entry(meaning: "how the interval was computed", unit: "", type: "text"),
        "runs.csv:run": Entry(meaning: "run number: point x seeds + seed index (rows are in run order)", unit: "", type: "integer"),
        "series.csv:run": Entry(meaning: "run number, as in runs.csv", unit: "", type: "integer"),
        "runs.csv:point": Entry(meaning: "design point number (0-based), the same for every seed of a point", unit: "", type: "integer"),
        "series.csv:point": Entry(meaning: "design point number, as in runs.csv", unit: "", type: "integer"),
        "runs.csv:world": Entry(meaning: "world name (its \"name\" key, or its file name)", unit: "", type: "text"),
        "runs.csv:delay": Entry(meaning: "correction delay d of this row's group: the uncorrected and reference rows are repeated for each delay", unit: "steps", type: "integer"),
        "runs.csv:variant": Entry(meaning: "uncorrected (never corrected), reference (the correction's objective from step 0) or corrected (corrected at step delay)", unit: "", type: "text"),
        "runs.csv:recovery": Entry(meaning: "recovery (W - W_unc) / (W_ref - W_unc) of this variant's horizon welfare W for this seed: 0 for uncorrected, 1 for reference (empty when W_ref <= W_unc)", unit: "fraction of the gap", type: "number"),
        "runs.csv:cost": Entry(meaning: "cost of intervention: welfare lost relative to the reference, summed over all steps (0 for the reference)", unit: "welfare-steps", type: "number"),
        "runs.csv:sunk_cost": Entry(meaning: "the part of the cost before the correction: welfare lost relative to the reference over steps t < delay", unit: "welfare-steps", type: "number"),
        "runs.csv:cost_after": Entry(meaning: "the part of the cost from the correction on (cost - sunk_cost)", unit: "welfare-steps", type: "number"),
        "runs.csv:unrecoverable": Entry(meaning: "horizon welfare never won back: W_ref - W of this variant (the stake for uncorrected, 0 for reference)", unit: "0 to 1", type: "number"),
        "runs.csv:refined": Entry(meaning: "1 if the delay was added by bisection around the crossing, 0 if it is on the grid given", unit: "", type: "integer"),
        "delays.csv:refined": Entry(meaning: "1 if the delay was added by bisection around the crossing, 0 if it is on the grid given", unit: "", type: "integer"),
        "delays.csv:sunk_cost": Entry(meaning: "mean over seeds of the welfare lost before the correction", unit: "welfare-steps", type: "number"),
        "delays.csv:sunk_cost_low": Entry(meaning: "lower end of the 95% bootstrap interval of the mean sunk cost", unit: "welfare-steps", type: "number"),
        "delays.csv:sunk_cost_high": Entry(meaning: "upper end of the 95% bootstrap interval of the mean sunk cost", unit: "welfare-steps", type: "number"),
        "delays.csv:unrecoverable": Entry(meaning: "mean over seeds of the horizon welfare the correction never wins back, W_ref - W(d)", unit: "0 to 1", type: "number"),
        "delays.csv:unrecoverable_low": Entry(meaning: "lower end of the 95% bootstrap interval of the mean unrecoverable welfare", unit: "0 to 1", type: "number"),
        "delays.csv:unrecoverable_high": Entry(meaning: "upper end of the 95% bootstrap interval of the mean unrecoverable welfare", unit: "0 to 1", type: "number"),
        "point_of_no_return.csv:status": Entry(meaning: "defined, same_objective, no_stake or stake_below_minimum: whether d* is declared and why not", unit: "", type: "text"),
        "point_of_no_return.csv:level": Entry(meaning: "the recovery level d* is the crossing of (--recovery-level)", unit: "fraction of the gap", type: "number"),
        "point_of_no_return.csv:stake": Entry(meaning: "the stake: mean over seeds of W_ref - W_unc, horizon welfare the correction could win back", unit: "0 to 1", type: "number"),
        "point_of_no_return.csv:stake_low": Entry(meaning: "lower end of the 95% bootstrap interval of the stake", unit: "0 to 1", type: "number"),
        "point_of_no_return.csv:stake_high": Entry(meaning: "upper end of the 95% bootstrap interval of the stake", unit: "0 to 1", type: "number"),
        "point_of_no_return.csv:min_stake": Entry(meaning: "the minimum stake for declaring d* (--min-stake)", unit: "0 to 1", type: "number"),
        "point_of_no_return.csv:crossing": Entry(meaning: "crossed (R falls below the level between two delays), belowAtStart or neverBelow", unit: "", type: "text"),
        "point_of_no_return.csv:d_star": Entry(meaning: "point of no return d*: where R(d) first crosses below the level, interpolated (empty: no crossing)", unit: "steps", type: "number"),
        "point_of_no_return.csv:bracket_low": Entry(meaning: "the last delay evaluated before the crossing", unit: "steps", type: "integer"),
        "point_of_no_return.csv:bracket_high": Entry(meaning: "the first delay evaluated after the crossing", unit: "steps", type: "integer"),
        "point_of_no_return.csv:d_star_low": Entry(meaning: "lower end of the 95% bootstrap interval of d* (resampling seeds; empty: see d_star_low_status)", unit: "steps", type: "number"),
        "point_of_no_return.csv:d_star_high": Entry(meaning: "upper end of the 95% bootstrap interval of d* (resampling seeds; empty: see d_star_high_status)", unit: "steps", type: "number"),
        "point_of_no_return.csv:d_star_low_status": Entry(meaning: Self.boundStatusMeaning("d_star_low"), unit: "", type: "text"),
        "point_of_no_return.csv:d_star_high_status": Entry(meaning: Self.boundStatusMeaning("d_star_high"), unit: "", type: "text"),
        "point_of_no_return.csv:resolution": Entry(meaning: "the bracket, in steps, the delays were refined to by bisection (empty: not refined)", unit: "steps", type: "integer"),
        "point_of_no_return.csv:resamples": Entry(meaning: "bootstrap resamples of the seeds", unit: "resamples", type: "integer"),
        "point_of_no_return.csv:resamples_crossed": Entry(meaning: "resamples in which R(d) crossed the level between two delays", unit: "resamples", type: "integer"),
        "point_of_no_return.csv:resamples_below_at_start": Entry(meaning: "resamples already below the level at the first delay", unit: "resamples", type: "integer"),
        "point_of_no_return.csv:resamples_never_below": Entry(meaning: "resamples never below the level up to the last delay", unit: "resamples", type: "integer"),
        "point_of_no_return.csv:resamples_undefined": Entry(meaning: "resamples with no positive stake (R undefined)", unit: "resamples", type: "integer"),
        "relief_budget.csv:relief_needed": Entry(meaning: "relief budget per agent that brings the corrected run within epsilon of the reference (empty: more than the maximum)", unit: "stock units per agent", type: "number"),
        "relief_budget.csv:more_than_maximum": Entry(meaning: "1 if even the maximum relief tried was not enough", unit: "", type: "integer"),
        "relief_budget.csv:trials": Entry(meaning: "runs the bisection took", unit: "runs", type: "integer"),
        "delays.csv:relief_needed_median": Entry(meaning: "median over seeds of the relief budget per agent that brings the corrected run within epsilon of the reference, a seed needing more than the maximum counting as more (empty: the median itself is beyond the maximum)", unit: "stock units per agent", type: "number"),
        "delays.csv:relief_needed_low": Entry(meaning: "lower end of the 95% percentile bootstrap interval of the median relief needed, resampling seeds (empty: beyond the maximum)", unit: "stock units per agent", type: "number"),
        "delays.csv:relief_needed_high": Entry(meaning: "upper end of the 95% percentile bootstrap interval of the median relief needed, resampling seeds (empty: beyond the maximum)", unit: "stock units per agent", type: "number"),
        "delays.csv:relief_censored_seeds": Entry(meaning: "seeds at which even the maximum relief tried was not enough", unit: "seeds", type: "integer"),
        "delays.csv:seeds": Entry(meaning: "seeds pooled at this delay", unit: "seeds", type: "integer"),
        "delays.csv:recovery": Entry(meaning: "recovery R(d) pooled over seeds as a ratio of means: mean(W(d) - W_unc) / mean(W_ref - W_unc), on horizon welfare", unit: "fraction of the gap", type: "number"),
        "delays.csv:cost": Entry(meaning: "mean over seeds of the cost of intervention (welfare lost relative to the reference, summed over all steps)", unit: "welfare-steps", type: "number"),
        "delays.csv:recovery_low": Entry(meaning: "lower end of the 95% percentile bootstrap interval of recovery R(d), resampling seeds", unit: "fraction of the gap", type: "number"),
        "delays.csv:recovery_high": Entry(meaning: "upper end of the 95% percentile bootstrap interval of recovery R(d), resampling seeds", unit: "fraction of the gap", type: "number"),
        "delays.csv:cost_low": Entry(meaning: "lower end of the 95% percentile bootstrap interval of the mean cost, resampling seeds", unit: "welfare-steps", type: "number"),
        "delays.csv:cost_high": Entry(meaning: "upper end of the 95% percentile bootstrap interval of the mean cost, resampling seeds", unit: "welfare-steps", type: "number"),
        "delays.csv:final_locked_economic": lockedMean("economic"),
        "delays.csv:final_locked_institutional": lockedMean("institutional"),
        "delays.csv:final_locked_attention": lockedMean("attention"),
        "delays.csv:final_locked_narrative": lockedMean("narrative"),
        "delays.csv:trust_recovery": Entry(meaning: "mean over the seeds where it is defined of trust at the horizon minus trust at the correction step", unit: "0 to 1", type: "number"),
        "baselines.csv:variant": Entry(meaning: "uncorrected (never corrected) or reference (the correction's objective from step 0)", unit: "", type: "text"),
        "mean_series.csv:variant": Entry(meaning: "uncorrected, reference or corrected", unit: "", type: "text"),
        "sd_series.csv:variant": Entry(meaning: "uncorrected, reference or corrected", unit: "", type: "text"),
        "mean_series.csv:delay": Entry(meaning: "correction delay of a corrected variant (empty for uncorrected and reference)", unit: "steps", type: "integer"),
        "sd_series.csv:delay": Entry(meaning: "correction delay of a corrected variant (empty for uncorrected and reference)", unit: "steps", type: "integer"),
        "mean_series.csv:world": Entry(meaning: "world name", unit: "", type: "text"),
        "sd_series.csv:world": Entry(meaning: "world name", unit: "", type: "text"),
        "comparison.csv:world": Entry(meaning: "world name", unit: "", type: "text"),
        "comparison.csv:measure": Entry(meaning: "the measure compared: a column of runs.csv", unit: "", type: "text"),
        "comparison.csv:seeds_defined": Entry(meaning: "seeds in which the measure is defined (a half-life exists only if trust halved)", unit: "seeds", type: "integer"),
        "comparison.csv:mean": Entry(meaning: "mean of the measure over the seeds where it is defined", unit: "the measure's", type: "number"),
        "comparison.csv:mean_low": Entry(meaning: "lower end of the 95% percentile bootstrap interval of the mean", unit: "the measure's", type: "number"),
        "comparison.csv:mean_high": Entry(meaning: "upper end of the 95% percentile bootstrap interval of the mean", unit: "the measure's", type: "number"),
        "comparison.csv:baseline": Entry(meaning: "the world differences are taken from (the first world given)", unit: "", type: "text"),
        "comparison.csv:difference": Entry(meaning: "mean paired difference (this world - baseline) over seeds where both are defined; empty for the baseline", unit: "the measure's", type: "number"),
        "comparison.csv:difference_low": Entry(meaning: "lower end of the 95% percentile bootstrap interval of the paired difference", unit: "the measure's", type: "number"),
        "comparison.csv:difference_high": Entry(meaning: "upper end of the 95% percentile bootstrap interval of the paired difference", unit: "the measure's", type: "number"),
        "columns.csv:file": Entry(meaning: "output file", unit: "", type: "text"),
        // ledger.csv (run --ledger N): one row per sampled agent and dimension.
        "ledger.csv:agent": Entry(meaning: "index of the sampled agent", unit: "", type: "integer"),
        "ledger.csv:dimension": Entry(meaning: "constraint dimension (economic, institutional, attention, narrative)", unit: "", type: "text"),
        "ledger.csv:degree": Entry(meaning: "number of the agent's neighbours in the network", unit: "agents", type: "integer"),
        "ledger.csv:threshold": Entry(meaning: "the agent's lock threshold in this dimension", unit: "stock units", type: "number"),
        "ledger.csv:locked_at_start": Entry(meaning: "1 if locked before the first step observed (the lock cannot be dated)", unit: "", type: "integer"),
        "ledger.csv:first_lock_step": Entry(meaning: "step of the first lock (empty: never locked)", unit: "step", type: "integer"),
        "ledger.csv:stock_at_lock": Entry(meaning: "stock just after the step it first locked", unit: "stock units", type: "number"),
        "ledger.csv:exposure_before_lock": Entry(meaning: "footprint received in this dimension from consumed items up to the first lock (to the horizon if never locked)", unit: "stock units", type: "number"),
        "ledger.csv:consumed_before_lock": Entry(meaning: "items consumed up to and including the step of the first lock", unit: "items", type: "integer"),
        "ledger.csv:neighbour_locked_at_lock": Entry(meaning: "fraction of neighbours locked in this dimension at the start of the step of the first lock", unit: "fraction of neighbours", type: "number"),
        "ledger.csv:neighbour_stock_at_lock": Entry(meaning: "mean stock of the neighbours at the start of the step of the first lock", unit: "stock units", type: "number"),
        "ledger.csv:trust_before_lock": Entry(meaning: "the agent's trust at the start of the step of the first lock", unit: "0 to 1", type: "number"),
        "ledger.csv:frame_before_lock": Entry(meaning: "the agent's narrative frame at the start of the step of the first lock", unit: "", type: "text"),
        "ledger.csv:exited_before_lock": Entry(meaning: "1 if the agent had exited before the step of the first lock", unit: "", type: "integer"),
        "ledger.csv:locks": Entry(meaning: "times the dimension locked (more than one only where unlocking is possible)", unit: "locks", type: "integer"),
        "ledger.csv:first_unlock_step": Entry(meaning: "step of the first unlock (empty: never unlocked)", unit: "step", type: "integer"),
        "ledger.csv:ever_unlocked": Entry(meaning: "1 if the dimension ever unlocked", unit: "", type: "integer"),
        "ledger.csv:locked_at_horizon": Entry(meaning: "1 if locked at the horizon", unit: "", type: "integer"),
        // hypotheses.csv (correct, compare, ablate, audit with declared hypotheses): one row per hypothesis.
        "hypotheses.csv:hypothesis": Entry(meaning: "the hypothesis as declared", unit: "", type: "text"),
        "hypotheses.csv:quantity": Entry(meaning: "the quantity it is about", unit: "", type: "text"),
        "hypotheses.csv:relation": Entry(meaning: "the relation it states between the quantity and the threshold", unit: "", type: "text"),
        "hypotheses.csv:threshold": Entry(meaning: "the threshold of the hypothesis", unit: "the quantity's", type: "number"),
        "hypotheses.csv:estimate": Entry(meaning: "the estimate of the quantity (empty: could not be estimated, or unbounded: see estimate_status)", unit: "the quantity's", type: "number"),
        "hypotheses.csv:low": Entry(meaning: "lower end of the estimate's 95% interval", unit: "the quantity's", type: "number"),
        "hypotheses.csv:high": Entry(meaning: "upper end of the estimate's 95% interval (empty when unbounded: see high_status)", unit: "the quantity's", type: "number"),
        "hypotheses.csv:estimate_status": Entry(meaning: "unbounded_above when the estimate is beyond the last delay tried (a right-censored d_star), unbounded_below when below any bound, else empty", unit: "", type: "text"),
        "hypotheses.csv:low_status": Entry(meaning: "unbounded_above or unbounded_below when the interval's lower end is unbounded, else empty", unit: "", type: "text"),
        "hypotheses.csv:high_status": Entry(meaning: "unbounded_above when the interval's upper end is unbounded (a censored d_star), else empty", unit: "", type: "text"),
        "hypotheses.csv:verdict": Entry(meaning: "supported, contradicted or inconclusive (from the whole interval), or undefined", unit: "", type: "text"),
        "hypotheses.csv:basis": Entry(meaning: "what the estimate and its interval are computed from", unit: "", type: "text"),
        "hypotheses.csv:declared_in": Entry(meaning: "where the hypothesis was declared: --hypothesis, a --hypotheses file [index], or a world file's key path", unit: "", type: "text"),
    ]

    private static func lockedMean(_ dimension: String) -> Entry {
        Entry(meaning: "mean over seeds of the fraction of agents locked in the \(dimension) dimension at the horizon (corrected runs)",
              unit: "fraction of agents", type: "number")
    }

    private static let dimensions = Dimension.allCases.map(\.name)

    /// Columns with one meaning wherever they appear.
    private static func measure(_ c: String, file: String) -> Entry? {
        func e(_ meaning: String, _ unit: String = "", _ type: String = "number") -> Entry { Entry(meaning: meaning, unit: unit, type: type) }
        for d in dimensions {
            switch c {
            case "stock_\(d)": return e("mean constraint stock in the \(d) dimension", "typical lock thresholds")
            case "locked_\(d)": return e("fraction of agents locked in the \(d) dimension (count / N)", "fraction of agents")
            case "final_locked_\(d)": return e("fraction of agents locked in the \(d) dimension at the horizon (count / N)", "fraction of agents")
            default: break
            }
        }
        if c.hasPrefix("final_share_") { return e("share of agents holding the frame '\(c.dropFirst(12))' at the horizon (count / N)", "fraction of agents") }
        if c.hasPrefix("share_") { return e("share of agents holding the frame '\(c.dropFirst(6))' (count / N)", "fraction of agents") }
        if c.hasPrefix("trust_"), let t = TrustColumns.entry(c) { return t }
        switch c {
        case "step": return e("time step, from 0 (measures are taken at the end of the step)", "step", "integer")
        case "corrected": return e("1 from the correction step on, else 0", "", "integer")
        case "new_locks": return e("lock events this step, summed over agents and dimensions", "locks", "integer")
        case "exited": return e("fraction of agents who have disengaged (count / N)", "fraction of agents")
        case "proxy_reward": return e("mean feedback the optimizer received, over agents who gave any: what it optimizes", "0 to 1")
        case "served_fraction": return e("fraction of agents served an item this step (count / N): the base of proxy_reward", "fraction of agents")
        case "feedback_fidelity": return e("correlation of the feedback the optimizer received with the true worth of the item served, over agents who gave feedback (empty: fewer than 10 or no variation)", "-1 to 1")
        case "estimate_drift": return e("exposure-weighted mean |V - expected reward| over agents served an item: how far the optimizer's estimate of each served item for the agent's segment is from the agent's expected uncorrupted reward (click probability; under approval, the approval of a click, weighted by click probability) (empty: nobody served)", "reward units, 0 to 1")
        case "estimate_bias": return e("the same exposure-weighted mean of V - expected reward, signed: positive when the optimizer expects more than people give (empty: nobody served)", "reward units, -1 to 1")
        case "horizon_estimate_drift": return e("mean estimate_drift over the steps of the last measurement.window where it is defined (empty: none)", "reward units, 0 to 1")
        case "horizon_estimate_bias": return e("mean estimate_bias over the steps of the last measurement.window where it is defined (empty: none)", "reward units, -1 to 1")
        case "horizon_feedback_fidelity": return e("mean feedback_fidelity over the steps of the last measurement.window where it is defined (empty: none)", "-1 to 1")
        case "horizon_served": return e("mean served_fraction over the last measurement.window steps: the base of horizon_proxy", "fraction of agents")
        case "horizon_feedback_rate": return e("mean feedback_rate over the last measurement.window steps", "fraction of agents")
        case "feedback_rate": return e("fraction of agents who gave feedback (count / N)", "fraction of agents")
        case "consumption_rate": return e("fraction of agents who consumed the item shown (count / N)", "fraction of agents")
        case "welfare": return e("mean true welfare (never seen by the optimizer)", "0 to 1")
        case "preference_entropy": return e("mean normalized entropy of expressed preferences", "0 to 1")
        case "reflective_distance": return e("mean total-variation distance of expressed from reflective preferences", "0 to 1")
        case "homogenization": return e("mean Jaccard similarity of recent consumption over the sampled agent pairs that consumed (empty: no pair)", "0 to 1")
        case "lock_neighbour_share": return e("fraction of locked agents' network neighbours who are locked, any dimension (empty: undefined)", "fraction of neighbours")
        case "lock_neighbour_share_null": return e("expected lock_neighbour_share if locks were relabelled at random among agents of the same degree (empty: undefined)", "fraction of neighbours")
        case "cascade_lock_neighbour_share": return e("lock_neighbour_share at the first cascade step (empty: no cascade or undefined)", "fraction of neighbours")
        case "cascade_lock_neighbour_share_null": return e("lock_neighbour_share_null at the first cascade step (empty: no cascade or undefined)", "fraction of neighbours")
        case "final_lock_neighbour_share": return e("lock_neighbour_share at the horizon (empty: undefined)", "fraction of neighbours")
        case "final_lock_neighbour_share_null": return e("lock_neighbour_share_null at the horizon (empty: undefined)", "fraction of neighbours")
        case "cascade_lock_clustering_excess": return e("cascade_lock_neighbour_share minus its degree-preserving null: about 0 for a common drive, positive for contagion (empty: no cascade or undefined)", "fraction of neighbours")
        case "final_lock_clustering_excess": return e("final_lock_neighbour_share minus its degree-preserving null (empty: undefined)", "fraction of neighbours")
        case "homogenization_pairs": return e("sampled agent pairs counted in homogenization (its base)", "pairs", "integer")
        case "consumption_hhi": return e("Herfindahl-Hirschman index of this step's consumption across items (empty: nobody consumed)", "0 to 1")
        case "final_homogenization_pairs": return e("pairs counted in homogenization at the horizon", "pairs", "integer")
        case "final_consumption_hhi": return e("Herfindahl-Hirschman index of consumption across items at the horizon", "0 to 1")
        case "world": return e("world name", "", "text")
        case "source": return e("world file as given, or 'embedded default world'", "", "text")
        case "seed": return e("seed of the run", "", "integer")
        case "delay": return e("correction delay d: the step at which the correction is applied", "steps", "integer")
        case "variant": return e("uncorrected, reference or corrected", "", "text")
        case "objective": return e("objective of the optimizer at deployment (before any correction)", "", "text")
        case "correction_step": return e("step of the correction (empty: no correction)", "step", "integer")
        case "horizon_welfare": return e("mean welfare over the last measurement.window steps: the W of recovery R(d)", "0 to 1")
        case "horizon_proxy": return e("mean proxy reward over the last measurement.window steps", "0 to 1")
        case "initial_trust": return e("mean trust at step 0 (after its update)", "0 to 1")
        case "final_trust": return e("mean trust at the horizon (last step)", "0 to 1")
        case "final_exited": return e("fraction of agents who have disengaged, at the horizon (count / N)", "fraction of agents")
        case "first_cascade_step": return e("first step with new locks >= measurement.cascadeFraction of the agents (default 1%; empty: never)", "step", "integer")
        case "initial_entropy": return e("preference entropy at step 0", "0 to 1")
        case "final_entropy": return e("preference entropy at the horizon", "0 to 1")
        case "final_reflective_distance": return e("distance from reflective preferences at the horizon", "0 to 1")
        case "final_homogenization": return e("homogenization at the horizon", "0 to 1")
        case "relief_spent": return e("relief spent by the correction, per agent", "stock units per agent")
        case "column": return e("column name", "", "text")
        case "meaning": return e("what the column holds", "", "text")
        case "unit": return e("unit of the column's values (empty: none)", "", "text")
        case "type": return e("integer, number or text; an empty cell means undefined", "", "text")
        default: return nil
        }
    }
}

/// The trust measures (`TrustMeasures`), one name each in every file.
enum TrustColumns {
    static func entry(_ c: String) -> ColumnDictionary.Entry? {
        func e(_ meaning: String, _ unit: String, _ type: String) -> ColumnDictionary.Entry { .init(meaning: meaning, unit: unit, type: type) }
        switch c {
        case "trust_mean": return e("mean trust in the system", "0 to 1", "number")
        case "trust_sd": return e("standard deviation of trust across agents", "0 to 1", "number")
        case "trust_half_life": return e("first step with mean trust at most half its step-0 value (empty: never)", "step", "integer")
        case "trust_collapse_step": return e("first step with mean trust below the collapse level (--trust-collapse, default 0.2; empty: never)", "step", "integer")
        case "trust_loss_time": return e("steps until trust had lost half of what it lost by the correction (or by its minimum)", "steps", "integer")
        case "trust_regain_time": return e("steps after the correction until trust had regained half of what it lost before it (empty: never or no correction)", "steps", "integer")
        case "trust_loss_regain_time_ratio": return e("trust_loss_time / trust_regain_time (below 1: lost faster than regained); a ratio of times that mixes the rate asymmetry with outcome sizes, not the rate asymmetry", "ratio", "number")
        case "trust_recovery": return e("trust at the horizon minus trust at the correction step (empty: no correction)", "0 to 1", "number")
        case "trust_regained_share": return e("fraction of seeds in which trust regained half of what it lost", "fraction of seeds", "number")
        default: return nil
        }
    }
}
