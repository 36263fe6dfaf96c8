import Testing
import SocialSim

@Suite("consequence gate")
struct ConsequenceGateTests {
    func gated(_ configure: (inout WorldConfig) -> Void = { _ in }) -> WorldConfig {
        var w = harmfulWorld(agents: 300, steps: 60)
        w.safeguards.gate.enabled = true
        configure(&w)
        return w
    }

    @Test("a gate with no review capacity, or one that cannot read stocks, changes nothing")
    func inertGate() throws {
        var off = gated()
        off.safeguards.gate.enabled = false
        let base = try series(off, seed: 3)
        #expect(try series(gated { $0.safeguards.gate.capacity = 0 }, seed: 3) == base)
        #expect(try series(gated { $0.legibility.state = .none }, seed: 3) == base)
        #expect(try series(gated { $0.safeguards.gate.capacity = 0.2; $0.safeguards.gate.level = 0.4 }, seed: 3) != base)
    }

    @Test("a gate that flags everything, with room to review it all, holds every item")
    func gateHoldsEverything() throws {
        let s = try series(gated { w in
            w.safeguards.gate.level = 0
            w.safeguards.gate.capacity = 1
            w.safeguards.gate.delay = 3
        }, seed: 2)
        #expect(s.allSatisfy { $0.consumptionRate == 0 })
    }

    @Test("more review capacity protects more: fewer exits at the horizon")
    func capacityHelps() throws {
        let small = try series(gated { $0.safeguards.gate.capacity = 0.001 }, seed: 5).last!
        let large = try series(gated { $0.safeguards.gate.capacity = 0.5 }, seed: 5).last!
        #expect(large.welfare >= small.welfare)
    }

    @Test("admission shares the capacity among last step's flags")
    func admission() {
        #expect(ConsequenceGate.admission(capacity: 0.1, agents: 1000, flaggedLastStep: 0) == 1)
        #expect(ConsequenceGate.admission(capacity: 0.1, agents: 1000, flaggedLastStep: 400) == 0.25)
        #expect(ConsequenceGate.admission(capacity: 0.1, agents: 1000, flaggedLastStep: 50) == 1)
    }

    @Test("the gate gives the same numbers for any thread count")
    func threads() throws {
        let w = gated { $0.safeguards.gate.capacity = 0.05 }
        #expect(try series(w, seed: 9, threads: 1) == series(w, seed: 9, threads: 3))
    }
}
