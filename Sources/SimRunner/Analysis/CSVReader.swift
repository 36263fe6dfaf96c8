import Foundation

/// A CSV file read back: its header and its rows as text fields (RFC 4180: fields separated by
/// commas, quoted with `"` when they hold a comma, quote, CR or LF, a quote inside doubled;
/// lines end in LF or CRLF). The inverse of `CSVTable`, for `simrunner report`.
///
/// ```swift
/// let table = try CSVReader.read(URL(fileURLWithPath: "out/series.csv"))
/// let welfare = table.doubles("welfare")     // [Double?], nil where the cell is empty
/// for row in table.rows where row[table.index("variant")!] == "uncorrected" { ... }
/// ```
struct CSVReader: Sendable {
    /// The header.
    let columns: [String]
    /// The data rows; each has `columns.count` fields.
    let rows: [[String]]
    private let positions: [String: Int]

    init(columns: [String], rows: [[String]]) {
        self.columns = columns
        self.rows = rows
        var p: [String: Int] = [:]
        for (i, c) in columns.enumerated() where p[c] == nil { p[c] = i }
        positions = p
    }

    /// The position of a column, or nil when the file has no such column.
    func index(_ column: String) -> Int? { positions[column] }

    func has(_ column: String) -> Bool { positions[column] != nil }

    /// A column as text (nil when there is no such column).
    func strings(_ column: String) -> [String]? {
        guard let i = positions[column] else { return nil }
        return rows.map { $0[i] }
    }

    /// A column as numbers; empty or non-numeric cells (and NaN or infinite values) are nil.
    /// A missing column gives all nils.
    func doubles(_ column: String) -> [Double?] {
        guard let i = positions[column] else { return Array(repeating: nil, count: rows.count) }
        return rows.map { Self.number($0[i]) }
    }

    /// The rows whose `column` equals `value`, as a table with the same header.
    func filter(_ column: String, equals value: String) -> CSVReader {
        guard let i = positions[column] else { return CSVReader(columns: columns, rows: []) }
        return CSVReader(columns: columns, rows: rows.filter { $0[i] == value })
    }

    /// The distinct values of a column in order of first appearance.
    func distinct(_ column: String) -> [String] {
        var seen = Set<String>(), out: [String] = []
        for v in strings(column) ?? [] where seen.insert(v).inserted { out.append(v) }
        return out
    }

    /// A finite number, or nil.
    static func number(_ text: String) -> Double? {
        guard !text.isEmpty, let x = Double(text), x.isFinite else { return nil }
        return x
    }

    /// Reads and parses a file; errors name the file.
    /// Largest CSV file read (the machine's memory is the real bound).
    static let maxFileBytes = 8 << 30

    /// Reads and parses a file; errors name the file. Bytes that no simrunner CSV holds
    /// (invalid UTF-8, NUL and other control characters: the writer escapes them) are refused
    /// as damage rather than shown.
    static func read(_ url: URL) throws -> CSVReader {
        let bytes: [UInt8]
        do { bytes = try InputFile.read(url.path, limit: maxFileBytes) } catch {
            throw CSVReadError("cannot read \(error)")
        }
        let file = SafeText.shown(DisplayPath.of(url), limit: 160)
        if let bad = bytes.firstIndex(where: { $0 < 0x20 && $0 != UInt8(ascii: "\n") && $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\t") }) {
            throw CSVReadError("'\(file)': control byte 0x\(String(bytes[bad], radix: 16)) at offset \(bad): not a CSV file simrunner wrote (damaged?)")
        }
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw CSVReadError("'\(file)': not valid UTF-8 text (damaged?)")
        }
        do { return try parse(bytes) } catch {
            throw CSVReadError("'\(file)': \(error.message)")
        }
    }

    /// Parses CSV text. The first record is the header; every record must have as many fields.
    /// A final line break is optional; blank lines are skipped.
    static func parse(_ bytes: [UInt8]) throws(CSVReadError) -> CSVReader {
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        var header: [String]? = nil
        var rows: [[String]] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1, recordLine = 1
        var atFieldStart = true, recordEmpty = true
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
        }
        func endRecord() throws(CSVReadError) {
            endField()
            defer { fields.removeAll(keepingCapacity: true) }
            guard !recordEmpty else { return }  // a blank line
            if let h = header {
                guard fields.count == h.count else {
                    throw CSVReadError("line \(recordLine): \(fields.count) fields, but the header has \(h.count)")
                }
                rows.append(fields)
            } else {
                header = fields
            }
        }
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while i < bytes.count {
            let b = bytes[i]
            if b == quote && atFieldStart {
                // A quoted field: up to the closing quote; "" stands for one quote.
                let start = line
                atFieldStart = false
                recordEmpty = false
                i += 1
                var closed = false
                while i < bytes.count {
                    let c = bytes[i]
                    if c == quote {
                        if i + 1 < bytes.count && bytes[i + 1] == quote {
                            field.append(quote)
                            i += 2
                            continue
                        }
                        closed = true
                        i += 1
                        break
                    }
                    if c == lf { line += 1 }
                    field.append(c)
                    i += 1
                }
                guard closed else { throw CSVReadError("line \(start): a quoted field is not closed") }
                if i < bytes.count, bytes[i] != comma, bytes[i] != lf, bytes[i] != cr {
                    throw CSVReadError("line \(line): text after the closing quote of a field")
                }
                continue
            }
            switch b {
            case comma:
                endField()
                atFieldStart = true
                recordEmpty = false
            case lf:
                try endRecord()
                line += 1
                recordLine = line
                atFieldStart = true
                recordEmpty = true
            case cr where i + 1 < bytes.count && bytes[i + 1] == lf:
                break
            case quote:
                throw CSVReadError("line \(line): a quote inside an unquoted field")
            default:
                field.append(b)
                atFieldStart = false
                recordEmpty = false
            }
            i += 1
        }
        try endRecord()
        guard let columns = header else { throw CSVReadError("empty file (no header)") }
        return CSVReader(columns: columns, rows: rows)
    }
}

/// A CSV file that cannot be read or parsed: one line naming the file and the line.
struct CSVReadError: Error, CustomStringConvertible, Equatable, Sendable {
    let message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}
