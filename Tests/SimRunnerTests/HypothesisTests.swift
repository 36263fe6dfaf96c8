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
        "a(1) - b(2) > 0", "a(1) - a(1) > 0", "a[x] - a(1) > 0", "Δ x > 0", "Δ x[] > 0", "Δ x[a] - x[b] > 0", "R(100) > inf", "w[bad world] > 1", String(repeating: "a", count: 400) + " > 1",
    ])
    func refuses(_ text: String) {
        #expect(throws: HypothesisParser.ParseError.self) { try HypothesisParser.parse(text) }
    }

    @Test("changes and differences between delays parse, and print as declared")
    func parsesChanges() throws {
        let c = try HypothesisParser.parse("Δ d_star[floor] < 0")
        #expect(c.quantity == .change(name: "d_star", argument: nil, mechanism: "floor"))
        let r = try HypothesisParser.parse("delta R(200)[inverted-feedback] > -0.1")
        #expect(r.quantity == .change(name: "R", argument: 200, mechanism: "inverted-feedback") && r.threshold == -0.1)
        #expect(r.quantity.description == "Δ R(200)[inverted-feedback]")
        let d = try HypothesisParser.parse("unrecoverable(400) - unrecoverable(100) > 0")
        #expect(d.quantity == .argumentDifference(name: "unrecoverable", argument: 400, minus: 100))
        #expect(d.quantity.description == "unrecoverable(400) - unrecoverable(100)")
    }

    @Test("each experiment's vocabulary accepts its own forms and measures and names the allowed ones otherwise")
    func vocabulary() throws {
        func problem(_ e: HypothesisExperiment, _ text: String) throws -> String? { e.problem(try HypothesisParser.parse(text)) }
        #expect(try problem(.correct, "R(100) > 0.5") == nil)
        #expect(try problem(.correct, "d_star < 250") == nil)
        #expect(try problem(.correct, "R(50) - R(300) > 0") == nil)
        #expect(try problem(.correct, "R > 0.5")?.contains("per delay") == true)
        #expect(try problem(.correct, "stake(100) > 0")?.contains("takes no delay") == true)
        #expect(try problem(.correct, "d_stra < 250")?.contains("R(d), d_star, stake") == true)
        #expect(try problem(.correct, "final_trust[default] > 0") != nil)
        #expect(try problem(.ablate, "Δ horizon_welfare[floor] < 0") == nil)
        #expect(try problem(.ablate, "Δ R(100)[floor] < 0") == nil)
        #expect(try problem(.ablate, "horizon_welfare[floor] < 0") != nil)
        #expect(try problem(.compare, "horizon_welfare[a] - horizon_welfare[b] > 0") == nil)
        #expect(try problem(.compare, "Δ horizon_welfare[floor] < 0") != nil)
        #expect(try problem(.audit, "exploration_breadth[p] > 0") == nil)
        #expect(try problem(.audit, "R(100) > 0") != nil)
        // Every experiment's names are its own measure table's.
        #expect(HypothesisExperiment.compare.measures.map(\.name) == Comparison.measures.map(\.name))
        #expect(HypothesisExperiment.audit.measures.map(\.name) == Audit.scalarMeasures.map(\.name))
    }

    @Test("a censored d* is judged from its half-open interval, never from a made-up end")
    func censoredDStar() throws {
        let beyond = Hypothesis.Estimate(value: .infinity, interval: 400 ... .infinity, basis: "")
        #expect(try HypothesisParser.parse("d_star > 300").verdict(on: beyond) == .supported)
        #expect(try HypothesisParser.parse("d_star < 250").verdict(on: beyond) == .contradicted)
        #expect(try HypothesisParser.parse("d_star < 500").verdict(on: beyond) == .inconclusive)
        let row = DeclaredHypotheses.table([.init(hypothesis: try HypothesisParser.parse("d_star > 300"), estimate: beyond)])
        #expect(String(decoding: row, as: UTF8.self).contains(",,400,,unbounded_above,,unbounded_above,supported,"))
        #expect(!String(decoding: row, as: UTF8.self).contains("inf,"))
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
        #expect(rows[2].hasSuffix(",contradicted,\"paired difference on 3 of 3 common seeds, percentile bootstrap\",h.json [0]"))
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

    static let delays = ["--delays", "0:30:10", "--resolution", "0"]

    @Test("correct judges R(d), d_star, the stake and differences between delays, from the command line and the world file")
    func correctJudges() throws {
        let dir = try Executable.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try #"{"name": "w", "hypotheses": {"correct": ["stake > -1", "R(10) - R(30) >= -10"]}}"#
            .write(to: dir.appendingPathComponent("w.json"), atomically: true, encoding: .utf8)
        let r = try Executable.run(["correct", "w.json", "--out", "o", "--hypothesis", "R(20) <= 1000",
                                    "--hypothesis", "unrecoverable(30) > 1000", "--hypothesis", "stake > 1000"] + Self.small + Self.delays, in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try String(contentsOf: dir.appendingPathComponent("o/hypotheses.csv"), encoding: .utf8).split(separator: "\n")
        #expect(rows.count == 6)
        #expect(rows[0] == Substring(DeclaredHypotheses.columns.joined(separator: ",")))
        // Welfare lies in [0, 1]: a stake above 1000 is contradicted whatever the dynamics, one above -1 supported.
        #expect(rows[3].hasPrefix("stake > 1000,stake,>,1000,") && rows[3].contains(",contradicted,"))
        #expect(rows[2].hasPrefix("unrecoverable(30) > 1000,") && rows[2].contains(",contradicted,"))
        #expect(rows[4].hasPrefix("stake > -1,") && rows[4].contains(",supported,") && rows[4].hasSuffix("w.json hypotheses.correct[0]"))
        #expect(rows[5].hasSuffix("w.json hypotheses.correct[1]"))
        // R(d) is judged only where the stake is established; otherwise it is undefined, never guessed.
        let stake = try String(contentsOf: dir.appendingPathComponent("o/point_of_no_return.csv"), encoding: .utf8)
        #expect(rows[1].contains(",supported,") || (rows[1].contains(",undefined,") && !stake.isEmpty))
        let findings = try String(contentsOf: dir.appendingPathComponent("o/findings.txt"), encoding: .utf8)
        #expect(findings.contains("hypothesis \"stake > 1000\": contradicted"))
        let columns = try String(contentsOf: dir.appendingPathComponent("o/columns.csv"), encoding: .utf8)
        #expect(columns.contains("hypotheses.csv,declared_in,"))
        let manifest = try String(contentsOf: dir.appendingPathComponent("o/manifest.json"), encoding: .utf8)
        #expect(manifest.contains("\"hypotheses.csv\""))
        // The table that collects verdicts puts what does not hold first.
        let table = try Executable.run(["hypotheses", "o"], in: dir)
        #expect(table.status == 0, "\(table.stderr)")
        let lines = table.stdout.split(separator: "\n").filter { $0.hasPrefix("| ") && !$0.hasPrefix("| verdict") && !$0.hasPrefix("| ---") }
        #expect(lines.count == 5 && lines[0].hasPrefix("| **contradicted**") && lines[1].hasPrefix("| **contradicted**"))
        #expect(table.stdout.hasPrefix("5 hypotheses: 2 contradicted"))
    }

    @Test("correct judges from the very numbers it reports: d_star, stake, R(d) and unrecoverable(d) match its tables")
    func correctSameNumbers() throws {
        let dir = try Executable.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try Executable.run(["correct", "--out", "o", "--hypothesis", "d_star > -1", "--hypothesis", "stake > -10",
                                    "--hypothesis", "R(20) > -10", "--hypothesis", "unrecoverable(20) > -10"] + Self.small + Self.delays, in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let o = dir.appendingPathComponent("o")
        let h = try CSVReader.read(o.appendingPathComponent("hypotheses.csv"))
        let pnr = try CSVReader.read(o.appendingPathComponent("point_of_no_return.csv"))
        let delays = try CSVReader.read(o.appendingPathComponent("delays.csv")).filter("delay", equals: "20")
        func row(_ t: CSVReader, _ column: String) -> [String] { t.strings(column) ?? [] }
        let estimates = row(h, "estimate"), lows = row(h, "low"), highs = row(h, "high")
        #expect([estimates[1], lows[1], highs[1]] == [row(pnr, "stake")[0], row(pnr, "stake_low")[0], row(pnr, "stake_high")[0]])
        #expect([estimates[3], lows[3], highs[3]] == [row(delays, "unrecoverable")[0], row(delays, "unrecoverable_low")[0], row(delays, "unrecoverable_high")[0]])
        if row(pnr, "status")[0] == "defined" {
            #expect([estimates[2], lows[2], highs[2]] == [row(delays, "recovery")[0], row(delays, "recovery_low")[0], row(delays, "recovery_high")[0]])
            // Where both ends of d*'s interval are crossings (no censored resample at an end), they are the same numbers.
            if row(pnr, "crossing")[0] == "crossed", row(pnr, "d_star_low_status")[0] == "crossing", row(pnr, "d_star_high_status")[0] == "crossing" {
                #expect([estimates[0], lows[0], highs[0]] == [row(pnr, "d_star")[0], row(pnr, "d_star_low")[0], row(pnr, "d_star_high")[0]])
            }
        } else {
            #expect(row(h, "verdict")[0] == "undefined" && row(h, "verdict")[2] == "undefined")
        }
    }

    @Test("ablate judges the paired change when a mechanism is switched off")
    func ablateJudges() throws {
        let dir = try Executable.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try Executable.run(["ablate", "--out", "o", "--mechanisms", "specification-gap,floor", "--delays", "none",
                                    "--hypothesis", "Δ horizon_welfare[specification-gap] > 2",
                                    "--hypothesis", "delta final_exited[floor] <= 1"] + Self.small, in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try String(contentsOf: dir.appendingPathComponent("o/hypotheses.csv"), encoding: .utf8).split(separator: "\n")
        #expect(rows.count == 3)
        // A change of welfare (in [0, 1]) cannot exceed 2; a change of a fraction cannot exceed 1.
        #expect(rows[1].hasPrefix("Δ horizon_welfare[specification-gap] > 2,Δ horizon_welfare[specification-gap],>,2,") && rows[1].contains(",contradicted,"))
        #expect(rows[2].contains(",supported,"))
        let ablation = try String(contentsOf: dir.appendingPathComponent("o/ablation.csv"), encoding: .utf8)
        let estimate = rows[1].split(separator: ",")[4]
        #expect(ablation.contains(",horizon_welfare,,") && ablation.contains("," + estimate + ","))
    }

    @Test("hypotheses correct and ablate cannot judge are refused before anything runs", arguments: [
        ["correct", "--hypothesis", "R(15) > 0.5"] + HypothesisEndToEndTests.delays,
        ["correct", "--hypothesis", "horizon_welfare[default] > 0.5"] + HypothesisEndToEndTests.delays,
        ["correct", "--hypothesis", "R > 0.5"] + HypothesisEndToEndTests.delays,
        ["ablate", "--mechanisms", "floor", "--delays", "none", "--hypothesis", "Δ d_star[floor] < 0"],
        ["ablate", "--mechanisms", "floor", "--delays", "none", "--hypothesis", "Δ horizon_welfare[scarring] < 0"],
        ["ablate", "--mechanisms", "floor", "--delays", "none", "--hypothesis", "Δ nosuch[floor] < 0"],
    ])
    func refusedElsewhere(_ command: [String]) throws {
        let dir = try Executable.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try Executable.run(command + ["--out", "o"] + Self.small, in: dir)
        #expect(r.status == 2, "\(r.stdout)")
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("o").path))
    }

    @Test("a world file's hypotheses are validated like every world key: file, line, key path, value, what is allowed", arguments: [
        (#"{"hypotheses": {"correct": ["d_stra < 250"]}}"#, "hypotheses.correct[0] = d_stra < 250: correct has no measure 'd_stra' (measures: R(d), d_star, stake"),
        (#"{"hypotheses": {"corect": []}}"#, "hypotheses.corect: unknown experiment (did you mean 'correct'?)"),
        (#"{"hypotheses": ["R(100) > 0.5"]}"#, "hypotheses = array: expected an object keyed by experiment"),
        (#"{"hypotheses": {"ablate": "Δ d_star[floor] < 0"}}"#, "hypotheses.ablate = string: expected an array of hypotheses"),
        (#"{"hypotheses": {"compare": [7]}}"#, "hypotheses.compare[0] = number: expected a string"),
        (#"{"hypotheses": {"audit": ["final_trust[p] >"]}}"#, "hypotheses.audit[0] = final_trust[p] >: the right-hand side"),
        (#"{"hypotheses": {"ablate": ["horizon_welfare[floor] < 0"]}}"#, "hypotheses.ablate[0] = horizon_welfare[floor] < 0: ablate judges Δ measure[mechanism]"),
    ])
    func worldFileErrors(_ file: String, _ message: String) throws {
        let dir = try Executable.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try file.write(to: dir.appendingPathComponent("w.json"), atomically: true, encoding: .utf8)
        let r = try Executable.run(["validate", "w.json"], in: dir)
        #expect(r.status == 2)
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].contains("w.json:1:") && lines[0].contains(message), "\(r.stderr)")
    }

    @Test("a world's hypotheses change neither its runs nor its hash")
    func worldHypothesesInert() throws {
        let dir = try Executable.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try #"{"name": "w"}"#.write(to: dir.appendingPathComponent("a.json"), atomically: true, encoding: .utf8)
        try #"{"name": "w", "hypotheses": {"correct": ["d_star < 100"], "compare": []}}"#
            .write(to: dir.appendingPathComponent("b.json"), atomically: true, encoding: .utf8)
        let a = try WorldLoader.load(path: dir.appendingPathComponent("a.json").path, overrides: [])
        let b = try WorldLoader.load(path: dir.appendingPathComponent("b.json").path, overrides: [])
        #expect(a.world == b.world && Manifest.worldHash(a.world) == Manifest.worldHash(b.world))
        #expect(b.hypotheses[.correct]?.map(\.text) == ["d_star < 100"] && b.hypotheses[.compare] == [])
    }
}
