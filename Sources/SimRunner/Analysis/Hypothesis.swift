import Foundation

/// A declared hypothesis: a statement about one quantity an experiment estimates, such as
/// `R(100) > 0.5`, `d_star >= 80`, `unrecoverable(300) - unrecoverable(100) > 0`,
/// `horizon_welfare[constructive] - horizon_welfare[welfare-aware] >= 0.02` or
/// `Δ d_star[floor] < 0` (the paired change when the mechanism is switched off).
///
/// The experiment estimates the quantity with a 95% interval; the hypothesis is *supported*
/// when the whole interval satisfies the inequality, *contradicted* when the whole interval
/// violates it, and *inconclusive* when the interval straddles the threshold. A quantity the
/// experiment cannot estimate (R where the stake is too small, a half-life that never
/// happened) makes the verdict *undefined*, never a guess.
struct Hypothesis: Sendable, Equatable {
    /// The text as declared (for findings and reports).
    var text: String
    var quantity: Quantity
    var relation: Relation
    var threshold: Double

    /// What a hypothesis is about.
    enum Quantity: Sendable, Equatable, CustomStringConvertible {
        /// A measure, with an optional argument: `R(100)`, `d_star`, `horizon_welfare`.
        case measure(name: String, argument: Double?)
        /// A measure in one world of a comparison: `final_trust[constructive]`.
        case inWorld(name: String, world: String)
        /// The paired difference of a measure between two worlds on common seeds.
        case difference(name: String, world: String, minus: String)
        /// The paired difference of a measure between two arguments (delays) on common seeds:
        /// `unrecoverable(300) - unrecoverable(100)`.
        case argumentDifference(name: String, argument: Double, minus: Double)
        /// The paired change of a measure when a mechanism is switched off (variant − base):
        /// `Δ horizon_welfare[floor]`, `Δ R(100)[hysteresis]`.
        case change(name: String, argument: Double?, mechanism: String)

        /// The measure's name, whatever the form.
        var name: String {
            switch self {
            case .measure(let n, _), .inWorld(let n, _), .difference(let n, _, _), .argumentDifference(let n, _, _), .change(let n, _, _): n
            }
        }

        var description: String {
            switch self {
            case .measure(let name, let argument):
                argument.map { "\(name)(\(ParameterKindText.number($0)))" } ?? name
            case .inWorld(let name, let world): "\(name)[\(world)]"
            case .difference(let name, let a, let b): "\(name)[\(a)] - \(name)[\(b)]"
            case .argumentDifference(let name, let a, let b):
                "\(name)(\(ParameterKindText.number(a))) - \(name)(\(ParameterKindText.number(b)))"
            case .change(let name, let argument, let mechanism):
                "Δ " + Self.measure(name: name, argument: argument).description + "[\(mechanism)]"
            }
        }
    }

    enum Relation: String, Sendable, Equatable, CaseIterable {
        case greater = ">"
        case greaterOrEqual = ">="
        case less = "<"
        case lessOrEqual = "<="

        func holds(_ x: Double, _ threshold: Double) -> Bool {
            switch self {
            case .greater: x > threshold
            case .greaterOrEqual: x >= threshold
            case .less: x < threshold
            case .lessOrEqual: x <= threshold
            }
        }
    }

    enum Verdict: String, Sendable, Equatable {
        case supported
        case contradicted
        case inconclusive
        case undefined
    }

    /// What the experiment measured of the quantity.
    struct Estimate: Sendable, Equatable {
        /// May be infinite for a censored quantity (d* beyond the last delay tried), never NaN.
        var value: Double
        /// The 95% interval; nil when it could not be formed (e.g. one seed).
        var interval: ClosedRange<Double>?
        /// How the interval was made and what it is conditioned on, for the findings.
        var basis: String
    }

    /// The verdict on an estimate (nil: the experiment could not estimate the quantity).
    func verdict(on estimate: Estimate?) -> Verdict {
        guard let e = estimate, !e.value.isNaN else { return .undefined }
        guard let ci = e.interval else { return .inconclusive }
        let lowHolds = relation.holds(ci.lowerBound, threshold)
        let highHolds = relation.holds(ci.upperBound, threshold)
        if lowHolds && highHolds { return .supported }
        if !lowHolds && !highHolds { return .contradicted }
        return .inconclusive
    }

    /// One sentence for findings.txt.
    func finding(_ estimate: Estimate?) -> String {
        let v = verdict(on: estimate)
        guard let e = estimate, !e.value.isNaN else {
            return "hypothesis \"\(text)\": undefined (the experiment could not estimate \(quantity))"
        }
        let ci = e.interval.map { " [\(ParameterKindText.number($0.lowerBound, digits: 3)), \(ParameterKindText.number($0.upperBound, digits: 3))]" } ?? " (no interval)"
        return "hypothesis \"\(text)\": \(v.rawValue): \(quantity) = \(ParameterKindText.number(e.value, digits: 3))\(ci), \(e.basis)"
    }
}

/// Parsing of declared hypotheses. The grammar is small on purpose:
///
///     hypothesis := quantity relation number
///     quantity   := name [ "(" number ")" ] [ "-" name "(" number ")" ]
///                 | name "[" world "]" [ "-" name "[" world "]" ]
///                 | ( "Δ" | "delta" ) name [ "(" number ")" ] "[" mechanism "]"
///     relation   := ">" | ">=" | "<" | "<="
///
/// A difference must name the same measure twice, so that it is a paired difference.
enum HypothesisParser {
    struct ParseError: Error, Equatable, CustomStringConvertible {
        var text: String
        var reason: String
        var description: String { "hypothesis \"\(text)\": \(reason)" }
    }

    /// The longest text accepted, so a hostile file cannot make a huge message.
    static let maxLength = 300

    static func parse(_ raw: String) throws(ParseError) -> Hypothesis {
        let text = raw.trimmingWhitespace()
        guard text.count <= maxLength else {
            throw ParseError(text: String(text.prefix(40)) + "…", reason: "longer than \(maxLength) characters")
        }
        guard !text.isEmpty else { throw ParseError(text: text, reason: "empty") }
        // The relation: the last comparison operator in the text (names never hold one).
        var found: (relation: Hypothesis.Relation, range: Range<String.Index>)? = nil
        for relation in [Hypothesis.Relation.greaterOrEqual, .lessOrEqual, .greater, .less] {
            if let r = text.range(of: relation.rawValue, options: .backwards) {
                if found == nil || r.lowerBound > found!.range.lowerBound { found = (relation, r) }
            }
        }
        guard let (relation, range) = found else {
            throw ParseError(text: text, reason: "needs one of >, >=, <, <= followed by a number")
        }
        let left = String(text[..<range.lowerBound]).trimmingWhitespace()
        let right = String(text[range.upperBound...]).trimmingWhitespace()
        guard let threshold = Double(right), threshold.isFinite else {
            throw ParseError(text: text, reason: "the right-hand side \"\(right.prefix(40))\" is not a finite number")
        }
        let quantity = try parseQuantity(left, text: text)
        return Hypothesis(text: text, quantity: quantity, relation: relation, threshold: threshold)
    }

    private static func parseQuantity(_ s: String, text: String) throws(ParseError) -> Hypothesis.Quantity {
        guard !s.isEmpty else { throw ParseError(text: text, reason: "nothing before the comparison") }
        if let rest = changePrefix(s) {
            // Δ measure[mechanism] or Δ measure(d)[mechanism]: the change when the mechanism is switched off.
            guard let open = rest.lastIndex(of: "["), rest.hasSuffix("]") else {
                throw ParseError(text: text, reason: "a change is written Δ measure[mechanism] or Δ measure(d)[mechanism]")
            }
            let mechanism = String(rest[rest.index(after: open)..<rest.index(before: rest.endIndex)]).trimmingWhitespace()
            guard !mechanism.isEmpty, mechanism.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
                throw ParseError(text: text, reason: "\"\(mechanism.prefix(40))\" is not a mechanism name")
            }
            guard case .measure(let name, let argument) = try parseQuantity(String(rest[..<open]).trimmingWhitespace(), text: text) else {
                throw ParseError(text: text, reason: "a change is written Δ measure[mechanism] or Δ measure(d)[mechanism]")
            }
            return .change(name: name, argument: argument, mechanism: mechanism)
        }
        if let dash = differenceSplit(s) {
            let a = try parseQuantity(dash.left, text: text)
            let b = try parseQuantity(dash.right, text: text)
            switch (a, b) {
            case (.inWorld(let na, let wa), .inWorld(let nb, let wb)):
                guard na == nb else {
                    throw ParseError(text: text, reason: "a difference must compare one measure in two worlds (\(na) vs \(nb))")
                }
                guard wa != wb else { throw ParseError(text: text, reason: "a difference needs two different worlds") }
                return .difference(name: na, world: wa, minus: wb)
            case (.measure(let na, let xa?), .measure(let nb, let xb?)):
                guard na == nb else {
                    throw ParseError(text: text, reason: "a difference must compare one measure at two delays (\(na) vs \(nb))")
                }
                guard xa != xb else { throw ParseError(text: text, reason: "a difference needs two different delays") }
                return .argumentDifference(name: na, argument: xa, minus: xb)
            default:
                throw ParseError(text: text, reason: "a difference is written measure[world] - measure[world] or measure(d) - measure(d)")
            }
        }
        if let open = s.firstIndex(of: "["), s.hasSuffix("]") {
            let name = String(s[..<open]).trimmingWhitespace()
            let world = String(s[s.index(after: open)..<s.index(before: s.endIndex)]).trimmingWhitespace()
            try checkName(name, text: text)
            guard !world.isEmpty, world.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
                throw ParseError(text: text, reason: "\"\(world.prefix(40))\" is not a world name")
            }
            return .inWorld(name: name, world: world)
        }
        if let open = s.firstIndex(of: "("), s.hasSuffix(")") {
            let name = String(s[..<open]).trimmingWhitespace()
            let arg = String(s[s.index(after: open)..<s.index(before: s.endIndex)]).trimmingWhitespace()
            try checkName(name, text: text)
            guard let x = Double(arg), x.isFinite else {
                throw ParseError(text: text, reason: "the argument \"\(arg.prefix(40))\" of \(name) is not a number")
            }
            return .measure(name: name, argument: x)
        }
        try checkName(s, text: text)
        return .measure(name: s, argument: nil)
    }

    /// The text after a leading `Δ` or `delta ` (nil when there is none).
    private static func changePrefix(_ s: String) -> String? {
        if s.hasPrefix("Δ") { return String(s.dropFirst()).trimmingWhitespace() }
        if s.hasPrefix("delta"), let next = s.dropFirst(5).first, next.isWhitespace { return String(s.dropFirst(5)).trimmingWhitespace() }
        return nil
    }

    /// Splits `a[x] - b[y]` or `a(1) - a(2)` at the minus sign that separates two closed terms.
    private static func differenceSplit(_ s: String) -> (left: String, right: String)? {
        guard let close = s.firstIndex(where: { $0 == "]" || $0 == ")" }) else { return nil }
        let rest = s[s.index(after: close)...]
        guard let minus = rest.firstIndex(of: "-"), rest[..<minus].allSatisfy(\.isWhitespace) else { return nil }
        return (String(s[...close]).trimmingWhitespace(), String(s[s.index(after: minus)...]).trimmingWhitespace())
    }

    private static func checkName(_ name: String, text: String) throws(ParseError) {
        guard let first = name.first, first.isLetter,
              name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
            throw ParseError(text: text, reason: "\"\(name.prefix(40))\" is not a measure name (letters, digits and _)")
        }
    }
}

/// Number formatting shared by hypothesis messages.
enum ParameterKindText {
    static func number(_ x: Double, digits: Int? = nil) -> String {
        if x == x.rounded() && abs(x) < 1e15 { return String(Int(x)) }
        guard let digits else { return String(x) }
        return String(format: "%.\(digits)g", x)
    }
}

private extension String {
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
