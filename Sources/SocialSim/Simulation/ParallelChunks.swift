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

    /// How many workers `forEach` uses for `threads` threads.
    func workers(threads: Int) -> Int { threads <= 1 || count <= 1 ? 1 : min(threads, count) }

    /// Runs `body` for every chunk, concurrently when `threads > 1`.
    func forEach(threads: Int, _ body: @Sendable (Int) -> Void) {
        forEach(threads: threads) { c, _ in body(c) }
    }

    /// Runs `body(chunk, worker)` for every chunk, concurrently when `threads > 1`, with
    /// `worker` in `0..<workers(threads:)`. One worker runs its chunks one after another, so
    /// a worker's scratch needs no lock; which worker runs a chunk varies, so only what is
    /// exact in any grouping (integer counts) may be gathered per worker.
    func forEach(threads: Int, _ body: @Sendable (_ chunk: Int, _ worker: Int) -> Void) {
        // Which worker runs a chunk does not affect its result.
        Self.interleave(count, workers: workers(threads: threads), body)
    }

    /// Runs `body(task)` for `tasks` independent tasks on at most `threads` threads (each
    /// task's result must not depend on which thread runs it or when).
    static func runTasks(_ tasks: Int, threads: Int, _ body: @Sendable (Int) -> Void) {
        interleave(tasks, workers: min(threads, tasks)) { t, _ in body(t) }
    }

    /// Hands `0..<count` out to `workers` workers in an interleaved order (worker w takes
    /// w, w + workers, ...), concurrently when there is more than one: `body(item, worker)`.
    private static func interleave(_ count: Int, workers: Int, _ body: @Sendable (_ item: Int, _ worker: Int) -> Void) {
        if workers <= 1 {
            for c in 0..<count { body(c, 0) }
        } else {
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                var c = w
                while c < count {
                    body(c, w)
                    c += workers
                }
            }
        }
    }
}
