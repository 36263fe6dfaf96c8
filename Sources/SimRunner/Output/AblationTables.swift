import Foundation
import SocialSim

/// The files of `simrunner ablate`, and the mechanism table as text (for `--help`) and as
/// Markdown (docs/mechanisms.md).
enum AblationTables {
    static func optional(_ x: Double?) -> String { x.map(CSVTable.format) ?? "" }

    static let columns = ["mechanism", "group", "status", "base", "switched_off", "measure", "delay",
                          "base_value", "variant_value", "estimate", "low", "high", "n", "inert", "note"]

    /// ablation.csv: one row per mechanism and measure (tidy). A mechanism that was not measured
    /// has one row per measure with its status and empty numbers.
    static func ablation(_ r: Ablation.Result, _ e: Ablation) -> [UInt8] {
        var t = CSVTable(columns: columns)
        let measures: [(String, Int?)] = Ablation.runMeasures.map { ($0.name, nil) }
            + (e.delays.isEmpty ? [] : [("stake", nil)] + e.delays.map { ("recovery", $0) } + [("point_of_no_return", nil)])
        for m in r.mechanisms {
            let p = m.plan
            let head = [p.mechanism.name, p.mechanism.group.rawValue, p.status.rawValue, p.baseDescription,
                        p.mechanism.off.map(\.text).joined(separator: " ")]
            if m.estimates.isEmpty {
                for (name, delay) in measures {
                    t.append(head + [name, delay.map(String.init) ?? "", "", "", "", "", "", "0", "", p.status.rawValue])
                }
                continue
            }
            for x in m.estimates {
                t.append(head + [x.measure, x.delay.map(String.init) ?? "", optional(x.baseValue), optional(x.variantValue),
                                 optional(x.estimate), optional(x.interval?.lowerBound), optional(x.interval?.upperBound),
                                 String(x.n), x.inert.map { $0 ? "true" : "false" } ?? "", x.note])
            }
        }
        return t.takeBytes()
    }

    /// switches.csv: the mechanism table as applied to this world.
    static func switches(_ e: Ablation) -> [UInt8] {
        var t = CSVTable(columns: ["mechanism", "group", "title", "switched_off", "switched_on", "status", "base", "why"])
        for p in e.plans {
            let m = p.mechanism
            t.append([m.name, m.group.rawValue, m.title, m.off.map(\.text).joined(separator: " "),
                      m.on.map(\.text).joined(separator: " "), p.status.rawValue, p.baseDescription, m.why])
        }
        return t.takeBytes()
    }

    /// runs.csv: every (arm, seed) unit's numbers, so any estimate can be recomputed.
    static func runs(_ r: Ablation.Result, _ e: Ablation) -> [UInt8] {
        var t = CSVTable(columns: ["arm", "label", "seed"] + e.valueNames)
        for (a, perSeed) in r.values.enumerated() {
            for (s, values) in perSeed.enumerated() {
                t.append([String(a), e.armLabels[a], String(e.seeds[s])] + values.map(CSVTable.format))
            }
        }
        return t.takeBytes()
    }

    /// A signed value to 3 decimals; a nonzero value that would print as +0.000 is given to 2
    /// significant digits instead, so a change whose interval excludes 0 never reads "+0.000 [+0.000, +0.000]".
    static func signed(_ x: Double) -> String {
        x != 0 && abs(x) < 0.0005 ? String(format: "%+.1e", x) : String(format: "%+.3f", x)
    }

    /// The findings in words: per mechanism, the change in welfare, trust, exits and d* with
    /// intervals, and which mechanisms are inert.
    static func findings(_ r: Ablation.Result, _ e: Ablation) -> String {
        func f(_ x: Double?) -> String { x.map(signed) ?? "n/a" }
        let w = e.base.world
        var s = "ablation: world '\(w.name)' (\(e.base.source)), \(w.agents) agents, \(w.steps) steps, network \(w.network.kind.rawValue), "
        s += "\(e.seeds.count) seeds (\(e.seeds.first ?? 0)...\(e.seeds.last ?? 0)), common random numbers\n"
        s += "  each cell: variant - base (mechanism switched off minus on), mean of paired differences over seeds,\n"
        s += "  95% percentile bootstrap interval over seeds (\(e.bootstrap.resamples) resamples)\n"
        if !e.delays.isEmpty {
            s += "  R(d): correction to \(w.correction.objective.rawValue) at delays \(e.delays.map(String.init).joined(separator: ", ")); "
            s += "stake = W_ref - W_unc; d* = where R(d) first falls below \(CSVTable.format(e.recoveryLevel)), interpolated between those delays\n"
        }
        s += "  per mechanism: the measures that change (interval excludes 0), then those that do not\n"
        var inert: [String] = [], notMeasured: [String] = []
        for m in r.mechanisms {
            let p = m.plan
            s += "  \(p.mechanism.name)" + (p.status == .measuredSwitchedOn ? "*" : "") + " (\(p.mechanism.offArguments))\n"
            guard p.status.isMeasured else {
                s += "      \(p.status.rawValue)\n"
                notMeasured.append("\(p.mechanism.name) (\(p.status.rawValue))")
                continue
            }
            let changed = m.estimates.filter { $0.inert == false }
            let unchanged = m.estimates.filter { $0.inert == true }.map { label($0) }
            let undefined = m.estimates.filter { $0.inert == nil }.map { label($0) }
            if !changed.isEmpty {
                s += "      " + changed.map { x in
                    label(x) + " " + f(x.estimate) + (x.interval.map { " [\(signed($0.lowerBound)), \(signed($0.upperBound))]" } ?? "")
                }.joined(separator: "; ") + "\n"
            }
            if !unchanged.isEmpty { s += "      no change: " + unchanged.joined(separator: ", ") + "\n" }
            if !undefined.isEmpty { s += "      undefined: " + undefined.joined(separator: ", ") + "\n" }
            if m.inert == true { inert.append(p.mechanism.name) }
        }
        if r.mechanisms.contains(where: { $0.plan.status == .measuredSwitchedOn }) {
            s += "  * measured against the world with the mechanism switched on (it is off in this world): see switches.csv\n"
        }
        s += inert.isEmpty ? "  no mechanism is inert: each changes at least one measure beyond its interval\n"
            : "  FINDING: inert here (every measure's interval includes 0): \(inert.joined(separator: ", "))\n"
        if !notMeasured.isEmpty { s += "  not measured: \(notMeasured.joined(separator: "; "))\n" }
        return s
    }

    /// A short name of a measure for findings: "welfare", "R(100)", "d*".
    static func label(_ x: Ablation.Estimate) -> String {
        switch x.measure {
        case "horizon_welfare": "welfare"
        case "final_trust": "trust"
        case "final_exited": "exited"
        case "final_reflective_distance": "reflective distance"
        case "stake": "stake"
        case "recovery": "R(\(x.delay ?? 0))"
        case "point_of_no_return": "d*"
        case let m where m.hasPrefix("final_locked_"): "locked " + m.dropFirst("final_locked_".count)
        default: x.measure
        }
    }

    /// The mechanism table as plain text, for `simrunner ablate --help`.
    static var switchesText: String {
        var s = ""
        for m in Mechanisms.all {
            s += "  \(m.name.padding(toLength: 22, withPad: " ", startingAt: 0))\(m.off.map(\.text).joined(separator: " "))\n"
            if !m.on.isEmpty { s += "  \("".padding(toLength: 22, withPad: " ", startingAt: 0))(off by default; base switches it on: \(m.on.map(\.text).joined(separator: " ")))\n" }
        }
        return s
    }

    /// docs/mechanisms.md, generated by `simrunner ablate --list`.
    static var switchesMarkdown: String {
        var s = """
        # Mechanisms and their switches

        Every named mechanism of the model and the world parameters that switch it off. This table is
        data in the model library (`Mechanisms.all` in Sources/SocialSim/World/Mechanisms.swift): `simrunner
        ablate` reads it, `simrunner ablate --help` shows it, and this page is generated by
        `simrunner ablate --list > docs/mechanisms.md`; do not edit.

        A switch is a list of `--set` overrides, so any row can be reproduced by hand on any command.
        `narrative.frames[*].key` sets the key in every frame; `@other.key` copies another parameter's
        value. A mechanism that does not act in a world (a safeguard that is off, a constructive
        principle under another objective) is ablated against the world with it switched on
        (the "switched on by" column), and says so in the output; one that cannot be switched on is
        reported as "not active in this world".

        | mechanism | group | what it is | switched off by | switched on by | why this switches it off |
        | --- | --- | --- | --- | --- | --- |

        """
        for m in Mechanisms.all {
            let off = m.off.map { "`\($0.text)`" }.joined(separator: " ")
            let on = m.on.isEmpty ? "" : m.on.map { "`\($0.text)`" }.joined(separator: " ")
            s += "| `\(m.name)` | \(m.group.rawValue) | \(m.title) | \(off) | \(on) | \(m.why) |\n"
        }
        return s
    }
}
