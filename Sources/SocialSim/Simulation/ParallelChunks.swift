import Dispatch

/// Fixed-size chunks of agents. The chunk size never depends on the thread count, and
/// per-chunk partial sums are combined in chunk order, so results are identical whether the
/// chunks run on one thread or many.
struct ParallelChunks: Sendable {
    static let size = 1024
    let count: Int
    let agents: Int

    init(agents: Int) {
        self.agents = agents
        count = (agents + Self.size - 1) / Self.size
    }

    func range(_ chunk: Int) -> Range<Int> {
        let lo = chunk * Self.size
        return lo..<min(lo + Self.size, agents)
    }

    /// Runs `body` for every chunk, concurrently when `threads > 1`.
    func forEach(threads: Int, _ body: @Sendable (Int) -> Void) {
        if threads <= 1 || count <= 1 {
            for c in 0..<count { body(c) }
        } else {
            // Hand out chunks to `threads` workers in an interleaved order; which worker runs a
            // chunk does not affect its result.
            let workers = min(threads, count)
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                var c = w
                while c < count {
                    body(c)
                    c += workers
                }
            }
        }
    }
}
