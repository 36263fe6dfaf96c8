import Dispatch
import Foundation

/// Progress of long work on stderr, counted in units that finish often (runs, forks), so a
/// person can follow it in a terminal and in a log file alike:
///
/// - a header saying what will run and how much work it is (`start(header:)`);
/// - with a terminal: one line rewritten in place, at most five times a second and at least
///   once a second (done/total, percent, rate, time elapsed and time left);
/// - without one (a Slurm log, `nohup`): the same line appended every `logInterval` seconds and
///   at each `logStep` of the work, so a log shows progress long before the end;
/// - a final line (`finish(_:)`), or nothing but errors when quiet.
///
/// Units may differ in cost (a fork at a late delay is shorter than a whole run), so each
/// `advance(work:)` says how much work it finished; the percentage and the time left come from
/// work, the rate from units. Wall-clock time is used here only, never in the model.
final class Progress: @unchecked Sendable {
    /// Seconds between progress lines without a terminal.
    static let logInterval = 30.0
    /// Fraction of the work between progress lines without a terminal (besides the interval).
    static let logStep = 0.1

    private let lock = NSLock()
    private let total: Int
    private let totalWork: Double
    private let label: String
    private let quiet: Bool
    private let terminal: Bool
    private let start = DispatchTime.now().uptimeNanoseconds
    private var done: Int
    private let alreadyDone: Int
    private var workDone: Double
    private let alreadyWorkDone: Double
    private var lastDraw: UInt64 = 0
    private var lastLogLine: UInt64
    private var nextLogFraction: Double
    private var timer: DispatchSourceTimer?
    private var drawn = false

    /// `total` units in all, `alreadyDone` of them finished before this process (a resumed
    /// sweep); `totalWork` is the work of all units (default: one per unit).
    /// Without a terminal, whether progress lines are printed (the final line always is).
    private let linesWhenNotTerminal: Bool

    init(total: Int, alreadyDone: Int = 0, totalWork: Double? = nil, label: String, quiet: Bool,
         linesWhenNotTerminal: Bool = true, terminal: Bool = isatty(STDERR_FILENO) == 1) {
        self.linesWhenNotTerminal = linesWhenNotTerminal
        self.total = total
        self.label = label
        self.quiet = quiet
        self.done = alreadyDone
        self.alreadyDone = alreadyDone
        self.totalWork = totalWork ?? Double(total)
        let perUnit = total > 0 ? (totalWork ?? Double(total)) / Double(total) : 0
        self.workDone = Double(alreadyDone) * perUnit
        self.alreadyWorkDone = workDone
        self.terminal = terminal
        lastLogLine = start
        let fraction = self.totalWork > 0 ? workDone / self.totalWork : 0
        nextLogFraction = (fraction / Self.logStep).rounded(.down) * Self.logStep + Self.logStep
    }

    deinit { timer?.cancel() }

    var elapsed: Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }

    /// Prints the header (unless quiet) and starts the clock that keeps the line fresh while
    /// no unit finishes (the first runs of a large world can take minutes).
    func start(header: String) {
        guard !quiet else { return }
        Console.errorRaw((header + "\n"))
        let t = DispatchSource.makeTimerSource(queue: .global())
        t.schedule(deadline: .now() + 1, repeating: 1)
        t.setEventHandler { [weak self] in self?.tick() }
        t.resume()
        lock.lock()
        timer = t
        lock.unlock()
        if terminal { tick() }
    }

    /// One unit finished, which was `work` of the total work.
    func advance(work: Double = 1) {
        lock.lock()
        defer { lock.unlock() }
        done += 1
        workDone += work
        report(force: done == total)
    }

    private func tick() {
        lock.lock()
        defer { lock.unlock() }
        report(force: false)
    }

    /// Draws the live line or appends a log line when it is due. Holds `lock`.
    private func report(force: Bool) {
        guard !quiet else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        if terminal {
            guard force || now - lastDraw >= 200_000_000 else { return }
            lastDraw = now
            Console.errorRaw("\r\u{1B}[K\(line(now: now))")
            drawn = true
        } else if linesWhenNotTerminal {
            let fraction = totalWork > 0 ? workDone / totalWork : 1
            let due = Double(now - lastLogLine) / 1e9 >= Self.logInterval
            guard due || (fraction >= nextLogFraction - 1e-9 && done < total) else { return }
            while nextLogFraction <= fraction + 1e-9 { nextLogFraction += Self.logStep }
            lastLogLine = now
            Console.errorRaw((line(now: now) + "\n"))
        }
    }

    /// `92/368 runs done (31% of the work), 1.52 runs/s, 1 min elapsed, about 3 min left`.
    func line(now: UInt64 = DispatchTime.now().uptimeNanoseconds) -> String {
        let seconds = Double(now - start) / 1e9
        let fraction = totalWork > 0 ? min(1, workDone / totalWork) : 1
        var s = "\(done)/\(total) \(label) done (\(Int((100 * fraction).rounded(.down)))% of the work)"
        let newUnits = done - alreadyDone
        let newWork = workDone - alreadyWorkDone
        if newUnits > 0, seconds > 0 {
            let rate = Double(newUnits) / seconds
            s += rate >= 0.1 ? String(format: ", %.2f \(label)/s", rate) : String(format: ", %.2f \(label)/min", rate * 60)
        }
        s += ", \(Self.duration(seconds)) elapsed"
        if newWork > 0, done < total {
            let left = (totalWork - workDone) / (newWork / max(seconds, 1e-9))
            s += ", about \(Self.duration(left)) left"
        } else if done < total {
            s += ", time left known after the first finishes"
        }
        return s
    }

    /// Stops the clock, clears the live line and, unless quiet, prints a final line.
    func finish(_ text: String) {
        clear()
        // Through Console.error: the line names user paths, which SafeText escapes and bounds.
        if !quiet { Console.error(text) }
    }

    /// Stops the clock and clears the live line (for commands whose results go to stdout).
    func clear() {
        lock.lock()
        defer { lock.unlock() }
        timer?.cancel()
        timer = nil
        if terminal && !quiet && drawn { Console.errorRaw("\r\u{1B}[K") }
        drawn = false
    }

    static func duration(_ s: Double) -> String {
        if s < 90 { return String(format: "%.0f s", s) }
        if s < 5400 { return String(format: "%.0f min", s / 60) }
        return String(format: "%.1f h", s / 3600)
    }
}
