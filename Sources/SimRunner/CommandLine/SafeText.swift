/// The one place where text that came from a user (a world file, an argument, a CSV cell) is
/// made safe to show: control characters and terminal escape sequences are written as visible
/// escapes (`\n`, `\u{1b}`), and long text is cut with an ellipsis, so a hostile key of a megabyte
/// or an ESC sequence that would repaint the terminal can neither flood nor split an error line.
///
/// ```swift
/// SafeText.escaped("a\nb\u{1B}[2J")          // "a\\nb\\u{1b}[2J"
/// SafeText.shown(String(repeating: "k", count: 1 << 20))   // "kkkk…kkk… (1048576 characters)"
/// SafeText.line("simrunner: error: ...")     // escaped, and at most `lineLimit` characters
/// ```
enum SafeText {
    /// Longest user value (a key, a value, a path) shown inside a message.
    static let fieldLimit = 120
    /// Longest line written to stderr; the "a few hundred characters".
    static let lineLimit = 480

    /// True for scalars that must not reach a terminal, a CSV cell or an XML document raw:
    /// C0 controls, DEL, C1 controls (0x9B is a one-byte CSI on some terminals), and the
    /// bidirectional overrides and isolates that make text display in another order than it is read.
    static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        case 0xFFFE, 0xFFFF: true  // noncharacters, not allowed in XML
        default: false
        }
    }

    /// `text` with every unsafe scalar written as an escape: `\n`, `\r`, `\t` or `\u{hex}`.
    /// Scalars in `keeping` (newline and tab for multi-line text) stay as they are.
    static func escaped(_ text: String, keeping: Set<Unicode.Scalar> = []) -> String {
        guard text.unicodeScalars.contains(where: { isUnsafe($0) && !keeping.contains($0) }) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            guard isUnsafe(scalar), !keeping.contains(scalar) else {
                out.append(scalar)
                continue
            }
            let escape: String
            switch scalar {
            case "\n": escape = "\\n"
            case "\r": escape = "\\r"
            case "\t": escape = "\\t"
            default: escape = "\\u{" + String(scalar.value, radix: 16) + "}"
            }
            out.append(contentsOf: escape.unicodeScalars)
        }
        return String(out)
    }

    /// A user value as shown in a message: escaped, and cut to about `limit` characters (its
    /// start, an ellipsis and its length in characters).
    static func shown(_ text: String, limit: Int = fieldLimit) -> String {
        let total = text.count
        // Only the start is ever shown, so only the start is escaped.
        let head = escaped(total > limit ? String(text.prefix(limit)) : text)
        if total <= limit && head.count <= limit { return head }
        return String(head.prefix(max(8, limit - 24))) + "… (\(total) characters)"
    }

    /// A whole message line for stderr: escaped (a newline inside it cannot split it) and at
    /// most `lineLimit` characters; a longer one keeps its start and its end, where the
    /// allowed values usually are.
    static func line(_ text: String) -> String {
        let safe = escaped(text.utf8.count > 8 * lineLimit ? String(text.prefix(lineLimit)) + " … " + String(text.suffix(lineLimit)) : text)
        guard safe.count > lineLimit else { return safe }
        let tail = lineLimit / 3
        return String(safe.prefix(lineLimit - tail - 3)) + " … " + String(safe.suffix(tail))
    }
}
