/// Integer counts the parallel agent loop gathers for the step's measures and learners, so that
/// no serial pass over the agents is needed after it: per chunk (in ``StepTotals``) the agents
/// served and the items the consequence gate flagged; per worker and item (here) the
/// consumptions (consumption concentration) and, with learned footprints, the servings and the
/// exits among them. Integer sums are associative, so adding the workers' counts gives the
/// counts a serial pass gives, whichever worker ran which chunk. Each count is at most the
/// number of agents, which is below `Int32.max` (agents are `Int32` indices in the network).
///
/// Owned by one run; each worker writes only its own block (blocks are 64-byte aligned and
/// padded, so two workers never write one cache line).
final class ItemTallies: @unchecked Sendable {
    let items: Int
    let workers: Int
    /// Whether servings and exits per item are counted (learned footprints only).
    let countsServings: Bool
    private let stride: Int
    private let base: UnsafeMutablePointer<Int32>

    init(items: Int, workers: Int, countsServings: Bool) {
        self.items = items
        self.workers = workers
        self.countsServings = countsServings
        // consumed, served, exits; rounded up to 16 counts (64 bytes).
        stride = (3 * max(items, 1) + 15) / 16 * 16
        base = UnsafeMutableRawPointer.allocate(byteCount: stride * workers * 4, alignment: 64)
            .bindMemory(to: Int32.self, capacity: stride * workers)
        base.initialize(repeating: 0, count: stride * workers)
    }

    deinit { base.deallocate() }

    /// One worker's counts.
    struct Block {
        let consumed: UnsafeMutablePointer<Int32>
        let served: UnsafeMutablePointer<Int32>
        let exits: UnsafeMutablePointer<Int32>
    }

    func block(_ worker: Int) -> Block {
        let b = base + worker * stride
        return Block(consumed: b, served: b + items, exits: b + 2 * items)
    }

    /// Zeroes every worker's counts (before the agent loop).
    func reset() { base.update(repeating: 0, count: stride * workers) }

    /// Adds every worker's counts into worker 0's and returns that block (after the agent loop).
    func combined() -> Block {
        let total = block(0)
        let kinds = countsServings ? 3 : 1
        for w in 1..<workers {
            let b = block(w)
            for j in 0..<kinds * items { total.consumed[j] &+= b.consumed[j] }
        }
        return total
    }

    /// The fused counts of agent `i`, just updated: ``ServedFraction`` and the consumption
    /// concentration's per-item counts (``ConsumptionConcentration``) always; the gate's flag
    /// (counted and cleared for the next step) when `gate`; learned footprints' servings and
    /// exits when this tally counts them. A person served this step had not exited at its start
    /// (``AgentUpdate`` serves only those), so "served" is `shownItem >= 0` and an exit among
    /// the served is one who has exited now.
    @inline(__always)
    static func count(agent i: Int, state s: AgentState, historySlot: Int, gate: Bool, servings: Bool,
                      into block: Block, totals: inout StepTotals) {
        let shown = s.shownItem[i]
        if ServedFraction.isServed(shownItem: shown) {
            totals.served &+= 1
            if servings {
                block.served[Int(shown)] &+= 1
                block.exits[Int(shown)] &+= Int32(s.exited[i])
            }
        }
        ConsumptionConcentration.count(consumed: s.history[i &* s.historyLength &+ historySlot], into: block.consumed)
        if gate && s.gateFlagged[i] != 0 {
            totals.gateFlagged &+= 1
            s.gateFlagged[i] = 0
        }
    }
}
