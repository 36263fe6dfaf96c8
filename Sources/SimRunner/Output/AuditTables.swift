import Foundation
import SocialSim

/// audit.csv and the findings of `simrunner audit`.
enum AuditTables {
    static func table(_ r: Audit.Result, _ a: Audit) -> [UInt8] {
        var t = CSVTable(columns: ["policy", "source", "battery_world", "measure", "seeds_defined", "mean", "mean_low", "mean_high",
                                   "baseline_policy", "difference", "difference_low", "difference_high"])
        func f(_ x: Double?) -> String { x.map(CSVTable.format) ?? "" }
        let base = a.policies[0].world.name
        for c in r.cells {
            let p = a.policies[c.policy]
            t.append([p.world.name, p.source, c.battery, c.measure, String(c.defined), f(c.mean), f(c.interval?.lowerBound),
                      f(c.interval?.upperBound), c.policy == 0 ? "" : base, f(c.difference),
                      f(c.differenceInterval?.lowerBound), f(c.differenceInterval?.upperBound)])
        }
        return t.takeBytes()
    }

    static func findings(_ r: Audit.Result, _ a: Audit) -> String {
        func f(_ x: Double?) -> String { x.map { String(format: "%.3f", $0) } ?? "undefined" }
        func i(_ x: ClosedRange<Double>?) -> String { x.map { String(format: " [%.3f, %.3f]", $0.lowerBound, $0.upperBound) } ?? "" }
        var s = "lock-in audit of \(a.policies.count) \(a.policies.count == 1 ? "policy" : "policies") on \(Audit.battery.count) battery worlds x \(a.seeds.count) common seeds (\(a.seeds.first ?? 0)...\(a.seeds.last ?? 0)); \(a.agents) agents, horizon T = \(a.steps), reset phase \(a.resetSteps) steps; means with 95% bootstrap intervals over seeds\n"
        s += "battery: " + Audit.battery.map { "\($0.name) (\($0.change))" }.joined(separator: "; ") + "\n"
        let shown = Audit.scalarMeasures.map(\.name) + a.delays.filter { $0 < a.steps }.map { "R(\($0))" }
        for (p, loaded) in a.policies.enumerated() {
            let w = loaded.world
            s += "  \(w.name) (\(loaded.source)): objective \(w.optimizer.objective.rawValue)\n"
            for m in shown {
                guard let c = r.cells.first(where: { $0.policy == p && $0.battery == "all" && $0.measure == m }) else { continue }
                s += "    " + m.padding(toLength: 22, withPad: " ", startingAt: 0) + f(c.mean) + i(c.interval)
                if p > 0, let d = c.difference {
                    let sig = c.differenceInterval.map { $0.lowerBound > 0 || $0.upperBound < 0 } ?? false
                    s += String(format: "   vs %@: %+.3f", a.policies[0].world.name, d) + i(c.differenceInterval) + (sig ? " *" : "")
                }
                s += "\n"
            }
        }
        s += "  (battery means, 'all' rows of audit.csv; per battery world in audit.csv; * the paired interval excludes 0)\n"
        return s
    }
}
