import Dispatch
import Foundation

/// Ctrl-C (SIGINT) and SIGTERM as a polite request: work in progress finishes, no new work
/// starts, and what is finished stays on disk. A second Ctrl-C is not needed: the program
/// stops as soon as the runs in flight end.
final class Interrupt: @unchecked Sendable {
    private let lock = NSLock()
    private var requested = false
    private var sources: [DispatchSourceSignal] = []

    /// Starts listening for SIGINT and SIGTERM until `stop()`.
    static func listen() -> Interrupt {
        let interrupt = Interrupt()
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { [interrupt] in interrupt.request() }
            source.resume()
            interrupt.sources.append(source)
        }
        return interrupt
    }

    func request() {
        lock.lock()
        requested = true
        lock.unlock()
    }

    var isRequested: Bool {
        lock.lock()
        defer { lock.unlock() }
        return requested
    }

    /// Restores the default signal handling.
    func stop() {
        for s in sources { s.cancel() }
        sources.removeAll()
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}

/// Thrown by a job that did not start because an interrupt was requested.
struct Interrupted: Error {}
