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
        #expect(EarlyWarning.transition(steps: steps, newLocks: locks, trust: trust, agents: 1000, collapseLevel: 0.2)
                == .init(kind: .none, step: nil))
        locks[6] = 10  // 1% of 1000
        trust[4] = 0.1
        #expect(EarlyWarning.transition(steps: steps, newLocks: locks, trust: trust, agents: 1000, collapseLevel: 0.2)
                == .init(kind: .trustCollapse, step: 4))
        locks[3] = 9.99
        locks[4] = 12
        #expect(EarlyWarning.transition(steps: steps, newLocks: locks, trust: trust, agents: 1000, collapseLevel: 0.2)
                == .init(kind: .cascade, step: 4))
        // Without an agent count only collapses count.
        #expect(EarlyWarning.transition(steps: steps, newLocks: locks, trust: trust, agents: nil, collapseLevel: 0.2)
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
}
