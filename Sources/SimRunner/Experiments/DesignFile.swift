import Foundation

/// An experiment file for `simrunner sweep --design FILE.json`: the axes, seeds, settings and
/// measures of a sweep, versioned and shared instead of retyped (the way NetLogo's BehaviorSpace
/// stores experiment setups). It is read strictly, with the project's JSON parser, and every
/// problem is reported like a world file's: `FILE:LINE:COLUMN: KEY = VALUE: what is allowed`.
///
/// ```json
/// {
///   "description": "Welfare over the specification gap and the speed of trust loss",
///   "world": "../worlds/default.json",
///   "set": {"agents": 2000},
///   "grid": {"optimizer.specificationGap": {"from": 0, "to": 1, "count": 5},
///            "trust.lossRate": [0.01, 0.02, 0.05]},
///   "seeds": 8,
///   "series": true,
///   "measures": ["horizon_welfare", "final_trust"]
/// }
/// ```
///
/// A file is turned into the command-line arguments it stands for (`--grid KEY=0:1:5`, ...),
/// so a design file and the same options typed out run the same sweep with the same manifest.
/// Paths in the file are relative to the file.
struct DesignFile {
    /// The equivalent arguments of `simrunner sweep`, world file first when the design names one.
    var arguments: [String] = []
    /// The world file the design names, if any (already in `arguments`).
    var world: String?
    /// The runs.csv columns the design is about (the report shows the first by default).
    var measures: [String] = []

    static let keys = ["description", "world", "experiment", "set", "grid", "lhs", "samples", "designSeed",
                       "seeds", "seed", "series", "trustCollapse", "measures"]

    static func load(path: String) throws(WorldErrors) -> DesignFile {
        let root = try WorldLoader.parse(path: path)
        var errors: [WorldError] = []
        func fail(_ node: JSONNode, _ key: String?, _ value: String?, _ message: String) {
            errors.append(WorldError(source: path, line: node.line, column: node.column, path: key, value: value, message: message))
        }
        guard case .object(let members) = root.value else {
            throw WorldErrors(errors: [WorldError(source: path, line: root.line, column: root.column,
                                                  message: "a design file must be a JSON object, found \(root.typeName)")])
        }
        var design = DesignFile()
        var seen = Set<String>()
        for m in members {
            let node = m.value, key = m.key
            guard seen.insert(key).inserted else {
                errors.append(WorldError(source: path, line: m.keyLine, column: m.keyColumn, path: key, message: "given twice"))
                continue
            }
            switch key {
            case "description":
                if node.value.stringValue == nil { fail(node, key, WorldDecoder.shown(node), "expected a string") }
            case "world":
                guard let w = node.value.stringValue, !w.isEmpty else { fail(node, key, WorldDecoder.shown(node), "expected the path of a world file"); continue }
                let resolved = w.hasPrefix("/") ? w : URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(w).path
                design.world = DisplayPath.of(resolved)
            case "experiment":
                guard let e = node.value.stringValue else { fail(node, key, WorldDecoder.shown(node), "expected a string"); continue }
                let supported = SweepCommand.spec.option(named: "experiment") != nil
                if e == "run" {
                    continue
                } else if supported {
                    design.arguments += ["--experiment", e]
                } else {
                    fail(node, key, JSONWriter.quoted(e), "this sweep runs the world once per point and seed: expected \"run\"")
                }
            case "set":
                guard case .object(let sets) = node.value else { fail(node, key, WorldDecoder.shown(node), "expected an object of world parameters and values"); continue }
                for s in sets {
                    guard let text = scalarText(s.value, allowArrays: true) else {
                        fail(s.value, "set.\(s.key)", WorldDecoder.shown(s.value), "expected a number, string, boolean, null or array")
                        continue
                    }
                    design.arguments += ["--set", "\(s.key)=\(text)"]
                }
            case "grid":
                guard case .object(let axes) = node.value, !axes.isEmpty else { fail(node, key, WorldDecoder.shown(node), "expected an object of parameters and their values"); continue }
                for a in axes {
                    if case .array(let values) = a.value.value, !values.isEmpty {
                        let texts = values.compactMap { scalarText($0, allowArrays: false) }
                        guard texts.count == values.count, !texts.contains(where: { $0.contains(",") }) else {
                            fail(a.value, "grid.\(a.key)", WorldDecoder.shown(a.value), "expected an array of numbers, strings or booleans (without commas)")
                            continue
                        }
                        design.arguments += ["--grid", "\(a.key)=" + texts.joined(separator: ",")]
                    } else if case .object(let spec) = a.value.value, spec.allSatisfy({ ["from", "to", "count"].contains($0.key) }),
                              let from = a.value["from"]?.value.numberValue, let to = a.value["to"]?.value.numberValue,
                              let count = a.value["count"]?.value.numberValue?.exactInteger {
                        design.arguments += ["--grid", "\(a.key)=\(from.literal):\(to.literal):\(count)"]
                    } else {
                        fail(a.value, "grid.\(a.key)", WorldDecoder.shown(a.value),
                             "expected an array of values, or {\"from\": A, \"to\": B, \"count\": N} for N evenly spaced values")
                    }
                }
            case "lhs":
                guard case .object(let axes) = node.value, !axes.isEmpty else { fail(node, key, WorldDecoder.shown(node), "expected an object of parameters and [low, high] ranges"); continue }
                for a in axes {
                    guard case .array(let ends) = a.value.value, ends.count == 2,
                          let low = ends[0].value.numberValue, let high = ends[1].value.numberValue else {
                        fail(a.value, "lhs.\(a.key)", WorldDecoder.shown(a.value), "expected [low, high], two numbers")
                        continue
                    }
                    design.arguments += ["--lhs", "\(a.key)=\(low.literal):\(high.literal)"]
                }
            case "samples", "designSeed", "seeds", "seed":
                guard let n = node.value.numberValue, let i = n.exactInteger, i >= (key == "samples" || key == "seeds" ? 1 : 0) else {
                    fail(node, key, WorldDecoder.shown(node), key == "samples" || key == "seeds" ? "expected a positive integer" : "expected a non-negative integer")
                    continue
                }
                let option = ["samples": "samples", "designSeed": "design-seed", "seeds": "seeds", "seed": "seed"][key]!
                design.arguments += ["--\(option)", String(i)]
            case "series":
                guard let b = node.value.boolValue else { fail(node, key, WorldDecoder.shown(node), "expected true or false"); continue }
                if b { design.arguments.append("--series") }
            case "trustCollapse":
                guard let n = node.value.numberValue, (0...1).contains(n.value) else { fail(node, key, WorldDecoder.shown(node), "expected a number from 0 to 1"); continue }
                design.arguments += ["--trust-collapse", n.literal]
            case "measures":
                guard case .array(let items) = node.value, !items.isEmpty, items.allSatisfy({ $0.value.stringValue != nil }) else {
                    fail(node, key, WorldDecoder.shown(node), "expected an array of runs.csv column names, e.g. [\"horizon_welfare\"]")
                    continue
                }
                design.measures = items.compactMap { $0.value.stringValue }
                design.arguments += design.measures.flatMap { ["--measure", $0] }
            default:
                var message = "unknown key"
                if let near = nearestName(to: key, among: keys) { message += " (did you mean '\(near)'?)" }
                message += "; a design file holds " + keys.joined(separator: ", ")
                errors.append(WorldError(source: path, line: m.keyLine, column: m.keyColumn, path: key, message: message))
            }
        }
        if seen.contains("lhs") != seen.contains("samples") {
            errors.append(WorldError(source: path, line: root.line, column: root.column, path: seen.contains("lhs") ? "samples" : "lhs",
                                     message: seen.contains("lhs") ? "\"lhs\" needs \"samples\", the number of points" : "\"samples\" applies to \"lhs\" only"))
        }
        if !seen.contains("grid") && !seen.contains("lhs") {
            errors.append(WorldError(source: path, line: root.line, column: root.column, path: "grid",
                                     message: "a design needs \"grid\" or \"lhs\" axes"))
        }
        if !errors.isEmpty { throw WorldErrors(errors: errors) }
        if let w = design.world { design.arguments.insert(w, at: 0) }
        return design
    }

    /// A value as it would be written after `--set key=` or in a `--grid` list.
    private static func scalarText(_ node: JSONNode, allowArrays: Bool) -> String? {
        switch node.value {
        case .number(let n): n.literal
        case .string(let s): s
        case .bool(let b): b ? "true" : "false"
        case .null: allowArrays ? "null" : nil
        case .array: allowArrays ? JSONWriter.string(from: node).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ") : nil
        case .object: nil
        }
    }
}
