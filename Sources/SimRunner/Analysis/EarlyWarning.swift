import Foundation

/// Early-warning signals of a critical transition (Scheffer et al. 2009; Dakos et al. 2012;
/// as in R `earlywarnings` and Python `ewstools`): before a tipping point, recovery from small
/// perturbations slows down, so a detrended series grows more autocorrelated and more variable.
///
/// For one measure of one run, over the part of the series before the transition:
/// 1. detrend: subtract a Gaussian kernel smoother (Nadaraya–Watson, kernel standard deviation
///    `bandwidth` steps);
/// 2. in a rolling window of `window` × the pre-transition length (ending at each step in turn),
///    compute the lag-1 autocorrelation (Pearson correlation of x[t] with x[t+1]) and the variance
///    (n − 1 denominator) of the residuals;
/// 3. measure each indicator's trend by Kendall's tau against time (the window's last step).
///
/// The indicator *warned* when its tau is above `threshold`. Its *trend start* is the first step
/// from which the expanding tau (Kendall's tau of the indicator from its first window up to that
/// step, counted from the `minimumTrendPoints`-th value on) stays above the threshold until the
/// transition; the *lead* is the transition step minus the trend start.
///
/// ```swift
/// let s = EarlyWarning.Settings(window: 0.5, bandwidth: 10, threshold: 0.3)
/// let a = EarlyWarning.analyze(steps: steps, values: welfare, transitionStep: 120, settings: s)
/// a?.indicators[0].tau     // lag-1 autocorrelation's trend
/// ```
enum EarlyWarning {
    struct Settings: Sendable, Equatable {
        /// Rolling window, as a fraction of the pre-transition series.
        var window = 0.5
        /// Kernel standard deviation in steps; nil: a tenth of the pre-transition series (at least 2).
        var bandwidth: Double? = nil
        /// Kendall's tau above which an indicator counts as a warning.
        var threshold = 0.3
        /// Shortest pre-transition series analyzed.
        var minimumLength = 20
        /// Indicator values needed before the expanding tau counts towards a trend start.
        var minimumTrendPoints = 10

        func bandwidth(forLength n: Int) -> Double { bandwidth ?? max(2, Double(n) / 10) }
        func windowSize(forLength n: Int) -> Int { max(3, Int((window * Double(n)).rounded())) }
    }

    enum Statistic: String, CaseIterable, Sendable {
        case autocorrelation = "ar1"
        case variance

        var title: String { self == .autocorrelation ? "lag-1 autocorrelation" : "variance" }

        func compute(_ x: ArraySlice<Double>) -> Double? {
            self == .autocorrelation ? EarlyWarning.lag1Autocorrelation(x) : EarlyWarning.variance(x)
        }
    }

    /// One indicator of one measure.
    struct Indicator: Sendable {
        var statistic: Statistic
        /// The step at the end of each rolling window.
        var steps: [Int]
        /// The indicator in each window (nil where undefined, e.g. a constant window).
        var values: [Double?]
        /// Kendall's tau of the indicator against time over the whole pre-transition series.
        var tau: Double?
        var pValue: Double?
        /// Kendall's tau from the first window up to each window (nil before `minimumTrendPoints` values).
        var expandingTau: [Double?]
        var warned: Bool
        /// First step from which the expanding tau stays above the threshold (nil: no warning).
        var trendStart: Int?
    }

    /// One measure of one run, before its transition.
    struct Analysis: Sendable {
        var steps: [Int]
        var values: [Double]
        var trend: [Double]
        var window: Int
        var bandwidth: Double
        var indicators: [Indicator]
    }

    /// What ended the series analyzed: a lock-in cascade, a trust collapse, or nothing.
    struct Transition: Sendable, Equatable {
        enum Kind: String, Sendable { case cascade, trustCollapse = "trust_collapse", none }
        var kind: Kind
        var step: Int?
    }

    /// The first step with `new_locks >= cascadeFraction × agents` or `trust < collapseLevel`,
    /// whichever comes first (a cascade wins a tie). Missing values never count.
    static func transition(steps: [Int], newLocks: [Double?], trust: [Double?], agents: Int?,
                           collapseLevel: Double, cascadeFraction: Double = 0.01) -> Transition {
        let cascadeSize = agents.map { Double($0) * cascadeFraction }
        for k in steps.indices {
            if let size = cascadeSize, k < newLocks.count, let n = newLocks[k], n >= size {
                return Transition(kind: .cascade, step: steps[k])
            }
            if k < trust.count, let t = trust[k], t < collapseLevel {
                return Transition(kind: .trustCollapse, step: steps[k])
            }
        }
        return Transition(kind: .none, step: nil)
    }

    /// Analyzes the steps before `transitionStep` (the whole series when it is nil). Nil when
    /// fewer than `settings.minimumLength` steps are left.
    static func analyze(steps allSteps: [Int], values allValues: [Double?], transitionStep: Int?,
                        settings: Settings) -> Analysis? {
        var steps: [Int] = [], values: [Double] = []
        for (s, v) in zip(allSteps, allValues) where transitionStep.map({ s < $0 }) ?? true {
            if let v { steps.append(s); values.append(v) }
        }
        let n = values.count
        guard n >= settings.minimumLength else { return nil }
        let bandwidth = settings.bandwidth(forLength: n)
        let trend = smooth(values, bandwidth: bandwidth)
        let residuals = zip(values, trend).map { $0 - $1 }
        let w = min(settings.windowSize(forLength: n), n)
        let ends = Array((w - 1)..<n)
        let indicators = Statistic.allCases.map { stat -> Indicator in
            let v = ends.map { e in stat.compute(residuals[(e - w + 1)...e]) }
            return indicator(stat, steps: ends.map { steps[$0] }, values: v, settings: settings)
        }
        return Analysis(steps: steps, values: values, trend: trend, window: w, bandwidth: bandwidth, indicators: indicators)
    }

    /// Trend statistics of one indicator series.
    static func indicator(_ stat: Statistic, steps: [Int], values: [Double?], settings: Settings) -> Indicator {
        var t: [Double] = [], y: [Double] = []
        for (s, v) in zip(steps, values) { if let v { t.append(Double(s)); y.append(v) } }
        let k = KendallTau(t, y)
        let expanding = expandingTau(values, minimumPoints: settings.minimumTrendPoints)
        let warned = (k?.tau ?? -.infinity) > settings.threshold
        var start: Int? = nil
        if warned {
            // Walk back from the end while the expanding tau stays above the threshold.
            var i = expanding.count - 1
            while i >= 0, let e = expanding[i], e > settings.threshold { i -= 1 }
            if i + 1 < expanding.count { start = steps[i + 1] }
        }
        return Indicator(statistic: stat, steps: steps, values: values, tau: k?.tau, pValue: k?.pValue,
                         expandingTau: expanding, warned: warned, trendStart: start)
    }

    /// Kendall's tau-b of `values` against their position, for every prefix (missing values are
    /// skipped), in O(n²) overall. Nil for prefixes with fewer than `minimumPoints` values or
    /// with every value tied.
    static func expandingTau(_ values: [Double?], minimumPoints: Int) -> [Double?] {
        var seen: [Double] = []
        var score = 0, tiedPairs = 0
        var out: [Double?] = []
        out.reserveCapacity(values.count)
        for v in values {
            if let v {
                for u in seen {
                    if v > u { score += 1 } else if v < u { score -= 1 } else { tiedPairs += 1 }
                }
                seen.append(v)
            }
            let m = seen.count
            let pairs = Double(m * (m - 1) / 2)
            let denominator = (pairs * (pairs - Double(tiedPairs))).squareRoot()
            out.append(m >= max(2, minimumPoints) && denominator > 0 ? Double(score) / denominator : nil)
        }
        return out
    }

    /// Gaussian kernel smoother: each point is the weighted mean of the series with weights
    /// exp(-(i - j)² / (2 bandwidth²)), truncated at 4 bandwidths (renormalized at the ends).
    static func smooth(_ x: [Double], bandwidth: Double) -> [Double] {
        guard bandwidth > 0 else { return x }
        let reach = Int((4 * bandwidth).rounded(.up))
        let kernel = (0...reach).map { d in exp(-Double(d * d) / (2 * bandwidth * bandwidth)) }
        return x.indices.map { i in
            var sum = 0.0, weight = 0.0
            for j in max(0, i - reach)...min(x.count - 1, i + reach) {
                let w = kernel[abs(i - j)]
                sum += w * x[j]
                weight += w
            }
            return sum / weight
        }
    }

    /// Pearson correlation of x[0..<n-1] with x[1..<n]; nil when either part is constant.
    static func lag1Autocorrelation(_ x: ArraySlice<Double>) -> Double? {
        guard x.count >= 3 else { return nil }
        let a = x.dropLast(), b = x.dropFirst()
        let ma = a.reduce(0, +) / Double(a.count), mb = b.reduce(0, +) / Double(b.count)
        var sab = 0.0, saa = 0.0, sbb = 0.0
        for (u, v) in zip(a, b) {
            sab += (u - ma) * (v - mb)
            saa += (u - ma) * (u - ma)
            sbb += (v - mb) * (v - mb)
        }
        guard saa > 0, sbb > 0 else { return nil }
        return sab / (saa * sbb).squareRoot()
    }

    /// Sample variance (n − 1 denominator).
    static func variance(_ x: ArraySlice<Double>) -> Double? {
        guard x.count >= 2 else { return nil }
        let m = x.reduce(0, +) / Double(x.count)
        return x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(x.count - 1)
    }
}
