import Foundation
import SocialSim

/// An output directory to report on: its kind (from manifest.json's "experiment": absent for
/// `run`, else "correct", "compare" or "sweep"), its manifest, and its files.
struct ReportSource {
    enum Kind: String, Sendable { case run, correct, compare, sweep, ablate, audit }

    var directory: URL
    var kind: Kind
    var manifest: JSONNode

    /// Manifests larger than this are refused unread (a 100,000-point sweep's is a few MB).
    static let maxManifestBytes = 256 << 20

    static func open(_ directory: URL) throws -> ReportSource {
        let url = directory.appendingPathComponent("manifest.json")
        let shownDirectory = SafeText.shown(DisplayPath.of(directory), limit: 160)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory) else {
            throw UsageError("'\(shownDirectory)': no such directory")
        }
        guard isDirectory.boolValue else {
            throw UsageError("'\(shownDirectory)' is not a directory; give an output directory of simrunner run, correct, compare, sweep, ablate or audit")
        }
        guard InputFile.exists(url.path) else {
            throw UsageError("'\(shownDirectory)' has no manifest.json; give a directory written by simrunner run, correct, compare, sweep, ablate or audit")
        }
        let data = try InputFile.read(url.path, limit: maxManifestBytes)
        let manifest: JSONNode
        do { manifest = try JSONParser().parse(data) } catch {
            throw UsageError("'\(SafeText.shown(DisplayPath.of(url), limit: 160))': not a valid manifest: \(error)")
        }
        guard manifest["program"]?.value.stringValue == "simrunner" else {
            throw UsageError("'\(SafeText.shown(DisplayPath.of(url), limit: 160))' is not a simrunner manifest")
        }
        let kind: Kind
        switch manifest["experiment"]?.value.stringValue {
        case nil: kind = .run
        case "correct": kind = .correct
        case "compare": kind = .compare
        case "sweep": kind = .sweep
        case "ablate": kind = .ablate
        case "audit": kind = .audit
        case let other?: throw UsageError("'\(SafeText.shown(DisplayPath.of(url), limit: 160))': unknown experiment \(UsageError.quote(other)) (expected correct, compare, sweep, ablate or audit)")
        }
        if kind == .sweep, manifest["shard"] != nil {
            throw UsageError("'\(shownDirectory)' is one shard of a sweep; merge the shards first ('simrunner merge')")
        }
        let source = ReportSource(directory: directory, kind: kind, manifest: manifest)
        // Every file the manifest lists must be there, whether or not this report reads it.
        for file in (manifest["files"]?.value.arrayValue ?? []).compactMap({ $0.value.stringValue })
        where !InputFile.exists(directory.appendingPathComponent(file).path) {
            throw UsageError("'\(shownDirectory)' is a \(kind.rawValue) directory but has no \(SafeText.shown(file, limit: 60)), which its manifest lists" +
                             (kind == .sweep ? " (is the sweep finished?)" : ""))
        }
        return source
    }

    /// A CSV file the directory must have, checked against what the manifest says it holds.
    func csv(_ name: String) throws -> CSVReader {
        let url = directory.appendingPathComponent(name)
        guard InputFile.exists(url.path) else {
            throw UsageError("'\(SafeText.shown(DisplayPath.of(directory), limit: 160))' is a \(kind.rawValue) directory but has no \(name)" +
                             (kind == .sweep ? " (is the sweep finished?)" : ""))
        }
        return try checked(CSVReader.read(url), name, url)
    }

    /// A CSV file the directory may have.
    func optionalCSV(_ name: String) throws -> CSVReader? {
        let url = directory.appendingPathComponent(name)
        guard InputFile.exists(url.path) else { return nil }
        return try checked(CSVReader.read(url), name, url)
    }

    private func checked(_ table: CSVReader, _ name: String, _ url: URL) throws -> CSVReader {
        if let expected = ReportInputCheck.expected(name, in: self) { try ReportInputCheck.check(table, expected, file: DisplayPath.of(url)) }
        return table
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

    /// The world's `measurement.cascadeFraction` (the default when a manifest predates it).
    var cascadeFraction: Double { Self.cascadeFraction(of: world) }

    static func cascadeFraction(of world: JSONNode?) -> Double {
        world?["measurement"]?["cascadeFraction"]?.value.numberValue?.value ?? MeasurementConfig().cascadeFraction
    }

    /// `measurement.cascadeFraction` of each compared world, by name.
    var cascadeFractionByWorld: [String: Double] {
        var out: [String: Double] = [:]
        for w in manifest["worlds"]?.value.arrayValue ?? [] {
            if let name = w["world"]?["name"]?.value.stringValue { out[name] = Self.cascadeFraction(of: w["world"]) }
        }
        return out
    }

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
