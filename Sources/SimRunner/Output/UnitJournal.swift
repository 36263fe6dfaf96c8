import Foundation

/// The finished units of a long experiment (a sweep's runs, a correction's seeds, a
/// comparison's world x seed runs), kept on disk so a command killed at any instant, SIGKILL
/// included, resumes with the same command and loses at most the units in flight.
///
/// One append-only file: a header line naming the experiment's key, then one record per
/// finished unit, each appended and flushed to disk (`fsync`) before the unit counts as done:
///
///     simrunner-journal 1 <key: 64 hex digits>\n
///     "UNIT" | id length (UInt32 LE) | payload length (UInt64 LE) | id | payload | FNV-1a 64 of id+payload (LE)
///
/// A record torn by a kill (short, or failing its checksum) and everything after it is cut off
/// when the journal is opened again; the units before it stand. The key is a hash of everything
/// the units depend on (resolved worlds, seeds, delays, options), so the journal of a different
/// experiment is never mixed in: `open` reports it and the caller refuses or discards it.
///
/// ```swift
/// let journal = try UnitJournal.open(at: url, key: key, discardOther: force)
/// if !journal.contains("run-7") { try journal.record("run-7", bytes) }
/// let bytes = try journal.payload("run-7")
/// journal.remove()   // after the final output is committed
/// ```
///
/// `record` may be called from several threads at once.
final class UnitJournal: @unchecked Sendable {
    // @unchecked: `index` and the file offset are only touched while holding `lock`.
    let url: URL
    let key: String
    private let lock = NSLock()
    private var fd: Int32
    private var index: [String: (offset: Int, length: Int)] = [:]
    private var end: Int

    /// What `open` found.
    enum Found: Equatable {
        case none
        /// An unfinished journal of this experiment, with this many units.
        case resumed(Int)
        /// A journal of another experiment, thrown away (only with `discardOther`).
        case discarded
    }
    private(set) var found = Found.none

    /// Thrown by `open` for a journal of another experiment when `discardOther` is false.
    struct OtherExperiment: Error {}

    static let magic = Array("UNIT".utf8)

    static func header(_ key: String) -> [UInt8] { Array("simrunner-journal 1 \(key)\n".utf8) }

    /// Opens (or starts) the journal at `url` for the experiment `key`.
    static func open(at url: URL, key: String, discardOther: Bool) throws -> UnitJournal {
        let path = url.path
        let header = header(key)
        var found = Found.none
        if let existing = try readHeader(path, length: header.count) {
            if existing != header {
                guard discardOther else { throw OtherExperiment() }
                guard unlink(path) == 0 || errno == ENOENT else {
                    throw OutputDirectoryError("cannot remove the journal '\(path)': \(reason())")
                }
                found = .discarded
            }
        }
        if !FileManager.default.fileExists(atPath: path) {
            // The header appears whole or not at all: written beside, then renamed.
            try OutputDirectory.writeAtomically(header, to: url)
        }
        let fd = Foundation.open(path, O_RDWR | O_APPEND | O_CLOEXEC)
        guard fd >= 0 else { throw OutputDirectoryError("cannot open the journal '\(path)': \(reason())") }
        let journal = UnitJournal(url: url, key: key, fd: fd, end: header.count)
        try journal.scan()
        if found == .none && !journal.index.isEmpty { found = .resumed(journal.index.count) }
        journal.found = found
        return journal
    }

    private init(url: URL, key: String, fd: Int32, end: Int) {
        self.url = url
        self.key = key
        self.fd = fd
        self.end = end
    }

    deinit { if fd >= 0 { Foundation.close(fd) } }

    /// The first `length` bytes of the file at `path`, nil when there is no file. A file
    /// shorter than a header (a kill while it was being created cannot leave one, but a
    /// user's file might) reads as its bytes, so it is a mismatch.
    private static func readHeader(_ path: String, length: Int) throws -> [UInt8]? {
        let fd = Foundation.open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw OutputDirectoryError("cannot read the journal '\(path)': \(reason())")
        }
        defer { Foundation.close(fd) }
        var bytes = [UInt8](repeating: 0, count: length)
        let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, length, 0) }
        guard n >= 0 else { throw OutputDirectoryError("cannot read the journal '\(path)': \(reason())") }
        return Array(bytes.prefix(n))
    }

    /// Indexes every whole record; cuts off a torn tail.
    private func scan() throws {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw OutputDirectoryError("cannot read the journal '\(DisplayPath.of(url))': \(Self.reason())") }
        let size = Int(st.st_size)
        var offset = end
        while offset + 16 <= size {
            guard let head = try read(offset, 16), Array(head[0..<4]) == Self.magic else { break }
            let idLength = Int(Self.uint(head[4..<8]))
            let payloadLength = Self.uint(head[8..<16])
            guard idLength <= 4096, payloadLength <= UInt64(size) else { break }
            let bodyLength = idLength + Int(payloadLength)
            guard offset + 16 + bodyLength + 8 <= size, let body = try read(offset + 16, bodyLength + 8) else { break }
            let content = body[0..<bodyLength]
            guard Self.uint(body[bodyLength...]) == Self.fnv(content) else { break }
            let id = String(decoding: content.prefix(idLength), as: UTF8.self)
            index[id] = (offset + 16 + idLength, Int(payloadLength))
            offset += 16 + bodyLength + 8
        }
        if offset < size {
            // A torn record from a kill mid-append: drop it, so new records follow whole ones.
            guard ftruncate(fd, off_t(offset)) == 0 else {
                throw OutputDirectoryError("cannot repair the journal '\(DisplayPath.of(url))': \(Self.reason())")
            }
        }
        end = offset
    }

    private func read(_ offset: Int, _ count: Int) throws -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, count - done, off_t(offset + done)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw OutputDirectoryError("cannot read the journal '\(DisplayPath.of(url))': \(Self.reason())")
            }
            if n == 0 { return nil }
            done += n
        }
        return bytes
    }

    /// Number of finished units.
    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return index.count
    }

    func contains(_ id: String) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return index[id] != nil
    }

    /// The ids of the finished units, in no particular order.
    var ids: [String] {
        lock.lock()
        defer { lock.unlock() }
        return Array(index.keys)
    }

    /// The payload recorded for `id`, nil if there is none.
    func payload(_ id: String) throws -> [UInt8]? {
        lock.lock()
        let location = index[id]
        lock.unlock()
        guard let location else { return nil }
        guard let bytes = try read(location.offset, location.length) else {
            throw OutputDirectoryError("the journal '\(DisplayPath.of(url))' was cut short while in use")
        }
        return bytes
    }

    /// Appends one finished unit and flushes it to disk; it counts as done once this returns.
    func record(_ id: String, _ payload: [UInt8]) throws {
        let idBytes = Array(id.utf8)
        precondition(idBytes.count <= 4096, "unit id too long")
        var record = Self.magic
        record.reserveCapacity(16 + idBytes.count + payload.count + 8)
        record += Self.bytes(UInt64(idBytes.count), 4)
        record += Self.bytes(UInt64(payload.count), 8)
        record += idBytes
        record += payload
        record += Self.bytes(Self.fnv(record[16...]), 8)
        lock.lock()
        defer { lock.unlock() }
        var done = 0
        while done < record.count {
            let n = record.withUnsafeBytes { Foundation.write(fd, $0.baseAddress! + done, record.count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                let why = Self.reason()
                _ = ftruncate(fd, off_t(end))  // best effort: no torn record left behind
                throw OutputDirectoryError("cannot write the journal '\(DisplayPath.of(url))': \(why)")
            }
            done += n
        }
        guard fsync(fd) == 0 else {
            throw OutputDirectoryError("cannot write the journal '\(DisplayPath.of(url))': \(Self.reason())")
        }
        index[id] = (end + 16 + idBytes.count, payload.count)
        end += record.count
    }

    /// Deletes the journal (after the final output is in place).
    func remove() {
        lock.lock()
        defer { lock.unlock() }
        if fd >= 0 { Foundation.close(fd); fd = -1 }
        _ = unlink(url.path)
    }

    // MARK: - Encoding

    private static func bytes(_ value: UInt64, _ count: Int) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }
    }

    private static func uint(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var v: UInt64 = 0
        for (i, b) in bytes.enumerated() { v |= UInt64(b) << (8 * UInt64(i)) }
        return v
    }

    /// FNV-1a, 64 bits: catches torn and garbled records; not a defence against tampering.
    static func fnv(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        bytes.withUnsafeBufferPointer { buffer in
            for b in buffer { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        }
        return h
    }

    private static func reason() -> String { String(cString: strerror(errno)) }
}

/// A hash naming an experiment by everything its units depend on.
enum ExperimentKey {
    static func make(_ parts: [String]) -> String {
        SHA256.hex(Array(parts.joined(separator: "\u{1F}").utf8))
    }
}

/// Finished units of one experiment: each computed once, journaled at once, and read back
/// when the same experiment resumes. Experiments take an optional store; without one they
/// compute everything, so a store changes where results come from, never what they are.
struct UnitStore: Sendable {
    let journal: UnitJournal
    /// Ctrl-C or SIGTERM: units not yet started throw `Interrupted`; units in flight finish.
    var interrupt: Interrupt?

    /// The records of unit `id`: the journaled ones, else `compute()`'s, journaled before returning.
    func records(_ id: String, _ compute: () throws -> [RunRecord]) throws -> [RunRecord] {
        if let bytes = try journal.payload(id), let records = RunRecord.decode(bytes) { return records }
        if interrupt?.isRequested == true { throw Interrupted() }
        let records = try compute()
        try journal.record(id, RunRecord.encode(records))
        return records
    }

    /// Raw bytes for units that are not runs (a sweep's rendered rows).
    func bytes(_ id: String, _ compute: () throws -> [UInt8]) throws -> [UInt8] {
        if let bytes = try journal.payload(id) { return bytes }
        if interrupt?.isRequested == true { throw Interrupted() }
        let bytes = try compute()
        try journal.record(id, bytes)
        return bytes
    }
}

/// A journaled unit whose records do not fit the experiment (cannot happen with a matching key).
struct UnitStoreMismatch: Error, CustomStringConvertible {
    var description: String { "a journaled unit does not match the experiment; run again with --force to start over" }
}
