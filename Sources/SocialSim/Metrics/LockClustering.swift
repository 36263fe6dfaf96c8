/// Whether locks cluster on the network beyond what their distribution over degrees explains:
/// a test of contagion against a common drive. A cascade of locks can come from neighbours
/// passing them on or from everyone being pushed by the same optimizer at once; only the first
/// puts locked agents next to locked agents more often than chance.
///
/// `observed`: among the network neighbours of agents with any dimension locked (counted once per
/// tie end), the fraction that are themselves locked. `null`: its exact expectation when the
/// locked labels are permuted uniformly at random among agents of the same degree (a
/// degree-preserving relabelling: the count L_k of locked agents among the n_k agents of degree k
/// is kept, so hubs locking more, as a common drive through spillover makes them, is not mistaken
/// for clustering). The denominator, the sum of locked agents' degrees, is the same under every
/// such relabelling, so the expectation of the ratio is the expected count of locked-locked tie
/// ends over it: the sum over every tie end (u, v) of P(u locked) P(v locked | u locked), with
/// P(u locked) = L_k / n_k for u of degree k, and P(v locked | u locked) = L_k' / n_k' for v of
/// another degree k', or (L_k − 1)/(n_k − 1) when v has u's degree. Both are nil when fewer than
/// 2 agents are locked, every agent is locked, or locked agents have no neighbours.
public enum LockClustering {
    public static func measure(locked: UnsafePointer<UInt8>, agents n: Int, offsets: [Int], neighbors: [Int32])
        -> (observed: Double, null: Double)? {
        guard n >= 2 else { return nil }
        var any = [Bool](repeating: false, count: n)
        var lockedCount = 0
        for i in 0..<n {
            var l: UInt8 = 0
            for d in 0..<Dimension.count { l |= locked[AgentState.slot(agent: i, dimension: d)] }
            any[i] = l != 0
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
        // P(an agent of degree k is locked), and P(another agent of degree k is locked given one is).
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
}
