import Foundation
import SocialSim

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
/// Significance: the same indicators and taus on `surrogates` null series made from the
/// residuals give the null distribution of tau: AR(1) series fitted to them (``AR1Surrogates``:
/// same lag-1 memory and variance, no trend in either; the default) or phase-randomized copies
/// (``PhaseSurrogates``: the same periodogram, hence the whole autocorrelation function, with
/// random phases), as `surrogateKind` says; the p-value is (1 + surrogates with tau ≥ the observed) / (1 + surrogates),
/// one-sided (a rising indicator), and the *null alarm rate* is the fraction of surrogates whose
/// tau is above `threshold`: how often the warning rule fires where nothing is coming.
///
/// Everything is O(n log n) in the series length n: the smoother is direct or by FFT
/// (``GaussianSmoother``), rolling statistics use running sums, Kendall's tau merge-sorts
/// (Knight 1966) and the expanding tau uses a Fenwick tree.
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
        /// Surrogates per analysis for p-values and null alarm rates (0: none).
        var surrogates = 200
        /// Which null the surrogates are drawn from.
        var surrogateKind = SurrogateKind.ar1
        /// Seed of the surrogates (the same surrogates for the same series: reports are reproducible).
        var surrogateSeed: UInt64 = 1
        /// p-value below which a trend is called significant.
        var significance = 0.05

        func bandwidth(forLength n: Int) -> Double { bandwidth ?? max(2, Double(n) / 10) }
        func windowSize(forLength n: Int) -> Int { max(3, Int((window * Double(n)).rounded())) }
    }

    /// The null hypothesis of the surrogates: an AR(1) process fitted to the residuals, or the
    /// residuals with their Fourier phases randomized.
    enum SurrogateKind: String, CaseIterable, Sendable {
        case ar1
        case phase

        /// How a report names the null.
        var title: String { self == .ar1 ? "AR(1)" : "phase-randomized" }
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
        /// One-sided p-value of tau against the surrogates (nil without surrogates).
        var pValue: Double?
        /// Taus of the indicator in the surrogates (where defined).
        var nullTaus: [Double] = []
        /// Fraction of surrogates whose tau is above the threshold.
        var nullAlarmRate: Double? {
            nullTaus.isEmpty ? nil : Double(nullTaus.filter { $0 > threshold }.count) / Double(nullTaus.count)
        }
        var threshold: Double
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
                           collapseLevel: Double, cascadeFraction: Double) -> Transition {
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
        var indicators = Statistic.allCases.map { stat -> Indicator in
            indicator(stat, steps: ends.map { steps[$0] }, values: rolling(stat, residuals, window: w), settings: settings)
        }
        let generate: ((inout SplitMix64) -> [Double])?
        switch settings.surrogateKind {
        case .ar1: generate = AR1Surrogates(fitting: residuals).map { null in { null.generate(n, rng: &$0) } }
        case .phase: generate = PhaseSurrogates(fitting: residuals).map { null in { null.generate(rng: &$0) } }
        }
        if settings.surrogates > 0, let generate {
            var rng = SplitMix64(seed: SplitMix64.mix(settings.surrogateSeed ^ 0x5355_5252_4F47))
            let time = ends.map { Double(steps[$0]) }
            for _ in 0..<settings.surrogates {
                let x = generate(&rng)
                for k in indicators.indices {
                    if let t = tauAgainstTime(time, rolling(indicators[k].statistic, x, window: w)) { indicators[k].nullTaus.append(t) }
                }
            }
            for k in indicators.indices {
                guard let tau = indicators[k].tau, !indicators[k].nullTaus.isEmpty else { continue }
                let above = indicators[k].nullTaus.filter { $0 >= tau }.count
                indicators[k].pValue = Double(1 + above) / Double(1 + indicators[k].nullTaus.count)
            }
        }
        return Analysis(steps: steps, values: values, trend: trend, window: w, bandwidth: bandwidth, indicators: indicators)
    }

    /// Kendall's tau of defined values against their times.
    static func tauAgainstTime(_ time: [Double], _ values: [Double?]) -> Double? {
        var t: [Double] = [], y: [Double] = []
        t.reserveCapacity(time.count); y.reserveCapacity(time.count)
        for (s, v) in zip(time, values) { if let v { t.append(s); y.append(v) } }
        return KendallTau(t, y)?.tau
    }

    /// The statistic in every window of `w` consecutive values (ending at w − 1, ..., n − 1),
    /// from running sums, O(n). Running sums are rebuilt every window (so rounding cannot drift),
    /// and a window that is nearly constant is recomputed exactly, so "undefined" means what
    /// ``lag1Autocorrelation(_:)`` and ``variance(_:)`` say it means.
    static func rolling(_ stat: Statistic, _ x: [Double], window w: Int) -> [Double?] {
        let n = x.count
        guard w >= 1, n >= w else { return [] }
        var out = [Double?]()
        out.reserveCapacity(n - w + 1)
        switch stat {
        case .variance:
            guard w >= 2 else { return Array(repeating: nil, count: n - w + 1) }
            var sx = 0.0, sxx = 0.0
            for e in (w - 1)..<n {
                let s = e - w + 1
                if (e - (w - 1)) % w == 0 {
                    sx = 0; sxx = 0
                    for i in s...e { sx += x[i]; sxx += x[i] * x[i] }
                } else {
                    sx += x[e] - x[s - 1]
                    sxx += x[e] * x[e] - x[s - 1] * x[s - 1]
                }
                let ss = sxx - sx * sx / Double(w)
                out.append(ss <= 1e-9 * sxx ? variance(x[s...e]) : ss / Double(w - 1))
            }
        case .autocorrelation:
            guard w >= 3 else { return Array(repeating: nil, count: n - w + 1) }
            let m = Double(w - 1)
            var sa = 0.0, sb = 0.0, saa = 0.0, sbb = 0.0, sab = 0.0
            for e in (w - 1)..<n {
                let s = e - w + 1
                if (e - (w - 1)) % w == 0 {
                    sa = 0; sb = 0; saa = 0; sbb = 0; sab = 0
                    for i in s..<e {
                        sa += x[i]; saa += x[i] * x[i]
                        sb += x[i + 1]; sbb += x[i + 1] * x[i + 1]
                        sab += x[i] * x[i + 1]
                    }
                } else {
                    // a = x[s..<e] gains x[e−1], loses x[s−1]; b = x[s+1...e] gains x[e], loses x[s].
                    sa += x[e - 1] - x[s - 1]; saa += x[e - 1] * x[e - 1] - x[s - 1] * x[s - 1]
                    sb += x[e] - x[s]; sbb += x[e] * x[e] - x[s] * x[s]
                    sab += x[e - 1] * x[e] - x[s - 1] * x[s]
                }
                let va = saa - sa * sa / m, vb = sbb - sb * sb / m
                if va <= 1e-9 * saa || vb <= 1e-9 * sbb {
                    out.append(lag1Autocorrelation(x[s...e]))
                } else {
                    out.append(max(-1, min(1, (sab - sa * sb / m) / (va * vb).squareRoot())))
                }
            }
        }
        return out
    }

    /// Trend statistics of one indicator series.
    static func indicator(_ stat: Statistic, steps: [Int], values: [Double?], settings: Settings) -> Indicator {
        var t: [Double] = [], y: [Double] = []
        for (s, v) in zip(steps, values) { if let v { t.append(Double(s)); y.append(v) } }
        let tau = KendallTau(t, y)?.tau
        let expanding = expandingTau(values, minimumPoints: settings.minimumTrendPoints)
        let warned = (tau ?? -.infinity) > settings.threshold
        var start: Int? = nil
        if warned {
            // Walk back from the end while the expanding tau stays above the threshold.
            var i = expanding.count - 1
            while i >= 0, let e = expanding[i], e > settings.threshold { i -= 1 }
            if i + 1 < expanding.count { start = steps[i + 1] }
        }
        return Indicator(statistic: stat, steps: steps, values: values, tau: tau, pValue: nil, threshold: settings.threshold,
                         expandingTau: expanding, warned: warned, trendStart: start)
    }

    /// Kendall's tau-b of `values` against their position, for every prefix (missing values are
    /// skipped), in O(n log n) overall (a Fenwick tree counts earlier values below, at and above
    /// each new one). Nil for prefixes with fewer than `minimumPoints` values or with every value tied.
    static func expandingTau(_ values: [Double?], minimumPoints: Int) -> [Double?] {
        // Dense ranks (1-based) of the defined values, by one sort.
        let defined = values.indices.filter { values[$0] != nil }
        let byValue = defined.sorted { values[$0]! < values[$1]! }
        var rank = [Int](repeating: 0, count: values.count)
        var distinct = 0
        for (k, i) in byValue.enumerated() {
            if k == 0 || values[i]! != values[byValue[k - 1]]! { distinct += 1 }
            rank[i] = distinct
        }
        var tree = [Int](repeating: 0, count: distinct + 1)
        func prefix(_ r: Int) -> Int { var s = 0, i = r; while i > 0 { s += tree[i]; i -= i & -i }; return s }
        var seen = 0, score = 0, tiedPairs = 0
        var out: [Double?] = []
        out.reserveCapacity(values.count)
        for (position, v) in values.enumerated() {
            if v != nil {
                let r = rank[position]
                let below = prefix(r - 1), atOrBelow = prefix(r)
                let equal = atOrBelow - below, above = seen - atOrBelow
                score += below - above
                tiedPairs += equal
                var i = r
                while i < tree.count { tree[i] += 1; i += i & -i }
                seen += 1
            }
            let m = seen
            let pairs = Double(m * (m - 1) / 2)
            let denominator = (pairs * (pairs - Double(tiedPairs))).squareRoot()
            out.append(m >= max(2, minimumPoints) && denominator > 0 ? Double(score) / denominator : nil)
        }
        return out
    }

    /// Gaussian kernel smoother (see ``GaussianSmoother``).
    static func smooth(_ x: [Double], bandwidth: Double) -> [Double] {
        GaussianSmoother.smooth(x, bandwidth: bandwidth)
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
