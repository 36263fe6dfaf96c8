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
    /// The irreversibility ledger of a sample of agents, when one was asked for.
    var ledger: IrreversibilityLedger?

    init(series: [StepMetrics], world: WorldConfig, reliefSpent: Double, collapseLevel: Double) {
        summary = RunSummary(series: series, agents: world.agents, window: world.measurement.window,
                             cascadeFraction: world.measurement.cascadeFraction)
        trust = TrustMeasures(series: series, collapseLevel: collapseLevel, correctionStep: world.correction.step)
        welfare = series.map(\.welfare)
        self.reliefSpent = reliefSpent
        self.series = series.map(SeriesTable.values)
    }

    /// Runs `world` with `seed` to its horizon.
    /// With `ledgerSize > 0` it also keeps an ``IrreversibilityLedger`` of that many agents
    /// (which observes the run and changes none of its numbers). `onStep` is told the number of
    /// steps done after each step (for progress).
    static func simulate(_ world: WorldConfig, seed: UInt64, threads: Int = 1, collapseLevel: Double,
                         ledgerSize: Int = 0, onStep: ((Int) -> Void)? = nil) throws -> RunOutcome {
        let sim = try Simulation(world: world, seed: seed)
        sim.threads = threads
        var series: [StepMetrics] = []
        series.reserveCapacity(world.steps)
        var ledger = ledgerSize > 0 ? IrreversibilityLedger(sampleSize: ledgerSize, of: sim) : nil
        sim.run { m in
            series.append(m)
            ledger?.observe(sim)
            onStep?(series.count)
        }
        var outcome = RunOutcome(series: series, world: world, reliefSpent: sim.reliefSpent, collapseLevel: collapseLevel)
        outcome.ledger = ledger
        return outcome
    }

    /// The rows of series.csv, each preceded by `prefix` (e.g. the run number in a sweep).
    func seriesRows(prefix: [String] = []) -> [[String]] {
        series.enumerated().map { t, values in prefix + [String(t)] + values.map(CSVTable.format) }
    }
}
