import SocialSim

/// Morris elementary effects (Morris 1991; mu* after Campolongo, Cariboni & Saltelli 2007), a
/// screening of many factors with r (k + 1) runs, in the unit hypercube.
///
/// Grid: p levels {0, 1/(p−1), ..., 1}; step Δ = p / (2 (p − 1)) (2/3 for the default 4 levels).
/// A trajectory starts at a random grid point whose coordinates can all move by Δ, then moves one
/// factor at a time, in a random order and each in a random direction, by ±Δ: k + 1 points.
/// The elementary effect of factor i on that trajectory is (f(after) − f(before)) / (±Δ), in
/// units of the measure per unit of the factor's range. Over the r trajectories:
/// mu = mean effect, mu* = mean absolute effect (importance), sigma = standard deviation
/// (n − 1 denominator) of the effects (nonlinearity or interactions).
///
/// ```swift
/// let t = Morris.design(factors: 3, trajectories: 10, levels: 4, seed: 1)
/// let y = t.map { x in 2 * x[0] + x[1] }
/// Morris.analyze(y, design: t, factors: 3)[0].muStar   // 2 (exactly: the model is linear)
/// ```
enum Morris {
    static func delta(levels p: Int) -> Double { Double(p) / (2 * Double(p - 1)) }

    /// The points in run order: trajectory t occupies runs t (k + 1) ..< (t + 1)(k + 1).
    static func design(factors k: Int, trajectories r: Int, levels p: Int, seed: UInt64) -> [[Double]] {
        precondition(k >= 1 && r >= 1 && p >= 2 && p % 2 == 0, "an even number of levels keeps every step on the grid")
        var rng = SplitMix64(seed: SplitMix64.mix(seed ^ 0x4D_4F52_5249_53))
        let step = delta(levels: p)
        // Start levels from which +Δ stays in the cube: 0 ..< p/2 (Δ spans p/2 levels).
        let startLevels = p / 2
        var out: [[Double]] = []
        out.reserveCapacity(r * (k + 1))
        for _ in 0..<r {
            var order = Array(0..<k)
            for i in stride(from: k - 1, to: 0, by: -1) { order.swapAt(i, rng.nextInt(below: i + 1)) }
            var x = (0..<k).map { _ in Double(rng.nextInt(below: startLevels)) / Double(p - 1) }
            let up = (0..<k).map { _ in rng.nextInt(below: 2) == 1 }
            for i in 0..<k where !up[i] { x[i] += step }
            out.append(x)
            for i in order {
                x[i] += up[i] ? step : -step
                // Round away the drift of repeated additions so points sit exactly on the grid.
                x[i] = (x[i] * Double(p - 1)).rounded() / Double(p - 1)
                out.append(x)
            }
        }
        return out
    }

    struct Effect: Sendable, Equatable {
        var mu: Double
        var muStar: Double
        var sigma: Double
        /// Trajectories with a finite effect for this factor.
        var count: Int
        /// Bootstrap interval of mu* over trajectories.
        var muStarInterval: ClosedRange<Double>?
    }

    /// Effects per factor from the measure at every point of `design`. A trajectory whose two
    /// points for a factor are not both finite is skipped for that factor (and counted out).
    static func analyze(_ y: [Double], design: [[Double]], factors k: Int, bootstrap: Int = 1000,
                        confidence: Double = 0.95, seed: UInt64 = 1) -> [Effect] {
        precondition(y.count == design.count && y.count % (k + 1) == 0, "r (k + 1) values")
        let r = y.count / (k + 1)
        var effects = [[Double]](repeating: [], count: k)
        for t in 0..<r {
            for s in 0..<k {
                let a = t * (k + 1) + s, b = a + 1
                guard let i = (0..<k).first(where: { design[a][$0] != design[b][$0] }) else { continue }
                let dx = design[b][i] - design[a][i]
                let e = (y[b] - y[a]) / dx
                if e.isFinite { effects[i].append(e) }
            }
        }
        var rng = SplitMix64(seed: SplitMix64.mix(seed ^ 0x4D_0B01))
        let alpha = (1 - confidence) / 2
        return effects.map { e in
            let n = Double(e.count)
            guard !e.isEmpty else { return Effect(mu: .nan, muStar: .nan, sigma: .nan, count: 0, muStarInterval: nil) }
            let mu = e.reduce(0, +) / n
            let muStar = e.reduce(0) { $0 + abs($1) } / n
            let sigma = e.count > 1 ? (e.reduce(0) { $0 + ($1 - mu) * ($1 - mu) } / (n - 1)).squareRoot() : .nan
            var boot: [Double] = []
            if bootstrap > 0 && e.count >= 2 {
                for _ in 0..<bootstrap {
                    var s = 0.0
                    for _ in 0..<e.count { s += abs(e[rng.nextInt(below: e.count)]) }
                    boot.append(s / n)
                }
            }
            return Effect(mu: mu, muStar: muStar, sigma: sigma, count: e.count,
                          muStarInterval: SobolIndices.percentileInterval(boot, alpha))
        }
    }
}
