import SocialSim

/// A rough estimate of a command's work, announced on stderr before a long one starts, so a
/// world of 10^6 agents x 10^6 steps says "about 1e12 agent-steps, roughly 6 days" at once
/// instead of running silently. Wall-clock rates are used here only, never in the model.
enum WorkEstimate {
    /// Agent-steps per second on one thread, measured with `swift run -c release simbench` on
    /// this project's 2-core machines (README: 1.4-2.6 million); a debug build is far slower.
    #if DEBUG
    static let agentStepsPerSecond = 100_000.0
    #else
    static let agentStepsPerSecond = 2_000_000.0
    #endif
    /// Work below this many seconds is not announced.
    static let announceAbove = 60.0

    /// The agent-steps of `runs` runs of `world`, homogenization comparisons counted as agent-steps.
    static func agentSteps(_ world: WorldConfig, runs: Int = 1) -> Double {
        let perStep = Double(world.agents)
            + Double(world.measurement.homogenizationPairs * world.measurement.historyLength * world.measurement.historyLength) / 100
        return perStep * Double(world.steps) * Double(runs)
    }

    /// Seconds for `agentSteps` spread over `threads` threads (two threads do not give twice).
    static func seconds(_ agentSteps: Double, threads: Int) -> Double {
        agentSteps / (agentStepsPerSecond * (1 + 0.7 * Double(max(threads, 1) - 1)))
    }

    /// The one-line announcement, or nil when the work is short.
    static func line(agentSteps: Double, runs: Int, threads: Int, what: String) -> String? {
        let s = seconds(agentSteps, threads: threads)
        guard s >= announceAbove else { return nil }
        let runText = runs == 1 ? "1 run" : "\(runs) runs"
        return "simrunner: \(what): about \(String(format: "%.2g", agentSteps)) agent-steps (\(runText)), roughly \(duration(s)) on \(threads) thread\(threads == 1 ? "" : "s"); progress follows, Ctrl-C stops"
    }

    /// Announces the work on stderr when it is long (and the command is not quiet).
    static func announce(agentSteps: Double, runs: Int, threads: Int, what: String, quiet: Bool) {
        guard !quiet, let text = line(agentSteps: agentSteps, runs: runs, threads: threads, what: what) else { return }
        Console.error(text)
    }

    static func duration(_ s: Double) -> String {
        if s < 5400 { return Progress.duration(s) }
        if s < 3 * 86_400 { return String(format: "%.0f h", s / 3600) }
        if s < 2 * 31_557_600 { return String(format: "%.0f days", s / 86_400) }
        return String(format: "%.0f years", s / 31_557_600)
    }
}
