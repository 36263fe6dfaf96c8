import Testing
import Foundation
import SocialSim

@Test func explore() throws {
    let w = smallWorld(agents: 300, steps: 150)
    let sim = try Simulation(world: w, seed: 3)
    let n = w.agents
    while !sim.isFinished {
        let m = sim.advance()
        let st = sim.state.stock.array, fl = sim.state.floor.array
        for k in st.indices where st[k] < fl[k] {
            let d = k / n, i = k % n
            print("step", m.step, "dim", d, "agent", i, "stock", st[k], "floor", fl[k], "thr", sim.state.threshold[k], "locked", sim.state.locked[k], "nbLocked", sim.state.neighbourLocked[k], "newLocks", sim.state.newLocks[i], "scars", sim.state.scars[k])
        }
    }
}
