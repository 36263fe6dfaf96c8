import Foundation
import SocialSim
import Testing
@testable import SimRunner

/// x[t] = phi(t) x[t-1] + noise, from a fixed seed.
private func autoregressive(_ n: Int, seed: UInt64, phi: (Int) -> Double) -> [Double] {
    var rng = SplitMix64(seed: seed)
    var x = [Double](repeating: 0, count: n)
    for t in 1..<n { x[t] = phi(t) * x[t - 1] + rng.nextGaussian() }
    return x
}

@Suite("early warnings: indicators, trends and transitions")
struct EarlyWarningTests {
    @Test("lag-1 autocorrelation is near 0.9 for an AR(1) with phi 0.9 and near 0 for white noise")
    func autocorrelationOfKnownSeries() throws {
        let ar = autoregressive(4000, seed: 11) { _ in 0.9 }
        let noise = autoregressive(4000, seed: 12) { _ in 0 }
        let a = try #require(EarlyWarning.lag1Autocorrelation(ar[...]))
        let w = try #require(EarlyWarning.lag1Autocorrelation(noise[...]))
        #expect(abs(a - 0.9) < 0.03)
        #expect(abs(w) < 0.05)
        // Variance of an AR(1) with unit noise is 1 / (1 - phi^2) = 5.26.
        let v = try #require(EarlyWarning.variance(ar[...]))
        #expect(abs(v - 1 / (1 - 0.81)) < 1)
        #expect(EarlyWarning.lag1Autocorrelation([1, 1, 1, 1][...]) == nil)
    }

    @Test("a rising AR coefficient gives rising indicators: positive tau, a warning and a trend start")
    func risingAutocorrelationWarns() throws {
        let n = 400
        let x = autoregressive(n, seed: 5) { t in 0.1 + 0.85 * Double(t) / Double(n) }
        let steps = Array(0..<n)
        let settings = EarlyWarning.Settings(window: 0.5, bandwidth: 20, threshold: 0.3)
        let a = try #require(EarlyWarning.analyze(steps: steps, values: x, transitionStep: nil, settings: settings))
        let ar1 = try #require(a.indicators.first { $0.statistic == .autocorrelation })
        let variance = try #require(a.indicators.first { $0.statistic == .variance })
        #expect(try #require(ar1.tau) > 0.5)
        #expect(try #require(variance.tau) > 0.3)
        #expect(ar1.warned)
        #expect(a.window == 200)
        #expect(ar1.steps.first == 199 && ar1.steps.last == n - 1)
        // The trend start is where the expanding tau rises above the threshold for good.
        let start = try #require(ar1.trendStart)
        let k = try #require(ar1.steps.firstIndex(of: start))
        #expect(ar1.expandingTau[k...].allSatisfy { ($0 ?? -2) > 0.3 })
        if k > 0 { #expect((ar1.expandingTau[k - 1] ?? -2) <= 0.3) }
        // The same series with a constant coefficient does not warn.
        let flat = autoregressive(n, seed: 5) { _ in 0.5 }
        let b = try #require(EarlyWarning.analyze(steps: steps, values: flat, transitionStep: nil, settings: settings))
        #expect(abs(try #require(b.indicators[0].tau)) < 0.5)
    }

    @Test("only steps before the transition are analyzed; too short a series gives nothing")
    func preTransitionOnly() throws {
        let x = autoregressive(300, seed: 3) { _ in 0.5 }
        let a = try #require(EarlyWarning.analyze(steps: Array(0..<300), values: x, transitionStep: 100, settings: .init()))
        #expect(a.steps == Array(0..<100))
        #expect(a.window == 50)
        #expect(a.bandwidth == 10)
        #expect(a.indicators.allSatisfy { ($0.steps.last ?? 0) == 99 })
        #expect(EarlyWarning.analyze(steps: Array(0..<300), values: x, transitionStep: 15, settings: .init()) == nil)
        // Missing values are skipped, never used.
        var gappy: [Double?] = x
        gappy[10] = nil
        let g = try #require(EarlyWarning.analyze(steps: Array(0..<300), values: gappy, transitionStep: 100, settings: .init()))
        #expect(g.steps.count == 99 && !g.steps.contains(10))
    }

    @Test("the transition is the first cascade or collapse, whichever comes first")
    func transitions() {
        let steps = Array(0..<10)
        var locks: [Double?] = Array(repeating: 0, count: 10)
        var trust: [Double?] = Array(repeating: 0.5, count: 10)
        #expect(EarlyWarning.transition(steps: steps, newLocks: locks, trust: trust, agents: 1000, collapseLevel: 0.2, cascadeFraction: 0.01)
                == .init(kind: .none, step: nil))
        locks[6] = 10  // 1% of 1000
        trust[4] = 0.1
        #expect(EarlyWarning.transition(steps: steps, newLocks: locks, trust: trust, agents: 1000, collapseLevel: 0.2, cascadeFraction: 0.01)
                == .init(kind: .trustCollapse, step: 4))
        locks[3] = 9.99
        locks[4] = 12
        #expect(EarlyWarning.transition(steps: steps, newLocks: locks, trust: trust, agents: 1000, collapseLevel: 0.2, cascadeFraction: 0.01)
                == .init(kind: .cascade, step: 4))
        // Without an agent count only collapses count.
        #expect(EarlyWarning.transition(steps: steps, newLocks: locks, trust: trust, agents: nil, collapseLevel: 0.2, cascadeFraction: 0.01)
                == .init(kind: .trustCollapse, step: 4))
    }

    @Test("the expanding tau ends at Kendall's tau of the whole series; the smoother keeps lines straight")
    func expandingTauAndSmoother() throws {
        let y: [Double?] = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9]
        let e = EarlyWarning.expandingTau(y, minimumPoints: 3)
        let k = try #require(KendallTau(y.indices.map(Double.init), y.map { $0! }))
        #expect(abs(try #require(e.last!) - k.tau) < 1e-12)
        #expect(e[0] == nil && e[1] == nil && e[2] != nil)
        let line = (0..<100).map { 0.3 + 0.01 * Double($0) }
        let s = EarlyWarning.smooth(line, bandwidth: 5)
        for i in 25..<75 { #expect(abs(s[i] - line[i]) < 1e-9) }
        #expect(EarlyWarning.smooth([2, 2, 2], bandwidth: 3) == [2, 2, 2])
    }

    @Test("Kendall's score by merge sort equals the count over all pairs, ties included")
    func kendallScoreMatchesPairs() {
        var rng = SplitMix64(seed: 9)
        for n in [2, 3, 10, 57, 200] {
            let x = (0..<n).map { _ in Double(rng.nextInt(below: 7)) }
            let y = (0..<n).map { _ in Double(rng.nextInt(below: 5)) }
            var s = 0
            for i in 0..<n { for j in (i + 1)..<n where x[i] != x[j] && y[i] != y[j] { s += (x[j] > x[i]) == (y[j] > y[i]) ? 1 : -1 } }
            #expect(KendallTau.score(x, y) == s, "n = \(n)")
        }
    }

    @Test("rolling statistics from running sums equal the window-by-window ones; the FFT smoother equals the direct one")
    func rollingAndSmootherAgree() throws {
        let x = autoregressive(3000, seed: 4) { _ in 0.7 }.map { $0 + 5 }
        for stat in EarlyWarning.Statistic.allCases {
            let fast = EarlyWarning.rolling(stat, x, window: 400)
            #expect(fast.count == 2601)
            for e in stride(from: 399, to: 3000, by: 37) {
                let slow = try #require(stat.compute(x[(e - 399)...e]))
                #expect(abs(try #require(fast[e - 399]) - slow) < 1e-9 * max(1, abs(slow)))
            }
        }
        // A constant stretch is undefined for the autocorrelation, not a rounding artefact.
        let flat = [Double](repeating: 0.3, count: 50) + x.prefix(50)
        #expect(EarlyWarning.rolling(.autocorrelation, flat, window: 10)[0] == nil)
        #expect(try #require(EarlyWarning.rolling(.variance, flat, window: 10)[0]) < 1e-20)
        let kernel = (0...120).map { d in exp(-Double(d * d) / (2 * 30.0 * 30.0)) }
        let direct = GaussianSmoother.direct(x, kernel: kernel), fft = GaussianSmoother.byFFT(x, kernel: kernel)
        #expect(zip(direct, fft).allSatisfy { abs($0 - $1) < 1e-9 })
    }

    @Test("on AR(1) nulls with a trend, surrogate p-values reject at about the nominal rate while the tau > 0.3 rule fires often")
    func nullFalseAlarms() throws {
        var settings = EarlyWarning.Settings(window: 0.5, bandwidth: 20, threshold: 0.3)
        settings.surrogates = 99
        let series = 80, n = 200
        var rejected = 0, fired = 0, estimatedRate = 0.0
        for k in 0..<series {
            let noise = autoregressive(n, seed: 1000 + UInt64(k)) { _ in 0.6 }
            let x = noise.enumerated().map { t, e in 0.02 * Double(t) - 0.00004 * Double(t * t) + e }
            settings.surrogateSeed = UInt64(k)
            let a = try #require(EarlyWarning.analyze(steps: Array(0..<n), values: x, transitionStep: nil, settings: settings))
            let ar1 = a.indicators[0]
            if try #require(ar1.pValue) < 0.05 { rejected += 1 }
            if ar1.warned { fired += 1 }
            estimatedRate += try #require(ar1.nullAlarmRate)
        }
        let rate = Double(rejected) / Double(series), fireRate = Double(fired) / Double(series)
        // Nominal 5%: a binomial(80, 0.05) exceeds 12 with probability below 0.2%.
        #expect(rate <= 0.15, "surrogate test rejects \(rate) of null series")
        // The surrogates estimate how often the tau rule fires on nulls.
        #expect(abs(estimatedRate / Double(series) - fireRate) < 0.2, "estimated \(estimatedRate / Double(series)), observed \(fireRate)")
    }

    @Test("planted rising autocorrelation is detected with a small surrogate p-value")
    func plantedRiseDetected() throws {
        var settings = EarlyWarning.Settings(window: 0.5, bandwidth: 20, threshold: 0.3)
        settings.surrogates = 99
        var detected = 0
        for k in 0..<10 {
            let n = 400
            let x = autoregressive(n, seed: 50 + UInt64(k)) { t in 0.1 + 0.85 * Double(t) / Double(n) }
            let a = try #require(EarlyWarning.analyze(steps: Array(0..<n), values: x, transitionStep: nil, settings: settings))
            if try #require(a.indicators[0].pValue) < 0.05 { detected += 1 }
        }
        #expect(detected >= 8)
    }

    @Test("a 100,000-step series is analyzed (the analysis is O(n log n), not quadratic)")
    func longSeries() throws {
        var settings = EarlyWarning.Settings()
        settings.surrogates = 2
        let n = 100_000
        let x = autoregressive(n, seed: 8) { t in 0.2 + 0.7 * Double(t) / Double(n) }
        let a = try #require(EarlyWarning.analyze(steps: Array(0..<n), values: x, transitionStep: nil, settings: settings))
        #expect(a.window == 50_000)
        #expect(try #require(a.indicators[0].tau) > 0.5)
        #expect(a.indicators[0].nullTaus.count == 2)
    }

    @Test("series sharing their steps before the transition are analyzed and counted once; the ROC covers -1 to 1")
    func sharedPrefixCountedOnce() throws {
        let n = 120
        let base = autoregressive(n, seed: 21) { t in 0.2 + 0.7 * Double(t) / Double(n) }
        func table(_ welfare: [Double], cascadeAt: Int) -> CSVReader {
            CSVReader(columns: ["step", "welfare", "trust_mean", "new_locks"], rows: (0..<n).map { t in
                [String(t), String(welfare[t]), String(0.6 + 0.01 * welfare[t]), t == cascadeAt ? "50" : "0"]
            })
        }
        var late = base, early = base
        for t in 90..<n { late[t] += 1 }   // corrected at 90, after the cascade at 80
        for t in 40..<n { early[t] += 1 }  // corrected at 40, before it
        let inputs = [EarlyWarningReport.Input(name: "uncorrected", table: table(base, cascadeAt: 80), agents: 1000, cascadeFraction: 0.01),
                      EarlyWarningReport.Input(name: "corrected at 90", table: table(late, cascadeAt: 80), agents: 1000, cascadeFraction: 0.01),
                      EarlyWarningReport.Input(name: "corrected at 40", table: table(early, cascadeAt: 80), agents: 1000, cascadeFraction: 0.01)]
        var settings = EarlyWarning.Settings()
        settings.surrogates = 20
        let results = EarlyWarningReport.analyze(inputs, settings: settings, collapseLevel: 0.2)
        #expect(results.map(\.sameAs) == [nil, "uncorrected", nil])
        #expect(results[1].transition.step == 80)
        let roc = try CSVReader.parse(EarlyWarningReport.rocCSV(results))
        #expect(roc.rows.count == 41 * 4)
        #expect(roc.strings("series_with_transition")?.allSatisfy { $0 == "2" } == true)
        #expect(roc.doubles("threshold").first == -1 && roc.doubles("threshold").last == 1)
        let ew = try CSVReader.parse(EarlyWarningReport.csv(results, settings: settings))
        #expect(ew.rows.count == 3 * 4)
        #expect(ew.strings("same_as")?.filter { $0 == "uncorrected" }.count == 4)
        #expect(ew.doubles("p_value").allSatisfy { $0 != nil })
    }
}
