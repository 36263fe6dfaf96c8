import Foundation

/// An output directory to report on: its kind (from manifest.json's "experiment": absent for
/// `run`, else "correct", "compare" or "sweep"), its manifest, and its files.
struct ReportSource {
    enum Kind: String, Sendable { case run, correct, compare, sweep, ablate }

    var directory: URL
    var kind: Kind
    var manifest: JSONNode

    static func open(_ directory: URL) throws -> ReportSource {
        let url = directory.appendingPathComponent("manifest.json")
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw UsageError("'\(DisplayPath.of(directory))' is not a directory")
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw UsageError("'\(DisplayPath.of(directory))' has no manifest.json; give a directory written by simrunner run, correct, compare, sweep or ablate")
        }
        let manifest: JSONNode
        do { manifest = try JSONParser().parse([UInt8](data)) } catch {
            throw UsageError("'\(DisplayPath.of(url))': \(error)")
        }
        guard manifest["program"]?.value.stringValue == "simrunner" else {
            throw UsageError("'\(DisplayPath.of(url))' is not a simrunner manifest")
        }
        let kind: Kind
        switch manifest["experiment"]?.value.stringValue {
        case nil: kind = .run
        case "correct": kind = .correct
        case "compare": kind = .compare
        case "sweep": kind = .sweep
        case "ablate": kind = .ablate
        case let other?: throw UsageError("'\(DisplayPath.of(url))': unknown experiment '\(other)' (expected correct, compare, sweep or ablate)")
        }
        if kind == .sweep, manifest["shard"] != nil {
            throw UsageError("'\(DisplayPath.of(directory))' is one shard of a sweep; merge the shards first ('simrunner merge')")
        }
        return ReportSource(directory: directory, kind: kind, manifest: manifest)
    }

    /// A CSV file the directory must have.
    func csv(_ name: String) throws -> CSVReader {
        let url = directory.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw UsageError("'\(DisplayPath.of(directory))' is a \(kind.rawValue) directory but has no \(name)" +
                             (kind == .sweep ? " (is the sweep finished?)" : ""))
        }
        return try CSVReader.read(url)
    }

    /// A CSV file the directory may have.
    func optionalCSV(_ name: String) throws -> CSVReader? {
        let url = directory.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        return try CSVReader.read(url)
    }

    func text(_ name: String) -> String? {
        FileManager.default.contents(atPath: directory.appendingPathComponent(name).path).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The world of a run, correct or sweep manifest; for compare, the first world.
    var world: JSONNode? {
        if let w = manifest["world"] { return w }
        return manifest["worlds"]?.value.arrayValue?.first?["world"]
    }

    var agents: Int? { world?["agents"]?.value.numberValue?.exactInteger }

    /// Agents of each compared world, by name.
    var agentsByWorld: [String: Int] {
        var out: [String: Int] = [:]
        for w in manifest["worlds"]?.value.arrayValue ?? [] {
            if let name = w["world"]?["name"]?.value.stringValue, let a = w["world"]?["agents"]?.value.numberValue?.exactInteger {
                out[name] = a
            }
        }
        return out
    }

    var worldName: String { world?["name"]?.value.stringValue ?? "?" }

    var command: String {
        (manifest["command"]?.value.arrayValue ?? []).compactMap { $0.value.stringValue }.joined(separator: " ")
    }

    func number(_ key: String) -> Double? { manifest[key]?.value.numberValue?.value }
}

/// What `simrunner report` was asked for (its options), shared by every kind of report.
struct ReportSettings {
    var earlyWarning = EarlyWarning.Settings()
    /// Recovery level (d* and the PRIM outcome with a recovery column); nil: the manifest's, else 0.5.
    var level: Double? = nil
    /// Mean trust below this is a collapse; nil: the manifest's, else 0.2.
    var trustCollapse: Double? = nil
    /// The sweep measure shown in the heat map.
    var measure = "horizon_welfare"
    var primMeasure: String? = nil
    var primBelow: Double? = nil
    var primThreshold = 0.8
}

/// A finished report: the page, and the extra tables written beside it.
struct ReportOutput {
    var html: ReportHTML
    var files: [(name: String, bytes: [UInt8])] = []
}
