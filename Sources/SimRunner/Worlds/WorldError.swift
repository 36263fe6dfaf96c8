/// A problem with a world file or an override, reported as one line:
/// `FILE:LINE:COLUMN: KEY = VALUE: what is allowed`.
struct WorldError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file (or "--set" for an override, or "default world").
    var source: String
    var line: Int? = nil
    var column: Int? = nil
    /// Key path, e.g. `trust.lossRate` or `narrative.frames[2].cue`.
    var path: String? = nil
    /// The offending value as written.
    var value: String? = nil
    /// What went wrong and what is allowed.
    var message: String

    /// User text (the file name, a key of a megabyte, a value with an escape sequence) is
    /// escaped and cut by `SafeText`, so the line stays one short line.
    var description: String {
        var s = SafeText.shown(source, limit: 160)
        if let line { s += ":\(line)" + (column.map { ":\($0)" } ?? "") }
        s += ": "
        if let path {
            s += SafeText.shown(path)
            if let value { s += " = \(SafeText.shown(value))" }
            s += ": "
        }
        return s + message
    }
}

/// Several world errors, all reported before giving up.
struct WorldErrors: Error, Sendable, CustomStringConvertible {
    var errors: [WorldError]
    var description: String { errors.map(\.description).joined(separator: "\n") }
}
