import Testing
@testable import SocialSim

/// The run gathers integer counts inside its parallel agent loop (``ItemTallies``) instead of
/// a serial pass over the agents afterwards; these tests hold each fused value to the plain
/// pass over the agents bit for bit, on one thread and on two (three chunks of agents).
@Suite("counts fused into the agent loop equal the plain passes")
struct FusedCountTests {
    private func bits(_ x: Double?) -> UInt64? { x?.bitPattern }

    @Test("served fraction and consumption HHI from the loop's counts equal the plain functions", arguments: [1, 2])
    func servedAndConcentration(threads: Int) throws {
        var world = smallWorld(agents: 2_500, steps: 40)
        world.catalogue.items = 60
        let sim = try Simulation(world: world, seed: 11)
        sim.threads = threads
        var concentrated = 0
        while !sim.isFinished {
            let t = sim.currentStep
            let m = sim.advance()
            let s = sim.state
            let served = ServedFraction.measure(shownItem: UnsafePointer(s.shownItem.base), agents: s.count)
            #expect(m.servedFraction.bitPattern == served.bitPattern)
            let hhi = withUnsafeTemporaryAllocation(of: Int32.self, capacity: world.catalogue.items) { counts in
                ConsumptionConcentration.hhi(history: UnsafePointer(s.history.base), historyLength: s.historyLength,
                                             agents: s.count, step: t, items: world.catalogue.items, counts: counts)
            }
            #expect(bits(m.consumptionConcentration) == bits(hhi))
            if hhi != nil { concentrated += 1 }
        }
        #expect(concentrated > 0)
    }

    @Test("learned footprints from the loop's counts equal the plain count over who had not exited", arguments: [1, 2])
    func learnedFootprints(threads: Int) throws {
        var world = harmfulWorld(agents: 2_500, steps: 40)
        world.legibility.footprint = .learned
        // Trust starts just above the exit level, so people served harmful items leave early.
        world.trust.initial = 0.2
        let sim = try Simulation(world: world, seed: 5)
        sim.threads = threads
        var exits = 0
        while !sim.isFinished {
            let exitedBefore = sim.state.exited.array
            var plain = sim.footprintEstimate
            sim.advance()
            let s = sim.state
            var served = [Int](repeating: 0, count: world.catalogue.items)
            var left = served
            for i in 0..<s.count where exitedBefore[i] == 0 {
                let j = Int(s.shownItem[i])
                guard j >= 0 else { continue }
                served[j] += 1
                if s.exited[i] == 1 { left[j] += 1 }
            }
            exits += left.reduce(0, +)
            plain.learn(served: served, exits: left)
            #expect(plain.values.map(\.bitPattern) == sim.footprintEstimate.values.map(\.bitPattern))
        }
        #expect(exits > 0)
    }

    @Test("one agent's fused counts, gathered by several workers, equal plain counts; gate flags are cleared")
    func tallyEqualsPlainCounts() {
        let agents = 3_000, items = 17, h = 5, slot = 3
        let s = AgentState(count: agents, topics: 4, historyLength: h)
        var rng = SplitMix64(seed: 21)
        for i in 0..<agents {
            s.shownItem[i] = Int32(rng.nextInt(below: items + 3)) - 3
            s.exited[i] = rng.nextUnit() < 0.3 ? 1 : 0
            s.gateFlagged[i] = rng.nextUnit() < 0.2 ? 1 : 0
            for x in 0..<h { s.history[i * h + x] = Int32(rng.nextInt(below: items + 2)) - 2 }
        }
        var served = 0, flagged = 0
        var consumed = [Int32](repeating: 0, count: items), servings = consumed, exits = consumed
        for i in 0..<agents {
            if s.shownItem[i] >= 0 {
                served += 1
                servings[Int(s.shownItem[i])] += 1
                if s.exited[i] == 1 { exits[Int(s.shownItem[i])] += 1 }
            }
            let c = s.history[i * h + slot]
            if c >= 0 { consumed[Int(c)] += 1 }
            if s.gateFlagged[i] == 1 { flagged += 1 }
        }
        let workers = 3
        let tallies = ItemTallies(items: items, workers: workers, countsServings: true)
        tallies.reset()
        var totals = StepTotals()
        // Chunks of 1,000 agents handed out to the workers out of order.
        for (c, w) in [(2, 0), (0, 1), (1, 2)] {
            for i in c * 1_000..<(c + 1) * 1_000 {
                ItemTallies.count(agent: i, state: s, historySlot: slot, gate: true, servings: true,
                                  into: tallies.block(w), totals: &totals)
            }
        }
        let total = tallies.combined()
        #expect(totals.served == served)
        #expect(totals.gateFlagged == flagged)
        #expect((0..<agents).allSatisfy { s.gateFlagged[$0] == 0 })
        #expect((0..<items).map { total.consumed[$0] } == consumed)
        #expect((0..<items).map { total.served[$0] } == servings)
        #expect((0..<items).map { total.exits[$0] } == exits)
        let hhi = ConsumptionConcentration.hhi(counts: UnsafePointer(total.consumed), items: items)
        let plainHHI = withUnsafeTemporaryAllocation(of: Int32.self, capacity: items) { counts in
            ConsumptionConcentration.hhi(history: UnsafePointer(s.history.base), historyLength: h, agents: agents, step: slot,
                                         items: items, counts: counts)
        }
        #expect(bits(hhi) == bits(plainHHI))
        #expect(ServedFraction.fraction(served: totals.served, agents: agents).bitPattern
                == ServedFraction.measure(shownItem: UnsafePointer(s.shownItem.base), agents: agents).bitPattern)
        // A fresh step starts from zero.
        tallies.reset()
        #expect((0..<workers).allSatisfy { w in (0..<items).allSatisfy { tallies.block(w).consumed[$0] == 0 && tallies.block(w).exits[$0] == 0 } })
    }
}
