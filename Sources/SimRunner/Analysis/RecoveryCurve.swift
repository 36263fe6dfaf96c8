/// The recovery curve of a correction experiment and its headline statistics, from per-seed
/// horizon welfare on common random numbers: the stake, R(d) with intervals, and the point of
/// no return d* as a crossing with its bootstrap distribution.
///
/// - The stake is W_ref − W_unc, the welfare the correction objective would have won had it been
///   used from the start; its estimate is the mean over seeds with a percentile bootstrap interval.
/// - R(d) = Σ_i (W_i(d) − W_unc,i) / Σ_i (W_ref,i − W_unc,i): the ratio of mean paired
///   differences, undefined when the denominator is not positive.
/// - d* is the first crossing of the level by R(d), linearly interpolated between the delays that
///   bracket it (``LevelCrossing``). Its interval resamples seeds (the same resample for every
///   delay, keeping the pairing), recomputes the whole curve and its crossing, and takes
///   percentiles over resamples (``CrossingDistribution``), every resample counted.
/// - d* is declared only when the stake is established: the lower end of the stake's interval is
///   at least `minimumStake`. Otherwise R(d) is a ratio of noise and nothing is said about it.
struct RecoveryCurve: Sendable {
    var delays: [Int]
    /// Per seed.
    var uncorrected: [Double]
    var reference: [Double]
    /// corrected[k][i]: seed i corrected at delays[k].
    var corrected: [[Double]]

    var seedCount: Int { uncorrected.count }

    /// Why R(d) is or is not interpreted; the raw value is the name written in the `status` columns.
    enum Status: String, Sendable, Equatable {
        /// The stake is established: R(d) and d* are reported.
        case defined
        /// The correction switches to the objective already in use: there is nothing to correct.
        case sameObjective = "same_objective"
        /// The reference does no better than the uncorrected run on average: R is undefined.
        case noStake = "no_stake"
        /// The stake is positive but its interval reaches below the minimum effect.
        case stakeBelowMinimum = "stake_below_minimum"
    }

    struct Analysis: Sendable {
        var status: Status
        var stake: Double
        var stakeInterval: ClosedRange<Double>?
        var minimumStake: Double
        var recovery: [Double?]
        var recoveryInterval: [ClosedRange<Double>?]
        /// The crossing of the full-sample curve (nil unless the status is defined).
        var crossing: LevelCrossing?
        var distribution: CrossingDistribution
        var level: Double
    }

    func stake(_ idx: [Int]) -> Double {
        idx.reduce(0.0) { $0 + reference[$1] - uncorrected[$1] } / Double(max(idx.count, 1))
    }

    /// The pooled recovery at delay k over the seeds `idx` (nil when the stake there is not positive).
    func recovery(_ k: Int, _ idx: [Int]) -> Double? {
        var num = 0.0, den = 0.0
        for i in idx {
            num += corrected[k][i] - uncorrected[i]
            den += reference[i] - uncorrected[i]
        }
        return den > 0 ? num / den : nil
    }

    func crossing(_ idx: [Int], level: Double) -> LevelCrossing? {
        var ys: [Double] = []
        for k in delays.indices {
            guard let r = recovery(k, idx) else { return nil }
            ys.append(r)
        }
        return LevelCrossing.first(x: delays.map(Double.init), y: ys, level: level)
    }

    func analyze(level: Double, minimumStake: Double, sameObjective: Bool, bootstrap: Bootstrap) -> Analysis {
        let n = seedCount
        let all = Array(0..<n)
        let stakes = all.map { reference[$0] - uncorrected[$0] }
        let stakeInterval = bootstrap.meanInterval(stakes)
        let stake = self.stake(all)
        let status: Status
        if sameObjective {
            status = .sameObjective
        } else if stake <= 0 {
            status = .noStake
        } else if (stakeInterval?.lowerBound ?? -.infinity) < minimumStake {
            status = .stakeBelowMinimum
        } else {
            status = .defined
        }
        let recovery = delays.indices.map { self.recovery($0, all) }
        let intervals = delays.indices.map { k in bootstrap.interval(count: n) { self.recovery(k, $0) ?? .nan } }
        var distribution = CrossingDistribution()
        var crossing: LevelCrossing? = nil
        if status == .defined {
            crossing = self.crossing(all, level: level)
            distribution = CrossingDistribution(bootstrap.replicate(count: n) { self.crossing($0, level: level) },
                                                confidence: bootstrap.confidence)
        }
        return Analysis(status: status, stake: stake, stakeInterval: stakeInterval, minimumStake: minimumStake, recovery: recovery,
                        recoveryInterval: intervals, crossing: crossing, distribution: distribution, level: level)
    }
}
