/// The largest experiments simrunner accepts, checked on the command line before anything
/// is allocated, so an overflowing design (`--grid` with 43 axes, `--delays 0:4e9:1`, a range
/// to 1e300) is one line and exit status 2 at once, not a crash or an hour of swapping.
/// docs/robustness.md lists them; each is far above any experiment that could finish.
enum DesignLimits {
    /// Swept parameters (grid axes or Latin hypercube dimensions).
    static let axes = 32
    /// Values of one grid axis (START:STOP:COUNT or a list).
    static let valuesPerAxis = 100_000
    /// Points of a sweep design. Every point's resolved world is held in memory.
    static let points = 100_000
    /// Runs of one command: sweep points x seeds, correct (delays + 2) x seeds, compare worlds x seeds.
    static let runs = 10_000_000
    /// Seeds of one command (`--seeds`).
    static let seeds = 1_000_000
    /// Correction delays (`--delays`).
    static let delays = 10_000
    /// Rows of the mean and standard-deviation series of correct (variants x steps) and
    /// compare (worlds x steps): each row holds every measure in memory and in two files.
    static let seriesRows = 2_000_000
    /// Bootstrap draws of one command: resamples x seeds x groups (delays, worlds, mechanisms),
    /// about a minute of resampling.
    static let bootstrapDraws = 10_000_000_000
    /// Largest integer a swept integer parameter may reach (2^53: every such Double is exact).
    static let integer: Double = 9_007_199_254_740_992

    /// `a * b`, or nil when it overflows or exceeds `limit`.
    static func product(_ a: Int, _ b: Int, limit: Int) -> Int? {
        let (p, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow || p > limit ? nil : p
    }
}
