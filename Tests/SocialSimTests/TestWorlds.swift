import SocialSim
import NarrativeModel

// Small shared helpers for the SocialSim tests. Debug builds run about 7 µs per agent-step,
// so test worlds stay at a few hundred agents and tens of steps.

/// A small world for fast tests: the default world with `agents` agents and `steps` steps,
/// a horizon window that fits, and fewer sampled pairs for homogenization.
func smallWorld(agents: Int = 300, steps: Int = 60) -> WorldConfig {
    var w = WorldConfig()
    w.name = "test"
    w.agents = agents
    w.steps = steps
    w.measurement.window = min(20, steps)
    w.measurement.homogenizationPairs = 200
    return w
}

/// A world that locks a lot: the proxy rewards appeal only, so the optimizer serves the items
/// with the biggest footprints.
func harmfulWorld(agents: Int = 300, steps: Int = 80) -> WorldConfig {
    var w = smallWorld(agents: agents, steps: steps)
    w.optimizer.objective = .engagement
    w.optimizer.specificationGap = 1
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

/// Total dimension locks over a run.
func totalLocks(_ s: [StepMetrics]) -> Int { s.map(\.newLocks).reduce(0, +) }

func mean(_ xs: [Double]) -> Double { xs.isEmpty ? 0 : xs.reduce(0, +) / Double(xs.count) }

/// A hand-made population of `count` agents for testing rules that act on an ``AgentState``
/// (relief). Every stock, floor and threshold starts at the values given by `fill`.
func handMadeState(count: Int, topics: Int = 2,
                   fill: (_ agent: Int, _ dimension: Int) -> (stock: Double, threshold: Double, floor: Double, locked: Bool)) -> AgentState {
    let s = AgentState(count: count, topics: topics, historyLength: 1)
    for i in 0..<count {
        for d in 0..<Dimension.count {
            let k = AgentState.slot(agent: i, dimension: d)
            let v = fill(i, d)
            s.stock[k] = v.stock
            s.threshold[k] = v.threshold
            s.floor[k] = v.floor
            s.locked[k] = v.locked ? 1 : 0
        }
    }
    return s
}

/// A deterministic stream of uniforms for tests (SplitMix64 from the model).
struct TestRandom {
    var rng: SplitMix64
    init(_ seed: UInt64) { rng = SplitMix64(seed: seed) }
    mutating func unit() -> Double { rng.nextUnit() }
    mutating func uniform(_ lo: Double, _ hi: Double) -> Double { lo + (hi - lo) * rng.nextUnit() }
}

/// Step-start bytes (``StepStart``: lock flags in bits 4-7) from agent-major lock flags
/// (`flags[AgentState.slot(agent: i, dimension: d)]`, 0 or 1), as the lock measures read them.
/// Each agent gets a frame in bits 0-3 (`i % 16`), which the measures must not read as locks.
func stepStartBytes(_ flags: [UInt8]) -> [UInt8] {
    (0..<flags.count / Dimension.count).map { i in
        (0..<Dimension.count).reduce(UInt8(i % 16)) { byte, d in byte | flags[AgentState.slot(agent: i, dimension: d)] << (4 + d) }
    }
}
