import Foundation
import Testing
@testable import SocialSim

/// The agent loop applies the constraint and threshold rules to an agent's four dimensions at
/// once (``DimensionValues``). These tests hold every lane-wise form to its scalar rule bit for
/// bit, on random values and on the edges where an ordering or a sign could differ: 0 and -0,
/// a stock at its capacity or its floor, infinities, NaN, locked and unlocked mixes.
@Suite("lane-wise constraint and threshold rules equal the scalar rules bit for bit")
struct DimensionLaneTests {
    /// Values where `min`, `max` and the rules' comparisons could order differently.
    static let edges: [Double] = [0, -0.0, 1, -1, 0.5, 2, 1e-300, -1e-300, .leastNonzeroMagnitude,
                                  .greatestFiniteMagnitude, .infinity, -.infinity, .nan]

    /// The same bits, or both NaN (a NaN's payload is not an output: CSVs print "nan").
    static func same(_ a: Double, _ b: Double) -> Bool {
        a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN)
    }

    static func lanes(_ r: inout TestRandom, from pool: [Double], edgeShare: Double = 0.3,
                      _ lo: Double = 0, _ hi: Double = 2) -> DimensionValues {
        var v = DimensionValues()
        for d in 0..<Dimension.count {
            v[d] = r.unit() < edgeShare ? pool[Int(r.unit() * Double(pool.count))] : r.uniform(lo, hi)
        }
        return v
    }

    static func mask(_ bits: Int) -> DimensionMask {
        var m = DimensionMask()
        for d in 0..<Dimension.count { m[d] = bits & (1 << d) != 0 }
        return m
    }

    @Test("lane-wise min and max are Swift's min and max, -0, +0 and NaN included")
    func minMax() {
        let all = Self.edges
        for a in all {
            for b in all {
                let x = DimensionValues(a, b, a, -b), y = DimensionValues(b, a, -a, b)
                let lo = DimensionLanes.min(x, y), hi = DimensionLanes.max(x, y)
                for d in 0..<Dimension.count {
                    #expect(lo[d].bitPattern == Swift.min(x[d], y[d]).bitPattern, "min(\(x[d]), \(y[d]))")
                    #expect(hi[d].bitPattern == Swift.max(x[d], y[d]).bitPattern, "max(\(x[d]), \(y[d]))")
                }
            }
        }
    }

    @Test("the rise of every lane is max(0, after - before), -0 and NaN included")
    func rise() {
        var r = TestRandom(41)
        for _ in 0..<20_000 {
            let before = Self.lanes(&r, from: Self.edges, 0, 2), after = Self.lanes(&r, from: Self.edges, 0, 2)
            let rise = Constraints.rise(from: before, to: after)
            for d in 0..<Dimension.count {
                #expect(rise[d].bitPattern == Swift.max(0, after[d] - before[d]).bitPattern, "\(before[d]) -> \(after[d])")
            }
        }
        // -0 - +0 = -0, which max(0, -0) keeps.
        #expect(Constraints.rise(from: DimensionValues(repeating: 0), to: DimensionValues(repeating: -0.0))[0].bitPattern
                == (-0.0).bitPattern)
    }

    @Test("spillover, saturation and the next stock in every lane equal the scalar rules")
    func constraints() {
        var r = TestRandom(13)
        for trial in 0..<20_000 {
            let bits = trial % 16
            let isLocked = Self.mask(bits)
            let rate = Self.lanes(&r, from: Self.edges, 0, 0.2), cap = Self.lanes(&r, from: Self.edges, 0, 3)
            let share = Self.lanes(&r, from: [0, 1, -0.0, 0.5], 0, 1)
            let mean = Self.lanes(&r, from: Self.edges, 0, 3)
            let capacity = Self.lanes(&r, from: [1, 2, .infinity, 0, -0.0], 0.5, 4)
            var stock = Self.lanes(&r, from: Self.edges, 0, 4)
            var floor = Self.lanes(&r, from: Self.edges, 0, 1)
            // A stock at its capacity, at its floor, and a floor at the stock.
            switch trial % 5 {
            case 0: stock = capacity
            case 1: stock = floor
            case 2: floor = stock
            default: break
            }
            let inflow = Self.lanes(&r, from: Self.edges, 0, 0.5)
            let multiplier = Self.lanes(&r, from: [1, 0, 1.1, 2], 1, 3)
            let decay = Self.lanes(&r, from: [0, 1, -0.0, 0.01], 0, 0.1)
            let lockedDecay = Self.lanes(&r, from: [0, 1, -0.0, 0.01], 0, 0.1)

            let spill = Constraints.spillover(rate: rate, neighbourMean: mean, cap: cap, isLocked: isLocked, lockedShare: share)
            let saturation = Constraints.saturation(stock: stock, capacity: capacity)
            let next = Constraints.nextStock(stock: stock, floor: floor, isLocked: isLocked, inflow: inflow,
                                             rateMultiplier: multiplier, decay: decay, lockedDecay: lockedDecay,
                                             capacity: capacity)
            for d in 0..<Dimension.count {
                let locked = bits & (1 << d) != 0
                let s = Constraints.spillover(rate: rate[d], neighbourMean: mean[d], cap: cap[d], isLocked: locked,
                                              lockedShare: share[d])
                #expect(Self.same(spill[d], s), "spillover lane \(d), trial \(trial)")
                #expect(Self.same(saturation[d], Constraints.saturation(stock: stock[d], capacity: capacity[d])),
                        "saturation lane \(d), trial \(trial)")
                let n = Constraints.nextStock(stock: stock[d], floor: floor[d], isLocked: locked, inflow: inflow[d],
                                              rateMultiplier: multiplier[d], decay: decay[d], lockedDecay: lockedDecay[d],
                                              capacity: capacity[d])
                #expect(Self.same(next[d], n), "next stock lane \(d), trial \(trial): \(next[d]) against \(n)")
            }
        }
    }

    @Test("the effective threshold and the lock transitions in every lane equal the scalar rules")
    func thresholds() {
        var r = TestRandom(29)
        for trial in 0..<20_000 {
            let bits = trial % 16
            let isLocked = Self.mask(bits)
            let threshold = Self.lanes(&r, from: Self.edges, 0.2, 2)
            let contagion = Self.lanes(&r, from: [0, 1, -0.0, 2], 0, 1.5)
            let fraction = Self.lanes(&r, from: [0, 1, -0.0, 0.5], 0, 1)
            let unlockFraction = Self.lanes(&r, from: [0, 1, -0.0, 0.99], 0, 1)
            let effective = Thresholds.effectiveThreshold(threshold, contagion: contagion, lockedNeighbourFraction: fraction)
            var stock = Self.lanes(&r, from: Self.edges, 0, 2)
            // A stock exactly at the effective threshold, and exactly at the unlock level.
            if trial % 3 == 0 { stock = effective }
            if trial % 3 == 1 { stock = unlockFraction * threshold }
            let flips = Thresholds.flips(stock: stock, isLocked: isLocked, threshold: threshold,
                                         effectiveThreshold: effective, unlockFraction: unlockFraction)
            #expect(DimensionLanes.any(flips) == (0..<Dimension.count).contains { flips[$0] })
            for d in 0..<Dimension.count {
                let e = Thresholds.effectiveThreshold(threshold[d], contagion: contagion[d], lockedNeighbourFraction: fraction[d])
                #expect(Self.same(effective[d], e), "effective threshold lane \(d), trial \(trial)")
                let t = Thresholds.transition(stock: stock[d], isLocked: bits & (1 << d) != 0, threshold: threshold[d],
                                              effectiveThreshold: e, unlockFraction: unlockFraction[d])
                let locked = bits & (1 << d) != 0
                #expect(flips[d] == (t == (locked ? .unlocks : .locks)), "flip lane \(d), trial \(trial)")
                #expect(t != (locked ? .locks : .unlocks))
            }
        }
    }

    @Test("the per-run tables hold the lock lanes of every lock mask and the scar multiplier of every scar count")
    func tables() {
        var world = WorldConfig()
        world.constraints.scarGain = [0, 0.1, 0.3333, 7.5]
        let table = DimensionTable(world: world)
        defer { table.free() }
        for bits in 0..<16 {
            let m = table.lockedLanes(bits)
            for d in 0..<Dimension.count { #expect(m[d] == (bits & (1 << d) != 0)) }
        }
        var scars: [UInt8] = [0, 0, 0, 0]
        for count in 0...255 {
            // Each dimension at a different count, so a lane reading another's row would show.
            for d in 0..<Dimension.count { scars[d] = UInt8((count + 67 * d) % 256) }
            let v = scars.withUnsafeBufferPointer { table.scarMultipliers($0.baseAddress!) }
            for d in 0..<Dimension.count {
                let rule = Thresholds.scarMultiplier(scars: scars[d], scarGain: world.constraints.scarGain[d])
                #expect(v[d].bitPattern == rule.bitPattern, "dimension \(d), \(scars[d]) scars")
            }
        }
    }

    @Test("the step-start byte from a lock mask is the byte from the four lock flags")
    func stepStartFromMask() {
        for frame in 0..<UInt8(StepStart.frameLimit) {
            for bits in 0..<16 {
                let flags = (0..<4).map { UInt8(bits >> $0 & 1) }
                let byte = StepStart.pack(frame: frame, lockedMask: bits)
                #expect(byte == StepStart.pack(frame: frame, locked: (flags[0], flags[1], flags[2], flags[3])))
                #expect(StepStart.lockedMask(byte) == bits && StepStart.frame(byte) == Int(frame))
            }
        }
    }

    @Test("lock flags are bits 4-7 of the step-start byte: writing one changes that bit only, never the frame")
    func lockFlagsView() {
        let n = 37
        let s = AgentState(count: n, topics: 2, historyLength: 1)
        for i in 0..<n { s.frame[i] = UInt8(i % 16); s.packStepStart(agent: i) }
        var plain = [UInt8](repeating: 0, count: n * Dimension.count)
        var r = TestRandom(3)
        for _ in 0..<2_000 {
            let k = Int(r.unit() * Double(plain.count))
            let v: UInt8 = r.unit() < 0.5 ? 1 : 0
            s.locked[k] = v
            plain[k] = v
            #expect(s.locked.array == plain)
            let i = k / Dimension.count
            #expect(StepStart.frame(s.stepStart[i]) == i % 16)
            #expect(StepStart.lockedMask(s.stepStart[i]) == (0..<Dimension.count).reduce(0) { $0 | Int(plain[4 * i + $1]) << $1 })
        }
        // Packing the frame again keeps the locks.
        for i in 0..<n { s.frame[i] = UInt8((i + 5) % 16); s.packStepStart(agent: i) }
        #expect(s.locked.array == plain)
    }

    @Test("a run's locks and unlocks: a new lock adds a scar and raises no floor above its stock, an unlock adds none (relief unlocking too)")
    func locksAndUnlocksInARun() throws {
        var world = WorldConfig()
        world.agents = 400
        world.steps = 120
        world.constraints.unlockFraction = [0.99, 0.99, 0.99, 0.99]
        world.constraints.scarGain = [1, 1, 1, 1]
        let sim = try Simulation(world: world, seed: 5)
        var locks = 0, unlocks = 0, reliefUnlocks = 0
        for step in 0..<world.steps {
            if step == 60 {
                let held = sim.state.locked.array
                _ = Relief.apply(budgetPerAgent: 0.5, targeting: .uniform, state: sim.state, config: world.constraints)
                reliefUnlocks = zip(held, sim.state.locked.array).filter { $0 == 1 && $1 == 0 }.count
            }
            let before = sim.state.locked.array, scars = sim.state.scars.array
            _ = sim.advance()
            let after = sim.state.locked.array
            for k in after.indices {
                let added = Int(sim.state.scars[k]) - Int(scars[k])
                if after[k] == 1 && before[k] == 0 {
                    locks += 1
                    #expect(added == (scars[k] == 255 ? 0 : 1), "slot \(k) step \(step)")
                    #expect(sim.state.floor[k] <= sim.state.stock[k], "slot \(k) step \(step)")
                } else {
                    if after[k] == 0 && before[k] == 1 { unlocks += 1 }
                    #expect(added == 0, "slot \(k) step \(step)")
                }
            }
        }
        #expect(locks > 0 && unlocks > 0 && reliefUnlocks > 0,
                "the run must exercise every transition: \(locks) locks, \(unlocks) unlocks, \(reliefUnlocks) by relief")
    }
}
