import Foundation
import Testing
import SocialSim
@testable import SimRunner

/// A world small enough to ablate in a test: the default model, few agents, few steps.
private func tinyWorld(agents: Int = 200, steps: Int = 40) -> WorldLoader.Loaded {
    var w = WorldConfig()
    w.agents = agents
    w.steps = steps
    w.measurement.window = 5
    w.measurement.homogenizationPairs = 20
    return WorldLoader.Loaded(world: w, source: "test world")
}

/// A switch whose overrides change the world but not its dynamics: the rule safeguard's smoothing
/// while the rule safeguard is off. Its effect must be exactly zero.
private let nullSwitch = MechanismSwitch(
    name: "null", title: "a parameter nothing reads", group: .safeguards,
    off: [ParameterOverride("safeguards.rules.smoothing", "0.5")], why: "test")

@Suite("ablate")
struct AblationTests {
    /// The mechanisms the design names (DESIGN §3, issue 11); the table may hold more.
    static let required = ["floor", "hysteresis", "scarring", "coupling", "spillover", "threshold-contagion",
                           "preference-drift", "missing-feedback", "noisy-feedback", "inverted-feedback", "exit", "re-entry",
                           "frame-spread", "identity-lock", "perception-bending", "exploration", "user-control", "transparency",
                           "reset", "region-caps", "proxy-rules", "template-moderation"]

    @Test("the switch table names every mechanism once, and every override is a valid parameter and value")
    func tableIsComplete() throws {
        let names = Mechanisms.all.map(\.name)
        #expect(Set(names).count == names.count, "mechanism names must be unique")
        for name in Self.required { #expect(names.contains(name), "no row for '\(name)'") }
        for m in Mechanisms.all {
            #expect(!m.off.isEmpty && !m.why.isEmpty, "\(m.name) needs overrides and a reason")
            var base = WorldConfig()
            if !m.on.isEmpty {
                try WorldOverrides.apply(m.on.map { (key: $0.key, value: $0.value) }, to: &base)
                #expect(m.acts(base), "\(m.name): its 'on' overrides must make it act")
            }
            var variant = base
            try WorldOverrides.apply(m.off.map { (key: $0.key, value: $0.value) }, to: &variant)
            #expect(WorldValidation.issues(variant).isEmpty, "\(m.name): switching it off gives an invalid world")
            #expect(variant != base, "\(m.name): its switch changes nothing in the default world")
            for o in m.off + m.on {
                let key = o.key.replacingOccurrences(of: "[*]", with: "[0]")
                #expect(WorldParameters.parameter(key) != nil || WorldOverrides.frameField(key) != nil,
                        "\(m.name): '\(o.key)' is not a world parameter")
            }
        }
    }

    @Test("docs/mechanisms.md is the generated table")
    func docsAreGenerated() {
        let text = AblationTables.switchesMarkdown
        for m in Mechanisms.all { #expect(text.contains("`\(m.name)`")) }
        let url = Executable.repository.appendingPathComponent("docs/mechanisms.md")
        #expect((try? String(contentsOf: url, encoding: .utf8)) == text,
                "regenerate with: swift run simrunner ablate --list > docs/mechanisms.md")
        #expect(AblateCommand.spec.discussion.contains("constraints.floorFraction=0"))
    }

    @Test("--set extensions: [*] sets every frame, @key copies a parameter")
    func overrideExtensions() throws {
        var w = WorldConfig()
        try WorldOverrides.apply([("narrative.frames[*].adoptionRate", "0"), ("trust.gainRate", "@trust.lossRate"),
                                  ("constraints.decay", "@constraints.spillover"), ("optimizer.objective", "@correction.objective")], to: &w)
        #expect(w.narrative.frames.allSatisfy { $0.adoptionRate == 0 })
        #expect(w.trust.gainRate == w.trust.lossRate)
        #expect(w.constraints.decay == w.constraints.spillover)
        #expect(w.optimizer.objective == .welfareAware)
        #expect(throws: WorldErrors.self) { try WorldOverrides.apply([("trust.gainRate", "@trust.nothing")], to: &w) }
        // A copied value must suit the target like a literal: a per-dimension array is not a number.
        #expect(throws: WorldErrors.self) { try WorldOverrides.apply([("trust.gainRate", "@constraints.decay")], to: &w) }
    }

    @Test("statuses: off by design is measured against the world with it on; absent or already off is said so")
    func statuses() throws {
        let world = tinyWorld()
        let e = try Ablation(base: world, mechanisms: [Mechanisms.named("region-caps")!, Mechanisms.named("scarring")!],
                             seeds: [1], delays: [])
        #expect(e.plans[0].status == .measuredSwitchedOn)
        #expect(e.plans[0].baseDescription == "world + safeguards.region.enabled=true")
        #expect(e.plans[1].status == .measured && e.plans[1].baseArm == 0)
        var single = world
        single.world.narrative.frames = [single.world.narrative.frames[0]]
        single.world.narrative.frames[0].initialShare = 1
        single.world.constraints.scarGain = [0, 0, 0, 0]
        let f = try Ablation(base: single, mechanisms: [Mechanisms.named("frame-spread")!, Mechanisms.named("scarring")!],
                             seeds: [1], delays: [])
        #expect(f.plans[0].status == .notActive)
        #expect(f.plans[1].status == .alreadyOff)
        #expect(f.arms.count == 1, "nothing to run but the world itself")
    }

    @Test("known answers: a switch that changes nothing has exactly zero effect and is inert; the specification gap is not")
    func knownAnswers() throws {
        let e = try Ablation(base: tinyWorld(), mechanisms: [nullSwitch, Mechanisms.named("specification-gap")!],
                             seeds: [1, 2, 3], delays: [5, 20])
        let r = try e.run(jobs: 2)
        let null = r.mechanisms[0], gap = r.mechanisms[1]
        #expect(null.plan.status == .measured)
        #expect(null.estimates.count == Ablation.runMeasures.count + 4)
        for x in null.estimates {
            // d* exists only where R(d) falls below the level, lock clustering only where
            // locks exist (this tiny world has no cascade): undefined, not 0, in both arms.
            if x.baseValue == nil {
                #expect(x.variantValue == nil && x.estimate == nil)
                continue
            }
            #expect(x.estimate == 0, "\(x.measure) \(x.delay ?? -1): \(String(describing: x.estimate))")
            #expect(x.interval == 0...0)
            #expect(x.inert == true)
        }
        #expect(null.inert == true)
        let welfare = try #require(gap.estimates.first { $0.measure == "horizon_welfare" })
        #expect((welfare.estimate ?? 0) > 0.02)
        #expect((welfare.interval?.lowerBound ?? 0) > 0)
        #expect(welfare.inert == false && gap.inert == false)
        let findings = AblationTables.findings(r, e)
        #expect(findings.contains("FINDING: inert here (every measure's interval includes 0): null\n"))
    }

    @Test("outputs are the same bytes whatever the number of jobs, and resuming from recorded units changes nothing")
    func deterministic() throws {
        let e = try Ablation(base: tinyWorld(agents: 150, steps: 30),
                             mechanisms: [Mechanisms.named("spillover")!, Mechanisms.named("proxy-rules")!], seeds: [4, 5], delays: [10])
        var recorded: [Int: Ablation.UnitValues] = [:]
        let one = try e.run(jobs: 1) { u, v in recorded[u] = v }
        let two = try e.run(jobs: 2)
        let resumed = try e.run(jobs: 2, finished: recorded.filter { $0.key % 2 == 0 })
        for r in [two, resumed] {
            #expect(AblationTables.ablation(r, e) == AblationTables.ablation(one, e))
            #expect(AblationTables.runs(r, e) == AblationTables.runs(one, e))
        }
        #expect(AblationTables.findings(one, e) == AblationTables.findings(two, e))
    }

    @Test("a journal of finished units resumes to the same bytes, and a journal of another ablation is refused")
    func journalResumes() throws {
        let dir = try Executable.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var e = try Ablation(base: tinyWorld(agents: 120, steps: 25), mechanisms: [Mechanisms.named("scarring")!], seeds: [7, 8], delays: [10])
        let plain = try e.run(jobs: 1)
        let url = dir.appendingPathComponent("journal")
        // A run that stopped after half its units: those are journaled, the rest are not.
        let partial = try UnitJournal.open(at: url, key: e.journalKey, discardOther: false)
        for u in 0..<e.unitCount / 2 {
            try partial.record("unit-\(u)", Array(try e.execute(unit: u).map(CSVTable.format).joined(separator: ",").utf8))
        }
        let journal = try UnitJournal.open(at: url, key: e.journalKey, discardOther: false)
        #expect(journal.found == .resumed(e.unitCount / 2))
        e.store = UnitStore(journal: journal, interrupt: nil)
        let resumed = try e.run(jobs: 2)
        #expect(AblationTables.ablation(resumed, e) == AblationTables.ablation(plain, e))
        #expect(AblationTables.runs(resumed, e) == AblationTables.runs(plain, e))
        #expect(journal.count == e.unitCount)
        var other = e
        other.seeds = [9, 10]
        #expect(other.journalKey != e.journalKey)
        #expect(throws: UnitJournal.OtherExperiment.self) { _ = try UnitJournal.open(at: url, key: other.journalKey, discardOther: false) }
    }

    @Test("simrunner ablate end to end: files, tidy table, report, and bad input refused")
    func endToEnd() throws {
        let dir = try Executable.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let args = ["ablate", "--set", "agents=150", "--set", "steps=30", "--set", "measurement.window=5",
                    "--set", "measurement.homogenizationPairs=10", "--seeds", "2", "--delays", "10,20",
                    "--mechanisms", "spillover,region-caps", "--bootstrap", "200", "--out", "abl", "-q"]
        let r = try Executable.run(args, in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let out = dir.appendingPathComponent("abl")
        for f in ["ablation.csv", "switches.csv", "runs.csv", "findings.txt", "manifest.json"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(f).path), "missing \(f)")
        }
        let table = try CSVReader.read(out.appendingPathComponent("ablation.csv"))
        #expect(table.columns == AblationTables.columns)
        // Two mechanisms x (the run measures, the stake, 2 recoveries, d*).
        #expect(table.rows.count == 2 * (Ablation.runMeasures.count + 4))
        let report = try Executable.run(["report", "abl", "-q"], in: dir)
        #expect(report.status == 0, "\(report.stderr)")
        let html = try String(contentsOf: out.appendingPathComponent("report/report.html"), encoding: .utf8)
        #expect(html.contains("Ablation"))
        let bad = try Executable.run(["ablate", "--mechanisms", "flor", "--out", "x"], in: dir)
        #expect(bad.status == 2 && bad.stderr.contains("did you mean 'floor'"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("x").path))
        let list = try Executable.run(["ablate", "--list"], in: dir)
        #expect(list.stdout == AblationTables.switchesMarkdown)
    }

    @Test("findings never print a change that excludes 0 as +0.000: tiny values get significant digits")
    func tinyChangesKeepTheirDigits() {
        #expect(AblationTables.signed(0.0123) == "+0.012")
        #expect(AblationTables.signed(-0.25) == "-0.250")
        #expect(AblationTables.signed(0) == "+0.000")
        #expect(AblationTables.signed(0.00004) == "+4.0e-05")
        #expect(AblationTables.signed(-0.0004) == "-4.0e-04")
    }
}
