import Foundation

/// The `--out` of one writing command, checked and held for the command's lifetime.
///
/// - The path is checked as typed and as it resolves (symbolic links followed): `.`, `..`, `/`,
///   the home folder, any folder holding the current folder (or the home folder) are refused, so
///   `--force` can never replace them.
/// - A lock (`flock(2)` on the hidden sibling `.NAME.lock`) is held until `release()`: a second
///   command on the same `--out` is refused at once; the kernel drops the lock of a killed process,
///   so a stale lock never blocks.
/// - Left-overs of a killed command on the same `--out` are dealt with, and the user told in one
///   line: a `.NAME.old-*` with no `NAME` (killed between the two renames of a replace) is
///   renamed back, and stale `.NAME.partial-*` / `.NAME.old-*` directories are removed.
/// - `checkExisting()` refuses a file, refuses a non-empty directory unless `force`, and even with
///   `force` refuses a directory that simrunner did not write (see ``OutputMarker``).
final class OutputTarget: @unchecked Sendable {
    // @unchecked: `lockFD` is only changed by `release()`, under `lock`.
    /// The resolved final path (no symbolic links, no `.` or `..`).
    let url: URL
    /// The path as the user gave it, for messages.
    let typed: String
    let force: Bool
    private let lock = NSLock()
    private var lockFD: Int32 = -1

    var parent: URL { url.deletingLastPathComponent() }
    var name: String { url.lastPathComponent }
    var lockURL: URL { parent.appendingPathComponent(".\(name).lock") }
    var journalURL: URL { parent.appendingPathComponent(".\(name).journal") }

    /// Resolves, checks and locks `path`, and cleans up after a killed predecessor.
    /// `notice` receives one-line messages about what was cleaned up.
    init(path: String, force: Bool, notice: (String) -> Void = { Console.error("simrunner: " + $0) }) throws {
        typed = path
        self.force = force
        url = try Self.resolve(path)
        try Self.refuseProtected(url, typed: path)
        try OutputDirectory.makeDirectories(parent)
        lockFD = try Self.acquire(lockURL, shown: path)
        recover(notice: notice)
    }

    deinit { release() }

    /// Drops the lock (and its file). Safe to call more than once.
    func release() {
        lock.lock()
        defer { lock.unlock() }
        guard lockFD >= 0 else { return }
        // Unlink while still holding the lock: a waiter that opened the old file notices it
        // is gone and retries on a new one, so two holders can never both think they own it.
        _ = unlink(lockURL.path)
        _ = close(lockFD)
        lockFD = -1
    }

    enum Existing { case absent, empty, replaceable }

    /// What is at the final path now, after the refusals above. `experiment` and `key` let a
    /// resumable command say whether the directory holds its own finished output or another's.
    @discardableResult
    func checkExisting(experiment: String? = nil, key: String? = nil) throws -> Existing {
        var st = stat()
        guard lstat(url.path, &st) == 0 else {
            if errno == ENOENT { return .absent }
            throw OutputDirectoryError("cannot examine '\(typed)': \(Self.reason())")
        }
        guard (st.st_mode & S_IFMT) == S_IFDIR else {
            throw UsageError("--out must be a directory, '\(DisplayPath.of(url))' is a file")
        }
        let entries: [String]
        do { entries = try FileManager.default.contentsOfDirectory(atPath: url.path) } catch {
            throw OutputDirectoryError("cannot list '\(typed)': \(Self.reason(error))")
        }
        if entries.isEmpty { return .empty }
        guard force else {
            if let experiment, let key, let marker = OutputMarker.read(url), let found = marker.key {
                if found == key {
                    throw UsageError("'\(typed)' already holds this finished \(experiment); pass --force to run it again or choose another --out")
                }
                throw UsageError("'\(typed)' holds the output of another \(experiment) (another design, world, seeds or options); pass --force to replace it or choose another --out")
            }
            throw UsageError("output directory '\(DisplayPath.of(url))' already exists; pass --force to replace it or choose another --out")
        }
        if let problem = OutputMarker.foreignContent(url) {
            throw UsageError("refusing to replace '\(typed)' with --force: \(problem); move it away or choose another --out")
        }
        return .replaceable
    }

    // MARK: - Path checks

    /// The absolute path with every existing component's symbolic links resolved; components
    /// that do not exist yet are appended as given (`..` among them is applied lexically).
    static func resolve(_ path: String) throws -> URL {
        guard !path.isEmpty else { throw UsageError("--out is empty; give a directory to write") }
        guard !path.contains("\0") else { throw UsageError("--out contains a NUL character") }
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var resolved = "/"
        var missing: [String] = []
        for component in absolute.split(separator: "/").map(String.init) where component != "." {
            if !missing.isEmpty {
                if component == ".." { missing.removeLast() } else { missing.append(component) }
                if missing.isEmpty {
                    // Back inside the existing part: nothing to do, `resolved` is that folder.
                }
                continue
            }
            let candidate = resolved == "/" ? "/" + component : resolved + "/" + component
            if let real = realPath(candidate) {
                resolved = real
                continue
            }
            var st = stat()
            if lstat(candidate, &st) == 0 {
                if (st.st_mode & S_IFMT) == S_IFLNK {
                    throw UsageError("--out '\(path)': '\(candidate)' is a symbolic link to a path that does not exist")
                }
                throw UsageError("--out '\(path)': cannot resolve '\(candidate)': \(reason())")
            }
            guard component != ".." else { continue }
            missing.append(component)
        }
        let full = ([resolved == "/" ? "" : resolved] + missing).joined(separator: "/")
        return URL(fileURLWithPath: full.isEmpty ? "/" : full, isDirectory: true)
    }

    /// Refuses the places `--force` must never replace, by the typed and the resolved path.
    static func refuseProtected(_ url: URL, typed: String) throws {
        let trimmed = typed.split(separator: "/", omittingEmptySubsequences: true)
        let last = trimmed.last.map(String.init) ?? "/"
        let resolved = url.path
        let shown = resolved == typed ? "'\(typed)'" : "'\(typed)' (\(resolved))"
        if last == "." || last == ".." || last == "/" || resolved == "/" {
            throw UsageError("--out \(shown) names an existing folder simrunner must not replace (the current folder, its parent or the root); give a new directory, e.g. --out results")
        }
        let cwd = realPath(FileManager.default.currentDirectoryPath) ?? FileManager.default.currentDirectoryPath
        if cwd == resolved || cwd.hasPrefix(resolved + "/") {
            throw UsageError("--out \(shown) is the current folder or holds it; simrunner never replaces that; give a new directory, e.g. --out results")
        }
        for home in homeFolders() where home == resolved || home.hasPrefix(resolved + "/") {
            throw UsageError("--out \(shown) is the home folder or holds it; simrunner never replaces that; give a new directory, e.g. --out results")
        }
    }

    private static func homeFolders() -> [String] {
        var homes: [String] = []
        if let h = ProcessInfo.processInfo.environment["HOME"], !h.isEmpty { homes.append(h) }
        if let pw = getpwuid(getuid()), let dir = pw.pointee.pw_dir { homes.append(String(cString: dir)) }
        return homes.map { realPath($0) ?? $0 }
    }

    static func realPath(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }

    // MARK: - Lock

    private static func acquire(_ lockURL: URL, shown: String) throws -> Int32 {
        let path = lockURL.path
        for _ in 0..<1000 {
            let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard fd >= 0 else {
                throw OutputDirectoryError("cannot create the lock file '\(path)': \(reason())")
            }
            if flock(fd, LOCK_EX | LOCK_NB) != 0 {
                let code = errno
                if code == EWOULDBLOCK || code == EAGAIN {
                    var buffer = [UInt8](repeating: 0, count: 32)
                    let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 32, 0) }
                    _ = close(fd)
                    let pid = n > 0 ? String(decoding: buffer.prefix(n), as: UTF8.self)
                        .trimmingCharacters(in: .whitespacesAndNewlines) : ""
                    let who = Int(pid).map { "another simrunner (pid \($0))" } ?? "another simrunner"
                    throw UsageError("'\(shown)' is being written by \(who) right now; wait for it to finish or choose another --out")
                }
                _ = close(fd)
                throw OutputDirectoryError("cannot lock '\(path)': \(String(cString: strerror(code)))")
            }
            // The file locked must still be the one at the path: a holder that finished unlinks
            // it before unlocking, and then the lock must be taken on a fresh file.
            var held = stat(), current = stat()
            if fstat(fd, &held) == 0, stat(path, &current) == 0, held.st_ino == current.st_ino, held.st_dev == current.st_dev {
                let pid = Array("\(getpid())\n".utf8)
                _ = ftruncate(fd, 0)
                _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, pid.count, 0) }
                return fd
            }
            _ = close(fd)
        }
        throw OutputDirectoryError("cannot lock '\(path)': it keeps changing")
    }

    // MARK: - Recovery

    /// Restores an output lost between the two renames of a replace, and removes the staging
    /// and set-aside directories killed commands left for this `--out`.
    private func recover(notice: (String) -> Void) {
        let fm = FileManager.default
        let entries = (try? fm.contentsOfDirectory(atPath: parent.path)) ?? []
        let partialPrefix = ".\(name).partial-", oldPrefix = ".\(name).old-"
        var olds = entries.filter { $0.hasPrefix(oldPrefix) }.sorted()
        let partials = entries.filter { $0.hasPrefix(partialPrefix) }.sorted()
        guard !olds.isEmpty || !partials.isEmpty else { return }
        var st = stat()
        if lstat(url.path, &st) != 0 && errno == ENOENT {
            // Killed between moving the old output aside and moving the new one in.
            if let restore = olds.first(where: { OutputMarker.foreignContent(parent.appendingPathComponent($0)) == nil }),
               rename(parent.appendingPathComponent(restore).path, url.path) == 0 {
                olds.removeAll { $0 == restore }
                notice("restored '\(typed)' from '\(restore)', where a simrunner killed while replacing it had moved it")
            }
        }
        var removed: [String] = [], kept: [String] = []
        for entry in olds + partials {
            let dir = parent.appendingPathComponent(entry)
            if OutputMarker.isStaging(dir) || OutputMarker.foreignContent(dir) == nil {
                if (try? fm.removeItem(at: dir)) != nil { removed.append(entry) } else { kept.append(entry) }
            } else {
                kept.append(entry)
            }
        }
        if !removed.isEmpty {
            notice("removed \(removed.count) unfinished staging director\(removed.count == 1 ? "y" : "ies") ('\(removed[0])'\(removed.count > 1 ? ", ..." : "")) left beside '\(typed)' by a simrunner that was killed")
        }
        if !kept.isEmpty {
            notice("left '\(kept[0])'\(kept.count > 1 ? " and \(kept.count - 1) more" : "") beside '\(typed)' alone: it holds files simrunner did not write")
        }
    }

    static func reason() -> String { String(cString: strerror(errno)) }

    static func reason(_ error: any Error) -> String {
        if let e = error as? CocoaError, let underlying = e.userInfo[NSUnderlyingErrorKey] as? NSError,
           underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return reason()
    }
}

/// The mark simrunner leaves in every directory it writes: `.simrunner-output`, listing the
/// files it wrote and the key of the experiment. `--force` replaces only directories whose every
/// entry simrunner accounts for (see `foreignContent`).
///
///     simrunner output 1
///     key 3f5a...            ("-" when the command has no experiment key)
///     file runs.csv
///     file manifest.json
enum OutputMarker {
    static let fileName = ".simrunner-output"
    static let firstLine = "simrunner output 1"

    struct Contents: Equatable {
        var key: String?
        var files: [String]
        var staging = false
    }

    static func bytes(key: String?, files: [String], staging: Bool = false) -> [UInt8] {
        var text = firstLine + "\nkey \(key ?? "-")\n"
        if staging { text += "staging\n" }
        for f in files { text += "file \(f)\n" }
        return Array(text.utf8)
    }

    /// Adds a file written later into a finished output (e.g. an analysis of a sweep's runs).
    static func add(_ file: String, to dir: URL) throws {
        guard var contents = read(dir) else { return }
        if !contents.files.contains(file) { contents.files.append(file) }
        try OutputDirectory.writeAtomically(bytes(key: contents.key, files: contents.files), to: dir.appendingPathComponent(fileName))
    }

    static func read(_ dir: URL) -> Contents? {
        guard let data = FileManager.default.contents(atPath: dir.appendingPathComponent(fileName).path),
              data.count < 1 << 20 else { return nil }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
        guard lines.first == firstLine else { return nil }
        var contents = Contents(key: nil, files: [])
        for line in lines.dropFirst() {
            if line.hasPrefix("key ") {
                let k = String(line.dropFirst(4))
                contents.key = k == "-" ? nil : k
            } else if line.hasPrefix("file ") {
                contents.files.append(String(line.dropFirst(5)))
            } else if line == "staging" {
                contents.staging = true
            }
        }
        return contents
    }

    /// A staging directory simrunner created (marked so), or an empty one a kill left before its mark.
    /// (Killed before its mark was renamed into place, it holds at most the mark's temporary file.)
    static func isStaging(_ dir: URL) -> Bool {
        if read(dir)?.staging == true { return true }
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { return false }
        return entries.allSatisfy { $0.hasPrefix(".\(fileName).tmp-") }
    }

    /// Nil when every entry of `dir` was written by simrunner; else what is not, as a phrase.
    /// A directory written by an older simrunner (a manifest with "program": "simrunner"
    /// and the files it lists) counts as simrunner's too.
    static func foreignContent(_ dir: URL, depth: Int = 0) -> String? {
        let fm = FileManager.default
        let entries: [String]
        do { entries = try fm.contentsOfDirectory(atPath: dir.path).sorted() } catch {
            return "it cannot be listed (\(OutputTarget.reason(error)))"
        }
        var known: Set<String>
        if let marker = read(dir) {
            known = Set(marker.files.map { String($0.split(separator: "/").first ?? "") })
            known.insert(fileName)
        } else if let legacy = legacyFiles(dir) {
            known = legacy
        } else {
            return depth == 0 ? "it was not written by simrunner (it has no \(fileName) marker)"
                              : "'\(dir.lastPathComponent)' in it was not written by simrunner"
        }
        for entry in entries where !known.contains(entry) {
            let url = dir.appendingPathComponent(entry)
            var st = stat()
            guard lstat(url.path, &st) == 0 else { return "it holds '\(entry)', which simrunner did not write" }
            let isDirectory = (st.st_mode & S_IFMT) == S_IFDIR
            if isDirectory && depth < 8 {
                // A report written inside a run's directory, or a killed command's staging.
                if entry.hasPrefix(".") && (entry.contains(".partial-") || entry.contains(".old-")) && isStaging(url) { continue }
                if foreignContent(url, depth: depth + 1) == nil { continue }
            } else if (st.st_mode & S_IFMT) == S_IFREG && entry.hasPrefix(".") && isHelperFile(url, entry) {
                continue
            }
            return "it holds '\(entry)', which simrunner did not write"
        }
        return nil
    }

    /// A lock or journal file of a command writing into a subdirectory (`.NAME.lock`, `.NAME.journal`).
    private static func isHelperFile(_ url: URL, _ entry: String) -> Bool {
        if entry.hasSuffix(".lock") { return true }
        if entry.hasSuffix(".journal"), let h = FileHandle(forReadingAtPath: url.path) {
            defer { try? h.close() }
            let head = (try? h.read(upToCount: 20)) ?? Data()
            return head == Data("simrunner-journal 1 ".utf8)
        }
        return false
    }

    /// The entries of an output directory of simrunner 0.1.0, which wrote no marker.
    private static func legacyFiles(_ dir: URL) -> Set<String>? {
        guard let data = FileManager.default.contents(atPath: dir.appendingPathComponent("manifest.json").path),
              let manifest = try? JSONParser().parse([UInt8](data)),
              manifest["program"]?.value.stringValue == "simrunner" else { return nil }
        var known: Set<String> = ["manifest.json"]
        for f in manifest["files"]?.value.arrayValue ?? [] {
            if let name = f.value.stringValue { known.insert(name) }
        }
        if manifest["experiment"]?.value.stringValue == "sweep" { known.insert(".journal") }
        return known
    }
}
