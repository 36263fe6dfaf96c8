/// `morris.csv` and `sobol.csv`: one row per measure × factor.
enum SensitivityTables {
    static func csv(_ rows: [Sensitivity.Row], method: Sensitivity.Method, sensitivity s: Sensitivity, seeds: Int) -> [UInt8] {
        func f(_ x: Double?) -> String { x.map(CSVTable.format) ?? "" }
        switch method {
        case .morris:
            var t = CSVTable(columns: ["measure", "factor", "low", "high", "mu", "mu_star", "mu_star_low", "mu_star_high", "sigma",
                                       "trajectories_used", "trajectories", "levels", "delta", "seeds_per_point", "missing_points",
                                       "right_censored_points"])
            for r in rows {
                let factor = s.factors.first { $0.key == r.factor }
                let e = r.morris
                t.append([r.measure, r.factor, f(factor?.low), f(factor?.high), f(e?.mu), f(e?.muStar),
                          f(e?.muStarInterval?.lowerBound), f(e?.muStarInterval?.upperBound), f(e?.sigma),
                          String(e?.count ?? 0), String(s.trajectories), String(s.levels), f(Morris.delta(levels: s.levels)),
                          String(seeds), String(r.missingPoints), String(r.rightCensoredPoints)])
            }
            return t.takeBytes()
        case .sobol:
            var t = CSVTable(columns: ["measure", "factor", "low", "high", "s1", "s1_low", "s1_high", "st", "st_low", "st_high",
                                       "variance", "base_samples", "runs_per_seed", "seeds_per_point", "missing_points",
                                       "right_censored_points"])
            for r in rows {
                let factor = s.factors.first { $0.key == r.factor }
                let i = r.sobol
                t.append([r.measure, r.factor, f(factor?.low), f(factor?.high), f(i?.firstOrder), f(i?.firstOrderInterval?.lowerBound),
                          f(i?.firstOrderInterval?.upperBound), f(i?.total), f(i?.totalInterval?.lowerBound), f(i?.totalInterval?.upperBound),
                          f(r.variance), String(s.baseSamples), String(s.baseSamples * SobolIndices.runsPerRow(factors: s.factors.count)),
                          String(seeds), String(r.missingPoints), String(r.rightCensoredPoints)])
            }
            return t.takeBytes()
        }
    }
}
