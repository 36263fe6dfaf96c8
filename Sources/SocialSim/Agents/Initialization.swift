import Foundation
import NarrativeModel

/// Draws every agent's initial state from its own random stream, so agent i starts the same
/// whatever the number of agents processed before it or the number of threads.
enum Initialization {
    static func populate(_ state: AgentState, world: WorldConfig, streams: RandomStreams) {
        let n = state.count
        let k = state.topics
        let c = world.constraints
        let shares = world.narrative.frames.map { max($0.initialShare, 0) }
        let shareSum = shares.reduce(0, +)
        for i in 0..<n {
            var rng = streams.stream(.agentTraits, UInt64(i))
            for d in 0..<Dimension.count {
                let idx = AgentState.slot(agent: i, dimension: d)
                state.stock[idx] = c.initialStock[d] * rng.nextUnit()
                let sigma = c.thresholdSpread[d]
                state.threshold[idx] = c.thresholdMean[d] * exp(sigma * rng.nextGaussian() - sigma * sigma / 2)
            }
            // Reflective preferences: Dirichlet(alpha) via normalized gamma draws.
            var total = 0.0
            for t in 0..<k {
                let g = gamma(shape: world.preferences.reflectiveConcentration, rng: &rng)
                state.reflective[i * k + t] = g
                total += g
            }
            let a = world.preferences.initialAlignment
            for t in 0..<k {
                let r = total > 0 ? state.reflective[i * k + t] / total : 1 / Double(k)
                state.reflective[i * k + t] = r
                state.expressed[i * k + t] = a * r + (1 - a) / Double(k)
            }
            state.entropy[i] = Preferences.normalizedEntropy(state.expressed.base + i * k, topics: k)
            state.reflectiveTop[i] = UInt8(Preferences.dominantTopic(state.reflective.base + i * k, topics: k))
            state.expressedTop[i] = UInt8(Preferences.dominantTopic(state.expressed.base + i * k, topics: k))
            state.trust[i] = world.trust.initial
            state.recentBenefit[i] = world.welfare.outsideOption
            let u = rng.nextUnit() * shareSum
            var acc = 0.0
            var f = 0
            for (index, s) in shares.enumerated() {
                acc += s
                f = index
                if u < acc { break }
            }
            state.frame[i] = UInt8(f)
            state.packStepStart(agent: i)
        }
    }

    /// Gamma(shape, 1) by Marsaglia & Tsang (2000), with the shape < 1 boost.
    static func gamma(shape: Double, rng: inout SplitMix64) -> Double {
        if shape < 1 {
            let u = max(rng.nextUnit(), 0x1.0p-53)
            return gamma(shape: shape + 1, rng: &rng) * pow(u, 1 / shape)
        }
        let d = shape - 1.0 / 3.0
        let c = 1 / (9 * d).squareRoot()
        while true {
            var x: Double
            var v: Double
            repeat {
                x = rng.nextGaussian()
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = rng.nextUnit()
            if u < 1 - 0.0331 * x * x * x * x { return d * v }
            if log(max(u, 0x1.0p-53)) < 0.5 * x * x + d * (1 - v + log(v)) { return d * v }
        }
    }
}
