import Testing
import SocialSim

/// A step series as text: bit-for-bit comparison that also holds for NaN.
private func text(_ s: [StepMetrics]) -> [String] { s.map { "\($0)" } }

/// A series as text without the estimate drift and bias: those measure the optimizer's own
/// estimates, which differ between granularities even when what is served is the same.
private func textWithoutEstimates(_ s: [StepMetrics]) -> [String] {
    s.map { m in
        var m = m
        m.estimateDrift = nil
        m.estimateBias = nil
        return "\(m)"
    }
}

/// The dominant expressed topic of every agent (ties to the lowest topic), as the optimizer sees it.
private func dominantTopics(_ s: AgentState) -> [Int] {
    (0..<s.count).map { i in
        var best = 0
        for k in 1..<s.topics where s.expressed[i * s.topics + k] > s.expressed[i * s.topics + best] { best = k }
        return best
    }
}

@Suite("Personalization granularity: segments, pooled and individual")
struct PersonalizationTests {
    @Test("segments = topics is today's optimizer exactly (the default null means one per topic)")
    func segmentsEqualTopics() throws {
        let base = harmfulWorld(agents: 300, steps: 40)
        var explicit = base
        explicit.optimizer.segments = base.topics
        #expect(text(try series(explicit, seed: 5)) == text(try series(base, seed: 5)))
    }

    @Test("an agent's segment is its dominant topic merged in contiguous blocks: k x segments / topics")
    func segmentMapping() throws {
        for segments in [1, 2, 3, 8] {
            var w = harmfulWorld(agents: 300, steps: 5)
            w.optimizer.segments = segments
            let sim = try Simulation(world: w, seed: 3)
            for _ in 0..<3 {
                let dominant = dominantTopics(sim.state)
                sim.advance()
                for i in 0..<sim.state.count {
                    #expect(Int(sim.state.segment[i]) == dominant[i] * segments / w.topics)
                }
            }
            #expect(sim.bandit.segments == segments)
        }
    }

    @Test("one segment is one pooled learner: after a step every item's estimate is the mean over all agents (known answer)")
    func pooledKnownAnswer() throws {
        var w = harmfulWorld(agents: 400, steps: 5)
        w.optimizer.segments = 1
        let sim = try Simulation(world: w, seed: 11)
        sim.advance()
        let s = sim.state
        var sum = [Double](repeating: 0, count: w.catalogue.items)
        var n = [Double](repeating: 0, count: w.catalogue.items)
        for i in 0..<s.count where s.hasFeedback[i] == 1 {
            #expect(s.segment[i] == 0)
            sum[Int(s.shownItem[i])] += s.feedback[i]
            n[Int(s.shownItem[i])] += 1
        }
        let n0 = Double(w.agents)
        let prior = w.optimizer.priorWeight * n0, least = w.optimizer.minimumWeight * n0
        var served = 0
        for j in 0..<w.catalogue.items {
            let weight = max(least, (1 - w.optimizer.learningRate) * prior) + n[j]
            let value = n[j] > 0 ? 1 + (n[j] / weight) * (sum[j] / n[j] - 1) : 1
            #expect(abs(sim.bandit.weight[j] - weight) < 1e-9)
            #expect(abs(sim.bandit.value[j] - value) < 1e-12)
            if n[j] > 0 { served += 1 }
        }
        #expect(served > 10)
    }

    @Test("when every item is exploratory, granularity cannot matter: pooled, per topic and individual give the same run")
    func explorationOnly() throws {
        var base = harmfulWorld(agents: 300, steps: 30)
        base.optimizer.exploration = 1
        let reference = textWithoutEstimates(try series(base, seed: 9))
        var pooled = base
        pooled.optimizer.segments = 1
        var individual = base
        individual.optimizer.personalization = .individual
        #expect(textWithoutEstimates(try series(pooled, seed: 9)) == reference)
        #expect(textWithoutEstimates(try series(individual, seed: 9)) == reference)
        // ...whereas with the defaults' exploration they do differ (the axis is live).
        var live = individual
        live.optimizer.exploration = 0.05
        var liveBase = base
        liveBase.optimizer.exploration = 0.05
        #expect(text(try series(live, seed: 9)) != text(try series(liveBase, seed: 9)))
    }

    @Test("individual offsets after one step: (y - 1) / (prior + 1) on the served topic, 0 elsewhere (known answer)")
    func individualKnownAnswer() throws {
        var w = harmfulWorld(agents: 300, steps: 5)
        w.optimizer.personalization = .individual
        w.optimizer.individualPrior = 2
        let sim = try Simulation(world: w, seed: 4)
        sim.advance()
        let s = sim.state, k = w.topics
        var observed = 0
        for i in 0..<s.count {
            let served = s.hasFeedback[i] == 1 ? Int(sim.catalogue.topic[Int(s.shownItem[i])]) : -1
            for t in 0..<k {
                if t == served {
                    observed += 1
                    #expect(s.affinityWeight[i * k + t] == 3)
                    #expect(abs(s.affinity[i * k + t] - (s.feedback[i] - 1) / 3) < 1e-15)
                } else {
                    #expect(s.affinityWeight[i * k + t] == 2 && s.affinity[i * k + t] == 0)
                }
            }
        }
        #expect(observed > 200)
        // Without feedback the weights fade toward the prior and no lower.
        for _ in 0..<4 { sim.advance() }
        #expect((0..<s.count * k).allSatisfy { s.affinityWeight[$0] >= 2 })
    }

    @Test("a person's ranking is the merge of its segment's per-topic top-K under its offsets: equal to sorting every item")
    func mergeMatchesBruteForce() {
        let items = 60, topics = 5, topK = 4, segments = 2
        var rng = SplitMix64(seed: 99)
        // Random estimates: learn one step of random rewards so that values differ per (segment, item).
        var bandit = Bandit(segments: segments, items: items, topK: topK, agents: 600, priorWeight: 0.01)
        let state = AgentState(count: 600, topics: 2, historyLength: 1)
        for i in 0..<600 {
            state.segment[i] = UInt8(i % segments)
            state.shownItem[i] = Int32(i % items)
            state.hasFeedback[i] = 1
            state.feedback[i] = rng.nextUnit()
        }
        bandit.learn(from: state, learningRate: 0.1)
        let topic = (0..<items).map { Int32($0 % topics) }
        var available = [Bool](repeating: true, count: items)
        for j in stride(from: 3, to: items, by: 7) { available[j] = false }
        let footprint = (0..<items).map { _ in rng.nextUnit() }
        var ranked = [Int32](repeating: -1, count: segments * topics * topK)
        var score = [Double](repeating: 0, count: segments * topics * topK)
        var counts = [Int32](repeating: 0, count: segments * topics)
        var heads = [Int32](repeating: 0, count: topics)
        IndividualPersonalization.rankByTopic(bandit: bandit, objective: .welfareAware, penalty: 0.5, footprint: footprint,
                                              available: available, itemTopic: topic, topics: topics,
                                              ranked: &ranked, score: &score, counts: &counts)
        bandit.rank(objective: .welfareAware, penalty: 0.5, footprint: footprint, available: available)
        for s in 0..<segments {
            // Zero offsets: exactly the segment's own top-K.
            let zero = [Double](repeating: 0, count: topics)
            for r in 0..<topK {
                let j = IndividualPersonalization.item(at: r, segment: s, offsets: zero, topics: topics, topK: topK,
                                                       ranked: ranked, score: score, counts: counts, heads: &heads)
                #expect(Int32(j) == bandit.ranked[s * topK + r])
            }
            // Random offsets: the first topK of all available items sorted by score + offset.
            for _ in 0..<20 {
                let offsets = (0..<topics).map { _ in rng.nextUnit() - 0.5 }
                let sorted = (0..<items).filter { available[$0] }.sorted { a, b in
                    let x = bandit.score(segment: s, item: a, objective: .welfareAware, penalty: 0.5, normalizedFootprint: footprint) + offsets[a % topics]
                    let y = bandit.score(segment: s, item: b, objective: .welfareAware, penalty: 0.5, normalizedFootprint: footprint) + offsets[b % topics]
                    return x != y ? x > y : a < b
                }
                for r in 0..<topK {
                    let j = IndividualPersonalization.item(at: r, segment: s, offsets: offsets, topics: topics, topK: topK,
                                                           ranked: ranked, score: score, counts: counts, heads: &heads)
                    #expect(j == sorted[r])
                }
                let cool = IndividualPersonalization.coolDownItem(segment: s, offsets: offsets, topics: topics, topK: topK,
                                                                  ranked: ranked, score: score, counts: counts,
                                                                  heads: &heads, footprint: footprint)
                #expect(cool == sorted.prefix(topK).min { footprint[$0] < footprint[$1] })
            }
        }
    }

    @Test("with fewer available items than topK a person's ranking repeats, as a segment's does; nothing available gives -1")
    func fewItems() {
        let bandit = Bandit(segments: 1, items: 6, topK: 5, agents: 6)
        let topic: [Int32] = [0, 1, 0, 1, 0, 1]
        var available = [false, true, false, false, true, false]
        var ranked = [Int32](repeating: -1, count: 2 * 5), score = [Double](repeating: 0, count: 2 * 5)
        var counts = [Int32](repeating: 0, count: 2), heads = [Int32](repeating: 0, count: 2)
        IndividualPersonalization.rankByTopic(bandit: bandit, objective: .engagement, penalty: 0, footprint: [Double](repeating: 0, count: 6),
                                              available: available, itemTopic: topic, topics: 2, ranked: &ranked, score: &score, counts: &counts)
        let offsets = [0.0, 0.25]  // topic 1 first: item 1, then item 4
        let picks = (0..<5).map { IndividualPersonalization.item(at: $0, segment: 0, offsets: offsets, topics: 2, topK: 5, ranked: ranked,
                                                                 score: score, counts: counts, heads: &heads) }
        #expect(picks == [1, 4, 1, 4, 1])
        available = [Bool](repeating: false, count: 6)
        IndividualPersonalization.rankByTopic(bandit: bandit, objective: .engagement, penalty: 0, footprint: [Double](repeating: 0, count: 6),
                                              available: available, itemTopic: topic, topics: 2, ranked: &ranked, score: &score, counts: &counts)
        #expect(IndividualPersonalization.item(at: 0, segment: 0, offsets: offsets, topics: 2, topK: 5, ranked: ranked,
                                               score: score, counts: counts, heads: &heads) == -1)
    }

    @Test("individual personalization: 1, 2 and 3 threads give identical runs (5000 agents: several chunks)")
    func threads() throws {
        var w = harmfulWorld(agents: 5000, steps: 12)
        w.optimizer.personalization = .individual
        w.optimizer.segments = 2
        w.safeguards.rules.enabled = true
        let one = try Simulation(world: w, seed: 21)
        var a: [StepMetrics] = []
        one.run { a.append($0) }
        for t in [2, 3] {
            let sim = try Simulation(world: w, seed: 21)
            sim.threads = t
            var b: [StepMetrics] = []
            sim.run { b.append($0) }
            #expect(text(b) == text(a))
            #expect(sim.state.affinity.array == one.state.affinity.array)
            #expect(sim.state.affinityWeight.array == one.state.affinityWeight.array)
        }
    }

    @Test("a fork at the correction step continues an individually personalized run exactly as a fresh corrected run")
    func forkIndividual() throws {
        var w = harmfulWorld(agents: 300, steps: 30)
        w.optimizer.personalization = .individual
        var corrected = w
        corrected.correction.step = 12
        let fresh = try series(corrected, seed: 6)
        let sim = try Simulation(world: w, seed: 6)
        var head: [StepMetrics] = []
        for _ in 0..<12 { head.append(sim.advance()) }
        let fork = sim.fork(world: corrected)
        var tail: [StepMetrics] = []
        fork.run { tail.append($0) }
        #expect(text(head + tail) == text(fresh))
    }

    @Test("individual personalization costs 16 bytes per agent per topic, and only when it is on")
    func memory() {
        let off = AgentState.bytesPerAgent(topics: 8, historyLength: 10)
        let on = AgentState.bytesPerAgent(topics: 8, historyLength: 10, personalizesIndividually: true)
        #expect(on - off == 128)
        let s = AgentState(count: 10, topics: 8, historyLength: 10)
        #expect(s.affinity.count == 0 && s.affinityWeight.count == 0)
        let t = AgentState(count: 10, topics: 8, historyLength: 10, individualPrior: 1)
        #expect(t.affinity.count == 80 && t.bytesPerAgent == on)
    }
}
