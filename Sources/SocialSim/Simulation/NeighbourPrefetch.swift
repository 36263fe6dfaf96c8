import CacheHint

/// Software prefetch of neighbours' start-of-step rows a few agents ahead of the agent loop.
///
/// Each agent gathers about ten neighbours' stock rows (32 bytes) and step-start bytes
/// (``NeighbourAggregates/gather``). In a Watts-Strogatz world most neighbours are a few agents
/// away, in lines the loop has just read, but about one per agent (rewiring 0.1) is anywhere:
/// once the state outgrows the caches, those are misses the hardware prefetcher cannot predict,
/// and the agent waits for them. Requesting agent `i + distance`'s rows while agent `i` is
/// updated overlaps that latency with work. Whole-process CPU time on one thread, prefetch
/// against none (docs/performance.md): 0.84x at 10^6 agents, 0.83x at 10^5, 0.89x at 30,000 and
/// 20,000, but 1.07x at 10,000 agents, where the rows are in cache and only the instructions remain.
enum NeighbourPrefetch {
    /// Agents ahead whose rows are requested: about 1 µs of work at 10^6 agents, more than a
    /// memory access; 12 ahead measured the same.
    static let distance = 4
    /// Below this many agents (about 6.5 MB of agent state, 3x the 2 MB L2 of the machines
    /// measured; between the 10,000 that lose and the 20,000 that gain) the rows stay in cache
    /// and prefetching would only add instructions.
    static let minimumAgents = 16_384

    /// Whether a run of `agents` agents prefetches.
    static func enabled(agents: Int) -> Bool { agents >= minimumAgents }

    /// Requests the stock rows and step-start bytes of `agent`'s neighbours.
    /// Unchecked: `agent < count`, so `agent + 1` indexes `offsets` (count + 1 entries), and
    /// neighbour ids are agents, inside both buffers (``AgentState/slot(agent:dimension:)``).
    @inline(__always)
    static func rows(of agent: Int, offsets: UnsafePointer<Int>, neighbors: UnsafePointer<Int32>,
                     stock: UnsafePointer<Double>, stepStart: UnsafePointer<UInt8>) {
        var e = offsets[agent]
        let end = offsets[agent &+ 1]
        while e < end {
            let j = Int(neighbors[e])
            socialsim_prefetch_read(UnsafeRawPointer(stock + AgentState.slot(agent: j, dimension: 0)))
            socialsim_prefetch_read(UnsafeRawPointer(stepStart + j))
            e &+= 1
        }
    }
}
