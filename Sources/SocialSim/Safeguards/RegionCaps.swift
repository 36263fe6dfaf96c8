/// Region-based constraints: a static safe region in state space (a cap per dimension).
/// Agents outside it are served only low-footprint items. Caps are fixed at deployment and
/// blind to heterogeneous thresholds, spillover and coupling: agents can lock below a cap.
public enum RegionCaps {
    /// Whether the agent is outside the safe region (any stock, as the system reads it, above its
    /// cap). A stock the system cannot read (nil) is never above a cap.
    @inlinable
    public static func isOutside(stock: (Int) -> Double?, caps: UnsafeBufferPointer<Double>) -> Bool {
        for d in 0..<Dimension.count { if let x = stock(d), x > caps[d] { return true } }
        return false
    }

    /// Each segment's top items among those whose footprint, as the system estimates it, is at
    /// most `maxFootprint`.
    public static func safeRanking(bandit: Bandit, objective: Objective, penalty: Double,
                                   footprint: [Double], available: [Bool], maxFootprint: Double) -> Bandit {
        var safe = bandit
        let allowed = available.indices.map { available[$0] && footprint[$0] <= maxFootprint }
        safe.rank(objective: objective, penalty: penalty, footprint: footprint, available: allowed)
        return safe
    }
}
