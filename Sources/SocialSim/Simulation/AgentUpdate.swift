import Foundation
import NarrativeModel

/// One agent's step, in order: be served an item, respond, give (possibly corrupted)
/// feedback, have preferences moved, adopt a frame, accumulate constraints and maybe lock,
/// update trust and maybe exit, and realize welfare. Each rule lives in its own file; this
/// function only sequences them and moves numbers between them.
///
/// It writes only agent `i`'s slots and reads neighbours only through the start-of-step
/// buffers (``StepContext/stock``, ``StepContext/stepStart``), into which no agent writes
/// during the loop, so agents can be updated in any order or in parallel.
enum AgentUpdate {
    /// `frameCounts` is scratch for ``StepStart/frameLimit`` counters.
    ///
    /// Inlined into the agent loop (`Simulation.advance`), its only caller in the step: as a call
    /// every agent-step paid its prologue (callee-saved registers, a 472-byte frame, the context's
    /// fields spilled into it); 1,698.5 -> 1,679.3 instructions per agent-step at 2,000 x 500 (callgrind).
    @inline(__always)
    static func update(_ i: Int, _ ctx: StepContext, totals: inout StepTotals, frameCounts: UnsafeMutableBufferPointer<Int32>) {
        let s = ctx.state
        let tables = ctx.tables
        let k = s.topics
        // i < count and k = topics, so i * k < count * topics, the length of the preference columns.
        let p = s.expressed.base + i &* k
        let r = UnsafePointer(s.reflective.base + i &* k)
        let wasExited = s.exited[i] == 1
        let frame = tables.frames[Int(s.frame[i])]

        // 1. Serve and respond.
        var item = -1
        var consumed = false
        var observed: Double? = nil
        let dominant = Int(s.expressedTop[i])
        let segment = Int(tables.segmentOfTopic[dominant])
        // The agent's numbers of the step: every agent reads at least the frame's (step 3).
        let u = AgentDraws(ctx.agentStepStreams.stream(UInt64(i), UInt64(ctx.step)))
        if !wasExited {
            item = chooseItem(i, segment: segment, ctx, u)
            if item >= 0 {
                let fit = Preferences.relativeFit(p, dominant: dominant, topic: Int(tables.topic[item]))
                let lure = Response.lure(appeal: tables.appeal[item], quality: tables.quality[item],
                                         specificationGap: ctx.specificationGap)
                let clickProbability = Response.clickProbability(lure: lure, fit: fit, config: ctx.response)
                consumed = u.click < clickProbability
                // Estimate drift: what the ranking believed of this item for this person (its segment's
                // estimate, plus its own offset under individual personalization, before this step's
                // learning) against the reward the person would give in expectation, uncorrupted.
                let target = EstimateDrift.target(objective: ctx.objective, clickProbability: clickProbability,
                                                  approval: ctx.objective == .approval
                                                      ? Response.approval(lure: lure, fit: fit, config: ctx.response) : 0)
                let offset = tables.individual ? s.affinity[i &* k &+ Int(tables.topic[item])] : 0
                totals.drift.add(estimate: tables.estimate[segment &* tables.items &+ item] + offset, weight: target.weight,
                                 value: target.value)
                let reward: Double?
                switch ctx.objective {
                case .approval: reward = consumed ? Response.approval(lure: lure, fit: fit, config: ctx.response) : nil
                case .engagement, .welfareAware, .constructive: reward = consumed ? 1 : 0
                }
                let bend = 1 - ctx.transparency
                let o = Feedback.observe(reward: reward ?? 0, trust: s.trust[i],
                                         frameSilence: frame.feedbackSilence * bend,
                                         frameInversion: frame.feedbackInversion * bend,
                                         config: ctx.trust, uMissing: u.missing, uInvert: u.invert,
                                         noiseSign: u.noiseCosineIsPositive ? 1 : -1, noiseRadius: u.noiseRadius,
                                         noiseCosine: u.noiseCosine)
                observed = reward == nil ? nil : o
            }
        }
        s.shownItem[i] = Int32(item)
        s.segment[i] = UInt8(truncatingIfNeeded: segment)
        if tables.individual {
            // The offset learns what this person's feedback says beyond its segment's estimate.
            IndividualPersonalization.learn(offsets: s.affinity.base + i * k, weights: s.affinityWeight.base + i * k,
                                            topics: k, learningRate: ctx.learningRate, prior: ctx.individualPrior,
                                            topic: item >= 0 ? Int(tables.topic[item]) : 0,
                                            residual: observed.map { $0 - tables.segmentValue[segment &* tables.items &+ item] })
        }
        s.hasFeedback[i] = observed == nil ? 0 : 1
        s.feedback[i] = observed ?? 0
        if ctx.rules.enabled {
            s.observedEngagement[i] = ProxyRules.smoothed(previous: s.observedEngagement[i], observation: observed,
                                                          smoothing: ctx.rules.smoothing)
        }

        // 2. Preferences: exposure moves expressed preferences, more so under attention load.
        if consumed {
            let att = AgentState.slot(agent: i, dimension: Dimension.attention.rawValue)
            let attentionLoad = min(1, ctx.stock[att] / s.threshold[att])
            let rate = min(1, ctx.preferences.exposureRate * (1 + ctx.preferences.attentionSensitivity * attentionLoad))
            Preferences.expose(p, topics: k, topic: Int(tables.topic[item]), rate: rate)
        }
        let reset = ctx.resetStrength > 0 && !wasExited
        if reset {
            Preferences.reset(p, toward: r, topics: k, strength: ctx.resetStrength)
        }
        var entropy = s.entropy[i]
        if consumed || reset {
            // Two scans, not one fused pass: the fused one (b81135d) saved 4 instructions per
            // agent-step but cost about 8% in CPU time at 10^4 agents (docs/performance.md).
            entropy = Preferences.normalizedEntropy(p, topics: k, logTopics: ctx.logTopics)
            s.entropy[i] = entropy
            s.expressedTop[i] = UInt8(truncatingIfNeeded: Preferences.dominantTopic(p, topics: k))
        }
        let benefit = consumed
            ? Welfare.benefit(quality: tables.quality[item],
                              reflectiveFit: Preferences.relativeFit(r, dominant: Int(s.reflectiveTop[i]), topic: Int(tables.topic[item])))
            : ctx.welfare.outsideOption

        // 3. Narrative: complex contagion over the neighbours' frames at the start of the step.
        // The dimensions locked at the start of the step, bit d for dimension d.
        let lockedAtStart = StepStart.lockedMask(ctx.stepStart[i])
        let lo = ctx.offsets[i], hi = ctx.offsets[i &+ 1]
        // One pass over the neighbours counts their frames (contagion) and locks (threshold
        // contagion) and averages their stocks (spillover).
        let neighbours = NeighbourAggregates.gather(ctx.neighbors, from: lo, to: hi, stepStart: ctx.stepStart, stock: ctx.stock,
                                                    frames: tables.frames.count, increments: tables.neighbourIncrements.base,
                                                    frameCounts: frameCounts)
        let perNeighbour = neighbours.perNeighbour
        // The experience is built only when some neighbour holds another frame (an autoclosure).
        let newFrame = Contagion.nextFrame(
            current: Int(s.frame[i]), identityLocked: ctx.identityLock && lockedAtStart & (1 << Dimension.narrative.rawValue) != 0,
            neighbourCounts: UnsafeBufferPointer(start: frameCounts.baseAddress, count: tables.frames.count),
            heldFrames: neighbours.heldFrames,
            // Offsets ascend, so hi - lo (the degree) cannot overflow.
            degree: hi &- lo,
            experience: Experience(benefit: s.recentBenefit[i], trust: s.trust[i],
                                   constraintLoad: Double(lockedAtStart.nonzeroBitCount) / Double(Dimension.count)),
            frames: UnsafeBufferPointer(start: tables.frames.base, count: tables.frames.count),
            uniform: u.frame)
        s.frame[i] = UInt8(newFrame)
        let held = tables.frames[newFrame]

        // 4. Constraints: footprint, spillover, narrative load; coupling and scars speed them up.
        // All four dimensions at once, lane d = dimension d (the rules' lane-wise forms give the
        // scalar forms' bits). Every lane reads the locks held at the start of the step (the
        // step-start byte, which is `locked` as it stood then), whatever the dimension order.
        let dims = ctx.dims
        let own = AgentState.slot(agent: i, dimension: 0)
        let isLocked = dims.lockedLanes(lockedAtStart)
        let before = DimensionLanes.load(ctx.stock + own)
        let floor = DimensionLanes.load(s.floor.base + own)
        let threshold = DimensionLanes.load(s.threshold.base + own)
        var inflow = Constraints.spillover(rate: dims.lanes(DimensionTable.spillover), neighbourMean: neighbours.meanStock,
                                           cap: dims.lanes(DimensionTable.spilloverCap), isLocked: isLocked,
                                           lockedShare: dims.lanes(DimensionTable.lockedSpillover))
        // item < items when consumed: its four footprints are inside the items * 4 table.
        if consumed { inflow += DimensionLanes.load(tables.footprint.base + item &* Dimension.count) }
        inflow[Dimension.narrative.rawValue] += held.narrativeLoad
        // lockedAtStart < 16: inside the table's 16 rows.
        let multiplier = dims.scarMultipliers(s.scars.base + own)
            * dims.lanes(DimensionTable.couplingByLocks &+ lockedAtStart &* Dimension.count)
        let after = Constraints.nextStock(stock: before, floor: floor, isLocked: isLocked, inflow: inflow,
                                          rateMultiplier: multiplier, decay: dims.lanes(DimensionTable.decay),
                                          lockedDecay: dims.lanes(DimensionTable.lockedDecay),
                                          capacity: dims.lanes(DimensionTable.capacity))
        DimensionLanes.store(after, to: ctx.nextStock + own)
        // The harm of the step sums the rises in dimension order, as one scalar sum.
        let gain = Constraints.rise(from: before, to: after)
        var rise = 0.0
        rise += gain[0]; rise += gain[1]; rise += gain[2]; rise += gain[3]
        let lockedFraction = DimensionValues(neighbours.locked) * perNeighbour
        let effective = Thresholds.effectiveThreshold(threshold, contagion: dims.lanes(DimensionTable.contagion),
                                                      lockedNeighbourFraction: lockedFraction)
        let flips = Thresholds.flips(stock: after, isLocked: isLocked, threshold: threshold, effectiveThreshold: effective,
                                     unlockFraction: dims.lanes(DimensionTable.unlockFraction))
        var locks = 0
        var lockedNow = lockedAtStart
        // Locks and unlocks are rare (about 1 in 700 dimension-steps in the default world).
        if DimensionLanes.any(flips) {
            for d in 0..<Dimension.count where flips[d] {
                let idx = own &+ d
                if lockedAtStart & (1 << d) == 0 {
                    s.floor[idx] = Thresholds.ratchetFloor(previousFloor: floor[d], stock: after[d], threshold: threshold[d],
                                                           floorFraction: dims.values[DimensionTable.floorFraction + d])
                    s.scars[idx] = s.scars[idx] &+ (s.scars[idx] < 255 ? 1 : 0)
                    locks += 1
                }
                lockedNow ^= 1 << d
            }
        }
        let stepStart = StepStart.pack(frame: UInt8(newFrame), lockedMask: lockedNow)
        ctx.nextStepStart[i] = stepStart

        // 5. Trust, bent by the frame held, and exit.
        let harm = ctx.trust.harmSensitivity * rise + ctx.trust.lockShock * Double(locks)
        let perceived = Perception.perceive(benefit: consumed ? benefit : 0, harm: harm, frame: held,
                                            transparency: ctx.transparency)
        var trust = s.trust[i]
        if wasExited {
            trust = Trust.updateExited(trust: trust, perceivedHarm: perceived.harm, drift: held.trustDrift, config: ctx.trust)
        } else {
            let outcome = (consumed ? perceived.benefit - ctx.trust.expectation : 0) - perceived.harm
            trust = Trust.update(trust: trust, outcome: outcome, drift: held.trustDrift, config: ctx.trust)
        }
        s.trust[i] = trust
        let exitedNow = Trust.isExited(trust: trust, wasExited: wasExited, config: ctx.trust)
        s.exited[i] = exitedNow ? 1 : 0

        // 6. Welfare, consumption history, and the agent's part of the step's measures.
        let received = wasExited ? ctx.welfare.outsideOption : benefit
        let recent = s.recentBenefit[i] + ctx.welfare.benefitSmoothing * (received - s.recentBenefit[i])
        s.recentBenefit[i] = recent
        let newStock = UnsafePointer(ctx.nextStock + AgentState.slot(agent: i, dimension: 0))
        let options = Welfare.openOptions(stock: { newStock[$0] },
                                          loadWeight: ctx.dims.buffer(DimensionTable.loadWeight))
        let w = Welfare.welfare(openOptions: options, recentBenefit: recent, config: ctx.welfare)
        // i < count and historySlot < historyLength: inside the count * historyLength ring.
        let consumption = consumed ? Int32(truncatingIfNeeded: item) : -1
        s.history[i &* s.historyLength &+ ctx.historySlot] = consumption

        totals.add(stock: newStock, stepStart: stepStart, newLocks: locks, trust: trust, exited: exitedNow, welfare: w,
                   consumed: consumed, observed: observed, entropy: entropy, expressed: UnsafePointer(p), reflective: r, topics: k)
        if let o = observed {
            // Feedback fidelity pairs what the optimizer was told with what the item is worth to the person.
            let worth = consumed ? benefit
                : Welfare.benefit(quality: tables.quality[item],
                                  reflectiveFit: Preferences.relativeFit(r, dominant: Int(s.reflectiveTop[i]), topic: Int(tables.topic[item])))
            totals.addFeedbackPair(observed: o, worth: worth)
        }
    }

    /// The item the agent is served: its own choice (user control), an exploratory item, or
    /// one of its segment's top-K, then passed through the safeguards. -1 when nothing can be served.
    /// Inlined into the step (`@inline(always)`: the inliner's cost model declines it, and the call
    /// costs some 25 instructions per served agent-step); what needs a stack buffer (individual
    /// personalization) is in functions of its own, out of the common path.
    @inline(always)
    static func chooseItem(_ i: Int, segment: Int, _ ctx: StepContext, _ u: AgentDraws) -> Int {
        let tables = ctx.tables
        let s = ctx.state
        let uPick = u.pick
        // Without user control (userControl 0) no draw can fall below it: the draw is skipped.
        if ctx.userControl > 0 && u.control < ctx.userControl {
            let r = UnsafePointer(s.reflective.base + i * s.topics)
            let topic = Preferences.sampleTopic(r, topics: s.topics, uniform: uPick)
            let own = Int(tables.endorsed[topic])
            if own >= 0 { return own }
        }
        guard tables.availableCount > 0 else { return -1 }
        let slot = min(Int(uPick * Double(tables.topK)), tables.topK - 1)
        var item = tables.individual
            ? individualItem(i, slot: slot, segment: segment, ctx)
            // segment < segments and slot < topK: inside the segments * topK rankings.
            : Int(tables.ranked[segment &* tables.topK &+ slot])
        if u.explore < ctx.exploration {
            item = Int(tables.availableList[min(Int(uPick * Double(tables.availableCount)), tables.availableCount - 1)])
        }
        // Safeguards act on what the optimizer serves (ranked or exploratory), not on the user's own choice.
        if ctx.rules.enabled && ProxyRules.fires(smoothedEngagement: s.observedEngagement[i], config: ctx.rules) {
            let best = tables.individual
                ? individualCoolDownItem(i, segment: segment, ctx)
                : ProxyRules.coolDownItem(ranked: tables.ranked.base + segment * tables.topK, count: tables.topK,
                                          normalizedFootprint: tables.estimatedFootprint.base)
            if best >= 0 { item = best }
        }
        if ctx.regionEnabled && item >= 0 && tables.estimatedFootprint[item] > ctx.regionMaxFootprint
            && RegionCaps.isOutside(stock: { ctx.stateReader.read(ctx.stock[AgentState.slot(agent: i, dimension: $0)], agent: i, dimension: $0) },
                                    caps: ctx.dims.buffer(DimensionTable.caps)) {
            item = Int(tables.safeRanked[segment * tables.topK + slot])
        }
        if ctx.gateEnabled && item >= 0 { item = gate(i, item: item, ctx) }
        return item
    }

    /// Individual personalization: the item at `slot` of agent `i`'s own ranking.
    @inline(never)
    static func individualItem(_ i: Int, slot: Int, segment: Int, _ ctx: StepContext) -> Int {
        let tables = ctx.tables
        let s = ctx.state
        return withUnsafeTemporaryAllocation(of: Int32.self, capacity: s.topics) { heads in
            IndividualPersonalization.item(at: slot, segment: segment, offsets: s.affinity.base + i * s.topics,
                                           topics: s.topics, topK: tables.topK, ranked: tables.topicRanked.base,
                                           score: tables.topicScore.base, counts: tables.topicCounts.base,
                                           heads: heads.baseAddress!)
        }
    }

    /// Individual personalization: the rule safeguard's cool-down item in agent `i`'s own ranking.
    @inline(never)
    static func individualCoolDownItem(_ i: Int, segment: Int, _ ctx: StepContext) -> Int {
        let tables = ctx.tables
        let s = ctx.state
        return withUnsafeTemporaryAllocation(of: Int32.self, capacity: s.topics) { heads in
            IndividualPersonalization.coolDownItem(segment: segment, offsets: s.affinity.base + i * s.topics,
                                                   topics: s.topics, topK: tables.topK, ranked: tables.topicRanked.base,
                                                   score: tables.topicScore.base, counts: tables.topicCounts.base,
                                                   heads: heads.baseAddress!, footprint: tables.estimatedFootprint.base)
        }
    }

    /// The consequence gate, last of the safeguards: -1 while a review is pending or when the
    /// item is held for review now (ConsequenceGate.swift). `gateHold` keeps the steps left of a
    /// pending review in its low 7 bits and the reviewer's approval in its top bit.
    static func gate(_ i: Int, item: Int, _ ctx: StepContext) -> Int {
        let s = ctx.state
        let hold = s.gateHold[i]
        if hold & 0x7F > 0 {
            s.gateHold[i] = hold - 1
            return -1
        }
        if hold & 0x80 != 0 {
            // Approved by the reviewer: served once without a second check.
            s.gateHold[i] = 0
            return item
        }
        let tables = ctx.tables
        let truth = tables.normalizedFootprint[item]
        let ratio = truth > 0 ? tables.estimatedFootprint[item] / truth : 0
        guard ConsequenceGate.flags(stock: { ctx.stateReader.read(ctx.stock[AgentState.slot(agent: i, dimension: $0)], agent: i, dimension: $0) },
                                    footprint: UnsafePointer(tables.footprint.base + item * Dimension.count),
                                    estimateRatio: ratio, level: ctx.gateLevel,
                                    threshold: { ctx.dims.values[DimensionTable.thresholdMean + $0] }) else { return item }
        s.gateFlagged[i] = 1
        var rng = ctx.streams.stream(.gate, UInt64(i), UInt64(ctx.step))
        guard rng.nextUnit() < ctx.gateAdmission else { return item }
        // The reviewer sees what the system cannot: the true stocks and the person's own thresholds.
        let risky = ConsequenceGate.flags(stock: { ctx.stock[AgentState.slot(agent: i, dimension: $0)] },
                                          footprint: UnsafePointer(tables.footprint.base + item * Dimension.count),
                                          estimateRatio: 1, level: ctx.gateLevel,
                                          threshold: { s.threshold[AgentState.slot(agent: i, dimension: $0)] })
        if ctx.gateDelay == 0 { return risky ? -1 : item }
        s.gateHold[i] = UInt8(ctx.gateDelay - 1) | (risky ? 0 : 0x80)
        return -1
    }
}

/// The random numbers of one agent in one step, each at a fixed position of the agent's stream
/// for that step, so that two runs of the same seed (a corrected and an uncorrected one, say)
/// give the agent the same numbers for the same purpose even after their states diverge.
///
/// The stream is a counter (SplitMix64), so the number at a position is computed without the
/// ones before it: each is computed only when the step reads it (an exited agent reads at most
/// the frame's), and is the number the full sequence of draws would give. Positions: control,
/// explore, pick, click, missing, invert (0-5), the normal deviate (Box-Muller on 6 and 7), frame (8).
struct AgentDraws {
    /// The stream's state before its first output.
    private let start: UInt64

    init(_ stream: SplitMix64) { start = stream.state }

    @inline(__always)
    private func unit(at position: UInt64) -> Double {
        var rng = SplitMix64(seed: start)
        rng.skip(position)
        return rng.nextUnit()
    }

    var control: Double { unit(at: 0) }
    var explore: Double { unit(at: 1) }
    var pick: Double { unit(at: 2) }
    var click: Double { unit(at: 3) }
    var missing: Double { unit(at: 4) }
    var invert: Double { unit(at: 5) }
    /// A standard normal deviate (Box-Muller on the 7th and 8th outputs): `nextGaussian()` of
    /// the stream after 6 outputs.
    var noise: Double {
        var rng = SplitMix64(seed: start)
        rng.skip(6)
        return rng.nextGaussian()
    }
    /// The deviate's two factors as `nextGaussian()` computes them, `noise == noiseRadius *
    /// noiseCosine` bit for bit: `sqrt(-2 log u1)` (>= 0) of the 7th output and `cos(2 pi u2)`
    /// of the 8th, so feedback can learn the deviate's sign without the `log`.
    /// ``SplitMix64/gaussianRadius(_:)`` with ``NaturalLog`` for its `log` (the same bits, inlined);
    /// written out, since passing the log to a shared form cost 3 instructions per agent-step.
    var noiseRadius: Double { (-2 * NaturalLog.log(max(unit(at: 6), 0x1.0p-53))).squareRoot() }
    var noiseCosine: Double { SplitMix64.gaussianCosine(unit(at: 7)) }
    var noiseCosineIsPositive: Bool { SplitMix64.gaussianCosineIsPositive(unit(at: 7)) }
    var frame: Double { unit(at: 8) }
}
