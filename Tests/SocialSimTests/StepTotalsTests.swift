import Foundation
import Testing
@testable import SocialSim

/// The step's totals are gathered inside the agent loop from values it holds in registers, the
/// preference entropy and dominant topic in one pass, the total variation four topics a round:
/// these tests hold each to the plain formula, and the step's measures to a plain pass over the
/// agents' columns (per-chunk sums in agent order, combined in chunk order), bit for bit.
@Suite("step totals and preference measures equal the plain passes")
struct StepTotalsTests {
    /// A random point of the simplex with `topics` components, some of them exactly zero
    /// (`zeros` of them at random places), some tied for the largest when `ties`.
    private func simplexPoint(_ topics: Int, zeros: Int, ties: Bool, rng: inout SplitMix64) -> [Double] {
        var p = (0..<topics).map { _ in rng.nextUnit() + 1e-3 }
        for _ in 0..<zeros { p[rng.nextInt(below: topics)] = 0 }
        if ties && topics > 2 { p[topics - 1] = p.max()!; p[1] = p.max()! }
        let total = p.reduce(0, +)
        return total > 0 ? p.map { $0 / total } : p
    }

    /// The plain rules, written out: `-sum p log p / log(topics)` over positive components in
    /// topic order, the first largest component, and half the sum of |p - q| in topic order.
    private func plainEntropy(_ p: [Double]) -> Double {
        guard p.count > 1 else { return 0 }
        var h = 0.0
        for x in p where x > 0 { h -= x * log(x) }
        return h / log(Double(p.count))
    }

    private func plainDominant(_ p: [Double]) -> Int {
        var best = 0
        for k in p.indices where p[k] > p[best] { best = k }
        return best
    }

    private func plainTotalVariation(_ p: [Double], _ q: [Double]) -> Double {
        var s = 0.0
        for k in p.indices { s += abs(p[k] - q[k]) }
        return s / 2
    }

    /// What the agent step computes after preferences move: the entropy given the run's
    /// `log(topics)`, and the dominant topic.
    private func moved(_ p: [Double], topics: Int) -> (entropy: Double, dominant: Int) {
        p.withUnsafeBufferPointer {
            (Preferences.normalizedEntropy($0.baseAddress!, topics: topics, logTopics: log(Double(topics))),
             Preferences.dominantTopic($0.baseAddress!, topics: topics))
        }
    }

    @Test("the moved preferences' entropy and dominant topic equal the plain scans", arguments: [1, 2, 3, 5, 8, 16, 64])
    func entropyAndDominant(topics: Int) {
        var rng = SplitMix64(seed: UInt64(topics))
        for trial in 0..<2_000 {
            let p = simplexPoint(topics, zeros: trial % 4, ties: trial % 3 == 0, rng: &rng)
            let fused = moved(p, topics: topics)
            #expect(fused.entropy.bitPattern == plainEntropy(p).bitPattern)
            #expect(fused.dominant == plainDominant(p))
            let computingLog = p.withUnsafeBufferPointer { Preferences.normalizedEntropy($0.baseAddress!, topics: topics) }
            #expect(fused.entropy.bitPattern == computingLog.bitPattern)
        }
        // A vertex and the uniform point.
        var vertex = [Double](repeating: 0, count: topics)
        vertex[topics - 1] = 1
        let uniform = [Double](repeating: 1 / Double(topics), count: topics)
        for p in [vertex, uniform] {
            let fused = moved(p, topics: topics)
            #expect(fused.entropy.bitPattern == plainEntropy(p).bitPattern && fused.dominant == plainDominant(p))
        }
    }

    @Test("total variation four topics a round equals the plain sum in topic order", arguments: [1, 2, 3, 4, 5, 7, 8, 16, 64])
    func totalVariation(topics: Int) {
        var rng = SplitMix64(seed: 100 + UInt64(topics))
        for trial in 0..<2_000 {
            let p = simplexPoint(topics, zeros: trial % 3, ties: false, rng: &rng)
            let q = trial % 5 == 0 ? p : simplexPoint(topics, zeros: trial % 2, ties: false, rng: &rng)
            let fast = p.withUnsafeBufferPointer { a in
                q.withUnsafeBufferPointer { b in Preferences.totalVariation(a.baseAddress!, b.baseAddress!, topics: topics) }
            }
            #expect(fast.bitPattern == plainTotalVariation(p, q).bitPattern)
        }
    }

    @Test("the step's measures equal a plain pass over the agents' columns", arguments: [1, 2])
    func totalsEqualPlainPass(threads: Int) throws {
        var world = harmfulWorld(agents: 2_500, steps: 30)
        // Low thresholds, so that agents lock (and some unlock) within the run.
        world.constraints.thresholdMean = [0.6, 0.6, 0.6, 0.6]
        let sim = try Simulation(world: world, seed: 17)
        sim.threads = threads
        var locked = 0, framesSeen = Set<Int>()
        while !sim.isFinished {
            let m = sim.advance()
            let s = sim.state
            let n = Double(s.count)
            let k = s.topics
            // Per-chunk sums in agent order, combined in chunk order, as the loop's totals are.
            var stock = [Double](repeating: 0, count: Dimension.count)
            var trust = 0.0, squares = 0.0, entropy = 0.0, distance = 0.0, feedback = 0.0
            var lockedCounts = [Int](repeating: 0, count: Dimension.count)
            var frames = [Int](repeating: 0, count: world.narrative.frames.count)
            var exited = 0, feedbackCount = 0
            for c in 0..<sim.chunks.count {
                var part = [Double](repeating: 0, count: Dimension.count)
                var t = 0.0, tt = 0.0, e = 0.0, dist = 0.0, f = 0.0
                for i in sim.chunks.range(c) {
                    for d in 0..<Dimension.count {
                        let slot = AgentState.slot(agent: i, dimension: d)
                        part[d] += s.stock[slot]
                        lockedCounts[d] += Int(s.locked[slot])
                    }
                    t += s.trust[i]
                    tt += s.trust[i] * s.trust[i]
                    e += s.entropy[i]
                    let p = Array(UnsafeBufferPointer(start: s.expressed.base + i * k, count: k))
                    let r = Array(UnsafeBufferPointer(start: s.reflective.base + i * k, count: k))
                    dist += plainTotalVariation(p, r)
                    #expect(s.entropy[i].bitPattern == plainEntropy(p).bitPattern)
                    #expect(Int(s.expressedTop[i]) == plainDominant(p))
                    if s.hasFeedback[i] == 1 { f += s.feedback[i]; feedbackCount += 1 }
                    exited += Int(s.exited[i])
                    frames[Int(s.frame[i])] += 1
                }
                for d in 0..<Dimension.count { stock[d] += part[d] }
                trust += t; squares += tt; entropy += e; distance += dist; feedback += f
            }
            #expect(m.meanStock.map(\.bitPattern) == stock.map { ($0 / n).bitPattern })
            #expect(m.lockedFraction.map(\.bitPattern) == lockedCounts.map { (Double($0) / n).bitPattern })
            #expect(m.frameShares.map(\.bitPattern) == frames.map { (Double($0) / n).bitPattern })
            let mean = trust / n
            #expect(m.trustMean.bitPattern == mean.bitPattern)
            #expect(m.trustSpread.bitPattern == max(0, squares / n - mean * mean).squareRoot().bitPattern)
            #expect(m.exitedFraction.bitPattern == (Double(exited) / n).bitPattern)
            #expect(m.preferenceEntropy.bitPattern == (entropy / n).bitPattern)
            #expect(m.reflectiveDistance.bitPattern == (distance / n).bitPattern)
            #expect(m.feedbackRate.bitPattern == (Double(feedbackCount) / n).bitPattern)
            #expect(m.proxyReward.bitPattern == (feedbackCount > 0 ? feedback / Double(feedbackCount) : 0).bitPattern)
            locked += lockedCounts.reduce(0, +)
            for (f, c) in frames.enumerated() where c > 0 { framesSeen.insert(f) }
        }
        // The run exercised what the counts split: locks in some dimension, several frames.
        #expect(locked > 0)
        #expect(framesSeen.count > 1)
    }

    @Test("frame and lock counts from step-start bytes equal counts of the bytes' fields")
    func stepStartCounts() {
        var totals = StepTotals()
        var rng = SplitMix64(seed: 3)
        var frames = [Int](repeating: 0, count: StepStart.frameLimit)
        var locked = [Int](repeating: 0, count: Dimension.count)
        let zeros = [Double](repeating: 0, count: 8)
        for _ in 0..<5_000 {
            let b = UInt8(truncatingIfNeeded: rng.next())
            frames[Int(b & 0x0F)] += 1
            for d in 0..<Dimension.count where b >> (4 + UInt8(d)) & 1 == 1 { locked[d] += 1 }
            zeros.withUnsafeBufferPointer { z in
                totals.add(stock: z.baseAddress!, stepStart: b, newLocks: 0, trust: 0, exited: false, welfare: 0, consumed: false,
                           observed: nil, entropy: 0, expressed: z.baseAddress!, reflective: z.baseAddress!, topics: 8)
            }
        }
        var combined = StepTotals()
        combined.combine(totals)
        combined.combine(totals)
        let lockedCounts = combined.lockedCounts()
        #expect((0..<StepStart.frameLimit).map { Int(combined.frames[$0]) } == frames.map { 2 * $0 })
        #expect((0..<Dimension.count).map { lockedCounts[$0] } == locked.map { 2 * $0 })
    }
}
