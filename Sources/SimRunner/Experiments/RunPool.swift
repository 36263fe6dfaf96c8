import Dispatch
import Foundation

/// Runs independent jobs on up to `jobs` threads and returns their results in job order, so
/// the output never depends on scheduling.
enum RunPool {
    static func map<T: Sendable>(count: Int, jobs: Int, _ body: @escaping @Sendable (Int) throws -> T) throws -> [T] {
        guard count > 0 else { return [] }
        let results = ResultSlots<T>(count: count)
        let workers = max(1, min(jobs, count))
        if workers == 1 {
            for k in 0..<count { results.store(k, Result { try body(k) }) }
        } else {
            let next = JobCounter()
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while let k = next.take(below: count) {
                    results.store(k, Result { try body(k) })
                    if results.failed { return }
                }
            }
        }
        return try results.collect()
    }
}

/// Hands out job indices, one at a time, to the workers.
private final class JobCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0

    func take(below count: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < count else { return nil }
        next += 1
        return next - 1
    }
}

/// One slot per job; each worker writes only the slots of the jobs it took.
private final class ResultSlots<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<T, any Error>?]
    private(set) var failed = false

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func store(_ k: Int, _ result: Result<T, any Error>) {
        lock.lock()
        slots[k] = result
        if case .failure = result { failed = true }
        lock.unlock()
    }

    /// The results in job order, or the error of the first failed job (in job order).
    func collect() throws -> [T] {
        var out: [T] = []
        out.reserveCapacity(slots.count)
        for slot in slots {
            switch slot {
            case .success(let value): out.append(value)
            case .failure(let error): throw error
            case nil: throw CancellationError()
            }
        }
        return out
    }
}
