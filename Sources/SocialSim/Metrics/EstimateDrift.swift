/// How far the optimizer's estimates are from what they are meant to learn. The bandit's
/// estimate `V[σ, j]` is meant to learn the expected uncorrupted proxy reward of item j for
/// people of segment σ: under the click objectives the click probability, under approval
/// the approval rating of a click (only clicks are rated). For every person served an item
/// this step, the estimate the ranking used is set against that person's own expected
/// reward; the drift is the exposure-weighted mean absolute difference, and the bias the same
/// mean without the absolute value (positive: the optimizer expects more than people give).
///
/// A learner on an uncorrupted, stationary signal drifts only by the spread of people
/// within a segment and by sampling; corruption (low trust) and bending (frames) of the
/// feedback, and a changed objective or population after a correction, show as drift.
public enum EstimateDrift {
    /// The weight of one served person and the reward its estimate is meant to learn:
    /// `(1, π)` under the click objectives (every served person's click or non-click is a
    /// reward), `(π, a)` under approval (a rating `a` is given only on a click, with
    /// probability π).
    @inlinable
    public static func target(objective: Objective, clickProbability: Double, approval: Double) -> (weight: Double, value: Double) {
        switch objective {
        case .approval: return (clickProbability, approval)
        case .engagement, .welfareAware, .constructive: return (1, clickProbability)
        }
    }

    /// Weighted sums over one step's served people.
    public struct Sums: Sendable, Equatable {
        public var weight = 0.0
        /// Σ w |V − t|
        public var absolute = 0.0
        /// Σ w (V − t)
        public var signed = 0.0

        public init() {}

        @inlinable
        public mutating func add(estimate: Double, weight w: Double, value t: Double) {
            weight += w
            absolute += w * abs(estimate - t)
            signed += w * (estimate - t)
        }

        public mutating func combine(_ o: Sums) {
            weight += o.weight
            absolute += o.absolute
            signed += o.signed
        }

        /// Σ w |V − t| / Σ w; nil when nothing was served (no weight).
        public var drift: Double? { weight > 0 ? absolute / weight : nil }
        /// Σ w (V − t) / Σ w; nil when nothing was served.
        public var bias: Double? { weight > 0 ? signed / weight : nil }
    }
}
