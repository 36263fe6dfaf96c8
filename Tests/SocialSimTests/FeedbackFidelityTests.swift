import Testing
import SocialSim

@Suite("feedback fidelity")
struct FeedbackFidelityTests {
    func r(_ xs: [Double], _ ys: [Double]) -> Double? {
        var sx = 0.0, sy = 0.0, sxx = 0.0, syy = 0.0, sxy = 0.0
        for (x, y) in zip(xs, ys) { sx += x; sy += y; sxx += x * x; syy += y * y; sxy += x * y }
        return FeedbackFidelity.correlation(count: xs.count, sumX: sx, sumY: sy, sumXX: sxx, sumYY: syy, sumXY: sxy)
    }

    @Test("Pearson correlation from sums: +1, -1, a known value, and undefined without variation or pairs")
    func knownAnswers() throws {
        let xs = (0..<20).map(Double.init)
        #expect(abs(try #require(r(xs, xs.map { 3 * $0 + 1 })) - 1) < 1e-12)
        #expect(abs(try #require(r(xs, xs.map { -$0 })) + 1) < 1e-12)
        // x = 1..10 twice; y = x with the two halves swapped in sign of deviation: r = 0.
        let a: [Double] = [1, 2, 3, 4, 5, 1, 2, 3, 4, 5]
        let b: [Double] = [1, 2, 3, 4, 5, 5, 4, 3, 2, 1]
        #expect(abs(try #require(r(a, b))) < 1e-12)
        #expect(r(Array(repeating: 1, count: 20), xs) == nil)
        #expect(r([1, 2, 3], [1, 2, 3]) == nil)
    }

    @Test("the series carries fidelity where feedback varies, within [-1, 1]")
    func inSeries() throws {
        let s = try series(harmfulWorld(agents: 300, steps: 40), seed: 2)
        let defined = s.compactMap(\.feedbackFidelity)
        #expect(!defined.isEmpty)
        #expect(defined.allSatisfy { (-1...1).contains($0) })
    }
}
