import SocialSim
import Testing
@testable import SimRunner

/// Per-seed welfare of a planted correction experiment: R_i(d) = 1 - d / 200 + noise_i(d), with the
/// stake `stake` (+ noise) on every seed.
private func plantedCurve(delays: [Int], seeds: Int, stake: Double, noise: Double, seed: UInt64 = 7) -> RecoveryCurve {
    var rng = SplitMix64(seed: seed)
    let unc = (0..<seeds).map { _ in 0.3 + 0.01 * rng.nextUnit() }
    let ref = unc.map { $0 + stake + noise * (rng.nextUnit() - 0.5) }
    let corrected = delays.map { d in
        (0..<seeds).map { i in unc[i] + (ref[i] - unc[i]) * (1 - Double(d) / 200) + noise * (rng.nextUnit() - 0.5) }
    }
    return RecoveryCurve(delays: delays, uncorrected: unc, reference: ref, corrected: corrected)
}

@Suite("d* as a crossing, the stake, and paired monotonicity")
struct CorrectionStatisticsTests {
    @Test("a linear curve crosses where the line does, whatever the grid")
    func linearCrossing() throws {
        for grid in [Array(stride(from: 0, through: 180, by: 30)), Array(stride(from: 0, through: 180, by: 7)), [0, 99, 101, 180]] {
            let x = grid.map(Double.init)
            let c = LevelCrossing.first(x: x, y: x.map { 1 - $0 / 200 }, level: 0.5)
            #expect(c.kind == .crossed)
            #expect(abs(try #require(c.x) - 100) < 1e-9, "grid \(grid)")
            let b = try #require(c.bracket)
            #expect(x[b.lower] <= 100 && x[b.upper] > 100)
        }
    }

    @Test("censored curves: below at the first sample, never below, and a first crossing only")
    func censoring() {
        #expect(LevelCrossing.first(x: [10, 20], y: [0.4, 0.3], level: 0.5) == LevelCrossing(kind: .belowAtStart, x: 10, bracket: nil))
        #expect(LevelCrossing.first(x: [10, 20], y: [0.9, 0.5], level: 0.5).kind == .neverBelow)
        // A curve exactly at the level is not below it; the first of two crossings is found.
        let c = LevelCrossing.first(x: [0, 10, 20, 30, 40], y: [1, 0.5, 0.4, 0.9, 0.1], level: 0.5)
        #expect(c.x == 10 && c.bracket?.lower == 1 && c.bracket?.upper == 2)
    }

    @Test("the bootstrap distribution counts every resample and reports censored ends")
    func distribution() {
        let crossed = (0..<90).map { LevelCrossing(kind: .crossed, x: Double($0), bracket: (0, 1)) as LevelCrossing? }
        let never = (0..<10).map { _ in LevelCrossing(kind: .neverBelow, x: nil, bracket: nil) as LevelCrossing? }
        let d = CrossingDistribution(crossed + never + [nil, nil], confidence: 0.95)
        #expect(d.resamples == 102 && d.crossed == 90 && d.neverBelow == 10 && d.undefined == 2)
        #expect(d.low.map { abs($0 - 2.475) < 1e-9 } == true)
        #expect(d.high == nil)  // the 97.5% quantile falls on a resample that never crossed
        let left = (0..<100).map { _ in LevelCrossing(kind: .belowAtStart, x: 0, bracket: nil) as LevelCrossing? }
        let l = CrossingDistribution(left, confidence: 0.95)
        #expect(l.lowCensored && l.highCensored && l.low == 0)
    }

    @Test("a planted linear recovery curve: d* near 100 with an interval that covers it, on two grids")
    func plantedRecovery() throws {
        var b = Bootstrap()
        b.resamples = 500
        for grid in [Array(stride(from: 0, through: 180, by: 20)), Array(stride(from: 0, through: 180, by: 45))] {
            let curve = plantedCurve(delays: grid, seeds: 12, stake: 0.3, noise: 0.02)
            let a = curve.analyze(level: 0.5, minimumStake: 0.01, sameObjective: false, bootstrap: b)
            #expect(a.status == .defined)
            let x = try #require(a.crossing?.x)
            #expect(abs(x - 100) < 5, "grid \(grid): d* = \(x)")
            let lo = try #require(a.distribution.low), hi = try #require(a.distribution.high)
            #expect(lo <= 100 && hi >= 100 && hi - lo < 20, "[\(lo), \(hi)]")
            #expect(a.distribution.crossed == 500)
            #expect(abs(a.stake - 0.3) < 0.01)
        }
    }

    @Test("no stake: R is undefined and no d* is declared, however the curve looks")
    func noStake() {
        let b = Bootstrap(resamples: 300)
        let tiny = plantedCurve(delays: [0, 50, 100, 150], seeds: 8, stake: 0.002, noise: 0.004)
        let a = tiny.analyze(level: 0.5, minimumStake: 0.01, sameObjective: false, bootstrap: b)
        #expect(a.status == .stakeBelowMinimum || a.status == .noStake)
        #expect(a.crossing == nil && a.distribution.resamples == 0)
        let zero = RecoveryCurve(delays: [0, 50], uncorrected: [0.4, 0.5], reference: [0.4, 0.5], corrected: [[0.4, 0.5], [0.4, 0.5]])
        #expect(zero.analyze(level: 0.5, minimumStake: 0, sameObjective: false, bootstrap: b).status == .noStake)
        #expect(zero.analyze(level: 0.5, minimumStake: 0, sameObjective: true, bootstrap: b).status == .sameObjective)
        // The same curve with a real stake is interpreted.
        let real = plantedCurve(delays: [0, 50, 100, 150], seeds: 8, stake: 0.2, noise: 0.004)
        #expect(real.analyze(level: 0.5, minimumStake: 0.01, sameObjective: false, bootstrap: b).status == .defined)
    }

    @Test("sign-flip test: exact p for a known case, no trend in pure noise, a clear trend found")
    func pairedMonotonicity() throws {
        let x = [0.0, 1, 2, 3]
        // Every seed increasing: tau 1 each; only the all-positive pattern of 2^5 reaches the mean.
        let up = try #require(PairedMonotonicity(x: x, perSeed: Array(repeating: [1, 2, 3, 4], count: 5)))
        #expect(up.meanTau == 1 && up.exact)
        #expect(abs(up.pIncreasing - 1.0 / 32) < 1e-12)
        #expect(abs(up.pTwoSided - 2.0 / 32) < 1e-12)
        #expect(up.pDecreasing == 1)
        // Constant per seed (a reversible world with no unrecoverable loss): tau 0, p 1.
        let flat = try #require(PairedMonotonicity(x: x, perSeed: Array(repeating: [0, 0, 0, 0], count: 6)))
        #expect(flat.meanTau == 0 && flat.pIncreasing == 1)
        // Noise shared by all delays of a seed plus independent noise: no trend at the 5% level in most draws.
        var rng = SplitMix64(seed: 11)
        var falseAlarms = 0
        for _ in 0..<200 {
            let perSeed = (0..<10).map { _ -> [Double] in
                let shared = rng.nextUnit()
                return x.map { _ in shared + 0.1 * rng.nextUnit() }
            }
            if let m = PairedMonotonicity(x: x, perSeed: perSeed, bootstrap: Bootstrap(resamples: 100)), m.pIncreasing < 0.05 { falseAlarms += 1 }
        }
        #expect(falseAlarms <= 20, "\(falseAlarms) of 200 null data sets flagged at 5%")
        // More than 16 seeds: Monte Carlo p, still small for a clear trend.
        let many = try #require(PairedMonotonicity(x: x, perSeed: (0..<20).map { i in x.map { $0 + (i % 3 == 0 ? -0.5 : 0) * $0 } }))
        #expect(!many.exact && many.pIncreasing < 0.001)
    }

    @Test("relief bisection finds the smallest sufficient budget, and counts an unreachable one as censored")
    func reliefBisection() {
        let search = ReliefBudgetSearch(epsilon: 0.01, maximum: 1, tolerance: 1.0 / 256)
        var calls = 0
        let found = search.smallestBudget { b in calls += 1; return b >= 0.3 }
        #expect(found.map { $0 >= 0.3 && $0 - 0.3 <= 1.0 / 256 } == true)
        #expect(calls <= 2 + 8)
        #expect(search.smallestBudget { _ in true } == 0)
        #expect(search.smallestBudget { _ in false } == nil)
        #expect(ReliefBudgetSearch.median([1, 2, .infinity]) == 2)
        #expect(ReliefBudgetSearch.median([1, .infinity, .infinity]) == nil)
    }
}
