import SocialSim

/// The per-step CSV: one row per step, tidy (readable by pandas and R as is).
enum SeriesTable {
    static func columns(frames: [String]) -> [String] {
        var c = ["step", "corrected"]
        c += Dimension.allCases.map { "stock_\($0.name)" }
        c += Dimension.allCases.map { "locked_\($0.name)" }
        c += ["new_locks", "trust_mean", "trust_sd", "exited", "proxy_reward", "served_fraction", "feedback_rate", "consumption_rate",
              "lock_neighbour_share", "lock_neighbour_share_null", "welfare", "preference_entropy", "reflective_distance", "homogenization", "homogenization_pairs",
              "consumption_hhi", "feedback_fidelity", "estimate_drift", "estimate_bias"]
        c += frames.map { "share_\($0)" }
        return c
    }

    /// For each entry of `values`, the N such that the value is a count divided by N (agents for a
    /// fraction of agents, 1 for a count), or nil for a measure that is not a ratio of counts. Means
    /// across seeds of these are computed exactly from the counts (`SeriesMoments`), so they are
    /// written as the exact ratio, not with the digits a sum of fractions leaves.
    static func countDenominators(frames: Int, agents: Int) -> [Int?] {
        // By column name, so a column added to `columns` and `values` cannot shift the others.
        columns(frames: (0..<frames).map { "frame\($0)" }).dropFirst().map { c -> Int? in
            if ["corrected", "new_locks", "homogenization_pairs"].contains(c) { return 1 }
            if c.hasPrefix("locked_") || c.hasPrefix("share_") || ["exited", "served_fraction", "feedback_rate", "consumption_rate"].contains(c) { return agents }
            return nil
        }
    }

    /// Every measure of a step but the step number, in column order (for means across seeds).
    static func values(_ m: StepMetrics) -> [Double] {
        var v = [m.corrected ? 1.0 : 0.0]
        v += m.meanStock
        v += m.lockedFraction
        v += [Double(m.newLocks), m.trustMean, m.trustSpread, m.exitedFraction, m.proxyReward, m.servedFraction, m.feedbackRate,
              m.consumptionRate, m.lockNeighbourShare ?? .nan, m.lockNeighbourShareNull ?? .nan, m.welfare, m.preferenceEntropy, m.reflectiveDistance, m.homogenization ?? .nan,
              Double(m.homogenizationPairs), m.consumptionConcentration ?? .nan, m.feedbackFidelity ?? .nan,
              m.estimateDrift ?? .nan, m.estimateBias ?? .nan]
        v += m.frameShares
        return v
    }
}

/// The one-row run summary CSV.
enum SummaryTable {
    static func columns(frames: [String]) -> [String] {
        ["world", "seed", "objective", "correction_step", "horizon_welfare", "horizon_proxy", "horizon_served",
         "horizon_feedback_rate", "initial_trust", "final_trust",
         "trust_half_life", "final_exited"]
            + Dimension.allCases.map { "final_locked_\($0.name)" }
            + ["first_cascade_step", "cascade_lock_neighbour_share", "cascade_lock_neighbour_share_null",
               "final_lock_neighbour_share", "final_lock_neighbour_share_null", "initial_entropy", "final_entropy", "final_reflective_distance", "final_homogenization",
               "final_homogenization_pairs", "final_consumption_hhi"]
            + frames.map { "final_share_\($0)" }
            + ["trust_collapse_step", "trust_loss_time", "trust_regain_time", "trust_loss_regain_time_ratio", "trust_recovery"]
    }

    static func row(_ s: RunSummary, trust: TrustMeasures, world: WorldConfig, seed: UInt64) -> [String] {
        var r: [String] = [world.name, String(seed), world.optimizer.objective.rawValue]
        r.append(world.correction.step.map(String.init) ?? "")
        r.append(CSVTable.format(s.horizonWelfare))
        r.append(CSVTable.format(s.horizonProxy))
        r.append(CSVTable.format(s.horizonServed))
        r.append(CSVTable.format(s.horizonFeedbackRate))
        r.append(CSVTable.format(s.initialTrust))
        r.append(CSVTable.format(s.finalTrust))
        r.append(s.trustHalvedStep.map(String.init) ?? "")
        r.append(CSVTable.format(s.finalExited))
        r += s.finalLocked.map(CSVTable.format)
        r.append(s.firstCascadeStep.map(String.init) ?? "")
        r.append(s.cascadeLockNeighbourShare.map(CSVTable.format) ?? "")
        r.append(s.cascadeLockNeighbourShareNull.map(CSVTable.format) ?? "")
        r.append(s.finalLockNeighbourShare.map(CSVTable.format) ?? "")
        r.append(s.finalLockNeighbourShareNull.map(CSVTable.format) ?? "")
        r.append(CSVTable.format(s.initialEntropy))
        r.append(CSVTable.format(s.finalEntropy))
        r.append(CSVTable.format(s.finalReflectiveDistance))
        r.append(s.finalHomogenization.map(CSVTable.format) ?? "")
        r.append(String(s.finalHomogenizationPairs))
        r.append(s.finalConsumptionConcentration.map(CSVTable.format) ?? "")
        r += s.finalFrameShares.map(CSVTable.format)
        r += [trust.collapseStep.map(String.init) ?? "", trust.lossTime.map(String.init) ?? "",
              trust.regainTime.map(String.init) ?? "", trust.lossRegainTimeRatio.map(CSVTable.format) ?? "",
              trust.recovery.map(CSVTable.format) ?? ""]
        return r
    }
}
