import Testing
import SocialSim

/// A population in which agent i of `count` gave feedback `reward(i)` (nil: none) on `item(i)`
/// while in segment `segment(i)`.
private func feedbackState(count: Int, segment: (Int) -> Int, item: (Int) -> Int, reward: (Int) -> Double?) -> AgentState {
    let s = AgentState(count: count, topics: 2, historyLength: 1)
    for i in 0..<count {
        s.segment[i] = UInt8(segment(i))
        s.shownItem[i] = Int32(item(i))
        if let r = reward(i) {
            s.hasFeedback[i] = 1
            s.feedback[i] = r
        } else {
            s.hasFeedback[i] = 0
        }
    }
    return s
}

@Suite("Bandit: count-aware learning")
struct BanditTests {
    /// The learning rule as one plain pass (agents in index order, then every cell), the
    /// reference the bandit's unchecked, word-skipping loop is held to bit for bit.
    private static func plainLearn(value: inout [Double], weight: inout [Double], items: Int, minimumWeight: Double,
                                   state: AgentState, learningRate: Double) {
        var sum = [Double](repeating: 0, count: value.count), count = [Int](repeating: 0, count: value.count)
        for i in 0..<state.count where state.hasFeedback[i] == 1 {
            let k = Int(state.segment[i]) * items + Int(state.shownItem[i])
            sum[k] += state.feedback[i]
            count[k] += 1
        }
        for k in value.indices {
            let n = Double(count[k])
            let w = max(minimumWeight, (1 - learningRate) * weight[k]) + n
            weight[k] = w
            if n > 0 { value[k] += (n / w) * (sum[k] / n - value[k]) }
        }
    }

    @Test("learning equals the plain pass bit for bit, for sparse and dense feedback and any population size",
          arguments: [1, 7, 8, 9, 1_000, 4_099])
    func learnEqualsPlainPass(agents: Int) {
        let segments = 3, items = 11
        var b = Bandit(segments: segments, items: items, topK: 2, agents: agents, priorWeight: 0.7, minimumWeight: 0.2)
        var value = b.value, weight = b.weight
        var rng = SplitMix64(seed: UInt64(agents))
        for step in 0..<12 {
            // From everyone giving feedback to almost no one (runs of silent agents, as after mass exit).
            let share = [1.0, 0.5, 0.05, 0][step % 4]
            let state = feedbackState(count: agents, segment: { _ in rng.nextInt(below: segments) },
                                      item: { _ in rng.nextInt(below: items) },
                                      reward: { _ in rng.nextUnit() < share ? rng.nextUnit() * 2 - 0.5 : nil })
            b.learn(from: state, learningRate: 0.05)
            Self.plainLearn(value: &value, weight: &weight, items: items, minimumWeight: b.minimumWeight,
                            state: state, learningRate: 0.05)
            #expect(b.value.map(\.bitPattern) == value.map(\.bitPattern))
            #expect(b.weight.map(\.bitPattern) == weight.map(\.bitPattern))
        }
    }

    @Test("the estimate is the discounted mean of the prior and every observation (known answer)")
    func knownAnswer() {
        // 10 agents, 2 segments: prior weight 1 per agent gives 5 pseudo-observations per (segment, item).
        var b = Bandit(segments: 2, items: 3, topK: 1, agents: 10, priorWeight: 1)
        #expect(b.weight.allSatisfy { $0 == 5 })
        // Step 1: segment 0, item 1 gets rewards 0, 0, 1, 0 (mean 0.25, n = 4).
        let rewards: [Double?] = [0, 0, 1, 0, nil, nil, nil, nil, nil, nil]
        b.learn(from: feedbackState(count: 10, segment: { _ in 0 }, item: { _ in 1 }, reward: { rewards[$0] }), learningRate: 0.2)
        // weight' = 0.8 * 5 + 4 = 8; value' = 1 + (4 / 8) * (0.25 - 1) = 0.625 = (0.8 * 5 * 1 + 1) / 8.
        #expect(abs(b.weight[1] - 8) < 1e-12)
        #expect(abs(b.value[1] - 0.625) < 1e-12)
        // Items without feedback keep their value; their weight fades.
        #expect(b.value[0] == 1 && abs(b.weight[0] - 4) < 1e-12)
        // Step 2: one observation of 1.
        b.learn(from: feedbackState(count: 10, segment: { _ in 0 }, item: { _ in 1 }, reward: { $0 == 0 ? 1 : nil }), learningRate: 0.2)
        #expect(abs(b.weight[1] - 7.4) < 1e-12)
        #expect(abs(b.value[1] - (0.8 * 8 * 0.625 + 1) / 7.4) < 1e-12)
    }

    @Test("the same shares of feedback move the estimates the same way at any population size")
    func scaleFree() {
        func learned(agents: Int) -> [Double] {
            var b = Bandit(segments: 2, items: 4, topK: 2, agents: agents, priorWeight: 0.5)
            for step in 0..<30 {
                // Every population gives the same pattern per block of 60 agents: shares, not counts, are equal.
                let state = feedbackState(count: agents, segment: { ($0 / 10) % 2 }, item: { ($0 + step) % 4 },
                                          reward: { i in i % 5 == 0 ? nil : Double((i + step) % 3 == 0 ? 1 : 0) })
                b.learn(from: state, learningRate: 0.1)
            }
            return b.value
        }
        let small = learned(agents: 240), large = learned(agents: 24_000)
        for (a, b) in zip(small, large) { #expect(abs(a - b) < 1e-9, "\(a) vs \(b)") }
    }

    @Test("with no forgetting the estimate is the plain mean of prior and observations")
    func noForgetting() {
        var b = Bandit(segments: 1, items: 1, topK: 1, agents: 2, priorWeight: 1)
        for r in [0.0, 1, 0, 0] {
            b.learn(from: feedbackState(count: 1, segment: { _ in 0 }, item: { _ in 0 }, reward: { _ in r }), learningRate: 0)
        }
        #expect(abs(b.value[0] - (2 * 1 + 1) / 6.0) < 1e-12)
    }
}
