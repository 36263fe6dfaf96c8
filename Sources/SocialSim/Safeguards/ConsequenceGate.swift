/// A gate at consequence boundaries (DESIGN §3 "Layered controls"): before an item is served,
/// the system checks whether, by its own estimates, the item would push the person near a lock
/// threshold. If so the item is held for human review: the person is served nothing while the
/// review is pending (`delay` steps). The reviewer sees what the system cannot, the true stocks
/// and the person's own thresholds: an item it approves is served when the review ends, one it
/// rejects is withheld and service resumes through the gate.
///
/// Review is a scarce resource: `capacity` reviews per step, as a share of the population. The
/// gate cannot know in advance how many holds a step will raise, so it admits each flagged item
/// with probability `min(1, capacity · N / flagged in the previous step)`; an item not admitted
/// is served unreviewed. Admission is order-free (its own random stream), so the gate gives the
/// same numbers whatever the thread count.
///
/// The estimates are the system's (section "Legibility"): stocks as read, footprints as
/// estimated, and the population's mean threshold, since individual thresholds are unknown.
public enum ConsequenceGate {
    /// Whether serving the item would push the person near a threshold: for some dimension d,
    /// `s_d + r · footprint_d ≥ level · θ_d`. The system uses its readings ŝ (an unreadable
    /// stock never flags), `r = F̂_j / F_j` (its error is in how harmful the item is overall, 0
    /// when `F_j = 0`) and the population's mean thresholds θ̄; the reviewer uses the truth.
    @inlinable
    public static func flags(stock: (Int) -> Double?, footprint: UnsafePointer<Double>, estimateRatio: Double,
                             level: Double, threshold: (Int) -> Double) -> Bool {
        for d in 0..<Dimension.count {
            guard let s = stock(d) else { continue }
            if s + footprint[d] * estimateRatio >= level * threshold(d) { return true }
        }
        return false
    }

    /// The probability that a flagged item gets a review slot this step.
    @inlinable
    public static func admission(capacity: Double, agents: Int, flaggedLastStep: Int) -> Double {
        guard flaggedLastStep > 0 else { return 1 }
        return min(1, capacity * Double(agents) / Double(flaggedLastStep))
    }
}

/// Parameters of the consequence gate (off by default).
public struct ConsequenceGateConfig: Sendable, Equatable, Hashable {
    public var enabled = false
    /// Flag when the estimated stock after the item reaches this fraction of the mean threshold.
    public var level = 0.8
    /// Reviews per step, as a fraction of the number of agents.
    public var capacity = 0.01
    /// Steps a held person waits for the review, served nothing (at most 127).
    public var delay = 2

    public init() {}
}
