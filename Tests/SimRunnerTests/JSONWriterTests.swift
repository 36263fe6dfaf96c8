import Testing
@testable import SimRunner
import SocialSim

@Suite("JSON writer")
struct JSONWriterTests {
    @Test("a small document is written exactly as the golden text")
    func golden() {
        let value = JSONValue.makeObject([
            "name": .string("baseline \"A\"\n"),
            "seed": .int(42),
            "rates": .makeArray([.double(0.1), .double(0.2), .double(0.3)]),
            "count": .double(10000),
            "tiny": .double(1e-7),
            "big": .double(1e20),
            "negative": .double(-2.5),
            "flags": .makeArray([.bool(true), .bool(false), .null]),
            "empty": .makeArray([]),
            "nothing": .makeObject([:]),
            "agents": .makeArray([
                .makeObject(["id": .int(1), "path": .string("a/b")]),
                .makeArray([.int(2)]),
            ]),
            "unicode": .string("é😀\u{1}\t\\"),
        ])
        let expected = #"""
            {
              "name": "baseline \"A\"\n",
              "seed": 42,
              "rates": [0.1, 0.2, 0.3],
              "count": 10000,
              "tiny": 1e-07,
              "big": 1e+20,
              "negative": -2.5,
              "flags": [true, false, null],
              "empty": [],
              "nothing": {},
              "agents": [
                {
                  "id": 1,
                  "path": "a/b"
                },
                [2]
              ],
              "unicode": "é😀\u0001\t\\"
            }

            """#
        #expect(JSONWriter.string(from: value) == expected)
    }

    @Test("a top-level scalar is written with a trailing newline")
    func topLevelScalar() {
        #expect(JSONWriter.string(from: .int(3)) == "3\n")
        #expect(JSONWriter.string(from: .makeArray([])) == "[]\n")
        #expect(JSONWriter.bytes(from: .null) == Array("null\n".utf8))
    }

    @Test("numbers use integers below 2^53 and shortest round-trip text otherwise", arguments: [
        (10000.0, "10000"), (-0.0, "0"), (0, "0"), (0.1, "0.1"), (-2.5, "-2.5"), (1e-7, "1e-07"),
        (9_007_199_254_740_991, "9007199254740991"), (9_007_199_254_740_992, "9007199254740992.0"),
        (1e16, "1e+16"), (-1.5e300, "-1.5e+300"), (.leastNonzeroMagnitude, "5e-324"), (0.30000000000000004, "0.30000000000000004"),
    ])
    func numberText(value: Double, expected: String) throws {
        let number = try #require(JSONNumber(value))
        #expect(number.text == expected)
        // Negative zero is written "0" on purpose (same bytes, same world hash as 0).
        #expect(try JSONParser().parse(expected).value.numberValue?.value.bitPattern == (value + 0).bitPattern)
    }

    @Test("integers are written exactly, even above 2^53")
    func exactIntegers() {
        #expect(JSONWriter.string(from: .int(Int.max)) == "9223372036854775807\n")
        #expect(JSONWriter.string(from: .int(Int.min)) == "-9223372036854775808\n")
        #expect(JSONNumber(Int.max) != JSONNumber(Int.max - 1))
    }

    @Test("parsed numbers are rewritten in canonical form, integers verbatim")
    func parsedNumbers() throws {
        let parsed = try JSONParser().parse("[1e4, 10000.0, 1.50, 9007199254740993, -0, 2E-3]")
        #expect(JSONWriter.string(from: parsed) == "[10000, 10000, 1.5, 9007199254740993, 0, 0.002]\n")
    }

    @Test("NaN and infinity cannot become JSON numbers")
    func nonFinite() {
        #expect(JSONNumber(Double.nan) == nil)
        #expect(JSONNumber(Double.infinity) == nil)
        #expect(JSONNumber(-Double.infinity) == nil)
    }

    @Test("building a number from NaN stops the program")
    func nanBuilderTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = JSONValue.double(.nan)
        }
    }

    @Test("strings escape quotes, backslashes, control characters (C0, DEL, C1) and bidi overrides only")
    func stringEscaping() {
        #expect(JSONWriter.quoted("a/b é 😀 \u{7F}") == #""a/b é 😀 \u007f""#)
        #expect(JSONWriter.quoted("\u{9B}x\u{202E}") == #""\u009bx\u202e""#)
        #expect(JSONWriter.quoted("\"\\\u{8}\u{C}\n\r\t\u{0}\u{1F}") == #""\"\\\b\f\n\r\t\u0000\u001f""#)
    }

    @Test("writing then parsing gives back the same value")
    func roundTripSample() throws {
        let value = JSONValue.makeObject([
            "nested": .makeObject(["deeper": .makeObject(["list": .makeArray([.makeArray([]), .makeObject([:])])])]),
            "numbers": .makeArray([.double(-1.25e-300), .double(6.02214076e23), .int(-7), .double(-0.0), .double(1e4)]),
            "text": .makeArray([.string(""), .string("tab\tquote\"slash\\/"), .string("日本 😀 \u{0}\u{1F}\u{2028}")]),
            "flags": .makeArray([.bool(true), .bool(false), .null]),
        ])
        let text = JSONWriter.string(from: value)
        let reparsed = try JSONParser().parse(text)
        #expect(reparsed.value == value)
        #expect(JSONWriter.string(from: reparsed) == text)
    }

    @Test("random values survive writing and parsing unchanged")
    func roundTripRandom() throws {
        var generator = ValueGenerator(seed: 2024)
        for _ in 0..<300 {
            let value = generator.value(depth: 0)
            let text = JSONWriter.string(from: value)
            let reparsed = try JSONParser().parse(text).value
            #expect(reparsed == value, "\(text)")
            #expect(JSONWriter.string(from: reparsed) == text)
        }
    }
}

/// Deterministic random JSON values for round-trip testing (the model's SplitMix64).
private struct ValueGenerator {
    var rng: SplitMix64

    init(seed: UInt64) { rng = SplitMix64(seed: seed) }

    mutating func next() -> UInt64 { rng.next() }

    mutating func value(depth: Int) -> JSONValue {
        switch next() % (depth < 4 ? 9 : 6) {
        case 0: return .null
        case 1: return .bool(next() % 2 == 0)
        case 2: return .int(Int(truncatingIfNeeded: next()))
        case 3:
            // Random bit patterns cover subnormals, huge exponents and negative zero.
            let double = Double(bitPattern: next())
            return double.isFinite ? .double(double) : .double(Double(Int64(truncatingIfNeeded: next() % 1000)) / 8)
        case 4: return .double(Double(Int(next() % 2_000_001) - 1_000_000) / 1000)
        case 5: return .string(string())
        case 6, 7: return .makeArray((0..<(next() % 5)).map { _ in value(depth: depth + 1) })
        default:
            let members = (0..<(next() % 5)).map { index in ("\(string())#\(index)", value(depth: depth + 1)) }
            return .makeObject(members)
        }
    }

    mutating func string() -> String {
        let pools: [ClosedRange<UInt32>] = [0x00...0x7F, 0x00...0x1F, 0x80...0x7FF, 0x800...0xD7FF, 0xE000...0xFFFF, 0x10000...0x10FFFF]
        var scalars = String.UnicodeScalarView()
        for _ in 0..<(next() % 8) {
            let pool = pools[Int(next() % UInt64(pools.count))]
            let code = pool.lowerBound + UInt32(next() % UInt64(pool.count))
            if let scalar = Unicode.Scalar(code) { scalars.append(scalar) }
        }
        return String(scalars)
    }
}
