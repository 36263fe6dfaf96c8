/// An RFC 4180 CSV table written straight into a byte buffer, one row at a time, so a
/// long per-step series never exists as an array of arrays. Output is deterministic:
/// `\n` line endings, fields quoted only when they must be, numbers written by
/// `CSVTable.format`, the one number formatter every output file uses.
///
/// ```swift
/// var table = CSVTable(columns: ["step", "meanTrust", "note"])
/// table.append([CSVTable.format(0), CSVTable.format(0.5), "start, calm"])
/// table.append([CSVTable.format(1), CSVTable.format(-0.0), "said \"no\""])
/// table.string
/// // step,meanTrust,note
/// // 0,0.5,"start, calm"
/// // 1,0,"said ""no"""
/// try output.write(table.takeBytes(), to: "series.csv")
/// ```
///
/// To stream to a file as you go, call `takeBytes()` periodically and write what it
/// returns; each call hands over the bytes accumulated since the previous one (the
/// header is in the first batch).
struct CSVTable: Sendable {
    /// The header, fixed at creation; every row must have this many fields.
    let columns: [String]
    /// Bytes written and not yet taken (UTF-8).
    private(set) var bytes: [UInt8] = []
    /// Data rows appended so far (the header not included), across `takeBytes()` calls.
    private(set) var rowCount = 0

    init(columns: [String]) {
        precondition(!columns.isEmpty, "a CSV table needs at least one column")
        self.columns = columns
        writeRow(columns)
    }

    /// Appends one row. Its field count must equal `columns.count`; a mismatch is a
    /// programmer error (a precondition), since it would silently shift every later column.
    mutating func append(_ fields: [String]) {
        precondition(fields.count == columns.count,
                     "CSV row has \(fields.count) fields but the header has \(columns.count) (\(columns.joined(separator: ",")))")
        writeRow(fields)
        rowCount += 1
    }

    /// The untaken bytes as text.
    var string: String { String(decoding: bytes, as: UTF8.self) }

    /// Returns the bytes accumulated so far and empties the buffer.
    mutating func takeBytes() -> [UInt8] {
        let taken = bytes
        bytes = []  // `taken` is then the only reference, so no copy is made
        return taken
    }

    private mutating func writeRow(_ fields: [String]) {
        if fields.count == 1 && fields[0].isEmpty {
            // A lone empty field would be a blank line, which readers skip as no row at all.
            bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: "\"")])
        } else {
            for (index, field) in fields.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                Self.writeField(field, into: &bytes)
            }
        }
        bytes.append(UInt8(ascii: "\n"))
    }

    /// Writes a field, quoted (with inner quotes doubled) only if it holds a comma or
    /// a quote, as RFC 4180 requires; otherwise verbatim. (CR and LF are escaped first.)
    /// Control characters and terminal escapes (from a world's text, say) are written as
    /// visible escapes by `SafeText`, so `cat runs.csv` cannot repaint a terminal.
    private static func writeField(_ field: String, into bytes: inout [UInt8]) {
        let quote = UInt8(ascii: "\"")
        let field = SafeText.escaped(field)
        let utf8 = field.utf8
        let needsQuotes = utf8.contains { byte in
            byte == UInt8(ascii: ",") || byte == quote || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n")
        }
        guard needsQuotes else {
            bytes.append(contentsOf: utf8)
            return
        }
        bytes.append(quote)
        for byte in utf8 {
            if byte == quote { bytes.append(quote) }
            bytes.append(byte)
        }
        bytes.append(quote)
    }

    /// The one way numbers are written to output files.
    ///
    /// Finite values use Swift's shortest text that reads back to the same `Double`
    /// ("0.1", "1e-300", "0.3333333333333333", "1e+21"), with two changes so files are
    /// stable and tidy: integral values drop the ".0" ("10000", not "10000.0"; Swift
    /// prints plain digits up to 1e16, so every integral value below 2^53 comes out as
    /// an integer, and larger ones keep exponent form such as "1e+21"), and
    /// negative zero is written "0", since -0.0 == 0.0 and a "-0" cell only confuses.
    ///
    /// NaN and ±infinity are written as an empty field. The model guarantees none reach
    /// output; this is a last guard so one bad value cannot emit text that spreadsheet and
    /// CSV readers disagree about ("nan", "inf").
    static func format(_ x: Double) -> String {
        guard x.isFinite else { return "" }
        if x == 0 { return "0" }
        let text = x.description
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }

    /// Integers in plain decimal, for symmetry with `format(_: Double)`.
    static func format(_ x: Int) -> String {
        String(x)
    }
}
