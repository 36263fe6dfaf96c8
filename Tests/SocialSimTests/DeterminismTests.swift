import Testing
import SocialSim
import NarrativeModel

/// Every column of the final state as arrays, for exact comparison.
private struct StateSnapshot: Equatable {
    let doubles: [[Double]]
    let bytes: [[UInt8]]
    let ints: [[Int32]]

    init(_ s: AgentState) {
        doubles = [s.stock.array, s.threshold.array, s.floor.array, s.expressed.array, s.reflective.array,
                   s.trust.array, s.recentBenefit.array, s.observedEngagement.array,
                   s.feedback.array, s.previousStock.array]
        bytes = [s.locked.array, s.scars.array, s.exited.array, s.frame.array, s.segment.array,
                 s.hasFeedback.array, s.expressedTop.array, s.stepStart.array, s.previousStepStart.array]
        ints = [s.shownItem.array, s.history.array]
    }
}

/// Runs a world and returns its series and final state.
private func runWithState(_ world: WorldConfig, seed: UInt64, threads: Int) throws -> ([StepMetrics], StateSnapshot, Bandit, Catalogue) {
    let sim = try Simulation(world: world, seed: seed)
    sim.threads = threads
    var out: [StepMetrics] = []
    sim.run { out.append($0) }
    return (out, StateSnapshot(sim.state), sim.bandit, sim.catalogue)
}

@Suite("Determinism")
struct DeterminismTests {
    @Test("the same world and seed give identical step series and identical final states")
    func sameSeedSameRun() throws {
        let w = harmfulWorld(agents: 300, steps: 40)
        let a = try runWithState(w, seed: 17, threads: 1)
        let b = try runWithState(w, seed: 17, threads: 1)
        #expect(a.0 == b.0)
        #expect(a.1 == b.1)
        #expect(a.2 == b.2)
    }

    @Test("different seeds give different runs, already at the first step")
    func differentSeedsDiffer() throws {
        let w = smallWorld(agents: 300, steps: 10)
        let runs = try [1, 2, 3].map { try series(w, seed: $0) }
        for x in 0..<runs.count {
            for y in (x + 1)..<runs.count {
                #expect(runs[x][0] != runs[y][0])
                #expect(runs[x].last! != runs[y].last!)
            }
        }
    }

    @Test("1, 2 and 3 worker threads give identical series and final states (5000 agents: several chunks)")
    func threadCountDoesNotMatter() throws {
        let w = harmfulWorld(agents: 5000, steps: 10)
        let one = try runWithState(w, seed: 3, threads: 1)
        for threads in [2, 3] {
            let many = try runWithState(w, seed: 3, threads: threads)
            #expect(many.0 == one.0, "\(threads) threads: series differ")
            #expect(many.1 == one.1, "\(threads) threads: final states differ")
            #expect(many.2 == one.2, "\(threads) threads: the learned bandit differs")
        }
    }

    @Test("thread count does not matter with every safeguard on and a correction with relief")
    func threadCountWithSafeguardsAndCorrection() throws {
        var w = harmfulWorld(agents: 4500, steps: 8)
        w.safeguards.region.enabled = true
        w.safeguards.region.caps = [0.3, 0.3, 0.3, 0.3]
        w.safeguards.rules.enabled = true
        w.safeguards.rules.engagementCeiling = 0.3
        w.safeguards.templates.enabled = true
        w.safeguards.templates.supplyAdaptation = 0.2
        w.correction.step = 4
        w.correction.objective = .constructive
        w.correction.reliefBudget = 0.2
        w.correction.reliefTargeting = .mostConstrained
        w.optimizer.constructive.resetInterval = 2
        let one = try runWithState(w, seed: 8, threads: 1)
        let two = try runWithState(w, seed: 8, threads: 2)
        #expect(two.0 == one.0)
        #expect(two.1 == one.1)
        #expect(two.3 == one.3)
    }

    @Test("an agent's initial state depends on its index and the seed, not on the population size")
    func initialStatePerAgent() throws {
        let small = try Simulation(world: smallWorld(agents: 200, steps: 1), seed: 4)
        let large = try Simulation(world: smallWorld(agents: 500, steps: 1), seed: 4)
        let k = small.state.topics
        for i in 0..<200 {
            for d in 0..<Dimension.count {
                #expect(small.state.stock[AgentState.slot(agent: i, dimension: d)] == large.state.stock[AgentState.slot(agent: i, dimension: d)])
                #expect(small.state.threshold[AgentState.slot(agent: i, dimension: d)] == large.state.threshold[AgentState.slot(agent: i, dimension: d)])
            }
            #expect(small.state.frame[i] == large.state.frame[i])
            #expect(Array(small.state.reflective.array[(i * k)..<((i + 1) * k)]) == Array(large.state.reflective.array[(i * k)..<((i + 1) * k)]))
        }
    }

    @Test("random streams are fixed by seed, purpose and coordinates, and differ when any of them changes")
    func streams() {
        let s = RandomStreams(seed: 42)
        var a = s.stream(.agentStep, 3, 7), b = s.stream(.agentStep, 3, 7)
        let first = (0..<4).map { _ in a.next() }
        #expect(first == (0..<4).map { _ in b.next() })
        var variants = [s.stream(.agentStep, 7, 3), s.stream(.agentStep, 3, 8), s.stream(.itemStep, 3, 7),
                        RandomStreams(seed: 43).stream(.agentStep, 3, 7)]
        for v in variants.indices {
            #expect((0..<4).map { _ in variants[v].next() } != first, "variant \(v)")
        }
    }
}
