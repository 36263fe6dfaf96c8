/// The frames of a world.
public struct NarrativeConfig: Sendable, Equatable, Hashable {
    /// The frames agents can hold; at least one.
    public var frames: [Frame]
    /// Identity lock: while an agent's narrative constraint is locked its frame cannot be
    /// dropped. False switches the mechanism off (frames keep spreading to locked agents); it
    /// exists so that an ablation can measure what identity lock-in does.
    public var identityLock = true

    public init(frames: [Frame] = NarrativeConfig.standardFrames) {
        self.frames = frames
    }

    /// The default set: neutral, benevolent, betrayed, fatalist. The values are
    /// illustrative, not calibrated: they encode the assumptions that distrust spreads
    /// more easily than goodwill, that a neutral view spreads back only slowly, and
    /// that betrayal and fatalism suppress honest feedback.
    public static var standardFrames: [Frame] {
        var neutral = Frame(name: "neutral")
        neutral.initialShare = 0.7
        neutral.adoptionThreshold = 0.5
        neutral.adoptionRate = 0.02

        var benevolent = Frame(name: "benevolent")
        benevolent.initialShare = 0.15
        benevolent.adoptionThreshold = 0.35
        benevolent.adoptionRate = 0.08
        benevolent.cue = .benefit
        benevolent.harmPerception = 0.6
        benevolent.benefitPerception = 1.3
        benevolent.trustDrift = 0.001
        benevolent.narrativeLoad = 0.002

        var betrayed = Frame(name: "betrayed")
        betrayed.initialShare = 0.1
        betrayed.adoptionThreshold = 0.3
        betrayed.adoptionRate = 0.1
        betrayed.cue = .harm
        betrayed.harmPerception = 1.6
        betrayed.benefitPerception = 0.7
        betrayed.feedbackSilence = 0.2
        betrayed.feedbackInversion = 0.1
        betrayed.trustDrift = -0.001
        betrayed.narrativeLoad = 0.006

        var fatalist = Frame(name: "fatalist")
        fatalist.initialShare = 0.05
        fatalist.adoptionThreshold = 0.3
        fatalist.adoptionRate = 0.1
        fatalist.cue = .constraint
        fatalist.benefitPerception = 0.5
        fatalist.feedbackSilence = 0.4
        fatalist.trustDrift = -0.001
        fatalist.narrativeLoad = 0.004

        return [neutral, benevolent, betrayed, fatalist]
    }
}
