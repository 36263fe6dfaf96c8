import Foundation
import Testing
@testable import SimRunner

private func sweep(_ text: String) throws -> PairedSweep {
    PairedSweep(runs: try CSVReader.parse(Array(text.utf8)))
}

private func row(_ rows: [PairedSweep.Row], point: String, measure: String) -> PairedSweep.Row? {
    rows.first { $0.point == point && $0.measure == measure }
}

@Suite("paired: sweep points against a baseline on common random numbers")
struct PairedSweepTests {
    // Point 1 is point 0 + 0.25 on every seed; the other measure is undefined in one seed.
    static let plain = """
    run,point,trust.lossRate,world,seed,objective,horizon_welfare,trust_half_life
    0,0,0.1,w,1,engagement,0.5,10
    1,0,0.1,w,2,engagement,0.25,
    2,0,0.1,w,3,engagement,0.75,30
    3,1,0.2,w,1,engagement,0.75,12
    4,1,0.2,w,2,engagement,0.5,14
    5,1,0.2,w,3,engagement,1,16
    """

    @Test("a difference constant across seeds has that difference and an interval collapsed on it")
    func constantDifference() throws {
        let rows = try sweep(Self.plain).rows(against: [("trust.lossRate", "0.10")])
        #expect(Set(rows.map(\.measure)) == ["horizon_welfare", "trust_half_life"], "text columns are not measures")
        let r = try #require(row(rows, point: "1", measure: "horizon_welfare"))
        #expect(r.mean == 0.75 && r.baseline == 0.5 && r.difference == 0.25 && r.seeds == 3)
        // Collapsed to the constant (up to the rounding of a difference of two means).
        let iv = try #require(r.interval)
        #expect(abs(iv.lowerBound - 0.25) < 1e-12 && abs(iv.upperBound - 0.25) < 1e-12)
        let base = try #require(row(rows, point: "0", measure: "horizon_welfare"))
        #expect(base.difference == nil && base.interval == nil)
        // Undefined in a seed of the baseline: no mean, no difference.
        let h = try #require(row(rows, point: "1", measure: "trust_half_life"))
        #expect(h.mean == 14 && h.baseline == nil && h.difference == nil)
    }

    @Test("two seeds with differences 0 and 1: the resample means are 0, 1/2 or 1, and the 95% percentile interval is [0, 1]")
    func handComputedPercentile() throws {
        let text = """
        run,point,p,seed,x
        0,0,a,1,0
        1,0,a,2,0
        2,1,b,1,0
        3,1,b,2,1
        """
        let s = try sweep(text)
        let r = try #require(row(try s.rows(against: [("p", "a")]), point: "1", measure: "x"))
        #expect(r.difference == 0.5)
        // P(mean 0) = P(mean 1) = 1/4 > 2.5%, so both tails' quantiles are the extremes.
        #expect(r.interval == 0...1)
        // The same bytes every time (a fixed-seed stream).
        let again = try sweep(text)
        let first = s.table(try s.rows(against: [("p", "a")])), second = again.table(try again.rows(against: [("p", "a")]))
        #expect(first == second)
        #expect(first.starts(with: Array("point,p,measure,seeds,mean,baseline_mean,difference,difference_low,difference_high,method\n".utf8)))
    }

    @Test("a correction sweep: the stake, R(d) pooled as a ratio of means, d* interpolated, their paired differences")
    func correction() throws {
        // W_unc 0.2, W_ref 0.6 in every seed. Point 0: W(100) 0.3, R(100) = 0.25, d* = 100 * 0.5 / 0.75.
        // Point 1: W(100) 0.2, R(100) = 0, d* = 50.
        let text = """
        run,point,optimizer.segments,seed,delay,welfare_uncorrected,welfare_reference,welfare_corrected,stake
        0,0,8,1,0,0.2,0.6,0.6,0.4
        0,0,8,1,100,0.2,0.6,0.3,0.4
        1,0,8,2,0,0.2,0.6,0.6,0.4
        1,0,8,2,100,0.2,0.6,0.3,0.4
        2,1,1,1,0,0.2,0.6,0.6,0.4
        2,1,1,1,100,0.2,0.6,0.2,0.4
        3,1,1,2,0,0.2,0.6,0.6,0.4
        3,1,1,2,100,0.2,0.6,0.2,0.4
        """
        let rows = try sweep(text).rows(against: [("optimizer.segments", "8")])
        #expect(rows.filter { $0.point == "1" }.map(\.measure) == ["stake", "recovery_0", "recovery_100", "d_star"])
        let d = try #require(row(rows, point: "1", measure: "d_star"))
        let baseline = try #require(d.baseline)
        #expect(abs(baseline - 200.0 / 3) < 1e-9 && d.mean == 50)
        let diff = try #require(d.difference), iv = try #require(d.interval)
        #expect(abs(diff - (50 - 200.0 / 3)) < 1e-9 && abs(iv.lowerBound - diff) < 1e-9 && abs(iv.upperBound - diff) < 1e-9)
        let r = try #require(row(rows, point: "1", measure: "recovery_100"))
        let r100 = try #require(r.baseline)
        #expect(r.mean == 0 && abs(r100 - 0.25) < 1e-12)
    }

    @Test("bad input is refused with one line: unknown key, value not in the design, ambiguous baseline, different seeds")
    func badInput() throws {
        let s = try sweep(Self.plain)
        #expect(throws: UsageError.self) { try s.rows(against: [("trust.gainRate", "0.1")]) }
        #expect(throws: UsageError.self) { try s.rows(against: [("trust.lossRate", "0.3")]) }
        let two = try sweep("run,point,a,b,seed,x\n0,0,1,1,1,0\n1,1,1,2,1,0\n")
        #expect(throws: UsageError.self) { try two.rows(against: [("a", "1")]) }
        let both = try two.rows(against: [("a", "1"), ("b", "2")])
        #expect(both.count == 2)
        let seeds = try sweep("run,point,a,seed,x\n0,0,1,1,0\n1,1,2,2,0\n")
        #expect(throws: UsageError.self) { try seeds.rows(against: [("a", "1")]) }
    }

    @Test("series measures: a column's mean over steps, its value at a step, the first step below a level (undefined if never)")
    func seriesMeasures() throws {
        var s = try sweep("run,point,p,seed,x\n0,0,a,1,0\n1,0,a,2,0\n2,1,b,1,0\n3,1,b,2,0\n")
        // Run 0: welfare 0.6, 0.4, 0.2; run 1: 0.6, 0.6, 0.3; run 2: 0.6, 0.5, 0.5 (never below 0.5); run 3: 0.4, ...
        s.series = try CSVReader.parse(Array("""
        run,point,p,seed,step,welfare
        0,0,a,1,0,0.6
        0,0,a,1,1,0.4
        0,0,a,1,2,0.2
        1,0,a,2,0,0.6
        1,0,a,2,1,0.6
        1,0,a,2,2,0.3
        2,1,b,1,0,0.6
        2,1,b,1,1,0.5
        2,1,b,1,2,0.5
        3,1,b,2,0,0.4
        3,1,b,2,1,0.4
        3,1,b,2,2,0.4
        """.utf8))
        s.seriesMeasures = [.mean("welfare"), .at("welfare", step: 1), .firstBelow("welfare", level: 0.5)]
        let rows = try s.rows(against: [("p", "a")])
        let below = try #require(row(rows, point: "0", measure: "first_step_welfare_below_0.5"))
        #expect(below.mean == 1.5)
        #expect(try #require(row(rows, point: "1", measure: "first_step_welfare_below_0.5")).mean == nil, "run 2 never falls below")
        let at = try #require(row(rows, point: "1", measure: "welfare_at_step_1"))
        #expect(abs(try #require(at.difference) - (0.45 - 0.5)) < 1e-12)
        let mean = try #require(row(rows, point: "0", measure: "mean_welfare"))
        #expect(abs(try #require(mean.mean) - 0.45) < 1e-12)
        s.seriesMeasures = [.mean("nosuch")]
        #expect(throws: UsageError.self) { try s.rows(against: [("p", "a")]) }
    }

    @Test("every column of paired.csv is described in the data dictionary")
    func dictionary() throws {
        let s = try sweep(Self.plain)
        let bytes = s.table(try s.rows(against: [("trust.lossRate", "0.1")]))
        for c in ColumnDictionary.columns(of: bytes) {
            #expect(!ColumnDictionary.describe(c, file: "paired.csv").meaning.isEmpty, "\(c)")
        }
    }

    @Test("the command: CSV on stdout, and bad input is one line on stderr, exit 2, nothing on stdout")
    func command() throws {
        let dir = try Executable.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let sweepDir = dir.appendingPathComponent("sweep")
        try FileManager.default.createDirectory(at: sweepDir, withIntermediateDirectories: true)
        try Data(Self.plain.utf8).write(to: sweepDir.appendingPathComponent("runs.csv"))
        let good = try Executable.run(["paired", "sweep", "--against", "trust.lossRate=0.1"], in: dir)
        #expect(good.status == 0 && good.stdout.hasPrefix("point,trust.lossRate,measure,seeds,mean,baseline_mean,difference"), "\(good.stderr)")
        for bad in [["paired", "sweep", "--against", "trust.lossRate=0.3"], ["paired", "sweep", "--against", "nosuch=1"],
                    ["paired", "nowhere", "--against", "trust.lossRate=0.1"], ["paired", "sweep"],
                    ["paired", "sweep", "--against", "trust.lossRate=0.1", "--series-mean", "welfare"]] {
            let r = try Executable.run(bad, in: dir)
            #expect(r.status == 2 && r.stdout.isEmpty && r.stderr.split(separator: "\n").count == 1, "\(bad): \(r.stderr)")
        }
    }
}
