/// One `--set` assignment, as a user would type it: `constraints.floorFraction=0`.
///
/// Values are written as on the command line: JSON (`0`, `[[0,0,0,0],...]`, `false`), a bare word
/// for a choice (`constructive`), or `@other.key` to copy another parameter's value. Keys may use
/// `narrative.frames[*].field` for every frame.
public struct ParameterOverride: Sendable, Hashable {
    public let key: String
    public let value: String

    public init(_ key: String, _ value: String) {
        self.key = key
        self.value = value
    }

    /// `key=value`, the form `--set` takes.
    public var text: String { "\(key)=\(value)" }
}

/// A named mechanism of the model and the documented parameters that switch it off.
///
/// ``Mechanisms/all`` is the single table read by `simrunner ablate`, its `--help` and
/// docs/mechanisms.md. Adding a mechanism to the model adds a row there.
///
/// ```swift
/// MechanismSwitch(name: "floor", title: "ratchet floor", group: .constraints,
///                 off: [.init("constraints.floorFraction", "0")],
///                 why: "Locks set no floor, so nothing holds a locked stock up.")
/// ```
public struct MechanismSwitch: Sendable {
    /// Short identifier used in outputs and in `--mechanisms`: `floor`, `region-caps`.
    public let name: String
    /// The mechanism in words: "ratchet floor".
    public let title: String
    public let group: MechanismGroup
    /// The overrides that switch the mechanism off, applied on top of the base world.
    public let off: [ParameterOverride]
    /// Why these overrides switch it off and leave the rest of the model as it was.
    public let why: String
    /// Overrides that switch the mechanism on in a world where it is off by design (a safeguard,
    /// a constructive principle); empty when it cannot be switched on that way.
    public let on: [ParameterOverride]
    /// Whether the mechanism acts at all in a world. A world where it does not act gets the
    /// `on` overrides (if any) as the base of its ablation, or is reported as not active.
    public let acts: @Sendable (WorldConfig) -> Bool

    public init(name: String, title: String, group: MechanismGroup, off: [ParameterOverride], why: String,
                on: [ParameterOverride] = [], acts: @escaping @Sendable (WorldConfig) -> Bool = { _ in true }) {
        self.name = name
        self.title = title
        self.group = group
        self.off = off
        self.why = why
        self.on = on
        self.acts = acts
    }

    /// The `off` overrides as `--set` arguments: `--set a=1 --set b=2`.
    public var offArguments: String { off.map { "--set \($0.text)" }.joined(separator: " ") }
}

/// The part of the model a mechanism belongs to, in the order the table lists them.
public enum MechanismGroup: String, Sendable, CaseIterable {
    case constraints
    case preferences
    case feedback
    case trust
    case narrative
    case optimizer
    case constructive
    case safeguards
}
