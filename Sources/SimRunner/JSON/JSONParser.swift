/// A syntax error in a JSON document: where it is (1-based line and column) and what is wrong.
///
/// Columns count Unicode scalars from the start of the line, so they match what an editor shows
/// for text without tabs or combining marks. A UTF-8 byte order mark is not counted.
struct JSONSyntaxError: Error, Equatable, CustomStringConvertible {
    var line: Int
    var column: Int
    var message: String

    var description: String { "line \(line), column \(column): \(message)" }
}

/// A strict RFC 8259 JSON parser that records the source position of every value.
///
/// - Rejects everything RFC 8259 does not allow (comments, trailing commas, single quotes, NaN,
///   leading zeros, lone surrogates, invalid UTF-8, raw control characters in strings), plus
///   duplicate object keys, nesting deeper than `maxDepth`, and numbers that overflow a Double.
/// - Duplicate keys are compared with Swift `String` equality (Unicode canonical equivalence), the
///   same rule `JSONValue.member(named:)` uses, so "é" and "e\u0301" count as the same key.
/// - Accepts and skips one leading UTF-8 byte order mark (RFC 8259 §8.1 allows this).
/// - Numbers too small for a Double (e.g. 1e-400) become 0, as `strtod` does.
/// - Runs in linear time and never recurses, so hostile input cannot exhaust the stack.
struct JSONParser: Sendable {
    static let defaultMaxDepth = 64

    /// The most arrays/objects that may be open at once; a top-level array is depth 1.
    /// Values are freed, compared and written recursively, so keep this in the hundreds at most.
    var maxDepth: Int

    init(maxDepth: Int = JSONParser.defaultMaxDepth) {
        precondition(maxDepth >= 1, "maxDepth must be at least 1")
        self.maxDepth = maxDepth
    }

    func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONNode {
        var scanner = JSONScanner(bytes: bytes, maxDepth: maxDepth)
        return try scanner.parseDocument()
    }

    func parse(_ text: String) throws(JSONSyntaxError) -> JSONNode {
        try parse(Array(text.utf8))
    }
}

/// An array or object whose closing bracket has not been reached yet.
private struct OpenContainer {
    let isObject: Bool
    let line: Int
    let column: Int
    var elements: [JSONNode] = []
    var members: [JSONMember] = []
    /// The key whose value is being parsed.
    var key = ""
    var keyLine = 0
    var keyColumn = 0
    /// Key → line, built only for large objects.
    var keyIndex: [String: Int] = [:]

    /// The line of an earlier member named `key`, if there is one.
    mutating func lineOfEarlierKey(_ key: String) -> Int? {
        // Scanning is cheapest for small objects; large ones get an index so checks stay linear.
        if members.count <= 8 {
            return members.first { $0.key == key }?.keyLine
        }
        // Members have distinct keys, so the index is current exactly when the counts match.
        for member in members[keyIndex.count...] {
            keyIndex[member.key] = member.keyLine
        }
        return keyIndex[key]
    }
}

/// The parser's working state: the bytes, the read position, and line bookkeeping.
private struct JSONScanner {
    let bytes: [UInt8]
    let maxDepth: Int
    var pos = 0
    var line = 1
    /// Offset of the first byte of the current line.
    var lineStart = 0
    // Columns are counted lazily and incrementally from the last one computed, which keeps
    // position tracking linear even for a 10 MB single-line file.
    var columnCacheOffset = 0
    var columnCacheValue = 1

    init(bytes: [UInt8], maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    // MARK: Document structure

    mutating func parseDocument() throws(JSONSyntaxError) -> JSONNode {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            pos = 3
            lineStart = 3
            columnCacheOffset = 3
        }
        skipWhitespace()
        if pos == bytes.count { throw error("empty input", at: pos) }

        var stack: [OpenContainer] = []
        while true {
            // Read one value; an opening bracket pushes a container and goes on to its first value.
            skipWhitespace()
            let (valueLine, valueColumn) = location(of: pos)
            guard pos < bytes.count else {
                throw error("expected a value, found end of input", at: pos)
            }
            var node: JSONNode
            switch bytes[pos] {
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                let isObject = bytes[pos] == UInt8(ascii: "{")
                guard stack.count < maxDepth else {
                    throw error("nesting deeper than \(maxDepth) levels", at: pos)
                }
                pos += 1
                skipWhitespace()
                let closer = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
                if pos < bytes.count, bytes[pos] == closer {
                    pos += 1
                    node = JSONNode(isObject ? .object([]) : .array([]), line: valueLine, column: valueColumn)
                } else {
                    var container = OpenContainer(isObject: isObject, line: valueLine, column: valueColumn)
                    if isObject { try readKey(into: &container, afterComma: false) }
                    stack.append(container)
                    continue
                }
            case UInt8(ascii: "\""):
                let text = try scanString(line: valueLine, column: valueColumn)
                node = JSONNode(.string(text), line: valueLine, column: valueColumn)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                let number = try scanNumber()
                node = JSONNode(.number(number), line: valueLine, column: valueColumn)
            default:
                let value = try scanWord()
                node = JSONNode(value, line: valueLine, column: valueColumn)
            }

            // Attach the finished value to its container, closing every container that ends here.
            while true {
                guard !stack.isEmpty else {
                    skipWhitespace()
                    if pos < bytes.count {
                        throw error("trailing characters after the top-level value, found \(describe(at: pos))", at: pos)
                    }
                    return node
                }
                let top = stack.count - 1
                skipWhitespace()
                let next: UInt8? = pos < bytes.count ? bytes[pos] : nil
                if stack[top].isObject {
                    stack[top].members.append(JSONMember(
                        key: stack[top].key, keyLine: stack[top].keyLine, keyColumn: stack[top].keyColumn, value: node))
                    if next == UInt8(ascii: ",") {
                        pos += 1
                        skipWhitespace()
                        try readKey(into: &stack[top], afterComma: true)
                        break
                    } else if next == UInt8(ascii: "}") {
                        pos += 1
                        let closed = stack.removeLast()
                        node = JSONNode(.object(closed.members), line: closed.line, column: closed.column)
                    } else {
                        throw error("expected ',' or '}' after an object member, found \(describe(at: pos))", at: pos)
                    }
                } else {
                    stack[top].elements.append(node)
                    if next == UInt8(ascii: ",") {
                        pos += 1
                        skipWhitespace()
                        if pos < bytes.count, bytes[pos] == UInt8(ascii: "]") {
                            throw error("expected a value after ',', found ']' (trailing commas are not allowed)", at: pos)
                        }
                        break
                    } else if next == UInt8(ascii: "]") {
                        pos += 1
                        let closed = stack.removeLast()
                        node = JSONNode(.array(closed.elements), line: closed.line, column: closed.column)
                    } else {
                        throw error("expected ',' or ']' after an array element, found \(describe(at: pos))", at: pos)
                    }
                }
            }
        }
    }

    /// Reads `"key":` (whitespace already skipped) and records it as the container's pending key.
    mutating func readKey(into container: inout OpenContainer, afterComma: Bool) throws(JSONSyntaxError) {
        guard pos < bytes.count, bytes[pos] == UInt8(ascii: "\"") else {
            if afterComma, pos < bytes.count, bytes[pos] == UInt8(ascii: "}") {
                throw error("expected a key after ',', found '}' (trailing commas are not allowed)", at: pos)
            }
            let expected = afterComma ? "expected a key in double quotes" : "expected a key in double quotes or '}'"
            throw error("\(expected), found \(describe(at: pos))", at: pos)
        }
        let (keyLine, keyColumn) = location(of: pos)
        let key = try scanString(line: keyLine, column: keyColumn)
        if let firstLine = container.lineOfEarlierKey(key) {
            throw JSONSyntaxError(
                line: keyLine, column: keyColumn,
                message: "duplicate key \(JSONWriter.quoted(key)) (first at line \(firstLine))")
        }
        skipWhitespace()
        guard pos < bytes.count, bytes[pos] == UInt8(ascii: ":") else {
            throw error("expected ':' after the key \(JSONWriter.quoted(key)), found \(describe(at: pos))", at: pos)
        }
        pos += 1
        container.key = key
        container.keyLine = keyLine
        container.keyColumn = keyColumn
    }

    // MARK: Scalars

    /// `true`, `false` or `null`; anything else that starts here is an error.
    mutating func scanWord() throws(JSONSyntaxError) -> JSONValue {
        let start = pos
        var end = pos
        while end < bytes.count, end - start < 40, Self.isWordByte(bytes[end]) { end += 1 }
        let word = String(decoding: bytes[start..<end], as: UTF8.self)
        switch word {
        case "true": pos = end; return .bool(true)
        case "false": pos = end; return .bool(false)
        case "null": pos = end; return .null
        case "NaN", "nan", "Infinity", "infinity", "inf":
            throw error("NaN and Infinity are not valid JSON numbers", at: start)
        case "True", "TRUE", "False", "FALSE", "Null", "NULL":
            throw error("expected a value, found '\(word)' (JSON's true, false and null are lowercase)", at: start)
        case "":
            if bytes[start] == UInt8(ascii: "."), start + 1 < bytes.count, Self.isDigit(bytes[start + 1]) {
                throw error("a number needs a digit before the decimal point (write 0.5, not .5)", at: start)
            }
            if bytes[start] == UInt8(ascii: "+") {
                throw error("a number cannot start with '+'", at: start)
            }
            if bytes[start] == UInt8(ascii: "/") {
                throw error("comments are not allowed in JSON", at: start)
            }
            throw error("expected a value, found \(describe(at: start))", at: start)
        default:
            throw error("expected a value, found '\(word)'", at: start)
        }
    }

    mutating func scanNumber() throws(JSONSyntaxError) -> JSONNumber {
        let start = pos
        var negative = false
        if bytes[pos] == UInt8(ascii: "-") {
            negative = true
            pos += 1
            guard pos < bytes.count, Self.isDigit(bytes[pos]) else {
                if pos < bytes.count, bytes[pos] == UInt8(ascii: "I") || bytes[pos] == UInt8(ascii: "i") {
                    throw error("NaN and Infinity are not valid JSON numbers", at: start)
                }
                throw error("expected a digit after '-', found \(describe(at: pos))", at: pos)
            }
        }
        // Track up to 19 significant digits and a decimal exponent for the fast conversion path.
        var mantissa: UInt64 = 0
        var significantDigits = 0
        var droppedDigits = false
        var decimalExponent = 0
        func addDigit(_ byte: UInt8, fractional: Bool) {
            let digit = UInt64(byte - UInt8(ascii: "0"))
            if significantDigits < 19 {
                mantissa = mantissa * 10 + digit
                if mantissa != 0 { significantDigits += 1 }
                if fractional { decimalExponent -= 1 }
            } else {
                if digit != 0 { droppedDigits = true }
                if !fractional { decimalExponent += 1 }
            }
        }

        if bytes[pos] == UInt8(ascii: "0") {
            pos += 1
            if pos < bytes.count, Self.isDigit(bytes[pos]) {
                throw error("numbers cannot have leading zeros", at: start)
            }
        } else {
            while pos < bytes.count, Self.isDigit(bytes[pos]) {
                addDigit(bytes[pos], fractional: false)
                pos += 1
            }
        }
        if pos < bytes.count, bytes[pos] == UInt8(ascii: ".") {
            pos += 1
            guard pos < bytes.count, Self.isDigit(bytes[pos]) else {
                throw error("expected a digit after the decimal point, found \(describe(at: pos))", at: pos)
            }
            while pos < bytes.count, Self.isDigit(bytes[pos]) {
                addDigit(bytes[pos], fractional: true)
                pos += 1
            }
        }
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "e") || bytes[pos] == UInt8(ascii: "E") {
            pos += 1
            var exponentNegative = false
            if pos < bytes.count, bytes[pos] == UInt8(ascii: "+") || bytes[pos] == UInt8(ascii: "-") {
                exponentNegative = bytes[pos] == UInt8(ascii: "-")
                pos += 1
            }
            guard pos < bytes.count, Self.isDigit(bytes[pos]) else {
                throw error("expected a digit in the exponent, found \(describe(at: pos))", at: pos)
            }
            var exponent = 0
            while pos < bytes.count, Self.isDigit(bytes[pos]) {
                // Past this cap the value is 0 or out of range whatever follows.
                exponent = min(exponent * 10 + Int(bytes[pos] - UInt8(ascii: "0")), 1_000_000)
                pos += 1
            }
            decimalExponent += exponentNegative ? -exponent : exponent
        }

        let literal = String(decoding: bytes[start..<pos], as: UTF8.self)
        var value: Double
        if !droppedDigits, mantissa < (1 << 53), (-22...22).contains(decimalExponent) {
            // Both operands are exact, so one IEEE multiply or divide is correctly rounded.
            let scale = Self.powersOfTen[Int(decimalExponent.magnitude)]
            value = decimalExponent < 0 ? Double(mantissa) / scale : Double(mantissa) * scale
            if negative { value = -value }
        } else if let converted = Double(literal) {
            value = converted
        } else {
            // Unreachable for text that passed the grammar above; report rather than trap.
            throw error("number \(literal) could not be converted", at: start)
        }
        guard value.isFinite else {
            let shown = literal.count > 40 ? String(literal.prefix(37)) + "..." : literal
            throw error("number \(shown) is out of range", at: start)
        }
        return JSONNumber(validatedLiteral: literal, value: value)
    }

    static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    // MARK: Whitespace and positions

    mutating func skipWhitespace() {
        while pos < bytes.count {
            switch bytes[pos] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"):
                pos += 1
            case UInt8(ascii: "\n"):
                pos += 1
                startLine()
            case UInt8(ascii: "\r"):
                pos += 1
                // CRLF is one line break; a lone CR (old Mac files) is one too.
                if pos < bytes.count, bytes[pos] == UInt8(ascii: "\n") { pos += 1 }
                startLine()
            default:
                return
            }
        }
    }

    mutating func startLine() {
        line += 1
        lineStart = pos
        columnCacheOffset = pos
        columnCacheValue = 1
    }

    /// Line and column of `offset`, which must lie on the current line.
    mutating func location(of offset: Int) -> (line: Int, column: Int) {
        if offset < columnCacheOffset {
            columnCacheOffset = lineStart
            columnCacheValue = 1
        }
        var column = columnCacheValue
        var index = columnCacheOffset
        while index < offset {
            // Every byte that is not a UTF-8 continuation byte starts a new scalar.
            if bytes[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        columnCacheOffset = offset
        columnCacheValue = column
        return (line, column)
    }

    mutating func error(_ message: String, at offset: Int) -> JSONSyntaxError {
        let (line, column) = location(of: offset)
        return JSONSyntaxError(line: line, column: column, message: message)
    }

    /// What the byte at `offset` looks like, for "found ..." in messages.
    func describe(at offset: Int) -> String {
        guard offset < bytes.count else { return "end of input" }
        let byte = bytes[offset]
        switch byte {
        case UInt8(ascii: "'"):
            return "a single quote (JSON strings use double quotes)"
        case 0x21...0x7E:
            return "'\(Character(Unicode.Scalar(byte)))'"
        case 0x00..<0x20, 0x7F:
            return "control character \(Self.scalarName(UInt32(byte)))"
        case 0x20:
            return "a space"
        default:
            let length = Self.utf8SequenceLength(bytes, at: offset)
            guard length > 0 else { return "invalid UTF-8 byte \(Self.hexByte(byte))" }
            let scalarText = String(decoding: bytes[offset..<offset + length], as: UTF8.self)
            let code = scalarText.unicodeScalars.first.map { $0.value } ?? 0
            return "'\(scalarText)' (\(Self.scalarName(code)))"
        }
    }

    // MARK: Byte classes

    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    static func isWordByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"):
            true
        default:
            false
        }
    }

    static func hexByte(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: true)
        return "0x" + (digits.count < 2 ? "0" + digits : digits)
    }

    /// "U+000A" style name of a code point.
    static func scalarName(_ code: UInt32) -> String {
        let digits = String(code, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

// MARK: Strings

extension JSONScanner {
    /// Reads a string starting at the opening quote at `pos`; `line`/`column` locate that quote.
    mutating func scanString(line: Int, column: Int) throws(JSONSyntaxError) -> String {
        pos += 1
        var segmentStart = pos
        // Only strings with escapes need a buffer; the rest decode straight from the input.
        var unescaped: [UInt8] = []
        var hasEscapes = false
        while true {
            guard pos < bytes.count else {
                throw JSONSyntaxError(line: line, column: column, message: "unterminated string")
            }
            let byte = bytes[pos]
            if byte == UInt8(ascii: "\"") {
                let text: String
                if hasEscapes {
                    unescaped.append(contentsOf: bytes[segmentStart..<pos])
                    text = String(decoding: unescaped, as: UTF8.self)
                } else {
                    text = String(decoding: bytes[segmentStart..<pos], as: UTF8.self)
                }
                pos += 1
                return text
            } else if byte == UInt8(ascii: "\\") {
                hasEscapes = true
                unescaped.append(contentsOf: bytes[segmentStart..<pos])
                try scanEscape(into: &unescaped)
                segmentStart = pos
            } else if byte < 0x20 {
                throw error(Self.controlCharacterMessage(byte), at: pos)
            } else if byte < 0x80 {
                pos += 1
            } else {
                let length = Self.utf8SequenceLength(bytes, at: pos)
                guard length > 0 else { throw error("invalid UTF-8 byte \(Self.hexByte(byte))", at: pos) }
                pos += length
            }
        }
    }

    static func controlCharacterMessage(_ byte: UInt8) -> String {
        switch byte {
        case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
            "line break inside a string (is a closing quote missing? write a line break as \\n)"
        case UInt8(ascii: "\t"):
            "tab character inside a string (write it as \\t)"
        default:
            "control character \(scalarName(UInt32(byte))) inside a string (write it as \\u\(scalarName(UInt32(byte)).dropFirst(2)))"
        }
    }

    /// Decodes the escape at `pos` (a backslash) and appends its UTF-8 bytes.
    mutating func scanEscape(into output: inout [UInt8]) throws(JSONSyntaxError) {
        let escapeStart = pos
        pos += 1
        // A backslash at the very end: scanString reports the unterminated string at its quote.
        guard pos < bytes.count else { return }
        let simple: UInt8
        switch bytes[pos] {
        case UInt8(ascii: "\""): simple = UInt8(ascii: "\"")
        case UInt8(ascii: "\\"): simple = UInt8(ascii: "\\")
        case UInt8(ascii: "/"): simple = UInt8(ascii: "/")
        case UInt8(ascii: "b"): simple = 0x08
        case UInt8(ascii: "f"): simple = 0x0C
        case UInt8(ascii: "n"): simple = 0x0A
        case UInt8(ascii: "r"): simple = 0x0D
        case UInt8(ascii: "t"): simple = 0x09
        case UInt8(ascii: "u"):
            pos += 1
            let unit = try scanHex4(escapeStart: escapeStart)
            var code = UInt32(unit)
            if (0xDC00...0xDFFF).contains(unit) {
                throw error("lone surrogate \\u\(Self.hex4(unit)) in string (a low surrogate must follow a high one)", at: escapeStart)
            }
            if (0xD800...0xDBFF).contains(unit) {
                let lowStart = pos
                guard pos + 1 < bytes.count, bytes[pos] == UInt8(ascii: "\\"), bytes[pos + 1] == UInt8(ascii: "u") else {
                    throw error("lone surrogate \\u\(Self.hex4(unit)) in string (a high surrogate must be followed by \\uDC00-\\uDFFF)", at: escapeStart)
                }
                pos += 2
                let low = try scanHex4(escapeStart: lowStart)
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw error("lone surrogate \\u\(Self.hex4(unit)) in string (a high surrogate must be followed by \\uDC00-\\uDFFF)", at: escapeStart)
                }
                code = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
            }
            // Surrogates were handled above, so every remaining code is a valid scalar.
            if let scalar = Unicode.Scalar(code) {
                output.append(contentsOf: scalar.utf8)
            }
            return
        default:
            let shown = describe(at: pos)
            throw error("invalid escape in string: a backslash cannot be followed by \(shown) (valid escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)", at: escapeStart)
        }
        output.append(simple)
        pos += 1
    }

    mutating func scanHex4(escapeStart: Int) throws(JSONSyntaxError) -> UInt16 {
        var unit: UInt16 = 0
        for _ in 0..<4 {
            let byte: UInt8 = pos < bytes.count ? bytes[pos] : 0
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default:
                throw error("invalid \\u escape: expected 4 hex digits, found \(describe(at: pos))", at: escapeStart)
            }
            unit = unit << 4 | UInt16(digit)
            pos += 1
        }
        return unit
    }

    static func hex4(_ unit: UInt16) -> String {
        let digits = String(unit, radix: 16, uppercase: true)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }

    /// Length of the well-formed UTF-8 sequence starting at `offset` (Unicode Table 3-7), or 0
    /// if it is ill-formed: overlong, a surrogate, above U+10FFFF, or truncated.
    static func utf8SequenceLength(_ bytes: [UInt8], at offset: Int) -> Int {
        let lead = bytes[offset]
        let length: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; secondRange = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; secondRange = 0x80...0x9F
        case 0xF0: length = 4; secondRange = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; secondRange = 0x80...0x8F
        default: return 0
        }
        guard offset + length <= bytes.count, secondRange.contains(bytes[offset + 1]) else { return 0 }
        for index in offset + 2 ..< offset + length where bytes[index] & 0xC0 != 0x80 {
            return 0
        }
        return length
    }
}
