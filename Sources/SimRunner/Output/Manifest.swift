import SocialSim

/// The manifest of an output directory: enough to reproduce it byte for byte. It holds no
/// time stamps or host names, so the same command gives the same manifest.
enum Manifest {
    static func make(loaded: WorldLoader.Loaded, seed: UInt64, commandLine: [String], files: [String],
                     settings: [(String, JSONValue)] = []) -> [UInt8] {
        let value = JSONValue.makeObject([
            ("program", .string("simrunner")),
            ("version", .string(Program.version)),
            ("command", .makeArray(commandLine.map { .string($0) })),
            ("worldSource", .string(loaded.source)),
            ("worldHash", .string(worldHash(loaded.world))),
            ("seed", WorldEncoder.value(.unsigned(seed))),
            ("files", .makeArray(files.map { .string($0) })),
        ] + settings + [
            ("world", WorldEncoder.json(loaded.world)),
        ])
        return JSONWriter.bytes(from: value)
    }

    /// SHA-256 of the resolved world as `simrunner world` prints it.
    static func worldHash(_ world: WorldConfig) -> String {
        SHA256.hex(JSONWriter.bytes(from: WorldEncoder.json(world)))
    }
}

extension Manifest {
    /// `manifest` with a `sha256` member (file name -> SHA-256 of its bytes) after `files`
    /// (or at the end). The rest is unchanged: JSON numbers keep their text through the parser.
    static func addingChecksums(_ manifest: [UInt8], _ sums: [(file: String, sha256: String)]) -> [UInt8] {
        guard let parsed = try? JSONParser().parse(manifest), case .object(var members) = parsed.value else { return manifest }
        members.removeAll { $0.key == "sha256" }
        let sha = JSONMember(key: "sha256", value: JSONNode(.makeObject(sums.map { ($0.file, .string($0.sha256)) })))
        if let at = members.firstIndex(where: { $0.key == "files" }) {
            members.insert(sha, at: at + 1)
        } else {
            members.append(sha)
        }
        return JSONWriter.bytes(from: .object(members))
    }
}

extension Manifest {
    /// What identifies an experiment in a manifest: everything but how the command was spelled
    /// (`command`, `worldSource`) and the checksums of its files. Two manifests with the same
    /// identity describe the same resolved worlds, design, seeds and options.
    static func identity(_ manifest: [UInt8], dropping extra: Set<String> = []) -> [UInt8] {
        guard let parsed = try? JSONParser().parse(manifest), case .object(var members) = parsed.value else { return manifest }
        let dropped = Set(["command", "worldSource", "sha256"]).union(extra)
        members.removeAll { dropped.contains($0.key) }
        return JSONWriter.bytes(from: .object(members))
    }
}
