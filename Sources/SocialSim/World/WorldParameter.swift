import NarrativeModel

/// One parameter of a world file: its key path, what it accepts, its unit and meaning, and how
/// it is read from and written to a ``WorldConfig``. The list ``WorldParameters/all`` is the
/// single source for decoding world files, `--set` overrides, validation messages and the
/// parameter reference in docs/.
public struct WorldParameter: Sendable {
    /// Dotted key path, as in the world file: `trust.lossRate`.
    public let path: String
    public let kind: ParameterKind
    /// Unit of the value ("" for pure numbers).
    public let unit: String
    /// What the parameter means, in a sentence.
    public let meaning: String
    public let get: @Sendable (WorldConfig) -> ParameterValue
    /// Writes a value already accepted by `kind.check`.
    public let set: @Sendable (inout WorldConfig, ParameterValue) -> Void

    static func real(_ path: String, _ kp: WritableKeyPath<WorldConfig, Double> & Sendable, _ range: ClosedRange<Double>,
                     _ unit: String, _ meaning: String) -> WorldParameter {
        WorldParameter(path: path, kind: .real(range), unit: unit, meaning: meaning,
                       get: { .number($0[keyPath: kp]) },
                       set: { c, v in if case .number(let x) = v { c[keyPath: kp] = x } })
    }

    static func integer(_ path: String, _ kp: WritableKeyPath<WorldConfig, Int> & Sendable, _ range: ClosedRange<Int>,
                        _ unit: String, _ meaning: String) -> WorldParameter {
        WorldParameter(path: path, kind: .integer(range), unit: unit, meaning: meaning,
                       get: { .number(Double($0[keyPath: kp])) },
                       set: { c, v in if case .number(let x) = v { c[keyPath: kp] = Int(x) } })
    }

    static func optionalInteger(_ path: String, _ kp: WritableKeyPath<WorldConfig, Int?> & Sendable, _ range: ClosedRange<Int>,
                                _ unit: String, _ meaning: String) -> WorldParameter {
        WorldParameter(path: path, kind: .optionalInteger(range), unit: unit, meaning: meaning,
                       get: { c in c[keyPath: kp].map { .number(Double($0)) } ?? .null },
                       set: { c, v in
                           if case .number(let x) = v { c[keyPath: kp] = Int(x) }
                           if case .null = v { c[keyPath: kp] = nil }
                       })
    }

    static func flag(_ path: String, _ kp: WritableKeyPath<WorldConfig, Bool> & Sendable, _ meaning: String) -> WorldParameter {
        WorldParameter(path: path, kind: .flag, unit: "", meaning: meaning,
                       get: { .bool($0[keyPath: kp]) },
                       set: { c, v in if case .bool(let b) = v { c[keyPath: kp] = b } })
    }

    static func choice<E: RawRepresentable & CaseIterable & Sendable>(
        _ path: String, _ kp: WritableKeyPath<WorldConfig, E> & Sendable, _ meaning: String
    ) -> WorldParameter where E.RawValue == String {
        WorldParameter(path: path, kind: .choice(E.allCases.map(\.rawValue)), unit: "", meaning: meaning,
                       get: { .string($0[keyPath: kp].rawValue) },
                       set: { c, v in if case .string(let s) = v, let e = E(rawValue: s) { c[keyPath: kp] = e } })
    }

    static func perDimension(_ path: String, _ kp: WritableKeyPath<WorldConfig, [Double]> & Sendable, _ range: ClosedRange<Double>,
                             _ unit: String, _ meaning: String) -> WorldParameter {
        WorldParameter(path: path, kind: .perDimension(range), unit: unit, meaning: meaning,
                       get: { .numbers($0[keyPath: kp]) },
                       set: { c, v in if case .numbers(let xs) = v { c[keyPath: kp] = xs } })
    }
}
