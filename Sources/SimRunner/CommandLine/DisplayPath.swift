import Foundation

/// Paths as a person reads them in messages and reports: relative to the directory they ran
/// simrunner from (`outputs/default-seed1`, `../data/w.json`), never absolute, so messages,
/// logs and reports read the same on every machine and in every clone.
///
/// ```swift
/// DisplayPath.of(URL(fileURLWithPath: "/work/repo/outputs/x"))   // "outputs/x" when run in /work/repo
/// DisplayPath.of("/work/other/w.json")                           // "../other/w.json"
/// ```
enum DisplayPath {
    static func of(_ url: URL) -> String {
        of(url.path)
    }

    static func of(_ path: String) -> String {
        // Messages often show a path beside strerror(errno); asking for the current
        // directory must not change errno before it is read.
        let saved = errno
        defer { errno = saved }
        return relative(path, to: FileManager.default.currentDirectoryPath)
    }

    /// `path` relative to the directory `base` (both made absolute and standardized first).
    static func relative(_ path: String, to base: String) -> String {
        let target = components(URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: base, isDirectory: true)))
        let from = components(URL(fileURLWithPath: base, isDirectory: true))
        var common = 0
        while common < target.count, common < from.count, target[common] == from[common] { common += 1 }
        let parts = Array(repeating: "..", count: from.count - common) + target[common...]
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }

    private static func components(_ url: URL) -> [String] {
        url.standardizedFileURL.path.split(separator: "/").map(String.init)
    }
}
