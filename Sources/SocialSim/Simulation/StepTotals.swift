/// Partial sums of one chunk of agents, combined in chunk order into ``StepMetrics``.
struct StepTotals: Sendable {
    var agents = 0
    /// Sums of the four dimensions' stocks, each its own sum in agent order (the lanes add
    /// independently, each as a scalar addition would).
    var stock = SIMD4<Double>()
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
    /// Agents per frame and agents per set of locked dimensions (bit d for dimension d), from
    /// the new step-start byte (``StepStart``): the agents locked in a dimension are summed from
    /// the second (``lockedCounts()``). Inline, so that counting allocates nothing; each count
    /// is at most the number of agents, below `Int32.max` (agents are `Int32` indices in the network).
    var frames = SIMD16<Int32>()
    var lockSets = SIMD16<Int32>()
    /// Feedback fidelity: sums over agents who gave feedback of x = feedback, y = worth of the item.
    var pairs = 0
    var sumX = 0.0, sumY = 0.0, sumXX = 0.0, sumYY = 0.0, sumXY = 0.0
    /// Estimate drift: the served people's weighted differences of estimate and expected reward.
    var drift = EstimateDrift.Sums()

    init() {}

    /// One agent's contribution after its step: its new stocks `st`, its new step-start byte
    /// (frame and locks, ``StepStart``), the locks it gained, its new trust, exit, welfare,
    /// consumption, feedback, cached entropy and its expressed and reflective preferences.
    /// Inlined into the agent loop, where these values are already in registers.
    @inline(__always)
    mutating func add(stock st: UnsafePointer<Double>, stepStart: UInt8, newLocks locks: Int, trust t: Double, exited: Bool,
                      welfare w: Double, consumed c: Bool, observed: Double?, entropy e: Double,
                      expressed p: UnsafePointer<Double>, reflective q: UnsafePointer<Double>, topics k: Int) {
        // Integer counts cannot overflow (each is at most 4 x agents <= 2 x 10^8 per step), so they add
        // unchecked (`&+=`); the floating-point sums are unchanged and in the same order.
        agents &+= 1
        stock += UnsafeRawPointer(st).loadUnaligned(as: SIMD4<Double>.self)
        countStepStart(stepStart)
        newLocks &+= locks
        trust += t
        trustSquares += t * t
        if exited { self.exited &+= 1 }
        if let o = observed {
            feedback += o
            feedbackCount &+= 1
        }
        if c { consumed &+= 1 }
        welfare += w
        entropy += e
        distance += Preferences.totalVariation(p, q, topics: k)
    }

    @inline(__always)
    mutating func addFeedbackPair(observed x: Double, worth y: Double) {
        pairs &+= 1
        sumX += x; sumY += y
        sumXX += x * x; sumYY += y * y; sumXY += x * y
    }

    /// One more agent with step-start byte `b`, written through memory: a SIMD vector's
    /// subscript with an index only known at run time goes through a spill and a reload.
    @inline(__always)
    private mutating func countStepStart(_ b: UInt8) {
        withUnsafeMutableBytes(of: &frames) { $0.baseAddress!.assumingMemoryBound(to: Int32.self)[StepStart.frame(b)] &+= 1 }
        withUnsafeMutableBytes(of: &lockSets) { $0.baseAddress!.assumingMemoryBound(to: Int32.self)[StepStart.lockedMask(b)] &+= 1 }
    }

    /// Agents locked in each dimension: the counts of the sets of locked dimensions that hold it.
    func lockedCounts() -> SIMD4<Int> {
        var locked = SIMD4<Int>()
        for mask in 0..<16 {
            for d in 0..<Dimension.count where mask >> d & 1 == 1 { locked[d] &+= Int(lockSets[mask]) }
        }
        return locked
    }

    mutating func combine(_ o: StepTotals) {
        agents += o.agents
        stock += o.stock
        frames &+= o.frames
        lockSets &+= o.lockSets
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
        let locked = lockedCounts()
        m.meanStock = (0..<Dimension.count).map { stock[$0] / n }
        m.lockedFraction = (0..<Dimension.count).map { Double(locked[$0]) / n }
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
