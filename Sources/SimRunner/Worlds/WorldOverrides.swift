import SocialSim

/// `--set key.path=value` overrides, applied after the world file. The value is read as JSON
/// when it parses as JSON (`0.3`, `null`, `[1,2,3,4]`, `"text"`) and as a bare string otherwise
/// (`optimizer.objective=approval`). Frame fields use `narrative.frames[2].adoptionRate=0.4`.
/// For a per-dimension parameter, one number sets every dimension (`constraints.decay=0.02`) and
/// `constraints.decay[2]=0.05` sets one (0 economic, 1 institutional, 2 attention, 3 narrative).
/// `narrative.frames[*].adoptionRate=0` sets the field in every frame. A value `@other.key` copies
/// the current value of another parameter (`trust.gainRate=@trust.lossRate`), read after the world
/// file and the overrides before it; it must suit the target like a literal would.
enum WorldOverrides {
    static func apply(_ assignments: [(key: String, value: String)], to world: inout WorldConfig) throws(WorldErrors) {
        var errors: [WorldError] = []
        for (key, given) in expandingFrameWildcards(assignments, frames: world.narrative.frames.count) {
            let source = "--set \(key)=\(given)"
            var text = given
            if given.hasPrefix("@") {
                let reference = String(given.dropFirst())
                guard let value = currentValue(reference, in: world) else {
                    var message = "'@\(reference)' names no parameter"
                    if let near = nearestName(to: reference, among: WorldParameters.all.map(\.path)) { message += " (did you mean '@\(near)'?)" }
                    errors.append(WorldError(source: source, path: key, message: message))
                    continue
                }
                text = String(decoding: JSONWriter.bytes(from: WorldEncoder.value(value)), as: UTF8.self)
            }
            let node: JSONNode
            if let parsed = try? JSONParser().parse(text) {
                node = parsed
            } else {
                node = JSONNode(.string(text))
            }
            var decoder = WorldDecoder(source: source)
            if let parameter = WorldParameters.parameter(key) {
                var node = node
                // A single number for a per-dimension parameter means that number in every dimension.
                if case .perDimension = parameter.kind, case .number = node.value {
                    node = JSONNode(.array(Array(repeating: node, count: Dimension.count)))
                }
                if let value = decoder.convert(node, kind: parameter.kind, path: key) { parameter.set(&world, value) }
            } else if let (parameter, d) = dimensionElement(key) {
                guard case .perDimension(let range) = parameter.kind else { continue }
                if case .number(let x)? = decoder.convert(node, kind: .real(range), path: key),
                   case .numbers(var xs) = parameter.get(world) {
                    xs[d] = x
                    parameter.set(&world, .numbers(xs))
                }
            } else if let (index, field) = frameField(key) {
                guard index < world.narrative.frames.count else {
                    errors.append(WorldError(source: source, path: key,
                                             message: "no such frame: the world has \(world.narrative.frames.count) frames (indices 0 to \(world.narrative.frames.count - 1))"))
                    continue
                }
                guard let parameter = FrameParameters.all.first(where: { $0.name == field }) else {
                    var message = "unknown frame key '\(field)'"
                    if let near = nearestName(to: field, among: FrameParameters.all.map(\.name)) { message += " (did you mean '\(near)'?)" }
                    errors.append(WorldError(source: source, path: key, message: message))
                    continue
                }
                if let value = decoder.convert(node, kind: parameter.kind, path: key) {
                    parameter.set(&world.narrative.frames[index], value)
                }
            } else if let problem = indexProblem(key) {
                errors.append(WorldError(source: source, path: key, message: problem))
            } else if key.hasPrefix(WorldParameters.framesPath + "[") {
                let n = world.narrative.frames.count
                errors.append(WorldError(source: source, path: key,
                                         message: "expected \(WorldParameters.framesPath)[I].FIELD with I from 0 to \(n - 1) (the world has \(n) frames), e.g. \(WorldParameters.framesPath)[0].adoptionRate"))
            } else {
                var message = "unknown key"
                if let near = nearestName(to: key, among: WorldParameters.all.map(\.path)) { message += " (did you mean '\(near)'?)" }
                message += "; `simrunner params` lists every key"
                errors.append(WorldError(source: source, path: key, message: message))
            }
            errors += decoder.errors.map { e in
                var e = e
                e.line = nil
                e.column = nil
                return e
            }
        }
        if !errors.isEmpty { throw WorldErrors(errors: errors) }
    }

    /// `narrative.frames[*].field=value` becomes one assignment per frame, in frame order.
    static func expandingFrameWildcards(_ assignments: [(key: String, value: String)], frames: Int) -> [(key: String, value: String)] {
        let wildcard = WorldParameters.framesPath + "[*]"
        return assignments.flatMap { a -> [(key: String, value: String)] in
            guard a.key.hasPrefix(wildcard) else { return [a] }
            let rest = a.key.dropFirst(wildcard.count)
            return (0..<frames).map { (key: WorldParameters.framesPath + "[\($0)]" + rest, value: a.value) }
        }
    }

    /// The value a key names in `world`: a parameter, one dimension of one, or a frame's field.
    static func currentValue(_ key: String, in world: WorldConfig) -> ParameterValue? {
        if let p = WorldParameters.parameter(key) { return p.get(world) }
        if let (p, d) = dimensionElement(key), case .numbers(let xs) = p.get(world) { return .number(xs[d]) }
        if let (index, field) = frameField(key), index < world.narrative.frames.count,
           let p = FrameParameters.all.first(where: { $0.name == field }) {
            return p.get(world.narrative.frames[index])
        }
        return nil
    }

    /// `constraints.decay[2]`: one dimension (0 economic, 1 institutional, 2 attention,
    /// 3 narrative) of a per-dimension parameter. Other indices: see `indexProblem`.
    static func dimensionElement(_ key: String) -> (WorldParameter, Int)? {
        guard key.hasSuffix("]"), let open = key.lastIndex(of: "["),
              let d = Int(key[key.index(after: open)..<key.index(before: key.endIndex)]), (0..<Dimension.count).contains(d),
              let parameter = WorldParameters.parameter(String(key[..<open])),
              case .perDimension = parameter.kind else { return nil }
        return (parameter, d)
    }

    /// The valid indices of a per-dimension parameter, for messages.
    static var dimensionIndices: String {
        "0 to \(Dimension.count - 1): " + Dimension.allCases.map { "\($0.rawValue) \($0.name)" }.joined(separator: ", ")
    }

    /// Why `key[...]` names no element, when `key` is a parameter: a bad dimension index
    /// (`constraints.decay[4]`) or an index on a parameter that has none (`trust.lossRate[0]`).
    static func indexProblem(_ key: String) -> String? {
        guard key.hasSuffix("]"), let open = key.lastIndex(of: "["),
              let parameter = WorldParameters.parameter(String(key[..<open])) else { return nil }
        let index = SafeText.shown(String(key[key.index(after: open)..<key.index(before: key.endIndex)]), limit: 40)
        switch parameter.kind {
        case .perDimension:
            return "no dimension [\(index)]: \(parameter.path) has one value per dimension, indices \(dimensionIndices)"
        case .dimensionMatrix:
            return "\(parameter.path) is a 4x4 matrix; set it whole, e.g. --set '\(parameter.path)=[[0,0,0,0],[0,0,0,0],[0,0,0,0],[0,0,0,0]]' (rows and columns \(dimensionIndices))"
        default:
            return "\(parameter.path) is a single value, not per dimension; set it without an index"
        }
    }

    /// Splits `narrative.frames[2].cue` into (2, "cue").
    static func frameField(_ key: String) -> (Int, String)? {
        let prefix = WorldParameters.framesPath + "["
        guard key.hasPrefix(prefix), let close = key.firstIndex(of: "]") else { return nil }
        let digits = key[key.index(key.startIndex, offsetBy: prefix.count)..<close]
        guard let index = Int(digits), index >= 0 else { return nil }
        let rest = key[key.index(after: close)...]
        guard rest.hasPrefix(".") else { return nil }
        return (index, String(rest.dropFirst()))
    }
}
