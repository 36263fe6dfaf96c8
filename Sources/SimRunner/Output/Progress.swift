import Dispatch
import Foundation

/// Progress of long work on stderr: a line rewritten in place (done, rate, time left) when
/// stderr is a terminal; nothing else but a final line otherwise; nothing at all when quiet.
/// Wall-clock time is used here only, never in the model.
final class Progress: @unchecked Sendable {
    private let lock = NSLock()
    private let total: Int
    private let label: String
    private let quiet: Bool
    private let terminal: Bool
    private let start = DispatchTime.now().uptimeNanoseconds
    private var done: Int
    private let alreadyDone: Int
    private var lastDraw: UInt64 = 0

    /// Whether a line is printed now and then (every `lineInterval`) when stderr is not a
    /// terminal, for long work whose log would otherwise stay silent for hours.
    private let linesWhenNotTerminal: Bool
    static let lineInterval: UInt64 = 60_000_000_000

    init(total: Int, alreadyDone: Int = 0, label: String, quiet: Bool, linesWhenNotTerminal: Bool = false) {
        self.total = total
        self.label = label
        self.quiet = quiet
        self.linesWhenNotTerminal = linesWhenNotTerminal
        self.done = alreadyDone
        self.alreadyDone = alreadyDone
        terminal = isatty(STDERR_FILENO) == 1
    }

    var elapsed: Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }

    func advance() {
        lock.lock()
        defer { lock.unlock() }
        done += 1
        guard !quiet, terminal || linesWhenNotTerminal else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        if terminal {
            guard now - lastDraw > 200_000_000 || done == total else { return }
        } else {
            if lastDraw == 0 { lastDraw = start }
            guard now - lastDraw > Self.lineInterval, done < total else { return }
        }
        lastDraw = now
        let rate = Double(done - alreadyDone) / max(elapsed, 1e-9)
        let left = rate > 0 ? Double(total - done) / rate : 0
        let line = String(format: "%@: %d/%d (%.2f/s), about %@ left", label, done, total, rate, Self.duration(left))
        Console.errorRaw(terminal ? "\r\u{1B}[K\(line)" : line + "\n")
    }

    /// Clears the progress line and, unless quiet, prints a final line.
    func finish(_ text: String) {
        clear()
        if !quiet { Console.errorRaw("\(text)\n") }
    }

    /// Clears the progress line (for commands whose results go to stdout).
    func clear() {
        lock.lock()
        defer { lock.unlock() }
        if terminal && !quiet { Console.errorRaw("\r\u{1B}[K") }
    }

    static func duration(_ s: Double) -> String {
        if s < 90 { return String(format: "%.0f s", s) }
        if s < 5400 { return String(format: "%.0f min", s / 60) }
        return String(format: "%.1f h", s / 3600)
    }
}
