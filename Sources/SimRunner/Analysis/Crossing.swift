/// Where a curve sampled at increasing x first falls below a level, estimated as a crossing
/// rather than as a grid point: the first sample below the level and the sample before it
/// bracket the crossing, and the curve is interpolated linearly between them.
///
/// ```swift
/// let c = LevelCrossing.first(x: [0, 10, 20], y: [1, 0.8, 0.2], level: 0.5)
/// c.kind      // .crossed
/// c.x         // 15
/// c.bracket   // (1, 2)
/// ```
///
/// A curve already below the level at the first sample is left-censored (the crossing lies at or
/// before the first x); one that never falls below is right-censored (beyond the last x). Only
/// the first crossing is found: a curve that dips below and comes back between two samples is
/// not seen at that sampling, which is why the grid is refined around the crossing.
struct LevelCrossing: Sendable, Equatable {
    enum Kind: String, Sendable, Equatable {
        /// Falls below the level between two samples.
        case crossed
        /// Already below the level at the first sample.
        case belowAtStart
        /// Never below the level at any sample.
        case neverBelow
    }

    var kind: Kind
    /// The interpolated crossing (the first x when left-censored; nil when never below).
    var x: Double?
    /// Indices of the samples that bracket the crossing (when crossed).
    var bracket: (lower: Int, upper: Int)?

    static func == (a: LevelCrossing, b: LevelCrossing) -> Bool {
        a.kind == b.kind && a.x == b.x && a.bracket?.lower == b.bracket?.lower && a.bracket?.upper == b.bracket?.upper
    }

    /// The first crossing of `level` from at-or-above to below. `x` must be increasing.
    static func first(x: [Double], y: [Double], level: Double) -> LevelCrossing {
        precondition(x.count == y.count, "one y per x")
        guard let y0 = y.first else { return LevelCrossing(kind: .neverBelow, x: nil, bracket: nil) }
        if y0 < level { return LevelCrossing(kind: .belowAtStart, x: x[0], bracket: nil) }
        for k in 1..<max(1, y.count) where y[k] < level {
            // y[k-1] >= level > y[k], so the fraction lies in [0, 1).
            let t = (y[k - 1] - level) / (y[k - 1] - y[k])
            return LevelCrossing(kind: .crossed, x: x[k - 1] + t * (x[k] - x[k - 1]), bracket: (k - 1, k))
        }
        return LevelCrossing(kind: .neverBelow, x: nil, bracket: nil)
    }
}

/// The bootstrap distribution of a crossing over resamples, with every resample accounted for:
/// how many crossed, how many were already below at the first sample, how many never fell
/// below, and how many had no curve at all (undefined). The percentile interval is taken over
/// the resamples with a curve, a never-below resample counting as beyond the last x and a
/// below-at-start one as the first x, so censored resamples widen the interval instead of
/// being dropped; an end that falls on a never-below resample is reported as nil ("beyond").
struct CrossingDistribution: Sendable, Equatable {
    var resamples = 0
    var crossed = 0
    var belowAtStart = 0
    var neverBelow = 0
    var undefined = 0
    /// Percentile interval ends; nil means beyond the last x (right-censored).
    var low: Double?
    var high: Double?
    /// Whether an end is a left-censored value (the crossing may lie before the first x).
    var lowCensored = false
    var highCensored = false

    /// `crossings` holds one entry per resample: nil where the curve was undefined.
    init(_ crossings: [LevelCrossing?], confidence: Double) {
        resamples = crossings.count
        var values: [Double] = []
        var leftValue: Double? = nil
        for c in crossings {
            guard let c else { undefined += 1; continue }
            switch c.kind {
            case .crossed: crossed += 1; values.append(c.x!)
            case .belowAtStart: belowAtStart += 1; values.append(c.x!); leftValue = c.x
            case .neverBelow: neverBelow += 1; values.append(.infinity)
            }
        }
        values.sort()
        guard !values.isEmpty else { return }
        let alpha = 1 - confidence
        low = Self.quantile(values, alpha / 2)
        high = Self.quantile(values, 1 - alpha / 2)
        if let left = leftValue {
            lowCensored = low == left
            highCensored = high == left
        }
    }

    init() {}

    /// Type-7 quantile that stays infinite when it touches an infinite order statistic.
    static func quantile(_ sorted: [Double], _ p: Double) -> Double? {
        guard sorted.count > 1 else { return sorted.first.flatMap { $0.isFinite ? $0 : nil } }
        let h = Double(sorted.count - 1) * min(max(p, 0), 1)
        let lo = Int(h.rounded(.down)), hi = min(lo + 1, sorted.count - 1)
        let frac = h - Double(lo)
        if !sorted[lo].isFinite || (frac > 0 && !sorted[hi].isFinite) { return nil }
        return frac > 0 ? sorted[lo] + frac * (sorted[hi] - sorted[lo]) : sorted[lo]
    }
}
