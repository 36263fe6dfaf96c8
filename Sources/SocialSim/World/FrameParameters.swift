import NarrativeModel

/// One field of a narrative frame in a world file (`narrative.frames[i].<name>`).
public struct FrameParameter: Sendable {
    public let name: String
    public let kind: ParameterKind
    public let unit: String
    public let meaning: String
    public let get: @Sendable (Frame) -> ParameterValue
    public let set: @Sendable (inout Frame, ParameterValue) -> Void

    static func real(_ name: String, _ kp: WritableKeyPath<Frame, Double> & Sendable, _ range: ClosedRange<Double>,
                     _ unit: String, _ meaning: String) -> FrameParameter {
        FrameParameter(name: name, kind: .real(range), unit: unit, meaning: meaning,
                       get: { .number($0[keyPath: kp]) },
                       set: { f, v in if case .number(let x) = v { f[keyPath: kp] = x } })
    }
}

/// The fields of a frame. `name` is required; the others default to a frame with no effect.
public enum FrameParameters {
    public static let all: [FrameParameter] = [
        .init(name: "name", kind: .identifier, unit: "", meaning: "Name of the frame (unique), used in outputs as share_<name>.",
              get: { .string($0.name) }, set: { f, v in if case .string(let s) = v { f.name = s } }),
        .real("initialShare", \.initialShare, 0...1, "fraction", "Share of agents holding the frame at step 0 (shares are normalized)."),
        .real("adoptionThreshold", \.adoptionThreshold, 0...1, "fraction of neighbours", "Complex contagion: fraction of neighbours that must hold the frame before an agent can adopt it."),
        .real("adoptionRate", \.adoptionRate, 0...1, "probability per step", "Probability of adopting when the threshold is met and the frame fits perfectly."),
        .init(name: "cue", kind: .choice(ExperienceCue.allCases.map(\.rawValue)), unit: "",
              meaning: "Experience that makes the frame fit: none, benefit (recent benefit x trust), harm (1 - trust), constraint (share of locked dimensions).",
              get: { .string($0.cue.rawValue) },
              set: { f, v in if case .string(let s) = v, let c = ExperienceCue(rawValue: s) { f.cue = c } }),
        .real("harmPerception", \.harmPerception, 0...10, "factor", "Multiplier on perceived harm."),
        .real("benefitPerception", \.benefitPerception, 0...10, "factor", "Multiplier on perceived benefit."),
        .real("feedbackSilence", \.feedbackSilence, 0...1, "probability", "Extra probability of giving no feedback."),
        .real("feedbackInversion", \.feedbackInversion, 0...1, "probability", "Extra probability of inverted feedback."),
        .real("trustDrift", \.trustDrift, -1...1, "trust per step", "Change of trust per step from holding the frame."),
        .real("narrativeLoad", \.narrativeLoad, 0...10, "stock units per step", "Narrative constraint accumulated per step while the frame is held."),
    ]
}
