import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads an input file (a world, a manifest, a CSV of an output directory) with POSIX calls,
/// so every failure is one clean cause ("no such file", "permission denied", "is a directory")
/// instead of a Foundation error dump, and a file past `limit` bytes is refused before it is read.
///
/// ```swift
/// let bytes = try InputFile.read("worlds/default.json", limit: 16 << 20)
/// // InputFileError: "worlds/x.json: no such file"
/// ```
enum InputFile {
    static func read(_ path: String, limit: Int) throws(InputFileError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw InputFileError(path: path, cause: cause(errno)) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw InputFileError(path: path, cause: cause(errno)) }
        let type = info.st_mode & S_IFMT
        if type == S_IFDIR { throw InputFileError(path: path, cause: "is a directory, expected a file") }
        if type == S_IFREG, Int(info.st_size) > limit {
            throw InputFileError(path: path, cause: "file is \(info.st_size) bytes; at most \(limit) bytes are read")
        }
        // Pipes and devices have no size: read at most limit + 1 bytes to tell.
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while bytes.count <= limit {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, min($0.count, limit + 1 - bytes.count)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw InputFileError(path: path, cause: cause(errno))
            }
            if n == 0 { break }
            bytes += chunk[0..<n]
        }
        if bytes.count > limit {
            throw InputFileError(path: path, cause: "larger than \(limit) bytes; at most that is read")
        }
        return bytes
    }

    /// Whether `path` exists (as anything, a dangling symbolic link included).
    static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// The cause of a failed call, worded for a message: "no such file", "permission denied".
    static func cause(_ code: Int32) -> String {
        switch code {
        case ENOENT: return "no such file"
        case EACCES, EPERM: return "permission denied"
        case ENOTDIR: return "a part of the path is not a directory"
        case EISDIR: return "is a directory, expected a file"
        case ELOOP: return "too many levels of symbolic links"
        case ENAMETOOLONG: return "file name too long"
        default: return String(cString: strerror(code)).lowercased()
        }
    }
}

/// An input file that cannot be read: the path and the cause, one line.
struct InputFileError: Error, CustomStringConvertible, Sendable {
    var path: String
    var cause: String
    var description: String { "\(SafeText.shown(path, limit: 160)): \(cause)" }
}

/// One clean line for any error that reaches the top: the path and the POSIX cause of a
/// Foundation file error rather than its `NSError` dump.
enum FileErrorText {
    static func describe(_ error: any Error) -> String {
        if let e = error as? InputFileError { return e.description }
        let ns = error as NSError
        if ns.domain == NSCocoaErrorDomain || ns.domain == NSPOSIXErrorDomain {
            let path = (ns.userInfo[NSFilePathErrorKey] as? String) ?? (ns.userInfo[NSURLErrorKey] as? URL)?.path
            var code: Int32? = ns.domain == NSPOSIXErrorDomain ? Int32(ns.code) : nil
            if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
                code = Int32(underlying.code)
            }
            let cause = code.map(InputFile.cause) ?? firstLine(ns.localizedDescription)
            return path.map { "\(SafeText.shown($0, limit: 160)): \(cause)" } ?? cause
        }
        return firstLine(String(describing: error))
    }

    private static func firstLine(_ text: String) -> String {
        String(text.prefix { $0 != "\n" })
    }
}
