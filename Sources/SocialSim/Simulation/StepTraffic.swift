/// An account of the memory a step streams per agent, for the benchmark's roofline: for each
/// pass over the agents, the bytes of every column it reads plus the bytes of every column it
/// writes (a column read and written counts twice). Gathers of neighbours' values are not
/// counted: on the default networks most neighbours are near in index, so those reads hit
/// lines already in cache. This follows the passes in ``Simulation/advance()`` and
/// ``AgentUpdate``; a change of either that touches other columns changes it too.
public struct StepTraffic: Sendable, Equatable {
    /// Bytes read and written per agent and step, summed over the passes.
    public let bytesPerAgentStep: Int

    public init(state: AgentState, network: Network) {
        let d = Dimension.count
        let k = state.topics
        let perAgent = Double(network.neighbors.count) / Double(max(network.agentCount, 1))
        let adjacency = 8 + Int((perAgent * 4).rounded())  // offsets and the neighbour ids
        // Frame snapshot: frame read, previousFrame written.
        let snapshot = 1 + 1
        // Neighbour aggregates: the adjacency read, mean stock and locked share written.
        let aggregates = adjacency + 8 * d + 8 * d
        // Agent loop, read: stock, threshold, floor, locked, scars, expressed, reflective, trust,
        // exited, frame, recent benefit, observed engagement, the two aggregates, the adjacency.
        let agentRead = 8 * d * 3 + 2 * d + 8 * k * 2 + 8 + 1 + 1 + 8 + 8 + 8 * d * 2 + adjacency
        // Agent loop, written: stock, floor, locked, scars, expressed, trust, exited, frame,
        // recent benefit, observed engagement, welfare, shown item, segment, feedback and its
        // flag, new locks, one history slot.
        let agentWritten = 8 * d * 2 + 2 * d + 8 * k + 8 + 1 + 1 + 8 + 8 + 8 + 4 + 1 + 8 + 1 + 1 + 4
        // Bandit learning: feedback flag, shown item, segment, feedback.
        let learning = 1 + 4 + 1 + 8
        bytesPerAgentStep = snapshot + aggregates + agentRead + agentWritten + learning
    }
}
