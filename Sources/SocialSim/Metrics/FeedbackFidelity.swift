/// How well the feedback the optimizer learns from tracks what people actually get: the
/// Pearson correlation, over the agents who gave feedback in a step, of the feedback value
/// (a click, a rating, possibly corrupted by low trust or bent by a frame) with the true
/// benefit of the item served to that agent, `Welfare.benefit(quality, reflective fit)`,
/// whether or not it was consumed. 1: the proxy ranks what it is told like what is good;
/// 0: unrelated; negative: the signal points away from welfare.
public enum FeedbackFidelity {
    /// Below this many feedback pairs the correlation is reported as undefined.
    public static let minimumPairs = 10

    public static func correlation(count n: Int, sumX: Double, sumY: Double, sumXX: Double, sumYY: Double,
                                   sumXY: Double) -> Double? {
        guard n >= minimumPairs else { return nil }
        let m = Double(n)
        let vx = sumXX - sumX * sumX / m
        let vy = sumYY - sumY * sumY / m
        // Relative guards: a constant signal (every feedback 1, say) has no correlation.
        guard vx > 1e-12 * max(1, sumXX), vy > 1e-12 * max(1, sumYY) else { return nil }
        let c = (sumXY - sumX * sumY / m) / (vx * vy).squareRoot()
        return min(1, max(-1, c))
    }
}
