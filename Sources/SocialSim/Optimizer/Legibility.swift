import Foundation

/// What the deployed system can know of items' footprints and of people's state (DESIGN §3
/// "Legibility"). The welfare-aware and constructive objectives, the safeguards and the
/// correction's relief use only what is legible to the system; the people and the model's
/// own rules always act on the truth.
public struct LegibilityConfig: Sendable, Equatable, Hashable {
    /// How the system knows an item's footprint.
    public enum FootprintKnowledge: String, Sendable, CaseIterable {
        /// The exact normalized footprint (the model before legibility was a parameter).
        case oracle
        /// The exact footprint times a fixed log-normal error per item (`footprintNoise`).
        case noisy
        /// Learned from what the system observes: the share of people served an item who exit
        /// in that step, a count-aware running mean, scaled so the most harmful item scores 1.
        case learned
        /// Nothing: every item scores 0, so a footprint penalty has nothing to act on.
        case none
    }

    /// How the system knows a person's constraint stocks (region caps, relief targeting).
    public enum StateKnowledge: String, Sendable, CaseIterable {
        /// The true stocks.
        case oracle
        /// The true stock times a log-normal error drawn afresh per agent, dimension and step.
        case noisy
        /// Nothing: a rule that reads stocks cannot fire, and relief cannot be targeted.
        case none
    }

    public var footprint = FootprintKnowledge.oracle
    /// Standard deviation of the log of the multiplicative error (noisy footprints).
    public var footprintNoise = 0.5
    /// Forgetting rate of the learned footprint estimate per step, as the bandit's learning rate.
    public var footprintForgetting = 0.02
    public var state = StateKnowledge.oracle
    /// Standard deviation of the log of the multiplicative error (noisy state).
    public var stateNoise = 0.5

    public init() {}
}

/// The system's footprint estimate per item, on the scale of ``Catalogue/normalizedFootprint``.
public struct FootprintEstimate: Sendable, Equatable {
    public let knowledge: LegibilityConfig.FootprintKnowledge
    /// The estimate the objectives and safeguards use, one per item.
    public private(set) var values: [Double]
    /// Learned mode: running harm rate per item and the (discounted) number of servings behind it.
    private var harmRate: [Double]
    private var weight: [Double]
    private let forgetting: Double

    public init(config: LegibilityConfig, catalogue: Catalogue, streams: RandomStreams) {
        knowledge = config.footprint
        forgetting = config.footprintForgetting
        harmRate = []
        weight = []
        switch config.footprint {
        case .oracle:
            values = catalogue.normalizedFootprint
        case .noisy:
            let sigma = config.footprintNoise
            values = (0..<catalogue.count).map { j in
                var rng = streams.stream(.legibility, 0, UInt64(j))
                return catalogue.normalizedFootprint[j] * Foundation.exp(sigma * rng.nextGaussian() - sigma * sigma / 2)
            }
        case .learned:
            values = [Double](repeating: 0, count: catalogue.count)
            harmRate = values
            weight = values
        case .none:
            values = [Double](repeating: 0, count: catalogue.count)
        }
    }

    /// Learned mode: one step's observations, `served[j]` people served item j and `exits[j]`
    /// of them exiting in that step. `weight' = (1 - forgetting) weight + served` and the rate
    /// moves toward the step's share by served / weight', so every observation counts the same
    /// whatever the population size.
    public mutating func learn(served: [Int], exits: [Int]) {
        guard knowledge == .learned else { return }
        var top = 0.0
        for j in harmRate.indices {
            weight[j] *= 1 - forgetting
            if served[j] > 0 {
                weight[j] += Double(served[j])
                harmRate[j] += Double(served[j]) / weight[j] * (Double(exits[j]) / Double(served[j]) - harmRate[j])
            }
            top = max(top, harmRate[j])
        }
        for j in values.indices { values[j] = top > 0 ? harmRate[j] / top : 0 }
    }
}

/// How the system reads people's stocks in one step (``LegibilityConfig/state``).
public struct StateReader: Sendable {
    public let knowledge: LegibilityConfig.StateKnowledge
    public let noise: Double
    public let streams: RandomStreams
    public let step: Int

    public init(config: LegibilityConfig, streams: RandomStreams, step: Int) {
        knowledge = config.state
        noise = config.stateNoise
        self.streams = streams
        self.step = step
    }

    /// The true stocks (what relief and tests use when no legibility is in play).
    public static func oracle(streams: RandomStreams = RandomStreams(seed: 0)) -> StateReader {
        StateReader(config: LegibilityConfig(), streams: streams, step: 0)
    }

    /// `stock` (agent `agent`, dimension `dimension`) as the system sees it, or nil when it
    /// cannot see it. A noisy reading multiplies by exp(noise z - noise^2 / 2), z a standard
    /// normal deviate of the agent's, dimension's and step's own stream (mean-preserving).
    @inlinable
    public func read(_ stock: Double, agent: Int, dimension: Int) -> Double? {
        switch knowledge {
        case .oracle: return stock
        case .none: return nil
        case .noisy:
            var rng = streams.stream(.legibility, 1 &+ UInt64(agent), UInt64(step) &* 4 &+ UInt64(dimension))
            return stock * Foundation.exp(noise * rng.nextGaussian() - noise * noise / 2)
        }
    }
}
