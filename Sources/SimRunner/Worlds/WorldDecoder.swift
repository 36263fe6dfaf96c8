import Foundation
import NarrativeModel
import SocialSim

/// Turns a parsed world file into a ``WorldConfig``: strict about keys, types and ranges,
/// lenient about omissions (a missing key keeps the default world's value). Every problem is
/// collected with its line, column and key path.
struct WorldDecoder {
    let source: String
    private(set) var errors: [WorldError] = []

    init(source: String) { self.source = source }

    /// Known section paths ("trust", "optimizer.constructive", ...), derived from the parameters.
    static let sections: Set<String> = {
        var out = Set<String>()
        for p in WorldParameters.all.map(\.path) + [WorldParameters.framesPath] {
            var parts = p.split(separator: ".").map(String.init)
            parts.removeLast()
            while !parts.isEmpty {
                out.insert(parts.joined(separator: "."))
                parts.removeLast()
            }
        }
        return out
    }()

    static var allPaths: [String] {
        WorldParameters.all.map(\.path) + [WorldParameters.framesPath] + sections.sorted()
    }

    /// Applies every member of the root object to `world`.
    mutating func apply(_ root: JSONNode, to world: inout WorldConfig) {
        guard case .object(let members) = root.value else {
            fail(root, path: nil, value: nil, "a world file must be a JSON object, found \(root.typeName)")
            return
        }
        applyMembers(members, prefix: "", to: &world)
    }

    /// Decoding stops after this many problems: a file of 200,000 unknown keys is refused as fast
    /// as one with a single bad key (each unknown key is compared with every known one).
    static let maxErrors = 100

    /// True once `maxErrors` problems are collected (the last one says so).
    private var full: Bool { errors.count >= Self.maxErrors }

    private mutating func noteFull(_ node: JSONNode) {
        if errors.count == Self.maxErrors {
            errors.append(WorldError(source: source, line: node.line, column: node.column,
                                     message: "stopped after \(Self.maxErrors) problems; fix these first"))
        }
    }

    private mutating func applyMembers(_ members: [JSONMember], prefix: String, to world: inout WorldConfig) {
        for member in members {
            if full { noteFull(member.value); return }
            let path = prefix.isEmpty ? member.key : prefix + "." + member.key
            if let parameter = WorldParameters.parameter(path) {
                if let value = convert(member.value, kind: parameter.kind, path: path) {
                    parameter.set(&world, value)
                }
            } else if path == WorldParameters.framesPath {
                if let frames = decodeFrames(member.value) { world.narrative.frames = frames }
            } else if Self.sections.contains(path) {
                guard case .object(let inner) = member.value.value else {
                    fail(member.value, path: path, value: member.value.typeName,
                         "expected an object (a section holding \(Self.children(of: path)))")
                    continue
                }
                applyMembers(inner, prefix: path, to: &world)
            } else {
                var message = "unknown key"
                if let near = nearestName(to: path, among: Self.allPaths) { message += " (did you mean '\(near)'?)" }
                else if !prefix.isEmpty { message += "; '\(prefix)' holds \(Self.children(of: prefix))" }
                errors.append(WorldError(source: source, line: member.keyLine, column: member.keyColumn,
                                         path: path, value: nil, message: message))
            }
        }
    }

    /// The keys a section holds, for messages.
    static func children(of section: String) -> String {
        let prefix = section + "."
        var names: [String] = []
        for p in allPaths where p.hasPrefix(prefix) {
            let rest = p.dropFirst(prefix.count)
            let head = String(rest.prefix { $0 != "." })
            if !names.contains(head) { names.append(head) }
        }
        return names.joined(separator: ", ")
    }

    private mutating func decodeFrames(_ node: JSONNode) -> [Frame]? {
        let path = WorldParameters.framesPath
        guard case .array(let elements) = node.value else {
            fail(node, path: path, value: node.typeName, "expected an array of frame objects")
            return nil
        }
        guard (1...WorldParameters.maxFrames).contains(elements.count) else {
            fail(node, path: path, value: "\(elements.count) frames", "between 1 and \(WorldParameters.maxFrames) frames")
            return nil
        }
        var frames: [Frame] = []
        let before = errors.count
        for (i, element) in elements.enumerated() {
            if full { noteFull(element); break }
            let framePath = "\(path)[\(i)]"
            guard case .object(let members) = element.value else {
                fail(element, path: framePath, value: element.typeName, "expected a frame object")
                continue
            }
            var frame = Frame(name: "")
            var named = false
            for member in members {
                let fieldPath = framePath + "." + member.key
                guard let field = FrameParameters.all.first(where: { $0.name == member.key }) else {
                    var message = "unknown frame key"
                    if let near = nearestName(to: member.key, among: FrameParameters.all.map(\.name)) {
                        message += " (did you mean '\(near)'?)"
                    }
                    errors.append(WorldError(source: source, line: member.keyLine, column: member.keyColumn,
                                             path: fieldPath, message: message))
                    continue
                }
                if let value = convert(member.value, kind: field.kind, path: fieldPath) {
                    field.set(&frame, value)
                    if field.name == "name" { named = true }
                }
            }
            if !named {
                fail(element, path: framePath + ".name", value: nil, "every frame needs a name")
            }
            frames.append(frame)
        }
        return errors.count == before ? frames : nil
    }

    /// Converts a JSON value to a parameter value of `kind`, or records why it cannot.
    mutating func convert(_ node: JSONNode, kind: ParameterKind, path: String) -> ParameterValue? {
        guard let value = Self.value(of: node, kind: kind) else {
            fail(node, path: path, value: Self.shown(node), "expected \(kind.allowed), found \(node.typeName)")
            return nil
        }
        if let problem = kind.check(value) {
            fail(node, path: path, value: Self.shown(node), "\(problem): expected \(kind.allowed)")
            return nil
        }
        return value
    }

    /// The JSON value read as the type `kind` wants, or nil for a wrong type.
    static func value(of node: JSONNode, kind: ParameterKind) -> ParameterValue? {
        switch (kind, node.value) {
        case (.optionalInteger, .null):
            return .null
        case (.seed, .number(let n)):
            if let u = UInt64(n.literal) { return .unsigned(u) }
            if let i = n.exactInteger, i >= 0 { return .unsigned(UInt64(i)) }
            return .number(n.value)  // wrong: reported by check as a wrong type
        case (.real, .number(let n)), (.integer, .number(let n)), (.optionalInteger, .number(let n)):
            return .number(n.value + 0)  // + 0 turns -0 into 0: the same world, the same hash
        case (.flag, .bool(let b)):
            return .bool(b)
        case (.text, .string(let s)), (.identifier, .string(let s)), (.choice, .string(let s)):
            return .string(s)
        case (.perDimension, .array(let elements)):
            let xs = elements.compactMap { $0.value.numberValue.map { $0.value + 0 } }
            return xs.count == elements.count ? .numbers(xs) : nil
        case (.dimensionMatrix, .array(let rows)):
            var out: [[Double]] = []
            for row in rows {
                guard case .array(let elements) = row.value else { return nil }
                let xs = elements.compactMap { $0.value.numberValue.map { $0.value + 0 } }
                guard xs.count == elements.count else { return nil }
                out.append(xs)
            }
            return .matrix(out)
        default:
            return nil
        }
    }

    /// A short rendering of a value for messages.
    static func shown(_ node: JSONNode) -> String {
        let text: String
        switch node.value {
        case .number(let n): text = n.literal
        case .string(let s): text = JSONWriter.quoted(s)
        case .bool(let b): text = b ? "true" : "false"
        case .null: text = "null"
        case .array, .object: text = JSONWriter.string(from: node).replacingOccurrences(of: "\n", with: " ")
        }
        let collapsed = text.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        return collapsed.count > 80 ? String(collapsed.prefix(77)) + "..." : collapsed
    }

    private mutating func fail(_ node: JSONNode, path: String?, value: String?, _ message: String) {
        errors.append(WorldError(source: source, line: node.line, column: node.column, path: path, value: value, message: message))
    }
}
