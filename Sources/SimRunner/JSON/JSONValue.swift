/// A JSON value, as parsed from a file or built for writing.
///
/// Arrays and objects hold `JSONNode`s so every nested value keeps the line and column where it
/// started in the source. Objects keep their members in source order and may be looked up by key.
enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONNode])
    case object([JSONMember])
}

/// A value together with the 1-based line and column where it starts in the source.
/// Columns count Unicode scalars, like `JSONSyntaxError`.
///
/// Values built in code rather than parsed have line and column 0. Equality ignores positions,
/// so a parsed document compares equal to the same document built by hand.
struct JSONNode: Sendable, Equatable {
    var value: JSONValue
    var line: Int
    var column: Int

    init(_ value: JSONValue, line: Int = 0, column: Int = 0) {
        self.value = value
        self.line = line
        self.column = column
    }

    static func == (lhs: JSONNode, rhs: JSONNode) -> Bool {
        lhs.value == rhs.value
    }

    var typeName: String { value.typeName }

    /// The value of the first member named `key`, or nil if absent or if this is not an object.
    subscript(key: String) -> JSONNode? { value[key] }

    /// The first member named `key` (with its key position), or nil.
    func member(named key: String) -> JSONMember? { value.member(named: key) }
}

/// One `"key": value` pair of an object, with the position of its key. Equality ignores positions.
struct JSONMember: Sendable, Equatable {
    var key: String
    var keyLine: Int
    var keyColumn: Int
    var value: JSONNode

    init(key: String, keyLine: Int = 0, keyColumn: Int = 0, value: JSONNode) {
        self.key = key
        self.keyLine = keyLine
        self.keyColumn = keyColumn
        self.value = value
    }

    static func == (lhs: JSONMember, rhs: JSONMember) -> Bool {
        lhs.key == rhs.key && lhs.value == rhs.value
    }
}

extension JSONValue {
    /// The JSON type name, for messages such as "expected a number, found string".
    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    var boolValue: Bool? {
        if case .bool(let b) = self { b } else { nil }
    }

    var numberValue: JSONNumber? {
        if case .number(let n) = self { n } else { nil }
    }

    var stringValue: String? {
        if case .string(let s) = self { s } else { nil }
    }

    var arrayValue: [JSONNode]? {
        if case .array(let items) = self { items } else { nil }
    }

    var objectMembers: [JSONMember]? {
        if case .object(let members) = self { members } else { nil }
    }

    /// The first member named `key` (with its key position), or nil if absent or not an object.
    /// Keys compare with Swift `String` equality (Unicode canonical equivalence).
    func member(named key: String) -> JSONMember? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }
    }

    /// The value of the first member named `key`, or nil if absent or if this is not an object.
    subscript(key: String) -> JSONNode? {
        member(named: key)?.value
    }
}

// Builders for values written by the program. They carry no source positions.
extension JSONValue {
    static func int(_ value: Int) -> JSONValue {
        .number(JSONNumber(value))
    }

    /// A number from a finite Double. NaN and infinity are programming errors here and trap;
    /// use `JSONNumber(_:)` (failable) where a value might not be finite.
    static func double(_ value: Double) -> JSONValue {
        guard let number = JSONNumber(value) else {
            preconditionFailure("JSON cannot represent \(value); only finite numbers can be written")
        }
        return .number(number)
    }

    static func makeArray(_ items: [JSONValue]) -> JSONValue {
        .array(items.map { JSONNode($0) })
    }

    /// An object with members in the given order: `.makeObject(["seed": .int(7), "name": .string("a")])`.
    static func makeObject(_ members: KeyValuePairs<String, JSONValue>) -> JSONValue {
        .object(members.map { JSONMember(key: $0.key, value: JSONNode($0.value)) })
    }

    /// An object with members in the given order, for members assembled in a loop.
    static func makeObject(_ members: [(String, JSONValue)]) -> JSONValue {
        .object(members.map { JSONMember(key: $0.0, value: JSONNode($0.1)) })
    }
}

/// A JSON number: its literal text and its nearest Double, which is always finite.
///
/// Parsed numbers keep the text as written; built numbers get canonical text (see `canonicalText`).
/// Two numbers are equal when their Doubles are equal and they agree on `exactInteger`, so
/// `1e4 == 10000` but two large integers that round to the same Double stay distinct.
struct JSONNumber: Sendable, Equatable, CustomStringConvertible {
    let literal: String
    let value: Double

    init(_ value: Int) {
        literal = String(value)
        self.value = Double(value)
    }

    /// Nil for NaN and infinity, which JSON cannot represent.
    init?(_ value: Double) {
        guard value.isFinite else { return nil }
        literal = Self.canonicalText(for: value)
        self.value = value
    }

    /// For the parser: `literal` must already match the JSON number grammar and `value` be its finite Double.
    init(validatedLiteral literal: String, value: Double) {
        self.literal = literal
        self.value = value
    }

    var description: String { literal }

    /// True when the literal has no fraction or exponent part.
    var isIntegerLiteral: Bool {
        !literal.utf8.contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
    }

    /// The literal's exact value as an Int, when it is a whole number that fits: "12", "1e4" and
    /// "10000.0" qualify; "1.5", "1e-1" and "1e19" do not. Computed from the text, not the Double,
    /// so integers above 2^53 (e.g. seeds) are exact.
    var exactInteger: Int? {
        if let plain = Int(literal) { return plain }
        var digits: [Int] = []  // significant digits, leading zeros dropped
        var exponent = 0
        var negative = false
        var exponentValue = 0
        var exponentNegative = false
        var inFraction = false
        var inExponent = false
        for byte in literal.utf8 {
            switch byte {
            case UInt8(ascii: "-"):
                if inExponent { exponentNegative = true } else { negative = true }
            case UInt8(ascii: "+"):
                break
            case UInt8(ascii: "."):
                inFraction = true
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                inExponent = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                let digit = Int(byte - UInt8(ascii: "0"))
                if inExponent {
                    // Any exponent this large already rules out an Int; capping avoids overflow.
                    exponentValue = min(exponentValue * 10 + digit, 1_000_000)
                } else {
                    if !(digits.isEmpty && digit == 0) { digits.append(digit) }
                    if inFraction { exponent -= 1 }
                }
            default:
                return nil
            }
        }
        exponent += exponentNegative ? -exponentValue : exponentValue
        while digits.last == 0 {
            digits.removeLast()
            exponent += 1
        }
        if digits.isEmpty { return 0 }
        guard exponent >= 0, digits.count + exponent <= 19 else { return nil }
        var result = 0
        for digit in digits + Array(repeating: 0, count: exponent) {
            let (shifted, overflow1) = result.multipliedReportingOverflow(by: 10)
            // Accumulate negative values downwards so Int.min is reachable.
            let (next, overflow2) = negative
                ? shifted.subtractingReportingOverflow(digit)
                : shifted.addingReportingOverflow(digit)
            if overflow1 || overflow2 { return nil }
            result = next
        }
        return result
    }

    /// The text the writer emits: integer literals that fit an Int verbatim (exact even above
    /// 2^53); otherwise the Double's canonical text.
    var text: String {
        // Whole-number literals are kept exactly, including unsigned 64-bit seeds above Int.max.
        // Negative zero is written "0" whatever its literal, so -0 and 0 give the same bytes
        // (and the same world hash): they are the same number to every reader.
        if value == 0 { return "0" }
        return isIntegerLiteral && (exactInteger != nil || UInt64(literal) != nil) ? literal : Self.canonicalText(for: value)
    }

    /// Integral values with magnitude below 2^53 as plain integers ("10000"; negative zero as "0"); all others as
    /// Swift's shortest round-trip `description` ("0.1", "1e-07", "1e+20"), which re-parses to the
    /// identical Double. `value` must be finite.
    static func canonicalText(for value: Double) -> String {
        precondition(value.isFinite, "JSON cannot represent \(value)")
        if value.magnitude < 9_007_199_254_740_992, value == value.rounded(.towardZero) {
            if value == 0 { return "0" }
            return String(Int(value))
        }
        return value.description
    }

    static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        lhs.value == rhs.value && lhs.exactInteger == rhs.exactInteger
    }
}
