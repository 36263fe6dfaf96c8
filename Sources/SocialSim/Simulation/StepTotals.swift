/// Partial sums of one chunk of agents, combined in chunk order into ``StepMetrics``.
struct StepTotals: Sendable {
    var agents = 0
    var stock = (0.0, 0.0, 0.0, 0.0)
    var locked = (0, 0, 0, 0)
    var newLocks = 0
    var trust = 0.0
    var trustSquares = 0.0
    var exited = 0
    var feedback = 0.0
    var feedbackCount = 0
    var consumed = 0
    /// Agents served an item (``ServedFraction``) and items the consequence gate flagged,
    /// counted by ``ItemTallies/count(agent:state:historySlot:gate:servings:into:totals:)``.
    var served = 0
    var gateFlagged = 0
    var welfare = 0.0
    var entropy = 0.0
    var distance = 0.0
    /// Agents per frame (at most 16 frames), inline so that counting allocates nothing and
    /// needs no uniqueness check of an array buffer per agent.
    var frames = SIMD16<Int>()
    /// Feedback fidelity: sums over agents who gave feedback of x = feedback, y = worth of the item.
    var pairs = 0
    var sumX = 0.0, sumY = 0.0, sumXX = 0.0, sumYY = 0.0, sumXY = 0.0
    /// Estimate drift: the served people's weighted differences of estimate and expected reward.
    var drift = EstimateDrift.Sums()

    init() {}

    /// `st` points at the agent's four new stocks (the agent loop writes them outside `s.stock`).
    mutating func add(agent i: Int, state s: AgentState, stock st: UnsafePointer<Double>, welfare w: Double, consumed c: Bool,
                      observed: Double?, locks: Int) {
        // Integer counts cannot overflow (each is at most 4 x agents <= 2 x 10^8 per step), so they add
        // unchecked (`&+=`); the floating-point sums are unchanged and in the same order.
        agents &+= 1
        stock.0 += st[0]; stock.1 += st[1]; stock.2 += st[2]; stock.3 += st[3]
        let l = s.locked.base + AgentState.slot(agent: i, dimension: 0)
        locked.0 &+= Int(l[0]); locked.1 &+= Int(l[1]); locked.2 &+= Int(l[2]); locked.3 &+= Int(l[3])
        newLocks &+= locks
        let t = s.trust[i]
        trust += t
        trustSquares += t * t
        exited &+= Int(s.exited[i])
        if let o = observed {
            feedback += o
            feedbackCount &+= 1
        }
        if c { consumed &+= 1 }
        welfare += w
        let k = s.topics
        let p = UnsafePointer(s.expressed.base + i &* k)
        entropy += s.entropy[i]
        distance += Preferences.totalVariation(p, UnsafePointer(s.reflective.base + i &* k), topics: k)
        countFrame(Int(s.frame[i]))
    }

    mutating func addFeedbackPair(observed x: Double, worth y: Double) {
        pairs += 1
        sumX += x; sumY += y
        sumXX += x * x; sumYY += y * y; sumXY += x * y
    }

    /// One more agent holding frame `f`, written through memory: a SIMD vector's subscript
    /// with an index only known at run time goes through a spill and a reload.
    @inline(__always)
    private mutating func countFrame(_ f: Int) {
        withUnsafeMutableBytes(of: &frames) { $0.baseAddress!.assumingMemoryBound(to: Int.self)[f] &+= 1 }
    }

    mutating func combine(_ o: StepTotals) {
        agents += o.agents
        stock.0 += o.stock.0; stock.1 += o.stock.1; stock.2 += o.stock.2; stock.3 += o.stock.3
        locked.0 += o.locked.0; locked.1 += o.locked.1; locked.2 += o.locked.2; locked.3 += o.locked.3
        newLocks += o.newLocks
        trust += o.trust
        trustSquares += o.trustSquares
        exited += o.exited
        feedback += o.feedback
        feedbackCount += o.feedbackCount
        consumed += o.consumed
        served += o.served
        gateFlagged += o.gateFlagged
        welfare += o.welfare
        entropy += o.entropy
        distance += o.distance
        frames &+= o.frames
        pairs += o.pairs
        sumX += o.sumX; sumY += o.sumY
        sumXX += o.sumXX; sumYY += o.sumYY; sumXY += o.sumXY
        drift.combine(o.drift)
    }

    func metrics(step: Int, corrected: Bool, frameCount: Int, homogenization: Double?) -> StepMetrics {
        var m = StepMetrics()
        // Means are sums divided by N, as docs/model.md defines them; in particular a fraction of
        // agents is count / N, the double nearest the ratio (961 / 1000 is written 0.961, where
        // 961 * (1 / 1000) would be 0.9610000000000001).
        let n = Double(max(agents, 1))
        m.step = step
        m.corrected = corrected
        m.meanStock = [stock.0 / n, stock.1 / n, stock.2 / n, stock.3 / n]
        m.lockedFraction = [Double(locked.0) / n, Double(locked.1) / n, Double(locked.2) / n, Double(locked.3) / n]
        m.newLocks = newLocks
        m.trustMean = trust / n
        m.trustSpread = max(0, trustSquares / n - m.trustMean * m.trustMean).squareRoot()
        m.exitedFraction = Double(exited) / n
        m.proxyReward = feedbackCount > 0 ? feedback / Double(feedbackCount) : 0
        m.feedbackRate = Double(feedbackCount) / n
        m.consumptionRate = Double(consumed) / n
        m.welfare = welfare / n
        m.preferenceEntropy = entropy / n
        m.reflectiveDistance = distance / n
        m.homogenization = homogenization
        m.feedbackFidelity = FeedbackFidelity.correlation(count: pairs, sumX: sumX, sumY: sumY,
                                                          sumXX: sumXX, sumYY: sumYY, sumXY: sumXY)
        m.estimateDrift = drift.drift
        m.estimateBias = drift.bias
        m.frameShares = (0..<frameCount).map { Double(frames[$0]) / n }
        return m
    }
}
