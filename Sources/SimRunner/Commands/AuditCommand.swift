import Foundation
import SocialSim

/// `simrunner audit`: scores deployed policies on a fixed battery of worlds and seeds.
enum AuditCommand {
    static let spec = CommandSpec(
        name: "audit",
        summary: "Score one or more deployed policies for lock-in on a fixed battery of worlds and seeds.",
        usage: "[POLICY...] [--seeds N] [--agents N] [--steps T] [--delays LIST] [--out DIR]",
        options: [
            .value("seeds", "N", help: "Number of seeds (default 8); seeds are SEED, SEED+1, ..."),
            .value("seed", "SEED", help: "First seed (default 1)."),
            .value("agents", "N", help: "Agents in every battery world (default 2000)."),
            .value("steps", "T", help: "The audit horizon T (default 300)."),
            .value("reset-steps", "K", help: "Steps run after the policy is replaced at T, for lock-in reversibility (default 100)."),
            .value("delays", "LIST", help: "Correction delays for R(d), below T (default 50,100,150)."),
            .value("bootstrap", "B", help: "Bootstrap resamples for intervals (default 2000)."),
            CommonOptions.jobs,
            CommonOptions.out(default: "outputs/audit-<policies>"), CommonOptions.force, CommonOptions.quiet,
        ] + DeclaredHypotheses.options,
        positionals: 0...16,
        positionalHelp: [("POLICY", "World files whose optimizer and safeguards are the policy; 'default' (or none) is the embedded default world's.")],
        positionalNouns: ("policy file", "policy files"),
        discussion: """
        A policy is the optimizer and safeguards sections of a world file; everything else comes from
        the battery (the default world at the audit's size, with one change each: baseline,
        scale-free network, communities, fragile trust, a wider specification gap), so two policies
        are scored on the same ground. With two or more policies every measure also gets the paired
        difference from the first on common seeds.
        Writes into DIR (default outputs/audit-<policies>):
          audit.csv      per policy, battery world (and 'all', the battery mean) and measure: mean with
                         95% interval, paired difference from the first policy with its interval
          findings.txt   the battery means side by side, and verdicts on declared hypotheses
          hypotheses.csv with --hypothesis/--hypotheses: each hypothesis, its estimate, interval and verdict
          columns.csv    the data dictionary: every column of the CSV files, its meaning, unit and type
          manifest.json  the policies as resolved, their hashes, the battery, the seeds, the command line
        A killed audit resumes where it stopped when the same command is run again (finished units are
        journaled beside DIR); the result is the same bytes as an uninterrupted run, for any --jobs.
        Measures: horizon_welfare, final_trust, final_exited, reflective_distance (preference lock-in),
        lockin_reversibility (share of that distance gone K steps after the policy is replaced by the
        welfare-aware reference at T), exploration_breadth (entropy of consumption across items),
        stake (reference minus policy welfare) and R(d) at each delay. See docs/audit.md.
        Hypotheses name a measure in a policy, e.g. "R(100)[constructive] > 0.5" is not allowed; write
        "final_trust[constructive] > 0.3" or "horizon_welfare[constructive] - horizon_welfare[default] > 0".
        Example:
          simrunner audit default worlds/constructive.json --seeds 8
        """)

    static func execute(_ parsed: ParsedCommand, commandLine: [String]) throws -> Int32 {
        let paths = parsed.positionals.isEmpty ? ["default"] : parsed.positionals
        let policies = try paths.map { try WorldLoader.load(path: $0 == "default" ? nil : $0, overrides: []) }
        var seen: [String: String] = [:]
        for p in policies {
            if let other = seen[p.world.name] {
                throw UsageError("policies '\(other)' and '\(p.source)' have the same name '\(p.world.name)'; give each a distinct \"name\"")
            }
            seen[p.world.name] = p.source
        }
        var a = Audit(policies: policies, seeds: try CommonOptions.seeds(parsed, defaultCount: 8, defaultFirst: 1))
        a.agents = try parsed.int("agents", default: 2_000, range: 20...1_000_000)
        a.steps = try parsed.int("steps", default: 300, range: 2...100_000)
        a.resetSteps = try parsed.int("reset-steps", default: 100, range: 1...100_000)
        a.delays = try parsed.value("delays").map { try DelayList.parse($0, horizon: a.steps) }
            ?? [50, 100, 150].filter { $0 < a.steps }
        a.bootstrap.resamples = try parsed.int("bootstrap", default: 2000, range: 100...1_000_000)
        a.jobs = try parsed.int("jobs", default: ProcessInfo.processInfo.activeProcessorCount, range: 1...1024)
        guard a.agents * (a.steps + a.resetSteps) <= 10_000_000_000 else {
            throw UsageError("--agents \(a.agents) x (--steps + --reset-steps) \(a.steps + a.resetSteps) is more than 10^10 agent-steps per run")
        }
        for p in policies { try WorldLoader.checkMemory(a.world(policy: p.world, battery: Audit.battery[0]), source: p.source) }
        let declared = try DeclaredHypotheses.load(parsed, experiment: .audit, worlds: policies, problem: a.problem(with:))

        let outPath = parsed.value("out") ?? "outputs/audit-" + policies.map(\.world.name).joined(separator: "-")
        let out = try ResumableOutput(path: outPath, key: a.journalKey, experiment: "audit", force: parsed.flag("force"))
        let interrupt = Interrupt.listen()
        defer { interrupt.stop() }
        a.store = UnitStore(journal: out.journal, interrupt: interrupt)
        let quiet = parsed.flag("quiet")
        let units = policies.count * Audit.battery.count * a.seeds.count
        if !quiet {
            Console.error("audit: \(policies.count) x \(Audit.battery.count) battery worlds x \(a.seeds.count) seeds = \(units) units, each a run of \(a.agents) agents for \(a.steps + a.resetSteps) steps with \(a.delays.count) forks and a reference run")
        }
        let progress = Progress(total: units, label: "units", quiet: quiet)
        let result: Audit.Result
        do {
            result = try a.run { progress.advance() }
        } catch where interrupt.isRequested && (error is Interrupted || error is CancellationError) {
            progress.finish("interrupted: \(out.journal.count) of \(units) units are saved in \(DisplayPath.of(out.journal.url)); run the same command to finish the others")
            return 130
        }
        progress.clear()
        let output = try out.stage()
        let judgements = declared.judge { a.estimate($0, in: result) }
        let findings = AuditTables.findings(result, a) + DeclaredHypotheses.findings(judgements)
        var tables = [("audit.csv", AuditTables.table(result, a))]
        if !judgements.isEmpty { tables.append(("hypotheses.csv", DeclaredHypotheses.table(judgements))) }
        for (name, bytes) in tables { try output.write(bytes, to: name) }
        try output.write(Array(findings.utf8), to: "findings.txt")
        try output.write(ColumnDictionary.csv(files: tables, experiment: .audit), to: "columns.csv")
        let files = tables.map(\.0) + ["findings.txt", "columns.csv"]
        let manifest = JSONValue.makeObject([
            ("program", .string("simrunner")),
            ("version", .string(Program.version)),
            ("command", .makeArray(commandLine.map { .string($0) })),
            ("experiment", .string("audit")),
            ("seeds", .makeArray(a.seeds.map { WorldEncoder.value(.unsigned($0)) })),
            ("agents", .int(a.agents)), ("steps", .int(a.steps)), ("resetSteps", .int(a.resetSteps)),
            ("delays", .makeArray(a.delays.map { .int($0) })),
            ("battery", .makeArray(Audit.battery.map { b in .makeObject([("name", .string(b.name)), ("change", .string(b.change))]) })),
            ("files", .makeArray((files + ["manifest.json"]).dropLast().map { .string($0) })),
            ("policies", .makeArray(policies.map { p in
                .makeObject([("source", .string(p.source)), ("worldHash", .string(Manifest.worldHash(p.world))),
                             ("world", WorldEncoder.json(p.world))])
            })),
        ])
        try output.writeManifest(JSONWriter.bytes(from: manifest))
        try out.commit(output)
        if !quiet { try Console.out(findings + "  wrote \(outPath)/{\((files + ["manifest.json"]).joined(separator: ", "))}\n") }
        return 0
    }
}
