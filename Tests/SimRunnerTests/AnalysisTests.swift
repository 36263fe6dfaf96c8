import Testing
@testable import SimRunner

@Suite("statistics: Kendall's tau and the bootstrap")
struct AnalysisTests {
    @Test("tau is 1 for the same order and -1 for the reverse, with the exact p-value 2/5!")
    func perfectOrder() throws {
        let up = try #require(KendallTau([1, 2, 3, 4, 5], [10, 20, 30, 40, 50]))
        #expect(up.tau == 1)
        #expect(abs(up.pValue - 2.0 / 120) < 1e-12)
        let down = try #require(KendallTau([1, 2, 3, 4, 5], [5, 4, 3, 2, 1]))
        #expect(down.tau == -1)
        #expect(abs(down.pValue - 2.0 / 120) < 1e-12)
    }

    @Test("a small untied case matches the exact distribution (scipy: tau 0.4, p 0.48333)")
    func exactSmallCase() throws {
        let k = try #require(KendallTau([1, 2, 3, 4, 5], [3, 1, 2, 5, 4]))
        #expect(abs(k.tau - 0.4) < 1e-12)
        #expect(abs(k.pValue - 58.0 / 120) < 1e-12)
    }

    @Test("ties use tau-b and the tie-corrected normal approximation (scipy asymptotic values)")
    func tiedCase() throws {
        let k = try #require(KendallTau([1, 2, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 2, 2, 5, 4, 7, 6, 9, 8]))
        #expect(abs(k.tau - 0.7954545454545455) < 1e-12)
        #expect(abs(k.pValue - 0.0016019104002792876) < 1e-9)
        let large = try #require(KendallTau((0..<12).map(Double.init), [2, 1, 4, 3, 6, 5, 8, 7, 10, 9, 12, 11]))
        #expect(abs(large.tau - 0.8181818181818181) < 1e-12)
        #expect(abs(large.pValue - 0.00021313412412417887) < 1e-9)
    }

    @Test("tau is undefined when one sample is constant")
    func constantSample() {
        #expect(KendallTau([1, 1, 1], [1, 2, 3]) == nil)
    }

    @Test("quantiles interpolate linearly between order statistics (R type 7)")
    func quantiles() {
        #expect(Bootstrap.quantile([1, 2, 3, 4], 0.5) == 2.5)
        #expect(Bootstrap.quantile([1, 2, 3, 4], 0.25) == 1.75)
        #expect(Bootstrap.quantile([1, 2, 3, 4], 0) == 1)
        #expect(Bootstrap.quantile([1, 2, 3, 4], 1) == 4)
    }

    @Test("the bootstrap interval of a constant is that constant; of varied data it brackets the mean")
    func bootstrapIntervals() throws {
        let b = Bootstrap()
        let constant = try #require(b.meanInterval([0.3, 0.3, 0.3]))
        #expect(constant.lowerBound == 0.3 && constant.upperBound == 0.3)
        let xs = (0..<40).map { Double($0 % 10) }
        let i = try #require(b.meanInterval(xs))
        #expect(i.contains(4.5))
        #expect(i.lowerBound > 3 && i.upperBound < 6)
        // Standard error of the mean is about 2.9 / sqrt(40) = 0.45: a 95% interval is about +-0.9.
        #expect(abs((i.upperBound - i.lowerBound) - 1.8) < 0.5)
    }

    @Test("the bootstrap is reproducible: the same seed gives the same interval")
    func bootstrapDeterminism() {
        let xs = (0..<30).map { Double(($0 * 37) % 101) / 100 }
        #expect(Bootstrap().meanInterval(xs) == Bootstrap().meanInterval(xs))
        var other = Bootstrap()
        other.seed = 7
        #expect(other.meanInterval(xs) != Bootstrap().meanInterval(xs))
    }

    @Test("series moments give the mean and the sample standard deviation across runs, step by step")
    func seriesMoments() {
        var m = SeriesMoments()
        m.add([[1, 10], [2, 20]])
        m.add([[3, 10], [4, 40]])
        m.add([[5, 10], [6, 60]])
        #expect(m.mean == [[3, 10], [4, 40]])
        #expect(m.standardDeviation == [[2, 0], [2, 20]])
        var one = SeriesMoments()
        one.add([[7]])
        #expect(one.standardDeviation == [[0]])
    }

    @Test("delay lists parse ranges and lists, and refuse delays outside the run")
    func delays() throws {
        #expect(try DelayList.parse("0:400:20", horizon: 500).count == 21)
        #expect(try DelayList.parse("0,50,100", horizon: 500) == [0, 50, 100])
        #expect(throws: UsageError.self) { try DelayList.parse("0:600:100", horizon: 500) }
        #expect(throws: UsageError.self) { try DelayList.parse("50,10", horizon: 500) }
        #expect(throws: UsageError.self) { try DelayList.parse("0:10:0", horizon: 500) }
    }
}
