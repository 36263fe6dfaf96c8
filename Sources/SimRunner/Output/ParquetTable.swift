/// A CSV table written as an Apache Parquet file, for data frames that read Parquet faster than
/// CSV (pandas, Polars, R's arrow): one row group, one uncompressed data page per column, PLAIN
/// encoding, every column OPTIONAL (an empty CSV cell is a null). Column types come from the
/// data dictionary: integer -> INT64, number -> DOUBLE, text -> BYTE_ARRAY (UTF-8 string). The
/// footer is Thrift's compact protocol, written here by hand (no packages). The values are the
/// CSV's own text parsed back, so a reader sees exactly the numbers of the CSV.
///
/// ```swift
/// let bytes = try ParquetTable.bytes(csv: seriesBytes, types: ["step": "integer", "welfare": "number"])
/// ```
enum ParquetTable {
    enum Kind: Equatable { case int64, double, string }

    /// The Parquet file of a CSV file's bytes; `types` maps a column to integer, number or text
    /// (a column missing from it, or a cell that does not parse as its type, is text).
    static func bytes(csv: [UInt8], types: [String: String]) throws -> [UInt8] {
        let table = try CSVReader.parse(csv)
        var kinds = table.columns.map { c -> Kind in
            switch types[c] { case "integer": .int64; case "number": .double; default: .string }
        }
        // A column whose cells do not all parse as its type is written as text, never lossy.
        for (k, kind) in kinds.enumerated() where kind != .string {
            let ok = table.rows.allSatisfy { r in r[k].isEmpty || (kind == .int64 ? Int64(r[k]) != nil : Double(r[k]) != nil) }
            if !ok { kinds[k] = .string }
        }
        return write(columns: table.columns, kinds: kinds, rows: table.rows)
    }

    /// The Parquet file of CSV file `file` of an output, typed by the data dictionary.
    static func bytes(csv: [UInt8], file: String, experiment: ColumnDictionary.Experiment? = nil) throws -> [UInt8] {
        var types: [String: String] = [:]
        for c in ColumnDictionary.columns(of: csv) { types[c] = ColumnDictionary.describe(c, file: file, experiment: experiment).type }
        return try bytes(csv: csv, types: types)
    }

    /// The name of a CSV file's Parquet twin: series.csv -> series.parquet.
    static func name(of csv: String) -> String { String(csv.dropLast(4)) + ".parquet" }

    static func write(columns: [String], kinds: [Kind], rows: [[String]]) -> [UInt8] {
        var out: [UInt8] = Array("PAR1".utf8)
        var chunks: [(offset: Int, size: Int, values: Int)] = []
        for (k, kind) in kinds.enumerated() {
            let cells = rows.map { $0[k] }
            var levels: [UInt8] = []
            var values: [UInt8] = []
            var defined: [Bool] = []
            for cell in cells {
                defined.append(!cell.isEmpty)
                guard !cell.isEmpty else { continue }
                switch kind {
                case .int64: appendLittleEndian(UInt64(bitPattern: Int64(cell)!), bytes: 8, to: &values)
                case .double: appendLittleEndian(Double(cell)!.bitPattern, bytes: 8, to: &values)
                case .string:
                    let utf8 = Array(cell.utf8)
                    appendLittleEndian(UInt64(utf8.count), bytes: 4, to: &values)
                    values += utf8
                }
            }
            levels = definitionLevels(defined)
            var page: [UInt8] = []
            appendLittleEndian(UInt64(levels.count), bytes: 4, to: &page)
            page += levels
            page += values
            var header = ThriftCompact()
            header.field(1, i32: 0)                       // type: DATA_PAGE
            header.field(2, i32: Int32(page.count))       // uncompressed_page_size
            header.field(3, i32: Int32(page.count))       // compressed_page_size
            header.beginStruct(5)                         // data_page_header
            header.field(1, i32: Int32(cells.count))      // num_values
            header.field(2, i32: 0)                       // encoding: PLAIN
            header.field(3, i32: 3)                       // definition_level_encoding: RLE
            header.field(4, i32: 3)                       // repetition_level_encoding: RLE
            header.endStruct()
            header.stop()
            let offset = out.count
            out += header.bytes
            out += page
            chunks.append((offset, out.count - offset, cells.count))
        }
        var meta = ThriftCompact()
        meta.field(1, i32: 1)                             // version
        meta.beginList(2, count: columns.count + 1)       // schema
        meta.beginElement()
        meta.field(4, string: "schema")
        meta.field(5, i32: Int32(columns.count))          // num_children
        meta.endElement()
        for (name, kind) in zip(columns, kinds) {
            meta.beginElement()
            meta.field(1, i32: physicalType(kind))
            meta.field(3, i32: 1)                         // repetition_type: OPTIONAL
            meta.field(4, string: name)
            if kind == .string { meta.field(6, i32: 0) }  // converted_type: UTF8
            meta.endElement()
        }
        meta.field(3, i64: Int64(rows.count))             // num_rows
        meta.beginList(4, count: 1)                       // row_groups
        meta.beginElement()
        meta.beginList(1, count: columns.count)           // columns
        for (k, (name, kind)) in zip(columns, kinds).enumerated() {
            let c = chunks[k]
            meta.beginElement()
            meta.field(2, i64: Int64(c.offset))           // file_offset
            meta.beginStruct(3)                           // meta_data
            meta.field(1, i32: physicalType(kind))
            meta.beginList(2, i32s: [0, 3])               // encodings: PLAIN, RLE
            meta.beginList(3, strings: [name])            // path_in_schema
            meta.field(4, i32: 0)                         // codec: UNCOMPRESSED
            meta.field(5, i64: Int64(c.values))           // num_values
            meta.field(6, i64: Int64(c.size))             // total_uncompressed_size
            meta.field(7, i64: Int64(c.size))             // total_compressed_size
            meta.field(9, i64: Int64(c.offset))           // data_page_offset
            meta.endStruct()
            meta.endElement()
        }
        meta.field(2, i64: Int64(chunks.reduce(0) { $0 + $1.size }))  // total_byte_size
        meta.field(3, i64: Int64(rows.count))             // num_rows
        meta.endElement()
        meta.field(6, string: "simrunner \(Program.version)")  // created_by
        meta.stop()
        out += meta.bytes
        appendLittleEndian(UInt64(meta.bytes.count), bytes: 4, to: &out)
        out += Array("PAR1".utf8)
        return out
    }

    static func physicalType(_ kind: Kind) -> Int32 {
        switch kind { case .int64: 2; case .double: 5; case .string: 6 }
    }

    /// Definition levels (1: a value, 0: null) in the RLE / bit-packed hybrid, bit width 1:
    /// one bit-packed run of ceil(n / 8) groups of eight, least significant bit first.
    static func definitionLevels(_ defined: [Bool]) -> [UInt8] {
        guard !defined.isEmpty else { return [] }
        let groups = (defined.count + 7) / 8
        var out = varint(UInt64(groups) << 1 | 1)
        for g in 0..<groups {
            var byte: UInt8 = 0
            for b in 0..<8 where g * 8 + b < defined.count && defined[g * 8 + b] { byte |= 1 << UInt8(b) }
            out.append(byte)
        }
        return out
    }

    static func varint(_ value: UInt64) -> [UInt8] {
        var v = value, out: [UInt8] = []
        while v >= 0x80 { out.append(UInt8(v & 0x7f) | 0x80); v >>= 7 }
        out.append(UInt8(v))
        return out
    }

    static func appendLittleEndian(_ value: UInt64, bytes: Int, to out: inout [UInt8]) {
        for i in 0..<bytes { out.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(i)))) }
    }
}

/// Thrift's compact protocol, the subset a Parquet footer needs: i32, i64, binary, lists and
/// structs. Field ids are written as deltas from the previous field of the same struct.
struct ThriftCompact {
    private(set) var bytes: [UInt8] = []
    private var lastField: [Int] = [0]

    enum TypeCode: UInt8 { case i32 = 5, i64 = 6, binary = 8, list = 9, structure = 12 }

    private mutating func header(_ id: Int, _ type: TypeCode) {
        let delta = id - lastField[lastField.count - 1]
        if delta > 0 && delta <= 15 {
            bytes.append(UInt8(delta) << 4 | type.rawValue)
        } else {
            bytes.append(type.rawValue)
            bytes += ParquetTable.varint(Self.zigzag(Int64(id)))
        }
        lastField[lastField.count - 1] = id
    }

    static func zigzag(_ n: Int64) -> UInt64 { UInt64(bitPattern: (n << 1) ^ (n >> 63)) }

    mutating func field(_ id: Int, i32 value: Int32) {
        header(id, .i32)
        bytes += ParquetTable.varint(Self.zigzag(Int64(value)))
    }

    mutating func field(_ id: Int, i64 value: Int64) {
        header(id, .i64)
        bytes += ParquetTable.varint(Self.zigzag(value))
    }

    mutating func field(_ id: Int, string value: String) {
        header(id, .binary)
        let utf8 = Array(value.utf8)
        bytes += ParquetTable.varint(UInt64(utf8.count))
        bytes += utf8
    }

    mutating func beginStruct(_ id: Int) {
        header(id, .structure)
        lastField.append(0)
    }

    mutating func endStruct() {
        bytes.append(0)
        lastField.removeLast()
    }

    /// A list of structs: its header; each element between beginElement and endElement.
    mutating func beginList(_ id: Int, count: Int) {
        header(id, .list)
        listHeader(count, .structure)
    }

    mutating func beginList(_ id: Int, i32s: [Int32]) {
        header(id, .list)
        listHeader(i32s.count, .i32)
        for v in i32s { bytes += ParquetTable.varint(Self.zigzag(Int64(v))) }
    }

    mutating func beginList(_ id: Int, strings: [String]) {
        header(id, .list)
        listHeader(strings.count, .binary)
        for s in strings {
            let utf8 = Array(s.utf8)
            bytes += ParquetTable.varint(UInt64(utf8.count))
            bytes += utf8
        }
    }

    private mutating func listHeader(_ count: Int, _ type: TypeCode) {
        if count < 15 {
            bytes.append(UInt8(count) << 4 | type.rawValue)
        } else {
            bytes.append(0xf0 | type.rawValue)
            bytes += ParquetTable.varint(UInt64(count))
        }
    }

    mutating func beginElement() { lastField.append(0) }
    mutating func endElement() { endStruct() }
    mutating func stop() { bytes.append(0) }
}
