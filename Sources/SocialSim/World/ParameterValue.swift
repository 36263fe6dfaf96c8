/// A parameter's value as a world file states it.
public enum ParameterValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    /// A non-negative integer kept exact (seeds can exceed 2^53).
    case unsigned(UInt64)
    case string(String)
    /// One number per dimension.
    case numbers([Double])
    /// A dimension-by-dimension matrix, row-major rows.
    case matrix([[Double]])
}

/// What a parameter accepts. Ranges are closed; cross-parameter rules (degree below the
/// number of agents, correction before the horizon, ...) are checked by ``WorldValidation``.
public enum ParameterKind: Sendable, Equatable {
    case real(ClosedRange<Double>)
    case integer(ClosedRange<Int>)
    /// An integer or null (null means "off").
    case optionalInteger(ClosedRange<Int>)
    /// A non-negative 64-bit integer.
    case seed
    case flag
    /// Free text of at most this many characters.
    case text(maxLength: Int)
    /// A name of letters, digits, '-', '_' or '.', 1 to 64 characters.
    case identifier
    /// One of the listed words.
    case choice([String])
    /// One number per dimension (economic, institutional, attention, narrative), each in range.
    case perDimension(ClosedRange<Double>)
    /// A 4x4 matrix of numbers in range; rows are the locked dimension.
    case dimensionMatrix(ClosedRange<Double>)

    /// What is allowed, in words, for error messages and docs.
    public var allowed: String {
        switch self {
        case .real(let r): "a number from \(Self.text(r.lowerBound)) to \(Self.text(r.upperBound))"
        case .integer(let r): "an integer from \(r.lowerBound) to \(r.upperBound)"
        case .optionalInteger(let r): "null or an integer from \(r.lowerBound) to \(r.upperBound)"
        case .seed: "an integer from 0 to \(UInt64.max)"
        case .flag: "true or false"
        case .text(let n): "a string of at most \(n) characters"
        case .identifier: "a name of 1 to 64 letters, digits, '-', '_' or '.'"
        case .choice(let words): "one of " + words.map { "\"\($0)\"" }.joined(separator: ", ")
        case .perDimension(let r):
            "an array of 4 numbers (economic, institutional, attention, narrative), each from \(Self.text(r.lowerBound)) to \(Self.text(r.upperBound))"
        case .dimensionMatrix(let r):
            "a 4x4 array of arrays of numbers, each from \(Self.text(r.lowerBound)) to \(Self.text(r.upperBound))"
        }
    }

    static func text(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
    }

    /// Nil when `value` is allowed, else why not.
    public func check(_ value: ParameterValue) -> String? {
        switch (self, value) {
        case (.real(let r), .number(let x)):
            return x.isFinite && r.contains(x) ? nil : "out of range"
        case (.integer(let r), .number(let x)), (.optionalInteger(let r), .number(let x)):
            guard x.isFinite, x == x.rounded() else { return "not an integer" }
            return x >= Double(r.lowerBound) && x <= Double(r.upperBound) ? nil : "out of range"
        case (.optionalInteger, .null):
            return nil
        case (.seed, .unsigned):
            return nil
        case (.flag, .bool):
            return nil
        case (.text(let n), .string(let s)):
            return s.count <= n ? nil : "too long"
        case (.identifier, .string(let s)):
            let ok = !s.isEmpty && s.count <= 64
                && s.unicodeScalars.allSatisfy { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || "-_.".unicodeScalars.contains($0) }
            return ok ? nil : "not a valid name"
        case (.choice(let words), .string(let s)):
            return words.contains(s) ? nil : "not one of the choices"
        case (.perDimension(let r), .numbers(let xs)):
            guard xs.count == 4 else { return "needs exactly 4 numbers, got \(xs.count)" }
            return xs.allSatisfy({ $0.isFinite && r.contains($0) }) ? nil : "a number is out of range"
        case (.dimensionMatrix(let r), .matrix(let rows)):
            guard rows.count == 4, rows.allSatisfy({ $0.count == 4 }) else { return "needs 4 rows of 4 numbers" }
            return rows.joined().allSatisfy({ $0.isFinite && r.contains($0) }) ? nil : "a number is out of range"
        default:
            return "wrong type"
        }
    }
}
