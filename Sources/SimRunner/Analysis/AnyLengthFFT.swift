import Foundation

/// The discrete Fourier transform of any length n in O(n log n): the radix-2 ``FFT`` when n is a
/// power of two, otherwise Bluestein's chirp-z algorithm (Bluestein 1970), which rewrites the
/// length-n DFT as a convolution with the chirp w_k = exp(∓iπk²/n) and does that convolution with
/// radix-2 FFTs of a power-of-two length m ≥ 2n − 1.
///
/// Forward: X_k = Σ_t x_t exp(−2πi kt/n). `inverse` uses exp(+2πi kt/n) and, unlike ``FFT``,
/// divides by n, so `transform(transform(x), inverse: true)` is x.
enum AnyLengthFFT {
    static func transform(_ re: inout [Double], _ im: inout [Double], inverse: Bool) {
        let n = re.count
        precondition(n == im.count, "real and imaginary parts of the same length")
        guard n > 1 else { return }
        if n & (n - 1) == 0 {
            FFT.transform(&re, &im, inverse: inverse)
        } else {
            bluestein(&re, &im, inverse: inverse)
        }
        if inverse {
            let scale = 1 / Double(n)
            for k in 0..<n { re[k] *= scale; im[k] *= scale }
        }
    }

    private static func bluestein(_ re: inout [Double], _ im: inout [Double], inverse: Bool) {
        let n = re.count
        var m = 1
        while m < 2 * n - 1 { m <<= 1 }
        // Chirp c_k = exp(sign · iπ k²/n); k² is reduced mod 2n first so the angle stays small
        // and accurate for large n.
        let sign = inverse ? 1.0 : -1.0
        var cr = [Double](repeating: 0, count: n), ci = cr
        for k in 0..<n {
            let k2 = (k * k) % (2 * n)
            let angle = sign * Double.pi * Double(k2) / Double(n)
            cr[k] = cos(angle)
            ci[k] = sin(angle)
        }
        // a_k = x_k c_k, zero-padded; b_k = conj(c_k) for |k| < n, wrapped around.
        var ar = [Double](repeating: 0, count: m), ai = ar
        for k in 0..<n {
            ar[k] = re[k] * cr[k] - im[k] * ci[k]
            ai[k] = re[k] * ci[k] + im[k] * cr[k]
        }
        var br = [Double](repeating: 0, count: m), bi = br
        br[0] = cr[0]; bi[0] = -ci[0]
        for k in 1..<n {
            br[k] = cr[k]; bi[k] = -ci[k]
            br[m - k] = cr[k]; bi[m - k] = -ci[k]
        }
        FFT.transform(&ar, &ai, inverse: false)
        FFT.transform(&br, &bi, inverse: false)
        for k in 0..<m {
            let r = ar[k] * br[k] - ai[k] * bi[k]
            let i = ar[k] * bi[k] + ai[k] * br[k]
            ar[k] = r; ai[k] = i
        }
        FFT.transform(&ar, &ai, inverse: true)
        let scale = 1 / Double(m)
        for k in 0..<n {
            let r = ar[k] * scale, i = ai[k] * scale
            re[k] = r * cr[k] - i * ci[k]
            im[k] = r * ci[k] + i * cr[k]
        }
    }
}
