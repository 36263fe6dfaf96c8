/// A narrative frame: a story agents tell about the deployed system ("it helps me",
/// "it betrayed us", "nothing can be done"). Frames spread between neighbours, bend how
/// outcomes are perceived, change how feedback is given, and, once the agent's narrative
/// constraint locks, become identity.
///
/// ```swift
/// var betrayed = Frame(name: "betrayed")
/// betrayed.cue = .harm
/// betrayed.harmPerception = 1.6
/// ```
public struct Frame: Sendable, Equatable, Hashable {
    /// Short name used in outputs (a CSV column `share_<name>`).
    public var name: String
    /// Fraction of agents holding the frame at step 0, in [0, 1]; shares are normalized.
    public var initialShare: Double = 0
    /// Complex contagion: the fraction of an agent's neighbours that must hold the frame
    /// before the agent can adopt it, in [0, 1] (Centola & Macy 2007).
    public var adoptionThreshold: Double = 0.3
    /// Probability per step of adopting when the threshold is met and the frame fits the
    /// agent's experience perfectly, in [0, 1].
    public var adoptionRate: Double = 0.1
    /// Which experience makes the frame ring true to an agent.
    public var cue: ExperienceCue = .none
    /// Multiplier on perceived harm (1 = undistorted), >= 0.
    public var harmPerception: Double = 1
    /// Multiplier on perceived benefit (1 = undistorted), >= 0.
    public var benefitPerception: Double = 1
    /// Extra probability of giving no feedback at all, in [0, 1].
    public var feedbackSilence: Double = 0
    /// Extra probability of giving inverted feedback (rating the opposite of the
    /// experience), in [0, 1].
    public var feedbackInversion: Double = 0
    /// Change of trust per step from holding the frame (trust units per step).
    public var trustDrift: Double = 0
    /// Narrative-constraint accumulated per step while the frame is held (stock units per step).
    public var narrativeLoad: Double = 0

    public init(name: String) { self.name = name }
}

/// The experience against which a frame's fit is judged.
public enum ExperienceCue: String, Sendable, CaseIterable, Hashable, BitwiseCopyable {
    /// Fits everyone equally (spreads by neighbours alone).
    case none
    /// Fits agents who recently benefited.
    case benefit
    /// Fits agents whose trust is low (they feel harmed).
    case harm
    /// Fits agents whose constraints are high or locked.
    case constraint
}
