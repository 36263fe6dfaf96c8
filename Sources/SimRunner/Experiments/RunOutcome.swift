import SocialSim

/// What one run gives every command: its summary, trust measures and per-step measures.
/// `run`, `sweep`, `correct` and `compare` all run a world through ``simulate(_:seed:threads:collapseLevel:)``.
struct RunOutcome: Sendable {
    var summary: RunSummary
    var trust: TrustMeasures
    var welfare: [Double]
    var reliefSpent: Double
    /// Measures per step (step t at index t), in `SeriesTable.values` order.
    var series: [[Double]]

    init(series: [StepMetrics], world: WorldConfig, reliefSpent: Double, collapseLevel: Double) {
        summary = RunSummary(series: series, agents: world.agents, window: world.measurement.window)
        trust = TrustMeasures(series: series, collapseLevel: collapseLevel, correctionStep: world.correction.step)
        welfare = series.map(\.welfare)
        self.reliefSpent = reliefSpent
        self.series = series.map(SeriesTable.values)
    }

    /// Runs `world` with `seed` to its horizon.
    static func simulate(_ world: WorldConfig, seed: UInt64, threads: Int = 1, collapseLevel: Double) throws -> RunOutcome {
        let sim = try Simulation(world: world, seed: seed)
        sim.threads = threads
        var series: [StepMetrics] = []
        series.reserveCapacity(world.steps)
        sim.run { series.append($0) }
        return RunOutcome(series: series, world: world, reliefSpent: sim.reliefSpent, collapseLevel: collapseLevel)
    }

    /// The rows of series.csv, each preceded by `prefix` (e.g. the run number in a sweep).
    func seriesRows(prefix: [String] = []) -> [[String]] {
        series.enumerated().map { t, values in prefix + [String(t)] + values.map(CSVTable.format) }
    }
}
