import SocialSim

/// Null series for early-warning trends: an AR(1) process fitted to a detrended series, with no
/// change of memory or variance over time, so any trend of an indicator in them is chance
/// (Dakos et al. 2008, 2012; R `earlywarnings::surrogates_ews`, which fits a stationary ARMA to
/// the detrended series). Comparing an indicator's Kendall tau with the taus of such surrogates
/// gives an honest p-value: rolling windows overlap, so the taus of neighbouring windows are
/// far from independent, and the textbook p-value of Kendall's tau is much too small.
struct AR1Surrogates: Sendable, Equatable {
    var mean: Double
    /// Lag-1 coefficient, kept inside (−0.99, 0.99) so the null is stationary.
    var phi: Double
    /// Innovation standard deviation, so the process variance equals the series' variance.
    var innovationSD: Double

    /// A moment fit: phi = lag-1 autocorrelation, marginal variance = the series'.
    /// Nil for fewer than 3 points or a constant series.
    init?(fitting x: [Double]) {
        guard x.count >= 3, let r = EarlyWarning.lag1Autocorrelation(x[...]), let v = EarlyWarning.variance(x[...]), v > 0 else {
            return nil
        }
        mean = x.reduce(0, +) / Double(x.count)
        phi = min(0.99, max(-0.99, r))
        innovationSD = (v * (1 - phi * phi)).squareRoot()
    }

    init(mean: Double, phi: Double, innovationSD: Double) {
        self.mean = mean
        self.phi = phi
        self.innovationSD = innovationSD
    }

    /// One surrogate of length n, started from the stationary distribution.
    func generate(_ n: Int, rng: inout SplitMix64) -> [Double] {
        var out = [Double](repeating: 0, count: n)
        guard n > 0 else { return out }
        var x = rng.nextGaussian() * innovationSD / (1 - phi * phi).squareRoot()
        out[0] = mean + x
        for t in 1..<max(1, n) {
            x = phi * x + innovationSD * rng.nextGaussian()
            out[t] = mean + x
        }
        return out
    }
}
