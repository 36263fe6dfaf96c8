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
    // @unchecked: the mutable state (`state`, `written`) is only touched while holding `lock`.
    // (Synchronization.Mutex would make this checked, but needs macOS 15.)

    /// Where the results end up (resolved: no symbolic links).
    let finalURL: URL
    /// The hidden directory being filled; gone after `commit()` or `discard()`.
    let stagingURL: URL
    let force: Bool
    /// The checked and locked `--out`.
    let target: OutputTarget
    /// The experiment key written into the marker (lets a resumable command recognise its own finished output).
    let key: String?
    /// Whether this object created `target` (and so releases it when done).
    private let ownsTarget: Bool

    private enum State { case open, committed, discarded }
    private let lock = NSLock()
    private var state = State.open
    /// Relative path -> SHA-256 of every file written, for the marker and the manifest.
    private var written: [String: String] = [:]

    /// Checks, locks and (with `force`) vets the directory at `finalURL`, then starts staging.
    convenience init(finalURL: URL, force: Bool) throws {
        try self.init(path: finalURL.path, force: force)
    }

    /// `path` as the user typed it (checked as typed and as it resolves).
    convenience init(path: String, force: Bool) throws {
        let target = try OutputTarget(path: path, force: force)
        try target.checkExisting()
        try self.init(target: target, key: nil, ownsTarget: true)
    }

    /// Stages into an already checked and locked target (resumable commands hold it from the start).
    init(target: OutputTarget, key: String?, ownsTarget: Bool = false) throws {
        let staging = target.parent.appendingPathComponent(".\(target.name).partial-\(Self.uniqueSuffix())", isDirectory: true)
        guard mkdir(staging.path, 0o777) == 0 else {
            throw OutputDirectoryError("cannot create directory '\(DisplayPath.of(staging))': \(Self.reason())")
        }
        self.finalURL = target.url
        self.stagingURL = staging
        self.force = target.force
        self.target = target
        self.key = key
        self.ownsTarget = ownsTarget
        // Marked from the start, so a later command can tell this staging directory is simrunner's.
        if let failure = OutputMarker.bytes(key: key, files: [], staging: true).withUnsafeBytes({
            Self.writeFile($0, to: staging.appendingPathComponent(OutputMarker.fileName))
        }) {
            try? FileManager.default.removeItem(at: staging)
            throw failure
        }
    }

    deinit {
        // No other reference exists during deinit, so the lock is not needed.
        if state == .open { try? FileManager.default.removeItem(at: stagingURL) }
        if ownsTarget { target.release() }
    }

    /// Writes one file into the staging directory (temporary file + rename), creating
    /// intermediate directories. An existing file at that path is replaced.
    func write(_ bytes: [UInt8], to relativePath: String) throws(OutputDirectoryError) {
        let url = try stagedURL(for: relativePath)
        if let failure = bytes.withUnsafeBytes({ Self.writeFile($0, to: url) }) { throw failure }
        noteWritten(relativePath, SHA256.hex(bytes))
    }

    func write(_ data: Data, to relativePath: String) throws(OutputDirectoryError) {
        try write([UInt8](data), to: relativePath)
    }

    func write(_ text: String, to relativePath: String) throws(OutputDirectoryError) {
        try write(Array(text.utf8), to: relativePath)
    }

    /// Writes `manifest.json` with a `sha256` member added: the SHA-256 of every file written so
    /// far, so `merge` and `report` can tell a complete, unedited file from a damaged one.
    /// Call it after the data files.
    func writeManifest(_ manifest: [UInt8]) throws {
        lock.lock()
        let sums = written.filter { $0.key != "manifest.json" }.sorted { $0.key < $1.key }
        lock.unlock()
        try write(Manifest.addingChecksums(manifest, sums.map { ($0.key, $0.value) }), to: "manifest.json")
    }

    private func noteWritten(_ relativePath: String, _ sha: String) {
        let clean = relativePath.split(separator: "/").filter { $0 != "." }.joined(separator: "/")
        lock.lock()
        written[clean] = sha
        lock.unlock()
    }

    /// Moves the staging directory to `finalURL`. An existing directory there (with `force`,
    /// and vetted as simrunner's) is exchanged with the new one in a single `renameat2`
    /// (RENAME_EXCHANGE), so at every instant one complete output is at `finalURL`; where the
    /// file system cannot exchange, the old one is renamed aside to `.NAME.old-*` first, and a
    /// kill between the two renames is undone by the next command on the same `--out`.
    /// On error nothing is committed and the staging directory remains until `discard()`/deinit.
    func commit() throws {
        lock.lock()
        defer { lock.unlock() }
        precondition(state == .open, "OutputDirectory.commit() after commit or discard")

        let files = written.keys.sorted()
        if let failure = OutputMarker.bytes(key: key, files: files).withUnsafeBytes({
            Self.writeFile($0, to: stagingURL.appendingPathComponent(OutputMarker.fileName))
        }) { throw failure }
        // Checked again: the target may have appeared (or changed) while the run was computing.
        let existing = try target.checkExisting()
        if existing == .replaceable {
            if Self.exchange(stagingURL.path, finalURL.path) {
                // The old output now sits at the staging path; failing to delete it (hidden name)
                // should not fail the run: the next command on this --out removes it.
                Self.syncDirectory(target.parent)
                try? FileManager.default.removeItem(at: stagingURL)
            } else {
                let aside = target.parent.appendingPathComponent(".\(target.name).old-\(Self.uniqueSuffix())", isDirectory: true)
                guard rename(finalURL.path, aside.path) == 0 else {
                    throw OutputDirectoryError("cannot move old '\(target.typed)' aside to replace it: \(Self.reason())")
                }
                guard rename(stagingURL.path, finalURL.path) == 0 else {
                    let why = Self.reason()
                    _ = rename(aside.path, finalURL.path)  // best effort: restore the previous results
                    throw OutputDirectoryError("cannot move results into '\(target.typed)': \(why)")
                }
                Self.syncDirectory(target.parent)
                try? FileManager.default.removeItem(at: aside)
            }
        } else {
            // rename(2) also replaces an empty directory.
            guard rename(stagingURL.path, finalURL.path) == 0 else {
                throw OutputDirectoryError("cannot move results into '\(target.typed)': \(Self.reason())")
            }
            Self.syncDirectory(target.parent)
        }
        state = .committed
        if ownsTarget { target.release() }
    }

    /// Linux `renameat2(..., RENAME_EXCHANGE)`, looked up at run time (Glibc's module does not
    /// export it). False when unavailable or refused by the file system (then nothing changed).
    private static func exchange(_ a: String, _ b: String) -> Bool {
        guard let f = renameat2 else { return false }
        return f(AT_FDCWD, a, AT_FDCWD, b, 2 /* RENAME_EXCHANGE */) == 0
    }

    private typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
    private static let renameat2: RenameAt2? = {
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "renameat2") else { return nil }
        return unsafeBitCast(symbol, to: RenameAt2.self)
    }()

    /// Flushes a directory's entries, so a rename survives a power cut.
    private static func syncDirectory(_ url: URL) {
        let fd = open(url.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        _ = close(fd)
    }

    /// Removes the staging directory and everything in it. Safe to call more than once and
    /// after `commit()` (then it does nothing).
    func discard() {
        lock.lock()
        defer { lock.unlock() }
        guard state == .open else { return }
        try? FileManager.default.removeItem(at: stagingURL)
        state = .discarded
        if ownsTarget { target.release() }
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
    static func makeDirectories(_ url: URL) throws(OutputDirectoryError) {
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
