import Foundation
import SocialSim

/// Null series for early-warning trends by phase randomization (Theiler et al. 1992): the
/// Fourier transform of the detrended series keeps every amplitude and gets independent uniform
/// phases, with conjugate symmetry so the inverse transform is real. A surrogate has exactly the
/// series' periodogram, so its mean, variance and whole autocorrelation function (circular), not
/// only the lag-1 one an AR(1) null keeps, and it is stationary: an indicator's trend in it is
/// chance. Linear Gaussian stationary is the null hypothesis; a series with a trend in memory
/// or variance is what it is tested against.
struct PhaseSurrogates: Sendable {
    /// The spectrum of the series (length n).
    private let re: [Double]
    private let im: [Double]

    /// Nil for fewer than 3 points or a constant series (no spectrum to randomize).
    init?(fitting x: [Double]) {
        guard x.count >= 3, let v = EarlyWarning.variance(x[...]), v > 0 else { return nil }
        var re = x, im = [Double](repeating: 0, count: x.count)
        AnyLengthFFT.transform(&re, &im, inverse: false)
        self.re = re
        self.im = im
    }

    /// One surrogate, of the fitted series' length. The mean (k = 0) and, for even n, the
    /// Nyquist term (k = n/2) are real and kept as they are; every other pair k, n − k gets
    /// one random phase, Y_{n−k} = conj(Y_k).
    func generate(rng: inout SplitMix64) -> [Double] {
        let n = re.count
        var yr = [Double](repeating: 0, count: n), yi = yr
        yr[0] = re[0]
        if n % 2 == 0 { yr[n / 2] = re[n / 2] }
        for k in 1..<((n + 1) / 2) {
            let amplitude = (re[k] * re[k] + im[k] * im[k]).squareRoot()
            let phase = 2 * Double.pi * rng.nextUnit()
            yr[k] = amplitude * cos(phase); yi[k] = amplitude * sin(phase)
            yr[n - k] = yr[k]; yi[n - k] = -yi[k]
        }
        AnyLengthFFT.transform(&yr, &yi, inverse: true)
        return yr
    }

    /// |X_k|² / n for k = 0 ..< n: the periodogram a surrogate keeps.
    static func periodogram(_ x: [Double]) -> [Double] {
        var re = x, im = [Double](repeating: 0, count: x.count)
        AnyLengthFFT.transform(&re, &im, inverse: false)
        return zip(re, im).map { ($0 * $0 + $1 * $1) / Double(x.count) }
    }
}
