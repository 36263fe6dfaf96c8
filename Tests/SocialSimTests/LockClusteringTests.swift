import Testing
@testable import SocialSim

/// The plain rule of ``LockClustering`` (the code the measure had before its per-run scratch),
/// kept as the reference the fast path must equal bit for bit.
private func plainLockClustering(locked: UnsafePointer<UInt8>, agents n: Int, offsets: [Int], neighbors: [Int32])
    -> (observed: Double, null: Double)? {
    guard n >= 2 else { return nil }
    var any = [Bool](repeating: false, count: n)
    var lockedCount = 0
    for i in 0..<n {
        any[i] = LockClustering.anyLocked(locked, agent: i)
        if any[i] { lockedCount += 1 }
    }
    guard lockedCount >= 2, lockedCount < n else { return nil }
    var maxDegree = 0
    for i in 0..<n { maxDegree = max(maxDegree, offsets[i + 1] - offsets[i]) }
    var agentsOfDegree = [Int](repeating: 0, count: maxDegree + 1), lockedOfDegree = agentsOfDegree
    for i in 0..<n {
        let k = offsets[i + 1] - offsets[i]
        agentsOfDegree[k] += 1
        if any[i] { lockedOfDegree[k] += 1 }
    }
    var share = [Double](repeating: 0, count: maxDegree + 1), shareOfOthers = share
    for k in 0...maxDegree where agentsOfDegree[k] > 0 {
        share[k] = Double(lockedOfDegree[k]) / Double(agentsOfDegree[k])
        if agentsOfDegree[k] > 1 { shareOfOthers[k] = Double(lockedOfDegree[k] - 1) / Double(agentsOfDegree[k] - 1) }
    }
    var ends = 0, lockedEnds = 0
    var expectedLockedEnds = 0.0
    for i in 0..<n {
        let ki = offsets[i + 1] - offsets[i]
        guard ki > 0, lockedOfDegree[ki] > 0 else { continue }
        if any[i] { ends += ki }
        var conditional = 0.0
        for e in offsets[i]..<offsets[i + 1] {
            let j = Int(neighbors[e])
            if any[i] && any[j] { lockedEnds += 1 }
            let kj = offsets[j + 1] - offsets[j]
            conditional += kj == ki ? shareOfOthers[ki] : share[kj]
        }
        expectedLockedEnds += share[ki] * conditional
    }
    guard ends > 0 else { return nil }
    return (Double(lockedEnds) / Double(ends), expectedLockedEnds / Double(ends))
}

private func sameBits(_ a: (observed: Double, null: Double)?, _ b: (observed: Double, null: Double)?) -> Bool {
    switch (a, b) {
    case (nil, nil): return true
    case let (x?, y?): return x.observed.bitPattern == y.observed.bitPattern && x.null.bitPattern == y.null.bitPattern
    default: return false
    }
}

/// A symmetric CSR graph without self-ties or repeats: some agents isolated, a few hubs, the
/// rest of mixed degree, so there are many degree classes, some with one agent.
private func randomGraph(agents n: Int, rng: inout SplitMix64) -> (offsets: [Int], neighbors: [Int32]) {
    var lists = [Set<Int32>](repeating: [], count: n)
    if n >= 2 {
        let hubs = Set((0..<max(1, n / 100)).map { _ in rng.nextInt(below: n) })
        for i in 0..<n {
            if rng.nextUnit() < 0.1 { continue }  // isolated unless someone picks it
            let want = hubs.contains(i) ? rng.nextInt(below: min(n - 1, 60)) + 1 : rng.nextInt(below: min(n - 1, 12))
            for _ in 0..<want {
                let j = rng.nextInt(below: n)
                guard j != i else { continue }
                lists[i].insert(Int32(j))
                lists[j].insert(Int32(i))
            }
        }
    }
    var offsets = [0]
    var neighbors: [Int32] = []
    for l in lists {
        neighbors += l.sorted()
        offsets.append(neighbors.count)
    }
    return (offsets, neighbors)
}

/// Locks ( 0 or 1, several dimensions per agent at times) on each agent with
/// probability `p`.
private func randomLocks(agents n: Int, probability p: Double, rng: inout SplitMix64) -> [UInt8] {
    var locked = [UInt8](repeating: 0, count: Dimension.count * n)
    for i in 0..<n where rng.nextUnit() < p {
        locked[AgentState.slot(agent: i, dimension: rng.nextInt(below: Dimension.count))] = 1
        if rng.nextUnit() < 0.3 { locked[AgentState.slot(agent: i, dimension: rng.nextInt(below: Dimension.count))] = 1 }
    }
    return locked
}

/// Lock patterns at the edges of the rule: none, one, two, all but one, all; and random ones.
private func lockPatterns(agents n: Int, rng: inout SplitMix64) -> [[UInt8]] {
    func only(_ agents: [Int]) -> [UInt8] {
        var locked = [UInt8](repeating: 0, count: Dimension.count * n)
        for i in agents { locked[AgentState.slot(agent: i, dimension: i % Dimension.count)] = 1 }
        return locked
    }
    var patterns = [only([]), only(Array(0..<n))]
    if n >= 1 { patterns.append(only([n - 1])) }
    if n >= 2 { patterns += [only([0, n - 1]), only(Array(1..<n)), only(Array(0..<(n - 1)))] }
    for p in [0.01, 0.1, 0.5, 0.9, 0.99] { patterns.append(randomLocks(agents: n, probability: p, rng: &rng)) }
    return patterns
}

@Suite("lock clustering's per-run scratch equals the plain rule bit for bit")
struct LockClusteringTests {
    /// 1,037: a second chunk of 13 agents (eight at a time, then a tail of 5).
    static let sizes = [0, 1, 2, 3, 5, 40, 300, 1_037, 2_600]

    @Test("an agent is locked when any of its dimensions is, whatever the neighbouring agents' locks")
    func anyLockedReadsOneAgent() {
        let n = 3
        for mask in 0..<(1 << Dimension.count) {
            var locked = [UInt8](repeating: 1, count: Dimension.count * n)  // neighbours all locked
            for d in 0..<Dimension.count { locked[AgentState.slot(agent: 1, dimension: d)] = UInt8(mask >> d & 1) }
            let any = stepStartBytes(locked).withUnsafeBufferPointer { LockClustering.anyLocked($0.baseAddress!, agent: 1) }
            #expect(any == (mask != 0), "mask \(mask)")
        }
    }

    @Test("on random graphs and lock patterns (isolated agents, hubs, all locked, fewer than 2 locked), narrow and wide keys, with and without per-class rows")
    func freshScratchEqualsRule() {
        var rng = SplitMix64(seed: 11)
        for n in Self.sizes {
            for _ in 0..<3 {
                let g = randomGraph(agents: n, rng: &rng)
                for locked in lockPatterns(agents: n, rng: &rng) {
                    let plain = stepStartBytes(locked).withUnsafeBufferPointer {
                        plainLockClustering(locked: $0.baseAddress!, agents: n, offsets: g.offsets, neighbors: g.neighbors)
                    }
                    let fast = stepStartBytes(locked).withUnsafeBufferPointer {
                        LockClustering.measure(locked: $0.baseAddress!, agents: n, offsets: g.offsets, neighbors: g.neighbors)
                    }
                    #expect(sameBits(plain, fast), "n \(n): \(String(describing: plain)) vs \(String(describing: fast))")
                    let wide = stepStartBytes(locked).withUnsafeBufferPointer { l in
                        g.offsets.withUnsafeBufferPointer { o in
                            g.neighbors.withUnsafeBufferPointer { nb in
                                LockClustering.Scratch(agents: n, offsets: o, locked: l.baseAddress!, wide: true, rowLimit: 0)
                                    .measure(offsets: o, neighbors: nb, threads: 2)
                            }
                        }
                    }
                    #expect(sameBits(plain, wide), "n \(n), wide keys, no rows")
                }
            }
        }
    }

    @Test("across steps: marks of every chunk (in any order, some twice, some agents flipping and back in between), few and many flips per chunk (tie ends updated or recounted), unchanged steps reusing the last result, 1 or 2 threads, waves of 1, 2 or 64 chunks")
    func markedStepsEqualRule() {
        var rng = SplitMix64(seed: 12)
        for n in Self.sizes {
            for (wide, rowLimit, waveChunks) in [(false, LockClustering.Scratch.rowLimit, LockClustering.Scratch.defaultWaveChunks),
                                                 (false, 0, 2), (true, 0, 1)] {
                let g = randomGraph(agents: n, rng: &rng)
                var locked = randomLocks(agents: n, probability: 0.05, rng: &rng)
                let scratch = stepStartBytes(locked).withUnsafeBufferPointer { l in
                    g.offsets.withUnsafeBufferPointer { LockClustering.Scratch(agents: n, offsets: $0, locked: l.baseAddress!, wide: wide,
                                                                                rowLimit: rowLimit, waveChunks: waveChunks) }
                }
                for step in 0..<40 {
                    switch rng.nextInt(below: 5) {
                    case 0: break  // nothing changes: the shortcut
                    case 1:  // a dimension changes on agents that stay locked or unlocked ("any" unchanged) or flip
                        for _ in 0..<min(n, 3) {
                            let i = rng.nextInt(below: n), d = rng.nextInt(below: Dimension.count)
                            locked[AgentState.slot(agent: i, dimension: d)] ^= 1
                        }
                    case 2: locked = randomLocks(agents: n, probability: [0, 0.3, 1][rng.nextInt(below: 3)], rng: &rng)
                    default:
                        for _ in 0..<(n / 50 + 1) where n > 0 {
                            let i = rng.nextInt(below: n)
                            locked[AgentState.slot(agent: i, dimension: rng.nextInt(below: Dimension.count))] = rng.nextUnit() < 0.7 ? 1 : 0
                        }
                    }
                    let chunks = ParallelChunks(agents: n)
                    var order = Array(0..<chunks.count)
                    order.shuffle(using: &rng)
                    if let c = order.first, rng.nextUnit() < 0.3 { order.append(c) }
                    if rng.nextUnit() < 0.25 {
                        // Marked in between as well: some agents flip and flip back before the measure.
                        var between = locked
                        for _ in 0..<(n / 20 + 1) where n > 0 {
                            between[AgentState.slot(agent: rng.nextInt(below: n), dimension: rng.nextInt(below: Dimension.count))] ^= 1
                        }
                        stepStartBytes(between).withUnsafeBufferPointer { l in
                            for c in 0..<chunks.count { scratch.mark(chunk: c, locked: l.baseAddress!) }
                        }
                    }
                    let fast = stepStartBytes(locked).withUnsafeBufferPointer { l in
                        for c in order { scratch.mark(chunk: c, locked: l.baseAddress!) }
                        return g.offsets.withUnsafeBufferPointer { o in
                            g.neighbors.withUnsafeBufferPointer { scratch.measure(offsets: o, neighbors: $0, threads: 1 + step % 2) }
                        }
                    }
                    let plain = stepStartBytes(locked).withUnsafeBufferPointer {
                        plainLockClustering(locked: $0.baseAddress!, agents: n, offsets: g.offsets, neighbors: g.neighbors)
                    }
                    #expect(sameBits(plain, fast), "n \(n), wide \(wide), rows \(rowLimit), waves of \(waveChunks), step \(step)")
                }
            }
        }
    }

    @Test("in a run on 2 threads, and in a fork of it, every step's clustering is the plain rule's")
    func simulationEqualsRule() throws {
        var world = WorldConfig()
        world.agents = 2_500
        world.steps = 160
        world.network.kind = .barabasiAlbert
        let sim = try Simulation(world: world, seed: 3)
        sim.threads = 2
        func check(_ s: Simulation, _ m: StepMetrics) {
            let plain = s.state.stepStart.array.withUnsafeBufferPointer {
                plainLockClustering(locked: $0.baseAddress!, agents: s.state.count, offsets: s.network.offsets,
                                    neighbors: s.network.neighbors)
            }
            let fast = m.lockNeighbourShare.map { ($0, m.lockNeighbourShareNull!) }
            #expect(sameBits(plain, fast), "step \(m.step)")
        }
        var defined = 0
        while sim.currentStep < 120 {
            let m = sim.advance()
            check(sim, m)
            if m.lockNeighbourShare != nil { defined += 1 }
        }
        #expect(defined > 20, "locks must spread for the comparison to mean something")
        let fork = sim.fork(world: world)
        while !fork.isFinished { check(fork, fork.advance()) }
    }
}
