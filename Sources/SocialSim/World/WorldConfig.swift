import NarrativeModel

/// Everything that defines a world: the population, its network, the deployed optimizer,
/// safeguards, an optional correction, and the parameters of every rule.
///
/// `WorldConfig()` is the embedded default world (10,000 agents, 500 steps, an engagement
/// optimizer, no safeguards, no correction). World files override its values; the runner
/// validates them against ``WorldParameters`` before a model is built.
public struct WorldConfig: Sendable, Equatable, Hashable {
    /// Short name, used in output folder names.
    public var name = "default"
    /// The question this world asks, in a sentence or two.
    public var question = "How far does an engagement-optimizing recommender push a population into locked constraints and distrust, with no safeguard and no correction?"
    /// Number of agents.
    public var agents = 10_000
    /// Number of time steps simulated.
    public var steps = 500
    /// Default seed, used when the command line gives none.
    public var seed: UInt64 = 1
    /// Number of item topics; preferences live on the simplex over topics.
    public var topics = 8

    public var network = NetworkConfig()
    public var constraints = ConstraintConfig()
    public var preferences = PreferenceConfig()
    public var welfare = WelfareConfig()
    public var response = ResponseConfig()
    public var trust = TrustConfig()
    public var narrative = NarrativeConfig()
    public var catalogue = CatalogueConfig()
    public var optimizer = OptimizerConfig()
    public var safeguards = SafeguardConfig()
    public var legibility = LegibilityConfig()
    public var correction = CorrectionConfig()
    public var measurement = MeasurementConfig()

    public init() {}
}

extension WorldConfig {
    /// An upper estimate of the memory a run of this world needs, in bytes: agent state,
    /// the network (with the edge list used while building it), the optimizer's tables and the
    /// step series. The runner refuses worlds that would not fit before allocating anything.
    public var estimatedMemory: Double {
        let n = Double(agents)
        let state = n * Double(AgentState.bytesPerAgent(topics: topics, historyLength: measurement.historyLength,
                                                                watchesEngagement: safeguards.rules.enabled,
                                                                personalizesIndividually: optimizer.personalization == .individual,
                                                                holdsGate: safeguards.gate.enabled))
        let ties = n * max(network.meanDegree, 2)
        let networkBytes = ties * 4 * 2 + n * (8 + 2)  // neighbours, the edge list while building, offsets, communities
        let optimizer = Double(topics) * Double(catalogue.items) * 8 * 3 + Double(catalogue.items) * 64
        let series = Double(steps) * Double(600 + 16 * narrative.frames.count)
        return state + networkBytes + optimizer + series + Double(measurement.homogenizationPairs) * 8
    }
}
