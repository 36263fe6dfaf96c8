/// Watts-Strogatz small world (Watts & Strogatz 1998), in the standard form also used by
/// NetworkX: a ring lattice where each agent is tied to the k/2 nearest agents on each side;
/// then, for j = 1 ... k/2 and each agent u in order, the tie (u, u + j) is rewired with
/// probability `rewiring` to (u, w), w uniform among the agents u is not tied to. An agent
/// already tied to everyone keeps its tie. The number of ties stays n·k/2.
enum WattsStrogatz {
    /// The lattice degree k: `meanDegree` rounded to the nearest even integer, half away from zero.
    static func latticeDegree(_ meanDegree: Double) -> Int { 2 * Int((meanDegree / 2).rounded()) }

    /// Expects 2 <= k <= agents - 1, k even, rewiring in [0, 1] (see ``NetworkConfig/validate(agents:)``).
    static func generate(agents n: Int, latticeDegree k: Int, rewiring: Double, rng: inout SplitMix64) -> Network {
        var lattice = RewiredLattice(agents: n, half: k / 2, expectedRewirings: rewiring * Double(n * k / 2))
        for j in 1...(k / 2) {
            for u in 0..<n where rng.nextUnit() < rewiring {
                lattice.rewire(u, j, rng: &rng)
            }
        }
        return lattice.farEnd.withUnsafeBufferPointer { farEnd in
            Network(agents: n, community: [UInt16](repeating: 0, count: n), ties: farEnd.count) { slot in
                (Int32(truncatingIfNeeded: slot % n), farEnd[slot])
            }
        }
    }
}

/// The lattice while it is being rewired. Tie slot `(j - 1)·n + u` starts as (u, u + j mod n);
/// `farEnd` holds its current far end. Only rewired ties are also kept in a hash set, so
/// "are u and w tied?" is O(1) without a second copy of the whole graph.
private struct RewiredLattice {
    let n: Int
    let half: Int
    var farEnd: [Int32]
    var degree: [Int32]
    var rewired: TieSet

    init(agents n: Int, half: Int, expectedRewirings: Double) {
        self.n = n
        self.half = half
        farEnd = []
        farEnd.reserveCapacity(n * half)
        for j in 1...half {
            for u in 0..<n { farEnd.append(Int32(truncatingIfNeeded: (u + j) % n)) }
        }
        degree = [Int32](repeating: Int32(2 * half), count: n)
        rewired = TieSet(expected: Int(expectedRewirings))
    }

    /// Moves the far end of slot (u, j) to a uniform agent u is not tied to.
    mutating func rewire(_ u: Int, _ j: Int, rng: inout SplitMix64) {
        // Each slot is visited once, so it still holds its lattice tie (u, u + j) here.
        if Int(degree[u]) >= n - 1 { return }
        var w: Int
        repeat { w = rng.nextInt(below: n) } while w == u || areTied(u, w)
        let slot = (j - 1) * n + u
        degree[Int(farEnd[slot])] -= 1
        degree[w] += 1
        farEnd[slot] = Int32(truncatingIfNeeded: w)
        rewired.insert(u, w)
    }

    func areTied(_ u: Int, _ w: Int) -> Bool {
        // A lattice slot that was rewired never holds its lattice partner again: the new far
        // end is never the old one (they were tied when it was drawn).
        let forward = w >= u ? w - u : w - u + n
        if forward <= half, Int(farEnd[(forward - 1) * n + u]) == w { return true }
        let backward = n - forward
        if backward <= half, Int(farEnd[(backward - 1) * n + w]) == u { return true }
        return rewired.contains(u, w)
    }
}

/// An insert-only set of undirected ties: open addressing with linear probing over the key
/// (min << 32 | max), grown to keep the load at most one half.
private struct TieSet {
    private static let empty = UInt64.max
    private var slots: [UInt64]
    private var count = 0

    init(expected: Int) {
        var capacity = 16
        while capacity < 2 * expected { capacity *= 2 }
        slots = [UInt64](repeating: Self.empty, count: capacity)
    }

    func contains(_ u: Int, _ v: Int) -> Bool {
        let key = Self.key(u, v)
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: SplitMix64.mix(key)) & mask
        while slots[i] != Self.empty {
            if slots[i] == key { return true }
            i = (i + 1) & mask
        }
        return false
    }

    mutating func insert(_ u: Int, _ v: Int) {
        if 2 * (count + 1) > slots.count { grow() }
        if place(Self.key(u, v)) { count += 1 }
    }

    /// Puts `key` in its slot; false when it was already there.
    private mutating func place(_ key: UInt64) -> Bool {
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: SplitMix64.mix(key)) & mask
        while slots[i] != Self.empty {
            if slots[i] == key { return false }
            i = (i + 1) & mask
        }
        slots[i] = key
        return true
    }

    private mutating func grow() {
        let old = slots
        slots = [UInt64](repeating: Self.empty, count: 2 * old.count)
        for key in old where key != Self.empty { _ = place(key) }
    }

    private static func key(_ u: Int, _ v: Int) -> UInt64 {
        UInt64(min(u, v)) << 32 | UInt64(max(u, v))
    }
}
