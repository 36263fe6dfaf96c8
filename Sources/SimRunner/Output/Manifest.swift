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
