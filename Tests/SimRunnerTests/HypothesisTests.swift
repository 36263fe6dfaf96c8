import Foundation
import Testing
@testable import SimRunner

@Suite("declared hypotheses")
struct HypothesisTests {
    @Test("measures, arguments, worlds and paired differences parse")
    func parses() throws {
        let r = try HypothesisParser.parse("R(100) > 0.5")
        #expect(r.quantity == .measure(name: "R", argument: 100))
        #expect(r.relation == .greater && r.threshold == 0.5)
        let d = try HypothesisParser.parse(" d_star>=80 ")
        #expect(d.quantity == .measure(name: "d_star", argument: nil) && d.relation == .greaterOrEqual)
        let w = try HypothesisParser.parse("final_trust[constructive] <= 0.3")
        #expect(w.quantity == .inWorld(name: "final_trust", world: "constructive") && w.relation == .lessOrEqual)
        let diff = try HypothesisParser.parse("horizon_welfare[constructive] - horizon_welfare[welfare-aware] >= 0.02")
        #expect(diff.quantity == .difference(name: "horizon_welfare", world: "constructive", minus: "welfare-aware"))
        #expect(diff.threshold == 0.02)
        let negative = try HypothesisParser.parse("stake < -0.01")
        #expect(negative.relation == .less && negative.threshold == -0.01)
    }

    @Test("malformed hypotheses are refused with the reason", arguments: [
        "", "R(100)", "R(100) > x", "R(abc) > 1", "1x > 2", "a[x] - b[y] > 0", "a[x] - a[x] > 0",
        "a(1) - a(2) > 0", "R(100) > inf", "w[bad world] > 1", String(repeating: "a", count: 400) + " > 1",
    ])
    func refuses(_ text: String) {
        #expect(throws: HypothesisParser.ParseError.self) { try HypothesisParser.parse(text) }
    }

    @Test("the verdict comes from the whole interval: supported, contradicted, inconclusive, undefined")
    func verdicts() throws {
        let h = try HypothesisParser.parse("R(100) > 0.5")
        func e(_ v: Double, _ lo: Double, _ hi: Double) -> Hypothesis.Estimate { .init(value: v, interval: lo...hi, basis: "") }
        #expect(h.verdict(on: e(0.7, 0.6, 0.8)) == .supported)
        #expect(h.verdict(on: e(0.3, 0.2, 0.4)) == .contradicted)
        #expect(h.verdict(on: e(0.55, 0.4, 0.7)) == .inconclusive)
        // The boundary itself does not satisfy a strict inequality.
        #expect(h.verdict(on: e(0.6, 0.5, 0.7)) == .inconclusive)
        #expect(h.verdict(on: nil) == .undefined)
        #expect(h.verdict(on: .init(value: .nan, interval: nil, basis: "")) == .undefined)
        #expect(h.verdict(on: .init(value: 0.9, interval: nil, basis: "")) == .inconclusive)
        let le = try HypothesisParser.parse("x <= 1")
        #expect(le.verdict(on: e(1, 0.5, 1)) == .supported)
    }

    @Test("findings name the verdict, the estimate and its interval")
    func finding() throws {
        let h = try HypothesisParser.parse("R(100) > 0.5")
        let line = h.finding(.init(value: 0.25, interval: 0.2...0.3, basis: "paired bootstrap over 8 seeds"))
        #expect(line == "hypothesis \"R(100) > 0.5\": contradicted: R(100) = 0.25 [0.2, 0.3], paired bootstrap over 8 seeds")
        #expect(h.finding(nil).contains("undefined"))
    }
}

@Suite("declared hypotheses, end to end")
struct HypothesisEndToEndTests {
    static let small = ["--set", "agents=300", "--set", "steps=40", "--set", "measurement.window=10",
                        "--set", "measurement.homogenizationPairs=50", "--seeds", "3", "-q"]

    @Test("compare judges each declared hypothesis from its paired interval and writes hypotheses.csv")
    func compareJudges() throws {
        let dir = try Executable.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let aware = Executable.repository.appendingPathComponent("worlds/welfare-aware.json").path
        let file = dir.appendingPathComponent("h.json")
        try #"{"hypotheses": ["final_exited[default] - final_exited[welfare-aware] > 5"]}"#.write(to: file, atomically: true, encoding: .utf8)
        let r = try Executable.run(["compare", "default", aware, "--out", "o", "--hypotheses", "h.json",
                                    "--hypothesis", "final_trust[default] <= 1"] + Self.small, in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let csv = try String(contentsOf: dir.appendingPathComponent("o/hypotheses.csv"), encoding: .utf8)
        let rows = csv.split(separator: "\n")
        #expect(rows.count == 3)
        // A difference of fractions can never exceed 5, and trust never exceeds 1.
        // Command-line hypotheses first, then the file's.
        #expect(rows[1].hasPrefix("final_trust[default] <= 1,") && rows[1].contains(",supported,"))
        #expect(rows[2].hasSuffix(",contradicted,\"paired difference on 3 of 3 common seeds, percentile bootstrap\""))
        let findings = try String(contentsOf: dir.appendingPathComponent("o/findings.txt"), encoding: .utf8)
        #expect(findings.contains("hypothesis \"final_trust[default] <= 1\": supported"))
    }

    @Test("hypotheses that compare cannot judge are refused before anything runs", arguments: [
        ["--hypothesis", "R(100) > 0.5"],
        ["--hypothesis", "horizon_welfare[nosuch] > 0.5"],
        ["--hypothesis", "nosuch[default] > 0.5"],
        ["--hypothesis", "horizon_welfare[default] >"],
        ["--hypotheses", "missing.json"],
    ])
    func refused(_ extra: [String]) throws {
        let dir = try Executable.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let aware = Executable.repository.appendingPathComponent("worlds/welfare-aware.json").path
        let r = try Executable.run(["compare", "default", aware, "--out", "o"] + extra + Self.small, in: dir)
        #expect(r.status == 2)
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("o").path))
    }
}
