import NarrativeModel

/// Read-only tables the agent loop consults: the catalogue, this step's rankings, the items
/// users would choose themselves, and the frames. Allocated once per run and refreshed in
/// place each step, so the loop reads raw memory and nothing is allocated per step.
final class ItemTables: @unchecked Sendable {
    let items: Int
    let topK: Int
    /// The bandit's segments (``OptimizerConfig/segments``) and the topics.
    let segments: Int
    let topics: Int
    /// The segment of each dominant topic: topics merged in contiguous blocks,
    /// `topic * segments / topics` (with one segment per topic, the topic itself), once per run.
    let segmentOfTopic: Column<UInt8>
    let topic: Column<Int32>
    let appeal: Column<Double>
    let quality: Column<Double>
    let footprint: Column<Double>
    let normalizedFootprint: Column<Double>
    /// The system's estimate of each item's normalized footprint (``FootprintEstimate``):
    /// what the footprint penalty, the rule's cool-down item and region caps act on.
    let estimatedFootprint: Column<Double>
    /// The bandit's estimates `V[σ, j]` the ranking used this step, segment-major (what the
    /// estimate drift compares with people's expected rewards).
    let estimate: Column<Double>
    /// Each segment's top-K under the current objective.
    let ranked: Column<Int32>
    /// Each segment's top-K among low-footprint items (region safeguard).
    let safeRanked: Column<Int32>
    /// Individual personalization (empty otherwise): each segment's top-K within each topic,
    /// their scores and list lengths (``IndividualPersonalization/rankByTopic``), and the
    /// segment estimates V the per-person offsets are learned against.
    let individual: Bool
    let topicRanked: Column<Int32>
    let topicScore: Column<Double>
    let topicCounts: Column<Int32>
    let segmentValue: Column<Double>
    /// For each topic, the available item an agent would endorse (user control).
    let endorsed: Column<Int32>
    /// Items that can be served this step (not blocked by moderation), first `availableCount`.
    let availableList: Column<Int32>
    var availableCount = 0
    let frames: Column<FrameDynamics>
    /// The packed neighbour count increment of each step-start byte (``NeighbourAggregates/packedIncrement(_:)``).
    let neighbourIncrements: Column<UInt64>

    init(catalogue: Catalogue, segments: Int, topics: Int, individual: Bool, topK: Int, frames frameList: [FrameDynamics]) {
        items = catalogue.count
        self.topK = topK
        self.segments = segments
        self.topics = topics
        self.individual = individual
        segmentOfTopic = Column(count: topics, repeating: 0)
        for t in 0..<topics { segmentOfTopic[t] = UInt8(t * segments / topics) }
        topicRanked = Column(count: individual ? segments * topics * topK : 0, repeating: -1)
        topicScore = Column(count: individual ? segments * topics * topK : 0, repeating: 0)
        topicCounts = Column(count: individual ? segments * topics : 0, repeating: 0)
        segmentValue = Column(count: individual ? segments * catalogue.count : 0, repeating: 1)
        topic = Column(count: items, repeating: 0)
        appeal = Column(count: items, repeating: 0)
        quality = Column(count: items, repeating: 0)
        footprint = Column(count: items * Dimension.count, repeating: 0)
        normalizedFootprint = Column(count: items, repeating: 0)
        estimatedFootprint = Column(count: items, repeating: 0)
        for j in 0..<items {
            topic[j] = catalogue.topic[j]
            appeal[j] = catalogue.appeal[j]
            quality[j] = catalogue.quality[j]
            normalizedFootprint[j] = catalogue.normalizedFootprint[j]
            estimatedFootprint[j] = catalogue.normalizedFootprint[j]
        }
        for k in 0..<items * Dimension.count { footprint[k] = catalogue.footprint[k] }
        estimate = Column(count: segments * items, repeating: 1)
        ranked = Column(count: segments * topK, repeating: -1)
        safeRanked = Column(count: segments * topK, repeating: -1)
        endorsed = Column(count: topics, repeating: -1)
        availableList = Column(count: items, repeating: 0)
        frames = Column(count: frameList.count, repeating: frameList[0])
        for (f, dynamics) in frameList.enumerated() { frames[f] = dynamics }
        neighbourIncrements = Column(count: 256, repeating: 0)
        for b in 0..<256 { neighbourIncrements[b] = NeighbourAggregates.packedIncrement(UInt8(b)) }
    }

    deinit {
        topic.free(); appeal.free(); quality.free(); footprint.free(); normalizedFootprint.free(); estimatedFootprint.free()
        estimate.free(); ranked.free(); safeRanked.free(); endorsed.free(); availableList.free(); frames.free(); neighbourIncrements.free()
        topicRanked.free(); topicScore.free(); topicCounts.free(); segmentValue.free(); segmentOfTopic.free()
    }

    /// Refreshes availability and the endorsed item of each topic: the available item with
    /// the best quality net of footprint, which is what an agent choosing for itself picks.
    func refresh(available: [Bool]) {
        availableCount = 0
        for j in 0..<items where available[j] {
            availableList[availableCount] = Int32(j)
            availableCount += 1
        }
        for t in 0..<topics { endorsed[t] = -1 }
        for j in 0..<items where available[j] {
            let t = Int(topic[j])
            let best = endorsed[t]
            if best < 0 || endorseScore(j) > endorseScore(Int(best)) { endorsed[t] = Int32(j) }
        }
    }

    private func endorseScore(_ j: Int) -> Double { quality[j] - normalizedFootprint[j] }

    func setEstimatedFootprint(_ values: [Double]) {
        for j in 0..<items { estimatedFootprint[j] = values[j] }
    }

    /// Individual personalization: this step's per-topic rankings and the segment estimates.
    func setIndividualRanking(_ bandit: Bandit, objective: Objective, penalty: Double, footprint: [Double], available: [Bool]) {
        IndividualPersonalization.rankByTopic(bandit: bandit, objective: objective, penalty: penalty, footprint: footprint,
                                              available: available, itemTopic: topic.base, topics: topics,
                                              ranked: topicRanked.base, score: topicScore.base, counts: topicCounts.base)
        for k in 0..<segments * items { segmentValue[k] = bandit.value[k] }
    }

    func setEstimates(_ bandit: Bandit) {
        for k in 0..<segments * items { estimate[k] = bandit.value[k] }
    }

    func setRanking(_ bandit: Bandit, into column: Column<Int32>) {
        for k in 0..<segments * topK { column[k] = bandit.ranked[k] }
    }
}
