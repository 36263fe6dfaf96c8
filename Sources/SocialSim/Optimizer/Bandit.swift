/// The deployed optimizer's learner: a contextual bandit over the catalogue. The context is
/// the agent's segment (its currently dominant expressed topic: all the optimizer knows of
/// it). For each segment and item it keeps a recency-weighted mean of every proxy reward
/// observed, each observation counting the same, starting from an optimistic prior so every
/// item gets tried. It never sees welfare.
///
/// Per-observation (count-aware) learning is what makes the optimizer's pace a property of the
/// world rather than of the population size: a step with ten times the observations carries
/// ten times the weight, and the prior is worth a fixed number of pseudo-observations per
/// agent, so in a population ten times larger every weight is ten times larger and the
/// estimates move the same way.
public struct Bandit: Sendable, Equatable {
    public let segments: Int
    public let items: Int
    public let topK: Int
    /// Estimated proxy reward, segment-major (`value[s * items + j]`).
    public private(set) var value: [Double]
    /// The weight behind each estimate: observations (and prior pseudo-observations),
    /// discounted by `1 - learningRate` per step.
    public private(set) var weight: [Double]
    /// The `topK` best items of each segment under the current objective (`ranked[s * topK + r]`).
    public private(set) var ranked: [Int32]
    /// Per-step feedback sums and counts (scratch).
    private var rewardSum: [Double]
    private var rewardCount: [Int32]

    /// The least weight an estimate keeps (see ``learn(from:learningRate:)``).
    public let minimumWeight: Double

    /// `priorWeight` pseudo-observations per agent of `agents`, spread over the segments,
    /// stand behind the optimistic starting value 1 of every (segment, item); forgetting never
    /// takes an estimate's weight below `minimumWeight` observations per agent, spread likewise.
    public init(segments: Int, items: Int, topK: Int, agents: Int = 1, priorWeight: Double = 0, minimumWeight: Double = 0) {
        self.segments = segments
        self.items = items
        self.topK = min(topK, items)
        let perSegment = Double(agents) / Double(segments)
        self.minimumWeight = minimumWeight * perSegment
        value = [Double](repeating: 1, count: segments * items)
        weight = [Double](repeating: priorWeight * perSegment, count: segments * items)
        ranked = [Int32](repeating: 0, count: segments * self.topK)
        rewardSum = [Double](repeating: 0, count: segments * items)
        rewardCount = [Int32](repeating: 0, count: segments * items)
    }

    /// The objective's score of item `j` for segment `s`: the learned proxy value, minus a
    /// footprint penalty for objectives that know items' footprints.
    @inlinable
    public func score(segment s: Int, item j: Int, objective: Objective, penalty: Double, normalizedFootprint: [Double]) -> Double {
        let v = value[s * items + j]
        switch objective {
        case .engagement, .approval: return v
        case .welfareAware, .constructive: return v - penalty * normalizedFootprint[j]
        }
    }

    /// Recomputes every segment's top-K among `available` items (ties go to the lower index,
    /// so the ranking is deterministic).
    /// `footprint` is the system's estimate of each item's normalized footprint (see
    /// ``FootprintEstimate``): the true one only when footprints are legible.
    public mutating func rank(objective: Objective, penalty: Double, footprint: [Double], available: [Bool]) {
        let k = topK
        // The best (at most) k so far, best first, with room for one inserted before the last
        // drops out: two small buffers on the stack instead of an array allocated per ranking.
        withUnsafeTemporaryAllocation(of: Double.self, capacity: k + 1) { bestScore in
            withUnsafeTemporaryAllocation(of: Int32.self, capacity: k + 1) { bestItem in
                for s in 0..<segments {
                    var count = 0
                    for j in 0..<items where available[j] {
                        let sc = score(segment: s, item: j, objective: objective, penalty: penalty,
                                       normalizedFootprint: footprint)
                        if count == k && count > 0 && sc <= bestScore[count - 1] { continue }
                        var at = count
                        while at > 0 && bestScore[at - 1] < sc { at -= 1 }
                        var m = count
                        while m > at {
                            bestScore[m] = bestScore[m - 1]
                            bestItem[m] = bestItem[m - 1]
                            m -= 1
                        }
                        bestScore[at] = sc
                        bestItem[at] = Int32(j)
                        count = min(count + 1, k)
                    }
                    for r in 0..<k {
                        // With fewer available items than topK, repeat the best ones.
                        ranked[s * k + r] = count == 0 ? -1 : bestItem[r % count]
                    }
                }
            }
        }
    }

    /// Learns from this step's feedback, visiting agents in index order so sums are exact
    /// and independent of threads. With n observations of mean ȳ for (segment, item),
    /// forgetting rate α and least weight m: `weight' = max(m, (1 - α) * weight) + n` and,
    /// when n > 0, `value' = value + (n / weight') * (ȳ - value)`. Without observations the
    /// estimate keeps its value and its weight fades, but not below m: evidence is not
    /// forgotten faster than new evidence replaces it, so an item seldom served is not
    /// judged on its last one or two observations alone.
    public mutating func learn(from state: AgentState, learningRate: Double) {
        let items = self.items, cells = segments * items
        let agents = state.count
        let has = UnsafePointer(state.hasFeedback.base), shown = UnsafePointer(state.shownItem.base)
        let segment = UnsafePointer(state.segment.base), feedback = UnsafePointer(state.feedback.base)
        rewardSum.withUnsafeMutableBufferPointer { sumBuffer in
            rewardCount.withUnsafeMutableBufferPointer { countBuffer in
                let sum = sumBuffer.baseAddress!, count = countBuffer.baseAddress!
                sum.update(repeating: 0, count: cells)
                count.update(repeating: 0, count: cells)
                // Agent a gave feedback on the item it was shown, from its segment: the cell
                // index is below segments * items (unchecked arithmetic), and at most one count
                // per agent (agents are Int32 indices) cannot overflow an Int32.
                @inline(__always)
                func observe(_ a: Int) {
                    let k = Int(segment[a]) &* items &+ Int(shown[a])
                    sum[k] += feedback[a]
                    count[k] &+= 1
                }
                // Agents in index order, so each cell adds its feedback in agent order (the sums
                // are exactly those of one plain pass). Eight flags at a time: a word of zeros
                // (none of eight agents gave feedback, as most exited agents) is skipped whole.
                var i = 0
                while i &+ 8 <= agents {
                    if UnsafeRawPointer(has + i).loadUnaligned(as: UInt64.self) != 0 {
                        for a in i..<i &+ 8 where has[a] == 1 { observe(a) }
                    }
                    i &+= 8
                }
                while i < agents {
                    if has[i] == 1 { observe(i) }
                    i &+= 1
                }
            }
        }
        let keep = 1 - learningRate
        let least = minimumWeight
        value.withUnsafeMutableBufferPointer { value in
            weight.withUnsafeMutableBufferPointer { weight in
                rewardSum.withUnsafeBufferPointer { sum in
                    rewardCount.withUnsafeBufferPointer { count in
                        for k in 0..<cells {
                            let n = Double(count[k])
                            let w = max(least, keep * weight[k]) + n
                            weight[k] = w
                            if n > 0 {
                                let mean = sum[k] / n
                                value[k] += (n / w) * (mean - value[k])
                            }
                        }
                    }
                }
            }
        }
    }
}
