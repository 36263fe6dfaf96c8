import SocialSim
import NarrativeModel

/// A small world for fast tests: `agents` agents, `steps` steps, a horizon window that fits.
func smallWorld(agents: Int = 300, steps: Int = 60) -> WorldConfig {
    var w = WorldConfig()
    w.name = "test"
    w.agents = agents
    w.steps = steps
    w.measurement.window = min(20, steps)
    w.measurement.homogenizationPairs = 200
    return w
}

/// Runs `world` with `seed` to the horizon and returns its step series.
func series(_ world: WorldConfig, seed: UInt64, threads: Int = 1) throws -> [StepMetrics] {
    let sim = try Simulation(world: world, seed: seed)
    sim.threads = threads
    var out: [StepMetrics] = []
    out.reserveCapacity(world.steps)
    sim.run { out.append($0) }
    return out
}

/// The run summary of `world` with `seed`.
func summary(_ world: WorldConfig, seed: UInt64) throws -> RunSummary {
    RunSummary(series: try series(world, seed: seed), agents: world.agents, window: world.measurement.window)
}
