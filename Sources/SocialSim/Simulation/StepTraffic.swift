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
        // One pass, the agent loop (it gathers the neighbours' start-of-step stocks and bytes
        // itself). Read: stock (start of step), threshold, floor, scars, expressed,
        // reflective, entropy, reflective top, expressed top, trust, exited, frame, recent
        // benefit, the step-start byte (which holds the lock flags), the adjacency (and observed
        // engagement when the rule safeguard is on).
        let engagement = state.watchesEngagement ? 8 : 0
        let agentRead = 8 * d * 3 + d + 8 * k * 2 + 8 + 1 + 1 + 8 + 1 + 1 + 8 + 1 + adjacency + engagement
        // Written: the new stock (into the other buffer), floor, scars, expressed,
        // entropy, expressed top, trust, exited, frame, recent benefit, shown item, segment,
        // feedback and its flag, one history slot, the next step-start byte (frame and new locks)
        // (and observed engagement). Expressed preferences, their entropy and top are written only when they
        // move, counted here as if always.
        let agentWritten = 8 * d * 2 + d + 8 * k + 8 + 1 + 8 + 1 + 1 + 8 + 4 + 1 + 8 + 1 + 4 + 1 + engagement
        // Bandit learning: feedback flag, shown item, segment, feedback.
        let learning = 1 + 4 + 1 + 8
        // Individual personalization: the person's offsets and their weights, read and written.
        let individual = state.personalizesIndividually ? 2 * (8 * k * 2) : 0
        // Lock clustering (``LockClustering/Scratch``): the key read in the agent loop's mark
        // (the lock flags are the agent loop's, counted there); the key and the adjacency read in
        // its per-agent sums (a step where no agent's "any locked" changed skips that pass). On
        // one thread each term is added as it is computed; on more, the terms of a wave of at
        // most 65,536 agents go through a buffer of at most 512 KB, which stays in cache, so not counted.
        let clustering = 2 + 2 + adjacency
        bytesPerAgentStep = agentRead + agentWritten + learning + individual + clustering
    }
}
