import SocialSim

/// The options `sweep` and `sensitivity` share: both run a design of points as a sweep, each
/// point a plain run or (`--experiment correct`) the correction experiment. Declared and parsed
/// once, so the two commands cannot drift apart.
enum SweepDesignOptions {
    static let delays = OptionSpec.value("delays", "SPEC", help: "With --experiment correct: correction delays, START:STOP:STEP or a list (default: 0 to 80% of the steps, 21 delays).")
    static let recoveryLevel = OptionSpec.value("recovery-level", "R", help: "With --experiment correct: d* is where recovery first crosses below this (default 0.5).")
    static let minStake = OptionSpec.value("min-stake", "W", help: "With --experiment correct: declare d* only where the stake's interval is at least this (default 0.01).")
    static let trustCollapse = OptionSpec.value("trust-collapse", "T", help: "Mean trust below this counts as collapse (default 0.2).")
    static let force = OptionSpec.flag("force", help: "Replace a finished or different sweep in DIR (only one simrunner wrote); a journal of this same sweep is still resumed.")

    /// The options of the correction experiment at each point, in `--help` order.
    static let correction = [delays, recoveryLevel, minStake]

    /// The settings of `--experiment correct` (nil for plain runs, refusing the correction options
    /// then; `alsoCorrectOnly` names further options that apply only with it). `resamples` is the
    /// bootstrap of points.csv.
    static func correctionSettings(_ parsed: ParsedCommand, world: WorldConfig, alsoCorrectOnly: [String] = [],
                                   resamples: () throws -> Int) throws -> CorrectionSweep? {
        let experiment = parsed.value("experiment") ?? "run"
        switch experiment {
        case "run":
            for name in correction.map(\.name) + alsoCorrectOnly where parsed.value(name) != nil {
                throw UsageError("--\(name) applies only with --experiment correct")
            }
            return nil
        case "correct":
            let steps = world.steps
            let defaultDelays = "0:\(steps * 4 / 5):\(max(1, steps * 4 / 5 / 20))"
            var c = CorrectionSweep(delays: try DelayList.parse(parsed.value("delays") ?? defaultDelays, horizon: steps))
            c.recoveryLevel = try parsed.double("recovery-level", default: 0.5, range: -10...10)
            c.minimumStake = try parsed.double("min-stake", default: CorrectionExperiment.defaultMinimumStake, range: 0...1)
            c.resamples = try resamples()
            return c
        default:
            throw UsageError("--experiment must be 'run' or 'correct', got '\(experiment)'")
        }
    }
}
