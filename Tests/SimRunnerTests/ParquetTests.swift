import Foundation
import Testing
@testable import SimRunner

/// A minimal Parquet reader, independent of the writer: Thrift compact structs read generically,
/// the schema and column chunks from the footer, PLAIN pages with RLE / bit-packed definition levels.
private struct ParquetReader {
    indirect enum Value {
        case int(Int64), binary([UInt8]), list([Value]), fields([Int: Value]), bool(Bool)
        var int: Int64? { if case .int(let v) = self { return v }; return nil }
        var string: String? { if case .binary(let b) = self { return String(decoding: b, as: UTF8.self) }; return nil }
        var list: [Value]? { if case .list(let l) = self { return l }; return nil }
        var fields: [Int: Value]? { if case .fields(let f) = self { return f }; return nil }
    }

    struct Failure: Error { var why: String }

    let bytes: [UInt8]
    var pos = 0

    mutating func byte() throws -> UInt8 {
        guard pos < bytes.count else { throw Failure(why: "past the end") }
        defer { pos += 1 }
        return bytes[pos]
    }

    mutating func varint() throws -> UInt64 {
        var v: UInt64 = 0, shift: UInt64 = 0
        while true {
            let b = try byte()
            v |= UInt64(b & 0x7f) << shift
            if b & 0x80 == 0 { return v }
            shift += 7
        }
    }

    mutating func zigzag() throws -> Int64 { let u = try varint(); return Int64(bitPattern: (u >> 1) ^ (0 &- (u & 1))) }

    mutating func value(_ type: UInt8) throws -> Value {
        switch type {
        case 1: return .bool(true)
        case 2: return .bool(false)
        case 3: return .int(Int64(Int8(bitPattern: try byte())))
        case 4, 5, 6: return .int(try zigzag())
        case 8:
            let n = Int(try varint())
            guard pos + n <= bytes.count else { throw Failure(why: "binary past the end") }
            defer { pos += n }
            return .binary(Array(bytes[pos..<(pos + n)]))
        case 9:
            let h = try byte()
            let n = h >> 4 == 15 ? Int(try varint()) : Int(h >> 4)
            return .list(try (0..<n).map { _ in try value(h & 0x0f) })
        case 12: return .fields(try structure())
        default: throw Failure(why: "type \(type)")
        }
    }

    mutating func structure() throws -> [Int: Value] {
        var out: [Int: Value] = [:], last = 0
        while true {
            let h = try byte()
            if h == 0 { return out }
            let delta = Int(h >> 4)
            let id = delta == 0 ? Int(try zigzag()) : last + delta
            last = id
            out[id] = try value(h & 0x0f)
        }
    }

    /// The table as text cells ("" for null), with its column names and physical types.
    static func read(_ bytes: [UInt8]) throws -> (columns: [String], types: [Int64], rows: [[String]]) {
        guard bytes.count >= 12, Array(bytes.prefix(4)) == Array("PAR1".utf8), Array(bytes.suffix(4)) == Array("PAR1".utf8) else {
            throw Failure(why: "no PAR1 magic")
        }
        let n = bytes.count
        let length = Int(bytes[n - 8]) | Int(bytes[n - 7]) << 8 | Int(bytes[n - 6]) << 16 | Int(bytes[n - 5]) << 24
        var footer = ParquetReader(bytes: bytes, pos: n - 8 - length)
        let meta = try footer.structure()
        guard footer.pos == n - 8 else { throw Failure(why: "footer length") }
        let schema = meta[2]?.list ?? []
        let leaves = schema.dropFirst().compactMap(\.fields)
        let columns = leaves.compactMap { $0[4]?.string }
        let types = leaves.compactMap { $0[1]?.int }
        let rowCount = Int(meta[3]?.int ?? -1)
        guard let group = meta[4]?.list?.first?.fields, let chunks = group[1]?.list else { throw Failure(why: "no row group") }
        var table = [[String]](repeating: [String](repeating: "", count: columns.count), count: rowCount)
        for (k, chunk) in chunks.enumerated() {
            guard let md = chunk.fields?[3]?.fields, let offset = md[9]?.int, md[4]?.int == 0 else { throw Failure(why: "chunk \(k)") }
            var page = ParquetReader(bytes: bytes, pos: Int(offset))
            let header = try page.structure()
            guard header[1]?.int == 0, let dph = header[5]?.fields, dph[2]?.int == 0, let count = dph[1]?.int, Int(count) == rowCount else {
                throw Failure(why: "page of column \(k)")
            }
            let levelBytes = try (0..<4).reduce(0) { acc, i in acc | Int(try page.byte()) << (8 * i) }
            let levelsEnd = page.pos + levelBytes
            var defined: [Bool] = []
            while page.pos < levelsEnd {
                let h = try page.varint()
                if h & 1 == 1 {
                    for _ in 0..<Int(h >> 1) { let b = try page.byte(); for bit in 0..<8 { defined.append(b >> bit & 1 == 1) } }
                } else {
                    let v = try page.byte()
                    defined += [Bool](repeating: v == 1, count: Int(h >> 1))
                }
            }
            for r in 0..<rowCount where defined[r] {
                func le(_ width: Int) throws -> UInt64 { try (0..<width).reduce(0) { acc, i in acc | UInt64(try page.byte()) << (8 * UInt64(i)) } }
                switch types[k] {
                case 2: table[r][k] = String(Int64(bitPattern: try le(8)))
                case 5:
                    let x = Double(bitPattern: try le(8))
                    table[r][k] = x.isInfinite ? (x > 0 ? "inf" : "-inf") : CSVTable.format(x)
                case 6:
                    let len = Int(try le(4))
                    table[r][k] = String(decoding: bytes[page.pos..<(page.pos + len)], as: UTF8.self)
                    page.pos += len
                default: throw Failure(why: "type \(types[k])")
                }
            }
        }
        return (columns, types, table)
    }
}

@Suite("Parquet beside the CSV")
struct ParquetTests {
    @Test("a table with integers, numbers, text and empty cells reads back cell for cell, each column with its dictionary type")
    func parquetReadsBackAsTheCSV() throws {
        var csv = CSVTable(columns: ["step", "welfare", "world", "trust_half_life"])
        for i in 0..<37 {
            csv.append([String(i), CSVTable.format(0.1 * Double(i) + 1e-17), i % 3 == 0 ? "" : "w\u{e9}rld, \"\(i)\"", i % 5 == 0 ? String(i * 1000) : ""])
        }
        let bytes = csv.takeBytes()
        let parquet = try ParquetTable.bytes(csv: bytes, types: ["step": "integer", "welfare": "number", "trust_half_life": "integer"])
        let read = try ParquetReader.read(parquet)
        let original = try CSVReader.parse(bytes)
        #expect(read.columns == original.columns)
        #expect(read.types == [2, 5, 6, 2])
        #expect(read.rows == original.rows)
    }

    @Test("a cell that does not parse as its column's type makes the column text, never a lossy number")
    func mistypedColumnBecomesText() throws {
        var csv = CSVTable(columns: ["d_star_high"])
        for v in ["1.5", "inf", ""] { csv.append([v]) }
        let bytes = csv.takeBytes()
        let read = try ParquetReader.read(try ParquetTable.bytes(csv: bytes, types: ["d_star_high": "integer"]))
        #expect(read.types == [6])
        #expect(read.rows == [["1.5"], ["inf"], [""]])
    }

    @Test("run and sweep --parquet write series, summary, runs (and points) as Parquet beside the CSV, with the same values")
    func parquetBesideTheCSVOfRunAndSweep() throws {
        let dir = try Executable.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let world = ["--set", "agents=60", "--set", "steps=20", "--set", "measurement.window=4", "-q"]
        #expect(try Executable.run(["run", "--parquet", "--out", "run"] + world, in: dir).status == 0)
        #expect(try Executable.run(["sweep", "--grid", "trust.lossRate=0.1,0.2", "--seeds", "2", "--series", "--parquet", "--out", "s"] + world, in: dir).status == 0)
        #expect(try Executable.run(["sweep", "--grid", "trust.lossRate=0.1,0.2", "--seeds", "2", "--experiment", "correct", "--delays", "0,10",
                                    "--bootstrap", "100", "--parquet", "--out", "c"] + world, in: dir).status == 0)
        for (folder, files) in [("run", ["series", "summary"]), ("s", ["runs", "series"]), ("c", ["runs", "points"])] {
            for f in files {
                let csv = try CSVReader.read(dir.appendingPathComponent("\(folder)/\(f).csv"))
                let parquet = try ParquetReader.read([UInt8](try Data(contentsOf: dir.appendingPathComponent("\(folder)/\(f).parquet"))))
                #expect(parquet.columns == csv.columns, "\(folder)/\(f)")
                #expect(parquet.rows == csv.rows, "\(folder)/\(f): the Parquet values differ from the CSV")
                let dictionary = try CSVReader.read(dir.appendingPathComponent("\(folder)/columns.csv"))
                for (k, column) in csv.columns.enumerated() {
                    let type = dictionary.rows.first { $0[0] == "\(f).csv" && $0[1] == column }?[4]
                    let physical: Int64 = type == "integer" ? 2 : type == "number" ? 5 : 6
                    #expect(parquet.types[k] == physical || parquet.types[k] == 6, "\(folder)/\(f) \(column)")
                }
            }
        }
        // Shards run with --parquet merge into the one-machine sweep's Parquet files, byte for byte.
        for i in 1...2 {
            #expect(try Executable.run(["sweep", "--grid", "trust.lossRate=0.1,0.2", "--seeds", "2", "--series", "--parquet",
                                        "--shard", "\(i)/2", "--out", "shard\(i)"] + world, in: dir).status == 0)
        }
        let merge = try Executable.run(["merge", "shard1", "shard2", "--out", "merged", "-q"], in: dir)
        #expect(merge.status == 0, "\(merge.stderr)")
        for f in ["runs.parquet", "series.parquet", "manifest.json"] {
            #expect(try Data(contentsOf: dir.appendingPathComponent("merged/\(f)")) == Data(contentsOf: dir.appendingPathComponent("s/\(f)")), "\(f)")
        }
        // Without --parquet, none.
        #expect(try Executable.run(["run", "--out", "plain"] + world, in: dir).status == 0)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("plain/series.parquet").path))
    }
}
