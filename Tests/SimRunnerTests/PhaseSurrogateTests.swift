import Foundation
import SocialSim
import Testing
@testable import SimRunner

private func autoregressive(_ n: Int, seed: UInt64, phi: Double) -> [Double] {
    var rng = SplitMix64(seed: seed)
    var x = [Double](repeating: 0, count: n)
    for t in 1..<n { x[t] = phi * x[t - 1] + rng.nextGaussian() }
    return x
}

/// The O(n²) textbook DFT, X_k = Σ_t x_t exp(−2πi kt/n).
private func naiveDFT(_ re: [Double], _ im: [Double]) -> ([Double], [Double]) {
    let n = re.count
    var outR = [Double](repeating: 0, count: n), outI = outR
    for k in 0..<n {
        for t in 0..<n {
            let a = -2 * Double.pi * Double((k * t) % n) / Double(n)
            outR[k] += re[t] * cos(a) - im[t] * sin(a)
            outI[k] += re[t] * sin(a) + im[t] * cos(a)
        }
    }
    return (outR, outI)
}

@Suite("phase-randomization surrogates and the any-length FFT")
struct PhaseSurrogateTests {
    @Test("the FFT equals the textbook DFT and its inverse returns the input, for powers of two and other lengths",
          arguments: [1, 2, 3, 5, 8, 12, 17, 37, 64, 100, 127, 1000])
    func fftKnownAnswers(_ n: Int) throws {
        var rng = SplitMix64(seed: UInt64(n))
        let re = (0..<n).map { _ in rng.nextGaussian() }, im = (0..<n).map { _ in rng.nextGaussian() }
        var r = re, i = im
        AnyLengthFFT.transform(&r, &i, inverse: false)
        if n <= 127 {
            let (nr, ni) = naiveDFT(re, im)
            for k in 0..<n { #expect(abs(r[k] - nr[k]) < 1e-9 && abs(i[k] - ni[k]) < 1e-9, "n \(n), k \(k)") }
        }
        AnyLengthFFT.transform(&r, &i, inverse: true)
        for t in 0..<n { #expect(abs(r[t] - re[t]) < 1e-10 && abs(i[t] - im[t]) < 1e-10, "round trip n \(n), t \(t)") }
    }

    @Test("known transforms: a unit impulse has a flat spectrum; a cosine puts n/2 at its frequency and its mirror")
    func fftKnownTransforms() {
        for n in [12, 16, 45] {
            var r = [Double](repeating: 0, count: n), i = r
            r[0] = 1
            AnyLengthFFT.transform(&r, &i, inverse: false)
            #expect(r.allSatisfy { abs($0 - 1) < 1e-12 } && i.allSatisfy { abs($0) < 1e-12 })
            let f = 3
            var c = (0..<n).map { cos(2 * Double.pi * Double(f * $0) / Double(n)) }, ci = [Double](repeating: 0, count: n)
            AnyLengthFFT.transform(&c, &ci, inverse: false)
            for k in 0..<n {
                let expected = k == f || k == n - f ? Double(n) / 2 : 0
                #expect(abs(c[k] - expected) < 1e-9 && abs(ci[k]) < 1e-9, "n \(n), k \(k)")
            }
        }
    }

    @Test("a phase surrogate keeps the periodogram (to 1e-9) and the mean, and differs from the series in time",
          arguments: [199, 200, 257])
    func keepsPeriodogram(_ n: Int) throws {
        let x = autoregressive(n, seed: 3, phi: 0.7).map { $0 + 2 }
        let null = try #require(PhaseSurrogates(fitting: x))
        let original = PhaseSurrogates.periodogram(x)
        let scale = original.max()!
        var rng = SplitMix64(seed: 9)
        for _ in 0..<5 {
            let s = null.generate(rng: &rng)
            #expect(s.count == n)
            let p = PhaseSurrogates.periodogram(s)
            for k in 0..<n { #expect(abs(p[k] - original[k]) <= 1e-9 * scale, "k \(k): \(p[k]) vs \(original[k])") }
            #expect(abs(s.reduce(0, +) / Double(n) - x.reduce(0, +) / Double(n)) < 1e-9)
            let sd = EarlyWarning.variance(x[...])!.squareRoot()
            let distance = zip(s, x).map { abs($0 - $1) }.max()!
            #expect(distance > 0.5 * sd, "the surrogate is not a copy of the series")
        }
        #expect(PhaseSurrogates(fitting: [1, 1, 1, 1]) == nil && PhaseSurrogates(fitting: [1, 2]) == nil)
    }

    @Test("on AR(1) nulls with a trend, phase-surrogate p-values reject at about the nominal rate")
    func nullRejectionRate() throws {
        var settings = EarlyWarning.Settings(window: 0.5, bandwidth: 20, threshold: 0.3)
        settings.surrogates = 99
        settings.surrogateKind = .phase
        let series = 100, n = 200
        var rejected = 0
        for k in 0..<series {
            let noise = autoregressive(n, seed: 5000 + UInt64(k), phi: 0.6)
            let x = noise.enumerated().map { t, e in 0.02 * Double(t) - 0.00004 * Double(t * t) + e }
            settings.surrogateSeed = UInt64(k)
            let a = try #require(EarlyWarning.analyze(steps: Array(0..<n), values: x, transitionStep: nil, settings: settings))
            if try #require(a.indicators[0].pValue) < 0.05 { rejected += 1 }
        }
        // p < 0.05 with 99 surrogates means at most 3 above: nominally 4%. Binomial(100, 0.04) lies
        // in 1...13 with probability above 98%; a null that is too narrow (as the textbook tau
        // p-value is) rejects far more often.
        #expect((1...13).contains(rejected), "phase surrogates reject \(rejected) of \(series) null series")
    }

    @Test("planted rising autocorrelation is detected against phase surrogates")
    func plantedRiseDetected() throws {
        var settings = EarlyWarning.Settings(window: 0.5, bandwidth: 20, threshold: 0.3)
        settings.surrogates = 99
        settings.surrogateKind = .phase
        var detected = 0
        for k in 0..<10 {
            let n = 400
            var rng = SplitMix64(seed: 50 + UInt64(k))
            var x = [Double](repeating: 0, count: n)
            for t in 1..<n { x[t] = (0.1 + 0.85 * Double(t) / Double(n)) * x[t - 1] + rng.nextGaussian() }
            let a = try #require(EarlyWarning.analyze(steps: Array(0..<n), values: x, transitionStep: nil, settings: settings))
            if try #require(a.indicators[0].pValue) < 0.05 { detected += 1 }
        }
        #expect(detected >= 8)
    }

    @Test("simrunner report --surrogate-kind phase names the null in early_warning.csv and the page; a bad kind is refused")
    func reportOption() throws {
        let dir = try Executable.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try Executable.run(["run", "--set", "agents=200", "--set", "steps=80", "--out", "r", "-q"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        for kind in ["ar1", "phase"] {
            let r = try Executable.run(["report", "r", "--surrogates", "19", "--surrogate-kind", kind, "--out", "rep-\(kind)", "-q"], in: dir)
            #expect(r.status == 0, "\(r.stderr)")
            let ew = try CSVReader.read(dir.appendingPathComponent("rep-\(kind)/early_warning.csv"))
            #expect(ew.strings("surrogate_kind")?.allSatisfy { $0 == kind || $0 == "" } == true)
            #expect(ew.strings("surrogate_kind")?.contains(kind) == true)
            let page = try String(contentsOf: dir.appendingPathComponent("rep-\(kind)/report.html"), encoding: .utf8)
            #expect(page.contains("--surrogate-kind \(kind)"))
        }
        let bad = try Executable.run(["report", "r", "--surrogate-kind", "bootstrap", "--out", "rep-bad"], in: dir)
        #expect(bad.status == 2 && bad.stderr.contains("--surrogate-kind bootstrap") && bad.stderr.contains("ar1 or phase"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("rep-bad").path))
    }
}
