/// An undirected social network in compressed sparse row (CSR) form.
///
/// The ties of agent `i` are `neighbors[offsets[i] ..< offsets[i + 1]]`: sorted ascending,
/// without self-ties or repeats, and symmetric (`j` is in `i`'s list exactly when `i` is in
/// `j`'s). Agent ids are `Int32`, which halves the largest array; `offsets` are `Int` because
/// a large world can hold more than 2^31 tie ends.
///
/// ```swift
/// var rng = RandomStreams(seed: 42).stream(.network)
/// var config = NetworkConfig()
/// config.kind = .erdosRenyi
/// let network = try Network.generate(config, agents: 1_000, rng: &rng)
/// for friend in network.neighbors(of: 0) { print(friend) }
/// ```
public struct Network: Sendable, Equatable {
    /// Number of agents; ids are `0 ..< agentCount`.
    public let agentCount: Int
    /// Where each agent's list starts in `neighbors`; `agentCount + 1` entries, the last one
    /// being `neighbors.count`.
    public let offsets: [Int]
    /// All adjacency lists, one after another. Each undirected tie appears twice.
    public let neighbors: [Int32]
    /// Community (block) of each agent for the stochastic block model; all 0 for other kinds.
    public let community: [UInt16]

    init(agentCount: Int, offsets: [Int], neighbors: [Int32], community: [UInt16]) {
        self.agentCount = agentCount
        self.offsets = offsets
        self.neighbors = neighbors
        self.community = community
    }

    /// Number of ties of `agent`.
    @inlinable
    public func degree(of agent: Int) -> Int { offsets[agent + 1] - offsets[agent] }

    /// The sorted neighbours of `agent` (a slice of ``neighbors``, so its indices are positions
    /// in that array, not 0-based).
    @inlinable
    public func neighbors(of agent: Int) -> ArraySlice<Int32> { neighbors[offsets[agent] ..< offsets[agent + 1]] }

    /// Number of undirected ties.
    public var edgeCount: Int { neighbors.count / 2 }

    /// Mean number of ties per agent.
    public var meanDegree: Double { agentCount > 0 ? Double(neighbors.count) / Double(agentCount) : 0 }

    /// Bytes allocated for the three arrays (their capacities, not their counts).
    public var bytes: Int {
        offsets.capacity * MemoryLayout<Int>.stride
            + neighbors.capacity * MemoryLayout<Int32>.stride
            + community.capacity * MemoryLayout<UInt16>.stride
    }

    /// Builds the network described by `config` for `agents` agents, drawing all randomness
    /// from `rng`. The same config, agent count and `rng` state always give identical arrays.
    /// Throws ``NetworkError`` (from ``NetworkConfig/validate(agents:)``) before building
    /// anything when the combination is impossible.
    public static func generate(_ config: NetworkConfig, agents: Int, rng: inout SplitMix64) throws -> Network {
        try config.validate(agents: agents)
        switch config.kind {
        case .wattsStrogatz:
            return WattsStrogatz.generate(agents: agents, latticeDegree: WattsStrogatz.latticeDegree(config.meanDegree),
                                          rewiring: config.rewiring, rng: &rng)
        case .barabasiAlbert:
            return BarabasiAlbert.generate(agents: agents, tiesPerNewcomer: BarabasiAlbert.tiesPerNewcomer(config.meanDegree),
                                           rng: &rng)
        case .erdosRenyi:
            return ErdosRenyi.generate(agents: agents, meanDegree: config.meanDegree, rng: &rng)
        case .stochasticBlock:
            let layout = BlockLayout(agents: agents, blocks: config.blocks)
            let odds = layout.tieProbabilities(meanDegree: config.meanDegree, homophily: config.homophily)
            return StochasticBlockModel.generate(layout: layout, probabilities: odds, rng: &rng)
        }
    }
}
