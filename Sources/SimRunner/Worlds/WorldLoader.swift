import Foundation
import SocialSim

/// Loads, overrides and validates a world: the only way a ``WorldConfig`` enters the program.
enum WorldLoader {
    /// World files larger than this are refused before they are read.
    static let maxFileBytes = 16 << 20

    /// A world ready to run and where it came from.
    struct Loaded: Sendable {
        var world: WorldConfig
        /// The file path as given, or "embedded default world".
        var source: String
        /// Where `world.name` came from, for messages about output folders named after it.
        var nameOrigin: String = "the embedded default world"
        /// The world file's declared hypotheses, per experiment (``WorldHypotheses``).
        var hypotheses: [HypothesisExperiment: [Hypothesis]] = [:]
    }

    /// A world name made from a file name: `my-world.json` gives `my-world`; characters a
    /// name may not hold become `-`.
    static func name(fromFile path: String) -> String {
        var stem = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        stem = String(stem.unicodeScalars.map { c -> Character in
            c.isASCII && (c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "-" || c == "_" || c == ".") ? Character(c) : "-"
        })
        while stem.hasPrefix(".") { stem.removeFirst() }
        let name = String(stem.prefix(64))
        return name.isEmpty ? "world" : name
    }

    /// Reads `path` (or the embedded default world when nil), applies `overrides` and checks
    /// every rule. Throws ``WorldErrors`` listing every problem found.
    static func load(path: String?, overrides: [(key: String, value: String)]) throws(WorldErrors) -> Loaded {
        var world = WorldConfig()
        let source = path ?? "embedded default world"
        var nameOrigin = "the embedded default world"
        var hypotheses: [HypothesisExperiment: [Hypothesis]] = [:]
        if let path {
            var root = try parse(path: path)
            var errors: [WorldError] = []
            if case .object(var members) = root.value, let k = members.firstIndex(where: { $0.key == WorldHypotheses.key }) {
                // Declarations, not parameters: decoded apart, so they never reach the world or its hash.
                let decoded = WorldHypotheses.decode(members[k].value, source: path)
                hypotheses = decoded.hypotheses
                errors = decoded.errors
                members.remove(at: k)
                root.value = .object(members)
            }
            var decoder = WorldDecoder(source: path)
            decoder.apply(root, to: &world)
            errors += decoder.errors
            if !errors.isEmpty { throw WorldErrors(errors: errors) }
            if root["name"] == nil {
                // A file without a name is named after itself, so two such files never share
                // the default world's output folders.
                world.name = name(fromFile: path)
                nameOrigin = "the file name of \(path), which sets no \"name\""
            } else {
                nameOrigin = "the \"name\" key of \(path)"
            }
        }
        if let set = overrides.last(where: { $0.key == "name" }) { nameOrigin = "--set name=\(set.value)" }
        try WorldOverrides.apply(overrides, to: &world)
        let issues = WorldValidation.issues(world)
        if !issues.isEmpty {
            throw WorldErrors(errors: issues.map {
                WorldError(source: source, path: $0.path, value: $0.value, message: $0.allowed)
            })
        }
        try checkMemory(world, source: source)
        return Loaded(world: world, source: source, nameOrigin: nameOrigin, hypotheses: hypotheses)
    }

    /// The share of this machine's memory one run may plan to use.
    static let memoryShare = 0.8

    /// Refuses, before anything is allocated, a world whose run would not fit in memory.
    static func checkMemory(_ world: WorldConfig, source: String) throws(WorldErrors) {
        let available = Double(ProcessInfo.processInfo.physicalMemory) * memoryShare
        let needed = world.estimatedMemory
        guard needed > available else { return }
        func gib(_ x: Double) -> String { String(format: "%.1f GiB", x / 1_073_741_824) }
        throw WorldErrors(errors: [WorldError(
            source: source, path: "agents", value: String(world.agents),
            message: "a run needs about \(gib(needed)) of memory (\(Int(needed / Double(world.agents))) bytes per agent with network.meanDegree = \(CSVTable.format(world.network.meanDegree))), more than the \(gib(available)) simrunner allows on this machine (\(Int(memoryShare * 100))% of its memory); use fewer agents or a lower mean degree")])
    }

    static func parse(path: String) throws(WorldErrors) -> JSONNode {
        func fail(_ message: String) -> WorldErrors { WorldErrors(errors: [WorldError(source: path, message: message)]) }
        let data: [UInt8]
        do { data = try InputFile.read(path, limit: maxFileBytes) } catch {
            throw fail(error.cause)
        }
        do {
            return try JSONParser().parse(data)
        } catch {
            throw WorldErrors(errors: [WorldError(source: path, line: error.line, column: error.column,
                                                  message: "invalid JSON: \(error.message)")])
        }
    }
}
