/// A deterministic pretty printer for `JSONValue`: the same value always gives the same bytes.
///
/// Layout: 2-space indentation; object members in stored order as `"key": value`; arrays whose
/// elements are all scalars on one line (`[0.1, 0.2, 0.3]`); arrays holding any array or object
/// one element per line; empty containers as `[]` and `{}`; a newline at the end.
/// Strings escape only `"`, `\` and control characters (as `\b \f \n \r \t` or `\u001f`);
/// `/` and non-ASCII text are written as is. Numbers are written as `JSONNumber.text`.
/// Numbers are finite by construction, so the writer cannot be asked to write NaN or infinity.
enum JSONWriter {
    static func string(from value: JSONValue) -> String {
        String(decoding: bytes(from: value), as: UTF8.self)
    }

    static func string(from node: JSONNode) -> String {
        string(from: node.value)
    }

    static func bytes(from value: JSONValue) -> [UInt8] {
        var output: [UInt8] = []
        write(value, indent: 0, into: &output)
        output.append(UInt8(ascii: "\n"))
        return output
    }

    /// `text` as a JSON string literal, quotes included.
    static func quoted(_ text: String) -> String {
        var output: [UInt8] = []
        appendQuoted(text, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    private static func write(_ value: JSONValue, indent: Int, into output: inout [UInt8]) {
        switch value {
        case .null:
            output.append(contentsOf: "null".utf8)
        case .bool(let flag):
            output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .number(let number):
            output.append(contentsOf: number.text.utf8)
        case .string(let text):
            appendQuoted(text, to: &output)
        case .array(let elements):
            if elements.isEmpty {
                output.append(contentsOf: "[]".utf8)
            } else if elements.allSatisfy({ isScalar($0.value) }) {
                output.append(UInt8(ascii: "["))
                for (index, element) in elements.enumerated() {
                    if index > 0 { output.append(contentsOf: ", ".utf8) }
                    write(element.value, indent: indent, into: &output)
                }
                output.append(UInt8(ascii: "]"))
            } else {
                output.append(contentsOf: "[\n".utf8)
                for (index, element) in elements.enumerated() {
                    appendSpaces(indent + 2, to: &output)
                    write(element.value, indent: indent + 2, into: &output)
                    if index < elements.count - 1 { output.append(UInt8(ascii: ",")) }
                    output.append(UInt8(ascii: "\n"))
                }
                appendSpaces(indent, to: &output)
                output.append(UInt8(ascii: "]"))
            }
        case .object(let members):
            if members.isEmpty {
                output.append(contentsOf: "{}".utf8)
                return
            }
            output.append(contentsOf: "{\n".utf8)
            for (index, member) in members.enumerated() {
                appendSpaces(indent + 2, to: &output)
                appendQuoted(member.key, to: &output)
                output.append(contentsOf: ": ".utf8)
                write(member.value.value, indent: indent + 2, into: &output)
                if index < members.count - 1 { output.append(UInt8(ascii: ",")) }
                output.append(UInt8(ascii: "\n"))
            }
            appendSpaces(indent, to: &output)
            output.append(UInt8(ascii: "}"))
        }
    }

    private static func isScalar(_ value: JSONValue) -> Bool {
        switch value {
        case .array, .object: false
        default: true
        }
    }

    private static func appendSpaces(_ count: Int, to output: inout [UInt8]) {
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: count))
    }

    /// Quotes `text` as a JSON string. Besides what JSON requires (quote, backslash, C0
    /// controls), DEL, C1 controls and bidirectional overrides are written as `\uXXXX`: JSON
    /// allows them raw, but raw they are terminal escapes and display tricks.
    private static func appendQuoted(_ text: String, to output: inout [UInt8]) {
        let hexDigits = Array("0123456789abcdef".utf8)
        output.append(UInt8(ascii: "\""))
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x22: output.append(contentsOf: "\\\"".utf8)
            case 0x5C: output.append(contentsOf: "\\\\".utf8)
            case 0x08: output.append(contentsOf: "\\b".utf8)
            case 0x0C: output.append(contentsOf: "\\f".utf8)
            case 0x0A: output.append(contentsOf: "\\n".utf8)
            case 0x0D: output.append(contentsOf: "\\r".utf8)
            case 0x09: output.append(contentsOf: "\\t".utf8)
            case let v where v < 0x20 || SafeText.isUnsafe(scalar):
                output.append(contentsOf: "\\u".utf8)
                for shift in stride(from: 12, through: 0, by: -4) { output.append(hexDigits[Int((v >> UInt32(shift)) & 0xF)]) }
            default:
                output.append(contentsOf: String(scalar).utf8)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
