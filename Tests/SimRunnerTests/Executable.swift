import Foundation

/// Runs the built `simrunner` executable, as a user would.
struct Executable {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The `simrunner` binary next to the test bundle (SwiftPM builds every product for `swift test`).
    /// `SIMRUNNER_EXECUTABLE` overrides it (to run the suites against another build).
    static let url: URL = {
        if let path = ProcessInfo.processInfo.environment["SIMRUNNER_EXECUTABLE"] { return URL(fileURLWithPath: path) }
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            Bundle.main.bundleURL,
            Bundle.main.bundleURL.deletingLastPathComponent(),
        ]
        for dir in candidates {
            var d = dir
            for _ in 0..<4 {
                let candidate = d.appendingPathComponent("simrunner")
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
                d = d.deletingLastPathComponent()
            }
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/simrunner")
    }()

    /// `stdout`, when given, receives standard output instead of a pipe (e.g. /dev/full);
    /// the result's `stdout` is then empty.
    /// `timeout`, when given, ends the process (SIGKILL) after that many seconds; its status
    /// is then 137, which no expectation accepts.
    static func run(_ arguments: [String], in directory: URL, stdout: FileHandle? = nil, timeout: Double? = nil) throws -> Result {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let out = Pipe(), err = Pipe()
        process.standardOutput = stdout ?? out
        process.standardError = err
        try process.run()
        if let timeout {
            let pid = process.processIdentifier
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout) { [process] in
                if process.isRunning { kill(pid, SIGKILL) }
            }
        }
        if stdout != nil { try out.fileHandleForWriting.close() }
        // Standard error is drained on another thread, so a long stderr cannot block the
        // child while we wait for its stdout.
        nonisolated(unsafe) var errData = Data()
        let drained = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            drained.signal()
        }
        let outData = stdout == nil ? out.fileHandleForReading.readDataToEndOfFile() : Data()
        drained.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    /// A fresh temporary directory, removed by the caller.
    /// The entries of a directory, sorted, hidden ones included (empty if it cannot be read).
    static func names(_ dir: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).sorted()
    }

    /// Every file of an output directory by name, hidden marker included, for byte comparisons.
    static func files(_ dir: URL) -> [String: Data] {
        var out: [String: Data] = [:]
        for name in names(dir) { out[name] = FileManager.default.contents(atPath: dir.appendingPathComponent(name).path) }
        return out
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("simrunner-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The repository root (for worlds/ and the malformed corpus).
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
}
