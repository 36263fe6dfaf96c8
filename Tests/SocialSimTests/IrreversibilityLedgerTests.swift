import Testing
import SocialSim

@Suite("irreversibility ledger")
struct IrreversibilityLedgerTests {
    /// Runs `world` with a ledger of `sample` agents; returns the ledger and the step series.
    func run(_ world: WorldConfig, seed: UInt64, sample: Int) throws -> (IrreversibilityLedger, [StepMetrics]) {
        let sim = try Simulation(world: world, seed: seed)
        var ledger = IrreversibilityLedger(sampleSize: sample, of: sim)
        var out: [StepMetrics] = []
        sim.run { m in
            out.append(m)
            ledger.observe(sim)
        }
        return (ledger, out)
    }

    @Test("observing a run changes none of its numbers")
    func observingChangesNothing() throws {
        let w = harmfulWorld(agents: 300, steps: 60)
        let (_, observed) = try run(w, seed: 3, sample: 300)
        #expect(observed == (try series(w, seed: 3)))
    }

    @Test("with every agent sampled, the ledger's locks at the horizon are the series' locked fractions")
    func fullSampleMatchesSeries() throws {
        let w = harmfulWorld(agents: 300, steps: 80)
        let (ledger, s) = try run(w, seed: 5, sample: 300)
        let last = try #require(s.last)
        for d in Dimension.allCases {
            let rows = ledger.entries.filter { $0.dimension == d }
            #expect(rows.count == 300)
            let locked = Double(rows.filter(\.lockedAtHorizon).count) / 300
            #expect(abs(locked - last.lockedFraction[d.rawValue]) < 1e-12)
            // Every dated lock happened within the run, after exposure, with a stock at lock.
            for e in rows where e.firstLockStep != nil {
                #expect((0..<80).contains(e.firstLockStep!))
                #expect(e.stockAtLock != nil && e.locks >= 1)
            }
        }
        #expect(ledger.entries.contains { $0.firstLockStep != nil }, "the harmful world locks someone")
    }

    @Test("the sample is bounded, spread over the population and the same for every seed")
    func sampleBounded() throws {
        let w = smallWorld(agents: 1000, steps: 5)
        let (a, _) = try run(w, seed: 1, sample: 10)
        let (b, _) = try run(w, seed: 2, sample: 10)
        #expect(a.agents == [0, 100, 200, 300, 400, 500, 600, 700, 800, 900])
        #expect(a.agents == b.agents)
        #expect(a.entries.count == 40)
        let (all, _) = try run(w, seed: 1, sample: 5000)
        #expect(all.agents.count == 1000)
    }
}
