import SocialSim

/// Writes a ``WorldConfig`` as a complete world file: every key, in the documented order,
/// nested by section. The manifest stores this resolved world, and its SHA-256 is the world hash.
enum WorldEncoder {
    static func json(_ world: WorldConfig) -> JSONValue {
        var root = Tree()
        for parameter in WorldParameters.all {
            root.insert(parameter.path.split(separator: ".").map(String.init), value(parameter.get(world)))
        }
        let frames = world.narrative.frames.map { frame in
            JSONValue.makeObject(FrameParameters.all.map { ($0.name, value($0.get(frame))) })
        }
        root.insert(WorldParameters.framesPath.split(separator: ".").map(String.init), .makeArray(frames))
        return root.json
    }

    static func value(_ v: ParameterValue) -> JSONValue {
        switch v {
        case .null: .null
        case .bool(let b): .bool(b)
        case .number(let x): .double(x)
        case .unsigned(let u): .number(JSONNumber(validatedLiteral: String(u), value: Double(u)))
        case .string(let s): .string(s)
        case .numbers(let xs): .makeArray(xs.map { .double($0) })
        case .matrix(let rows): .makeArray(rows.map { .makeArray($0.map { .double($0) }) })
        }
    }

    /// An ordered tree of sections, so nested objects keep first-seen order.
    private struct Tree {
        var keys: [String] = []
        var leaves: [String: JSONValue] = [:]
        var children: [String: Tree] = [:]

        mutating func insert(_ path: [String], _ value: JSONValue) {
            guard let head = path.first else { return }
            if !keys.contains(head) { keys.append(head) }
            if path.count == 1 {
                leaves[head] = value
            } else {
                children[head, default: Tree()].insert(Array(path.dropFirst()), value)
            }
        }

        var json: JSONValue {
            .makeObject(keys.map { key in (key, leaves[key] ?? children[key]?.json ?? .null) })
        }
    }
}
