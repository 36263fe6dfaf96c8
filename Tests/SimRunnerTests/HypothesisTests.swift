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
