import Foundation

/// A result directory that appears all at once or not at all. Files are written into a
/// hidden staging directory beside the target (`.NAME.partial-<pid>-<random>`, same parent
/// so the final move is a same-filesystem `rename`), and `commit()` renames it into place.
/// A run that fails or is interrupted never leaves a half-written directory at `--out`.
///
/// ```swift
/// let output = try OutputDirectory(finalURL: URL(fileURLWithPath: "results/baseline"), force: false)
/// try output.write(table.takeBytes(), to: "series.csv")
/// try output.write(summaryJSON, to: "runs/0001/summary.json")   // subdirectories are created
/// try output.commit()                                             // results/baseline now exists
/// ```
///
/// Rules:
/// - An existing directory at the final path is refused in `init` unless `force` is true
///   (before any work, so a long run is not wasted); with `force` it is replaced at
///   `commit()`: moved aside, the new one moved in, the old one removed.
/// - A non-directory at the final path is always refused.
/// - Missing parent directories of the final path are created.
/// - `write` paths are relative to the directory; absolute paths and `..` are refused.
/// - Without `commit()`, the staging directory is removed by `discard()` or, failing
///   that, when the object is deinitialized, so a thrown error cleans up by itself.
///   A process killed outright can leave a `.NAME.partial-*` directory behind; it is
///   hidden and never mistaken for results.
///
/// `write` may be called from several tasks at once for different files. `write` after
/// `commit()` or `discard()` is a programmer error (a precondition).
final class OutputDirectory: @unchecked Sendable {
    // @unchecked: the only mutable state is `state`, and every access holds `lock`.
    // (Synchronization.Mutex would make this checked, but needs macOS 15.)

    /// Where the results end up.
    let finalURL: URL
    /// The hidden directory being filled; gone after `commit()` or `discard()`.
    let stagingURL: URL
    let force: Bool

    private enum State { case open, committed, discarded }
    private let lock = NSLock()
    private var state = State.open

    init(finalURL: URL, force: Bool) throws(OutputDirectoryError) {
        let target = finalURL.absoluteURL.standardizedFileURL
        let name = target.lastPathComponent
        guard !name.isEmpty, name != "/", name != ".", name != ".." else {
            throw OutputDirectoryError("--out must name a directory, got '\(DisplayPath.of(target))'")
        }
        try Self.checkTarget(target, force: force)

        let parent = target.deletingLastPathComponent()
        try Self.makeDirectories(parent)
        let staging = parent.appendingPathComponent(".\(name).partial-\(Self.uniqueSuffix())", isDirectory: true)
        guard mkdir(staging.path, 0o777) == 0 else {
            throw OutputDirectoryError("cannot create directory '\(DisplayPath.of(staging))': \(Self.reason())")
        }
        self.finalURL = target
        self.stagingURL = staging
        self.force = force
    }

    deinit {
        // No other reference exists during deinit, so the lock is not needed.
        if state == .open { try? FileManager.default.removeItem(at: stagingURL) }
    }

    /// Writes one file into the staging directory (temporary file + rename), creating
    /// intermediate directories. An existing file at that path is replaced.
    func write(_ bytes: [UInt8], to relativePath: String) throws(OutputDirectoryError) {
        let url = try stagedURL(for: relativePath)
        if let failure = bytes.withUnsafeBytes({ Self.writeFile($0, to: url) }) { throw failure }
    }

    func write(_ data: Data, to relativePath: String) throws(OutputDirectoryError) {
        let url = try stagedURL(for: relativePath)
        if let failure = data.withUnsafeBytes({ Self.writeFile($0, to: url) }) { throw failure }
    }

    func write(_ text: String, to relativePath: String) throws(OutputDirectoryError) {
        try write(Array(text.utf8), to: relativePath)
    }

    /// Moves the staging directory to `finalURL`. With `force`, an existing directory there
    /// is moved aside first and removed after the new one is in place; if moving the new
    /// one in fails, the old one is put back. On error nothing is committed and the
    /// staging directory remains until `discard()`/deinit.
    func commit() throws(OutputDirectoryError) {
        lock.lock()
        defer { lock.unlock() }
        precondition(state == .open, "OutputDirectory.commit() after commit or discard")

        // Checked again: the target may have appeared while the run was computing.
        let replacing = try Self.checkTarget(finalURL, force: force)
        if replacing {
            let parent = finalURL.deletingLastPathComponent()
            let aside = parent.appendingPathComponent(".\(finalURL.lastPathComponent).old-\(Self.uniqueSuffix())", isDirectory: true)
            guard rename(finalURL.path, aside.path) == 0 else {
                throw OutputDirectoryError("cannot move old '\(DisplayPath.of(finalURL))' aside to replace it: \(Self.reason())")
            }
            guard rename(stagingURL.path, finalURL.path) == 0 else {
                let why = Self.reason()
                _ = rename(aside.path, finalURL.path)  // best effort: restore the previous results
                throw OutputDirectoryError("cannot move results into '\(DisplayPath.of(finalURL))': \(why)")
            }
            // The new results are in place; failing to delete the old copy (hidden name)
            // should not fail the run.
            try? FileManager.default.removeItem(at: aside)
        } else {
            guard rename(stagingURL.path, finalURL.path) == 0 else {
                throw OutputDirectoryError("cannot move results into '\(DisplayPath.of(finalURL))': \(Self.reason())")
            }
        }
        state = .committed
    }

    /// Removes the staging directory and everything in it. Safe to call more than once and
    /// after `commit()` (then it does nothing).
    func discard() {
        lock.lock()
        defer { lock.unlock() }
        guard state == .open else { return }
        try? FileManager.default.removeItem(at: stagingURL)
        state = .discarded
    }

    /// Writes a single file atomically: a temporary file in the same directory, then
    /// `rename`, so readers see the old file or the new one, never a partial one. Missing
    /// parent directories are created.
    static func writeAtomically(_ bytes: Data, to url: URL) throws(OutputDirectoryError) {
        let target = url.absoluteURL.standardizedFileURL
        try makeDirectories(target.deletingLastPathComponent())
        if let failure = bytes.withUnsafeBytes({ writeFile($0, to: target) }) { throw failure }
    }

    static func writeAtomically(_ bytes: [UInt8], to url: URL) throws(OutputDirectoryError) {
        try writeAtomically(Data(bytes), to: url)
    }

    // MARK: - Helpers

    /// Refuses a file at `target`, and a directory unless `force`; returns whether a
    /// directory is there to be replaced.
    @discardableResult
    private static func checkTarget(_ target: URL, force: Bool) throws(OutputDirectoryError) -> Bool {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: target.path, isDirectory: &isDirectory) else { return false }
        guard isDirectory.boolValue else {
            throw OutputDirectoryError("--out must be a directory, '\(DisplayPath.of(target))' is a file")
        }
        guard force else {
            throw OutputDirectoryError("output directory '\(DisplayPath.of(target))' already exists; pass --force to replace it or choose another --out")
        }
        return true
    }

    /// The staging URL for a relative path, after refusing anything that could land
    /// outside the staging directory, and with its parent directories created.
    private func stagedURL(for relativePath: String) throws(OutputDirectoryError) -> URL {
        lock.lock()
        let isOpen = state == .open
        lock.unlock()
        precondition(isOpen, "OutputDirectory.write after commit or discard")

        let parts = relativePath.split(separator: "/").filter { $0 != "." }
        guard !relativePath.hasPrefix("/"), !parts.isEmpty, !parts.contains(".."), !relativePath.contains("\0") else {
            throw OutputDirectoryError("refusing to write '\(relativePath)': output paths must be relative and stay inside the output directory")
        }
        var url = stagingURL
        for part in parts.dropLast() { url.appendPathComponent(String(part), isDirectory: true) }
        try Self.makeDirectories(url)
        return url.appendingPathComponent(String(parts.last!), isDirectory: false)
    }

    /// Writes to a temporary sibling, flushes it to disk, then renames it over `url`.
    /// Returns the failure rather than throwing it because `withUnsafeBytes` only
    /// rethrows untyped errors.
    private static func writeFile(_ bytes: UnsafeRawBufferPointer, to url: URL) -> OutputDirectoryError? {
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).tmp-\(uniqueSuffix())", isDirectory: false)
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard fd >= 0 else {
            return OutputDirectoryError("cannot write '\(DisplayPath.of(url))': \(reason())")
        }
        var failure: String?
        var offset = 0
        while offset < bytes.count {
            let written = Foundation.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                failure = reason()
                break
            }
            offset += written
        }
        // fsync so a crash right after the rename cannot leave an empty file in its place.
        if failure == nil, fsync(fd) != 0 { failure = reason() }
        if close(fd) != 0, failure == nil { failure = reason() }
        if failure == nil, rename(temporary.path, url.path) != 0 { failure = reason() }
        if let failure {
            _ = unlink(temporary.path)
            return OutputDirectoryError("cannot write '\(DisplayPath.of(url))': \(failure)")
        }
        return nil
    }

    /// `mkdir -p`, reporting the first directory that could not be created and why.
    private static func makeDirectories(_ url: URL) throws(OutputDirectoryError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw OutputDirectoryError("cannot create directory '\(DisplayPath.of(url))': a file is in the way")
            }
            return
        }
        let parent = url.deletingLastPathComponent()
        if parent.path != url.path { try makeDirectories(parent) }
        // EEXIST: another writer created it between the check and here, which is fine.
        guard mkdir(url.path, 0o777) == 0 || errno == EEXIST else {
            throw OutputDirectoryError("cannot create directory '\(DisplayPath.of(url))': \(reason())")
        }
    }

    /// The current `errno` as text, e.g. "Permission denied".
    private static func reason() -> String {
        String(cString: strerror(errno))
    }

    /// `<pid>-<random hex>`: unique across concurrent runs and across tasks in one run.
    private static func uniqueSuffix() -> String {
        "\(ProcessInfo.processInfo.processIdentifier)-\(String(UInt64.random(in: 0...UInt64.max), radix: 16))"
    }
}

/// A failure to create, write or commit output files: one line naming the path and the
/// operating system's reason.
///
/// ```swift
/// // cannot write '/results/.run.partial-4242-9f3a/series.csv': No space left on device
/// ```
struct OutputDirectoryError: Error, CustomStringConvertible, Equatable, Sendable {
    let message: String

    init(_ message: String) {
        self.message = message
    }

    var description: String { message }
}
