/// What the deployed optimizer optimizes.
public enum Objective: String, Sendable, CaseIterable, Hashable {
    /// Maximize clicks (the proxy).
    case engagement
    /// Maximize approval ratings, which reward telling people what they already like (sycophancy).
    case approval
    /// Maximize the proxy minus a penalty on items' constraint footprint (what a correction switches to).
    case welfareAware
    /// Welfare-aware plus periodic exploration, user control, transparent rationale and preference reset.
    case constructive
}

/// How finely the optimizer tells people apart (its personalization granularity).
public enum Personalization: String, Sendable, CaseIterable, Hashable {
    /// Everyone in a segment is served from the segment's one ranking.
    case segment
    /// The segment's ranking, re-ordered per person by a learned per-person, per-topic offset:
    /// how much more (or less) this person responds to a topic than its segment does.
    case individual
}

/// Parameters of the learning optimizer: a contextual bandit over the catalogue that sees
/// only the proxy (clicks or approvals), never welfare.
public struct OptimizerConfig: Sendable, Equatable, Hashable {
    public var objective = Objective.engagement
    /// The specification gap, in [0, 1]: how much the proxy rewards appeal rather than quality.
    /// 0 means the proxy tracks quality (and so welfare) closely; 1 means it tracks appeal only.
    public var specificationGap = 0.8
    /// Forgetting rate (1/step): each step the weight of all past feedback is multiplied by
    /// `1 - learningRate`, so the bandit tracks a non-stationary signal over about
    /// 1 / learningRate steps of feedback.
    public var learningRate = 0.1
    /// Weight of the optimistic starting value 1, in pseudo-observations per agent of the
    /// population, spread over the segments (so it is the same share of the evidence at any
    /// population size).
    public var priorWeight = 1.0
    /// The least weight an estimate keeps, in observations per agent spread over the
    /// segments: forgetting stops there, so a seldom-served item's estimate is not its last
    /// one or two observations alone (at any population size the same share of the evidence).
    public var minimumWeight = 0.1
    /// Probability an agent is shown a uniformly random item (epsilon-greedy exploration).
    public var exploration = 0.05
    /// Items are drawn uniformly from the best `topK` of the agent's segment.
    public var topK = 5
    /// Number of segments (contexts) of the bandit, nil for one per topic. An agent's segment
    /// is its dominant expressed topic k mapped to `k * segments / topics`: topics merged in
    /// contiguous blocks, so 1 is one pooled learner for everyone.
    public var segments: Int? = nil
    /// Whether the ranking is per segment or per person (see ``Personalization``).
    public var personalization = Personalization.segment
    /// Individual personalization: pseudo-observations of "no different from the segment"
    /// behind every per-person topic offset; forgetting never takes the weight below it.
    public var individualPrior = 10.0
    /// Penalty per unit of normalized footprint (welfareAware and constructive objectives).
    public var footprintPenalty = 2.0
    /// Constructive principles (used only when the objective is constructive).
    public var constructive = ConstructiveConfig()

    public init() {}
}

/// The constructive-alignment principles.
public struct ConstructiveConfig: Sendable, Equatable, Hashable {
    /// Exploration probability used instead of `optimizer.exploration`.
    public var exploration = 0.15
    /// Probability per step that the agent chooses for itself, by its reflective preferences.
    public var userControl = 0.3
    /// Transparent rationale, in [0, 1]: weakens narrative bending of perception and of feedback.
    public var transparency = 0.5
    /// Every `resetInterval` steps expressed preferences are pulled toward reflective ones.
    public var resetInterval = 50
    /// Strength of that pull, in [0, 1].
    public var resetStrength = 0.5

    public init() {}
}
