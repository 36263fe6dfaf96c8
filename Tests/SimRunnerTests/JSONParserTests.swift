import Testing
@testable import SimRunner
import SocialSim

/// Parses `text`, returning the error it throws or nil if it parses.
private func syntaxError(_ text: String, maxDepth: Int = 64) -> JSONSyntaxError? {
    syntaxError(bytes: Array(text.utf8), maxDepth: maxDepth)
}

private func syntaxError(bytes: [UInt8], maxDepth: Int = 64) -> JSONSyntaxError? {
    do {
        _ = try JSONParser(maxDepth: maxDepth).parse(bytes)
        return nil
    } catch {
        return error
    }
}

private func parse(_ text: String) throws -> JSONValue {
    try JSONParser().parse(text).value
}

/// One malformed document and the exact error it must produce.
struct MalformedJSONCase: Sendable, CustomTestStringConvertible {
    var bytes: [UInt8]
    var line: Int
    var column: Int
    var message: String

    init(_ text: String, _ line: Int, _ column: Int, _ message: String) {
        self.init(bytes: Array(text.utf8), line, column, message)
    }

    init(bytes: [UInt8], _ line: Int, _ column: Int, _ message: String) {
        self.bytes = bytes
        self.line = line
        self.column = column
        self.message = message
    }

    var testDescription: String { String(decoding: bytes.prefix(40), as: UTF8.self).debugDescription }
}

@Suite("JSON parser: valid documents")
struct JSONParserValidTests {
    @Test("top-level scalars of every type parse")
    func scalars() throws {
        #expect(try parse("null") == .null)
        #expect(try parse("true") == .bool(true))
        #expect(try parse(" false \n") == .bool(false))
        #expect(try parse("\"hi\"") == .string("hi"))
        #expect(try parse("-3.25").numberValue?.value == -3.25)
        #expect(try parse("[]") == .array([]))
        #expect(try parse("{}") == .object([]))
    }

    @Test("nested objects and arrays keep member order and source positions")
    func nestedWithPositions() throws {
        let text = """
            {
              "name": "run",
              "agents": [1, 2, {"x": null}],
              "flags": {"b": true, "a": false}
            }
            """
        let root = try JSONParser().parse(text)
        #expect(root.line == 1 && root.column == 1)
        #expect(root.value.objectMembers?.map(\.key) == ["name", "agents", "flags"])
        let agents = try #require(root.member(named: "agents"))
        #expect(agents.keyLine == 3 && agents.keyColumn == 3)
        #expect(agents.value.line == 3 && agents.value.column == 13)
        let third = try #require(agents.value.value.arrayValue?[2])
        #expect(third.column == 20 && third.typeName == "object")
        #expect(third["x"]?.value == .null)
        #expect(third["x"]?.column == 26)
        #expect(root["flags"]?.value.objectMembers?.map(\.key) == ["b", "a"])
        #expect(root["missing"] == nil)
        #expect(root["name"]?.value["anything"] == nil)
    }

    @Test("a document equals the same document built in code")
    func equalsBuilt() throws {
        let built = JSONValue.makeObject([
            "seed": .int(42),
            "rates": .makeArray([.double(0.5), .double(1e-3)]),
            "label": .string("a/b"),
            "none": .null,
        ])
        #expect(try parse(#"{"seed": 42, "rates": [0.5, 0.001], "label": "a\/b", "none": null}"#) == built)
    }

    @Test("all escapes decode, including surrogate pairs and \\u0000")
    func escapes() throws {
        let value = try parse(#""\"\\\/\b\f\n\r\t\u0041\u00e9\uD83D\uDE00\u0000""#)
        #expect(value == .string("\"\\/\u{8}\u{C}\n\r\tAé😀\u{0}"))
    }

    @Test("raw UTF-8 text in strings is kept")
    func rawUnicode() throws {
        #expect(try parse("[\"日本語 😀 é\"]") == .makeArray([.string("日本語 😀 é")]))
    }

    @Test("numbers convert to the nearest Double")
    func numberValues() throws {
        let cases: [(String, Double)] = [
            ("0", 0), ("-0", -0.0), ("12", 12), ("0.1", 0.1), ("-2.5e-3", -2.5e-3), ("1E+2", 100),
            ("123456789012345678901234567890", 123456789012345678901234567890.0),
            ("0.30000000000000004", 0.30000000000000004), ("1.7976931348623157e308", .greatestFiniteMagnitude),
            ("5e-324", .leastNonzeroMagnitude), ("1e-400", 0), ("2.2250738585072014e-308", .leastNormalMagnitude),
            ("9007199254740993", 9_007_199_254_740_992), ("0.1000000000000000055511151231257827", 0.1),
        ]
        for (literal, expected) in cases {
            let number = try #require(try parse(literal).numberValue, "\(literal)")
            #expect(number.value == expected, "\(literal)")
            #expect(number.value.sign == expected.sign, "\(literal)")
            #expect(number.literal == literal)
        }
    }

    @Test("exactInteger is set only for whole numbers that fit an Int")
    func exactIntegers() throws {
        let cases: [(String, Int?)] = [
            ("12", 12), ("-0", 0), ("1e4", 10000), ("10000.0", 10000), ("1.5e1", 15), ("150e-1", 15),
            ("0.0e5", 0), ("9007199254740993", 9_007_199_254_740_993), ("-9223372036854775808", Int.min),
            ("9223372036854775807", Int.max), ("9223372036854775808", nil), ("1.5", nil), ("1e-1", nil),
            ("1e19", nil), ("1e18", 1_000_000_000_000_000_000), ("0.001e3", 1),
        ]
        for (literal, expected) in cases {
            #expect(try parse(literal).numberValue?.exactInteger == expected, "\(literal)")
        }
    }

    @Test("a leading byte order mark is skipped and not counted as a column")
    func byteOrderMark() throws {
        #expect(try parse("\u{FEFF}[1]") == .makeArray([.int(1)]))
        #expect(syntaxError("\u{FEFF}[1, x]") == JSONSyntaxError(line: 1, column: 5, message: "expected a value, found 'x'"))
    }

    @Test("exactly 64 levels of nesting is allowed by default")
    func depthLimitInclusive() {
        let text = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(syntaxError(text) == nil)
    }

    @Test("the depth limit is configurable")
    func configurableDepth() {
        #expect(syntaxError("[[[1]]]", maxDepth: 3) == nil)
        #expect(syntaxError("[[{\"a\":[1]}]]", maxDepth: 3)
            == JSONSyntaxError(line: 1, column: 8, message: "nesting deeper than 3 levels"))
    }
}

@Suite("JSON parser: errors")
struct JSONParserErrorTests {
    static let badDocuments: [MalformedJSONCase] = [
        // Structure
        MalformedJSONCase("", 1, 1, "empty input"),
        MalformedJSONCase("  \n ", 2, 2, "empty input"),
        MalformedJSONCase(#"{"a": 1]"#, 1, 8, "expected ',' or '}' after an object member, found ']'"),
        MalformedJSONCase(#"{"a":1 "b":2}"#, 1, 8, "expected ',' or '}' after an object member, found '\"'"),
        MalformedJSONCase("[1 2]", 1, 4, "expected ',' or ']' after an array element, found '2'"),
        MalformedJSONCase("[\n  1,\n  2\n  3\n]", 4, 3, "expected ',' or ']' after an array element, found '3'"),
        MalformedJSONCase("[1,\r\n2,\r\nx]", 3, 1, "expected a value, found 'x'"),
        MalformedJSONCase("[1,\r2,\rx]", 3, 1, "expected a value, found 'x'"),
        MalformedJSONCase(#"{"a":1} x"#, 1, 9, "trailing characters after the top-level value, found 'x'"),
        MalformedJSONCase("1 2", 1, 3, "trailing characters after the top-level value, found '2'"),
        MalformedJSONCase("[1,]", 1, 4, "expected a value after ',', found ']' (trailing commas are not allowed)"),
        MalformedJSONCase(#"{"a":1,}"#, 1, 8, "expected a key after ',', found '}' (trailing commas are not allowed)"),
        MalformedJSONCase("{a:1}", 1, 2, "expected a key in double quotes or '}', found 'a'"),
        MalformedJSONCase(#"{"a":1, 2:3}"#, 1, 9, "expected a key in double quotes, found '2'"),
        MalformedJSONCase(#"{"a" 1}"#, 1, 6, "expected ':' after the key \"a\", found '1'"),
        MalformedJSONCase("['a']", 1, 2, "expected a value, found a single quote (JSON strings use double quotes)"),
        MalformedJSONCase("// note\n1", 1, 1, "comments are not allowed in JSON"),
        MalformedJSONCase("[é]", 1, 2, "expected a value, found 'é' (U+00E9)"),
        MalformedJSONCase(#"{"é": 1, "ü": ]"#, 1, 15, "expected a value, found ']'"),
        MalformedJSONCase("[\u{FEFF}1]", 1, 2, "expected a value, found '\u{FEFF}' (U+FEFF)"),
        // Truncation
        MalformedJSONCase("[", 1, 2, "expected a value, found end of input"),
        MalformedJSONCase("{", 1, 2, "expected a key in double quotes or '}', found end of input"),
        MalformedJSONCase("[1, 2", 1, 6, "expected ',' or ']' after an array element, found end of input"),
        MalformedJSONCase(#"{"a""#, 1, 5, "expected ':' after the key \"a\", found end of input"),
        MalformedJSONCase(#"{"a":"#, 1, 6, "expected a value, found end of input"),
        MalformedJSONCase(#"{"a":1"#, 1, 7, "expected ',' or '}' after an object member, found end of input"),
        MalformedJSONCase("\"abc", 1, 1, "unterminated string"),
        MalformedJSONCase("[\"abc\\", 1, 2, "unterminated string"),
        MalformedJSONCase("tru", 1, 1, "expected a value, found 'tru'"),
        // Literals
        MalformedJSONCase("True", 1, 1, "expected a value, found 'True' (JSON's true, false and null are lowercase)"),
        MalformedJSONCase("[undefined]", 1, 2, "expected a value, found 'undefined'"),
        MalformedJSONCase("nulls", 1, 1, "expected a value, found 'nulls'"),
        // Duplicate keys
        MalformedJSONCase("{\n  \"agents\": 1,\n  \"x\": 2,\n  \"agents\": 3\n}", 4, 3, "duplicate key \"agents\" (first at line 2)"),
        MalformedJSONCase(#"{"a":1,"\u0061":2}"#, 1, 8, "duplicate key \"a\" (first at line 1)"),
        // Numbers
        MalformedJSONCase("NaN", 1, 1, "NaN and Infinity are not valid JSON numbers"),
        MalformedJSONCase("[Infinity]", 1, 2, "NaN and Infinity are not valid JSON numbers"),
        MalformedJSONCase("-Infinity", 1, 1, "NaN and Infinity are not valid JSON numbers"),
        MalformedJSONCase("1e400", 1, 1, "number 1e400 is out of range"),
        MalformedJSONCase("[-1e400]", 1, 2, "number -1e400 is out of range"),
        MalformedJSONCase("01", 1, 1, "numbers cannot have leading zeros"),
        MalformedJSONCase("[-01]", 1, 2, "numbers cannot have leading zeros"),
        MalformedJSONCase("-", 1, 2, "expected a digit after '-', found end of input"),
        MalformedJSONCase("[-]", 1, 3, "expected a digit after '-', found ']'"),
        MalformedJSONCase(".5", 1, 1, "a number needs a digit before the decimal point (write 0.5, not .5)"),
        MalformedJSONCase("1.", 1, 3, "expected a digit after the decimal point, found end of input"),
        MalformedJSONCase("[1.e5]", 1, 4, "expected a digit after the decimal point, found 'e'"),
        MalformedJSONCase("1e", 1, 3, "expected a digit in the exponent, found end of input"),
        MalformedJSONCase("1e+", 1, 4, "expected a digit in the exponent, found end of input"),
        MalformedJSONCase("+1", 1, 1, "a number cannot start with '+'"),
        // Strings
        MalformedJSONCase("\"a\tb\"", 1, 3, "tab character inside a string (write it as \\t)"),
        MalformedJSONCase("[\"a\nb\"]", 1, 4, "line break inside a string (is a closing quote missing? write a line break as \\n)"),
        MalformedJSONCase("\"\u{1}\"", 1, 2, "control character U+0001 inside a string (write it as \\u0001)"),
        MalformedJSONCase(#""\x""#, 1, 2, #"invalid escape in string: a backslash cannot be followed by 'x' (valid escapes are \" \\ \/ \b \f \n \r \t \uXXXX)"#),
        MalformedJSONCase(#""\u12G4""#, 1, 2, "invalid \\u escape: expected 4 hex digits, found 'G'"),
        MalformedJSONCase(#""\u12"#, 1, 2, "invalid \\u escape: expected 4 hex digits, found end of input"),
        MalformedJSONCase(#""\uD800""#, 1, 2, "lone surrogate \\uD800 in string (a high surrogate must be followed by \\uDC00-\\uDFFF)"),
        MalformedJSONCase(#""ab\uD83D\u0041""#, 1, 4, "lone surrogate \\uD83D in string (a high surrogate must be followed by \\uDC00-\\uDFFF)"),
        MalformedJSONCase(#""\uDE00""#, 1, 2, "lone surrogate \\uDE00 in string (a low surrogate must follow a high one)"),
        // Invalid UTF-8
        MalformedJSONCase(bytes: [0x5B, 0x22, 0xFF, 0x22, 0x5D], 1, 3, "invalid UTF-8 byte 0xFF"),
        MalformedJSONCase(bytes: [0x22, 0xC3, 0xA9, 0x80, 0x22], 1, 3, "invalid UTF-8 byte 0x80"),
        MalformedJSONCase(bytes: [0x22, 0xC0, 0x80, 0x22], 1, 2, "invalid UTF-8 byte 0xC0"),
        MalformedJSONCase(bytes: [0x22, 0xED, 0xA0, 0x80, 0x22], 1, 2, "invalid UTF-8 byte 0xED"),
        MalformedJSONCase(bytes: [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], 1, 2, "invalid UTF-8 byte 0xF4"),
        MalformedJSONCase(bytes: [0x22, 0x63, 0x61, 0x66, 0xE9, 0x22], 1, 5, "invalid UTF-8 byte 0xE9"),
        MalformedJSONCase(bytes: [0x22, 0xE2, 0x82], 1, 2, "invalid UTF-8 byte 0xE2"),
        MalformedJSONCase(bytes: [0xFF], 1, 1, "expected a value, found invalid UTF-8 byte 0xFF"),
        // Depth
        MalformedJSONCase(String(repeating: "[", count: 65), 1, 65, "nesting deeper than 64 levels"),
    ]

    @Test("malformed documents report the exact line, column and message", arguments: badDocuments)
    func badDocument(_ bad: MalformedJSONCase) {
        #expect(syntaxError(bytes: bad.bytes) == JSONSyntaxError(line: bad.line, column: bad.column, message: bad.message))
    }

    @Test("duplicate keys are found in large objects too")
    func duplicateInLargeObject() throws {
        let members = (0..<50).map { "\"k\($0)\": \($0)" }
        let valid = "{\n" + members.joined(separator: ",\n") + "\n}"
        #expect(try parse(valid).objectMembers?.count == 50)
        let duplicated = "{\n" + (members + ["\"k7\": 0"]).joined(separator: ",\n") + "\n}"
        #expect(syntaxError(duplicated) == JSONSyntaxError(line: 52, column: 1, message: "duplicate key \"k7\" (first at line 9)"))
    }

    @Test("100,000 opening brackets give the depth error, not a crash")
    func hostileNesting() {
        #expect(syntaxError(String(repeating: "[", count: 100_000))
            == JSONSyntaxError(line: 1, column: 65, message: "nesting deeper than 64 levels"))
        #expect(syntaxError(String(repeating: #"{"a":"#, count: 100_000))
            == JSONSyntaxError(line: 1, column: 321, message: "nesting deeper than 64 levels"))
    }

    @Test("every truncation of a valid document is an error, never a crash")
    func truncations() {
        let text = #"{"a": [1, -2.5e-3, true, null, "x\u00e9\n"], "b": {"c": "d😀"}}"#
        let bytes = Array(text.utf8)
        #expect(syntaxError(bytes: bytes) == nil)
        for length in 0..<bytes.count {
            #expect(syntaxError(bytes: Array(bytes[0..<length])) != nil, "prefix of \(length) bytes")
        }
    }

    @Test("randomly corrupted documents either parse or fail with a position")
    func corruption() {
        let bytes = Array(#"{"k": [0, 1.5e3, "s\t\u0041", {"n": null}], "t": true, "é": -0}"#.utf8)
        // The model's SplitMix64, so failures reproduce.
        var rng = SplitMix64(seed: 0x9E37_79B9_7F4A_7C15)
        func next() -> UInt64 { rng.next() }
        for _ in 0..<2000 {
            var mutated = bytes
            for _ in 0..<(1 + next() % 3) {
                let index = Int(next() % UInt64(mutated.count))
                mutated[index] = UInt8(truncatingIfNeeded: next())
            }
            if let error = syntaxError(bytes: mutated) {
                #expect(error.line >= 1 && error.column >= 1 && !error.message.isEmpty)
            }
        }
    }
}
