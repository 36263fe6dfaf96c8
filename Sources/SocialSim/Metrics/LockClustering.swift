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
///
/// The plain rule, whose numbers are the measure's to the bit (the floating-point sums in this
/// order of operations; `Tests/SocialSimTests/LockClusteringTests.swift` holds the fast path to
/// it):
///
/// ```swift
/// var expected = 0.0
/// for i in agents where L[k_i] > 0 {            // in index order
///     var conditional = 0.0
///     for j in neighbours(i) {                  // in CSR order
///         conditional += k_j == k_i ? (L[k_i] - 1) / (n[k_i] - 1) : L[k_j] / n[k_j]
///     }
///     expected += L[k_i] / n[k_i] * conditional
/// }
/// null = expected / ends; observed = lockedEnds / ends   // ends: the sum of locked agents' degrees
/// ```
///
/// A run computes it through ``Scratch`` (per-agent work in the parallel chunks, nothing
/// allocated per step).
public enum LockClustering {
    /// The measure for the locks `locked` of `n` agents (one byte per agent, its lock flags in
    /// bits 4-7 as in ``AgentState/stepStart``) on the CSR network `offsets`/`neighbors`
    /// (symmetric, no self-ties).
    public static func measure(locked: UnsafePointer<UInt8>, agents n: Int, offsets: [Int], neighbors: [Int32])
        -> (observed: Double, null: Double)? {
        offsets.withUnsafeBufferPointer { offsets in
            neighbors.withUnsafeBufferPointer { neighbors in
                Scratch(agents: n, offsets: offsets, locked: locked)
                    .measure(offsets: offsets, neighbors: neighbors, threads: 1)
            }
        }
    }

    /// Whether agent `i` has any dimension locked: the one place the measure reads the layout
    /// of the locks (the agent's step-start byte, ``StepStart``: lock flags in bits 4-7).
    @inline(__always)
    static func anyLocked(_ locked: UnsafePointer<UInt8>, agent i: Int) -> Bool {
        StepStart.lockedMask(locked[i]) != 0
    }
}
