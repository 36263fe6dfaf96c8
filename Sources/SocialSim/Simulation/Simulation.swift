import Foundation
import NarrativeModel

/// One run of one world with one seed.
///
/// ```swift
/// let sim = try Simulation(world: WorldConfig(), seed: 7)
/// while !sim.isFinished {
///     let m = sim.advance()
///     print(m.step, m.welfare, m.trustMean)
/// }
/// ```
///
/// A step runs in phases: the correction (if due), the optimizer ranks items, every agent is
/// updated (in parallel chunks when `threads > 1`) from its neighbours' start-of-step state, the
/// optimizer learns from the feedback, and the step's measures are taken. The result depends
/// only on the world and the seed.
public final class Simulation {
    public let world: WorldConfig
    public let seed: UInt64
    public let streams: RandomStreams
    public let network: Network
    public private(set) var catalogue: Catalogue
    public let state: AgentState
    public private(set) var bandit: Bandit
    /// The next step to simulate (0 before the first).
    public private(set) var currentStep = 0
    /// The objective in force (switched by the correction).
    public private(set) var objective: Objective
    /// What the system believes of items' footprints (``LegibilityConfig/footprint``).
    public private(set) var footprintEstimate: FootprintEstimate
    /// Consequence gate: items flagged in the previous step (sets this step's admission chance).
    public private(set) var gateFlaggedLastStep = 0
    /// Counts per worker and item gathered in the agent loop (scratch, sized on first use).
    private var tallies = ItemTallies(items: 0, workers: 1, countsServings: false)
    /// Each chunk's partial totals, combined in chunk order (scratch; every chunk writes its own).
    private var partials: [StepTotals] = []
    /// Which items can be served this step (scratch).
    private var available: [Bool] = []
    /// Learned footprints: this step's servings and exits per item (scratch).
    private var servedPerItem: [Int] = []
    private var exitsPerItem: [Int] = []
    /// Homogenization: marks for each part of the pairs (``learnAndComparePairs()``).
    private var itemMarks: [Homogenization.ItemMarks] = []
    /// Homogenization: each pair's similarity (scratch).
    private var pairSimilarities: [Double] = []
    /// Lock clustering: degree classes and lock bits of the last step (scratch).
    private let lockScratch: LockClustering.Scratch
    /// Relief spent at the correction (stock units, total).
    public private(set) var reliefSpent = 0.0
    /// Worker threads for the agent loop; results do not depend on it.
    public var threads = 1

    let tables: ItemTables
    let dims: DimensionTable
    let chunks: ParallelChunks
    let blockedTemplates: [Bool]
    let pairs: [Int32]

    /// The bytes the run holds beyond its state columns and its network: the measures' scratch
    /// (lock clustering's per-agent keys, and its per-agent terms once it has run on more than
    /// one thread; the homogenization pairs and marks) and the per-chunk partial sums.
    public var scratchBytes: Int {
        lockScratch.bytes + pairs.count * 4 + pairSimilarities.count * 8 + itemMarks.reduce(0) { $0 + $1.bytes }
            + partials.count * MemoryLayout<StepTotals>.stride
    }

    public var isFinished: Bool { currentStep >= world.steps }
    public var isCorrected: Bool { world.correction.step.map { currentStep > $0 } ?? false }

    /// Builds the network, the catalogue and the agents. Throws ``NetworkError`` when the
    /// network cannot be built (the runner validates worlds first, so it reports that earlier).
    public init(world: WorldConfig, seed: UInt64) throws {
        self.world = world
        self.seed = seed
        streams = RandomStreams(seed: seed)
        var networkRNG = streams.stream(.network)
        network = try Network.generate(world.network, agents: world.agents, rng: &networkRNG)
        catalogue = Catalogue(config: world.catalogue, topics: world.topics, streams: streams)
        footprintEstimate = FootprintEstimate(config: world.legibility, catalogue: catalogue, streams: streams)
        state = AgentState(count: world.agents, topics: world.topics, historyLength: world.measurement.historyLength,
                           watchesEngagement: world.safeguards.rules.enabled,
                           individualPrior: world.optimizer.personalization == .individual ? world.optimizer.individualPrior : nil,
                           holdsGate: world.safeguards.gate.enabled)
        Initialization.populate(state, world: world, streams: streams)
        bandit = Bandit(segments: world.optimizer.segments ?? world.topics, items: world.catalogue.items, topK: world.optimizer.topK,
                        agents: world.agents, priorWeight: world.optimizer.priorWeight,
                        minimumWeight: world.optimizer.minimumWeight)
        objective = world.optimizer.objective
        tables = ItemTables(catalogue: catalogue, segments: bandit.segments, topics: world.topics,
                            individual: world.optimizer.personalization == .individual, topK: bandit.topK,
                            frames: world.narrative.frames.map(FrameDynamics.init))
        dims = DimensionTable(world: world)
        chunks = ParallelChunks(agents: world.agents)
        blockedTemplates = world.safeguards.templates.enabled
            ? TemplateModeration.blockedTemplates(catalogue: catalogue, templates: world.catalogue.templates,
                                                  fraction: world.safeguards.templates.blockedFraction)
            : []
        pairs = Homogenization.samplePairs(agents: world.agents, pairs: world.measurement.homogenizationPairs, streams: streams)
        lockScratch = Self.lockScratch(network: network, state: state)
    }

    /// A copy of this run as it stands, to be continued under `world`, which may differ from
    /// this run's world in its correction only. Because every random number is keyed by
    /// (seed, agent, step), the copy continues exactly as a fresh run of `world` would: forking
    /// the uncorrected run at step d gives the run corrected at d without simulating the first
    /// d steps again.
    public func fork(world newWorld: WorldConfig) -> Simulation {
        var comparable = newWorld
        comparable.correction = world.correction
        precondition(comparable == world, "a fork may change only the correction")
        precondition(newWorld.correction.step.map { $0 >= currentStep } ?? true,
                     "a fork must happen before its correction step")
        return Simulation(forking: self, world: newWorld)
    }

    private init(forking other: Simulation, world: WorldConfig) {
        self.world = world
        seed = other.seed
        streams = other.streams
        network = other.network
        catalogue = other.catalogue
        footprintEstimate = other.footprintEstimate
        gateFlaggedLastStep = other.gateFlaggedLastStep
        state = AgentState(copying: other.state)
        bandit = other.bandit
        currentStep = other.currentStep
        objective = other.objective
        reliefSpent = other.reliefSpent
        threads = other.threads
        tables = ItemTables(catalogue: catalogue, segments: bandit.segments, topics: world.topics,
                            individual: world.optimizer.personalization == .individual, topK: bandit.topK,
                            frames: world.narrative.frames.map(FrameDynamics.init))
        dims = DimensionTable(world: world)
        chunks = other.chunks
        blockedTemplates = other.blockedTemplates
        pairs = other.pairs
        lockScratch = Self.lockScratch(network: network, state: state)
    }

    private static func lockScratch(network: Network, state: AgentState) -> LockClustering.Scratch {
        network.offsets.withUnsafeBufferPointer {
            LockClustering.Scratch(agents: state.count, offsets: $0, locked: UnsafePointer(state.stepStart.base))
        }
    }

    deinit { dims.free() }

    /// The fraction of `agent`'s neighbours locked in `dimension` at the start of the last
    /// simulated step: what its threshold contagion read.
    public func neighbourLockedShare(agent: Int, dimension: Int) -> Double {
        let lo = network.offsets[agent], hi = network.offsets[agent + 1]
        guard hi > lo else { return 0 }
        var locked = 0
        for e in lo..<hi where StepStart.lockedMask(state.previousStepStart[Int(network.neighbors[e])]) & (1 << dimension) != 0 {
            locked += 1
        }
        return Double(locked) * (1 / Double(hi - lo))
    }

    /// The mean stock of `agent`'s neighbours in `dimension` at the start of the last simulated
    /// step: what its spillover read (the same sum in the same order, so the same bits).
    public func neighbourStockMean(agent: Int, dimension: Int) -> Double {
        let lo = network.offsets[agent], hi = network.offsets[agent + 1]
        var sum = 0.0
        for e in lo..<hi { sum += state.previousStock[AgentState.slot(agent: Int(network.neighbors[e]), dimension: dimension)] }
        return sum * (hi > lo ? 1 / Double(hi - lo) : 0)
    }

    /// Simulates one step and returns its measures.
    @discardableResult
    public func advance() -> StepMetrics {
        precondition(!isFinished, "the run is finished")
        let t = currentStep
        if t == world.correction.step { applyCorrection() }
        prepareOptimizer(step: t)
        let learned = footprintEstimate.knowledge == .learned
        let workers = chunks.workers(threads: threads)
        if tallies.items != catalogue.count || tallies.workers != workers || tallies.countsServings != learned {
            tallies = ItemTallies(items: catalogue.count, workers: workers, countsServings: learned)
        } else {
            tallies.reset()
        }

        if partials.count != chunks.count { partials = [StepTotals](repeating: StepTotals(), count: chunks.count) }
        let frameCount = world.narrative.frames.count
        let gate = world.safeguards.gate.enabled
        let prefetching = NeighbourPrefetch.enabled(agents: state.count)
        let ahead = NeighbourPrefetch.distance
        network.neighbors.withUnsafeBufferPointer { neighbors in
            network.offsets.withUnsafeBufferPointer { offsets in
                let chunks = self.chunks
                let state = self.state
                let tallies = self.tallies
                let lockScratch = self.lockScratch
                let ctx = makeContext(step: t, offsets: offsets, neighbors: neighbors)
                // Without edges there is nothing to prefetch (and no neighbour buffer address).
                let prefetchRows = prefetching && !neighbors.isEmpty
                partials.withUnsafeMutableBufferPointer { buffer in
                    let out = SendableBuffer(buffer)
                    chunks.forEach(threads: threads) { c, w in
                        var totals = StepTotals()
                        let block = tallies.block(w)
                        withUnsafeTemporaryAllocation(of: Int32.self, capacity: StepStart.frameLimit) { counts in
                            let agents = chunks.agents
                            for i in chunks.range(c) {
                                // Large worlds: ask for the rows agent i + distance will gather
                                // while agent i is updated (a hint only; no value changes).
                                if prefetchRows && i &+ ahead < agents {
                                    NeighbourPrefetch.rows(of: i &+ ahead, offsets: ctx.offsets.baseAddress!,
                                                           neighbors: ctx.neighbors.baseAddress!,
                                                           stock: ctx.stock, stepStart: ctx.stepStart)
                                }
                                AgentUpdate.update(i, ctx, totals: &totals, frameCounts: counts)
                                ItemTallies.count(agent: i, state: state, historySlot: ctx.historySlot, gate: gate,
                                                  servings: learned, into: block, totals: &totals)
                            }
                        }
                        // The chunk's new locks are in the step-start bytes the loop writes (the next buffer).
                        lockScratch.mark(chunk: c, locked: UnsafePointer(ctx.nextStepStart))
                        out.buffer[c] = totals
                    }
                }
            }
        }
        state.swapStepBuffers()
        let h = learnAndComparePairs()
        var totals = StepTotals()
        for p in partials { totals.combine(p) }
        let counts = tallies.combined()
        if learned { learnFootprints(counts) }
        if gate { gateFlaggedLastStep = totals.gateFlagged }

        currentStep += 1
        var m = totals.metrics(step: t, corrected: world.correction.step.map { t >= $0 } ?? false,
                               frameCount: frameCount, homogenization: nil)
        m.homogenization = h.mean
        m.homogenizationPairs = h.pairs
        if let c = network.offsets.withUnsafeBufferPointer({ offsets in
            network.neighbors.withUnsafeBufferPointer { lockScratch.measure(offsets: offsets, neighbors: $0, threads: threads) }
        }) {
            m.lockNeighbourShare = c.observed
            m.lockNeighbourShareNull = c.null
        }
        m.servedFraction = ServedFraction.fraction(served: totals.served, agents: state.count)
        m.consumptionConcentration = ConsumptionConcentration.hhi(counts: UnsafePointer(counts.consumed), items: catalogue.count)
        return m
    }

    /// The bandit learns from the step's feedback while the homogenization pairs are compared,
    /// in parts: both read only what the agent loop left and write their own outputs, so they
    /// run side by side (tasks on up to `threads` threads), each exactly as it would alone;
    /// the pairs' similarities are then averaged in pair order.
    private func learnAndComparePairs() -> (mean: Double?, pairs: Int) {
        // The bandit on one thread, the pairs split over the others (one part on one or two threads).
        let parts = max(1, min(threads, 8) - 1)
        let count = pairs.count / 2
        if itemMarks.count != parts || itemMarks[0].items != catalogue.count {
            itemMarks = (0..<parts).map { _ in Homogenization.ItemMarks(items: catalogue.count) }
        }
        // At least one slot, so the buffer has an address even without pairs.
        if pairSimilarities.count != max(count, 1) { pairSimilarities = [Double](repeating: 0, count: max(count, 1)) }
        let state = self.state, pairs = self.pairs, marks = itemMarks
        let learningRate = world.optimizer.learningRate
        withUnsafeMutablePointer(to: &bandit) { banditPointer in
            pairSimilarities.withUnsafeMutableBufferPointer { buffer in
                let bandit = SendablePointer(banditPointer), out = SendableBuffer(buffer)
                ParallelChunks.runTasks(1 + parts, threads: threads) { task in
                    if task == 0 {
                        bandit.pointer.pointee.learn(from: state, learningRate: learningRate)
                    } else {
                        let part = task - 1
                        Homogenization.similarities(pairs: pairs, range: count * part / parts..<count * (part + 1) / parts,
                                                    history: UnsafePointer(state.history.base), historyLength: state.historyLength,
                                                    marks: marks[part], into: out.buffer.baseAddress!)
                    }
                }
            }
        }
        return pairSimilarities.withUnsafeBufferPointer { Homogenization.mean(similarities: $0.baseAddress!, count: count) }
    }

    /// Runs to the horizon, handing each step's measures to `observe`.
    public func run(_ observe: (StepMetrics) -> Void) {
        while !isFinished { observe(advance()) }
    }

    private func applyCorrection() {
        objective = world.correction.objective
        reliefSpent = Relief.apply(budgetPerAgent: world.correction.reliefBudget,
                                   targeting: world.correction.reliefTargeting,
                                   state: state, config: world.constraints,
                                   reader: StateReader(config: world.legibility, streams: streams, step: currentStep))
    }

    /// Learned footprints: what the system observes of each item this step, the people it
    /// served the item and which of them left (counted in the agent loop, ``ItemTallies``).
    private func learnFootprints(_ counts: ItemTallies.Block) {
        let items = catalogue.count
        if servedPerItem.count != items {
            servedPerItem = [Int](repeating: 0, count: items)
            exitsPerItem = [Int](repeating: 0, count: items)
        }
        for j in 0..<items {
            servedPerItem[j] = Int(counts.served[j])
            exitsPerItem[j] = Int(counts.exits[j])
        }
        footprintEstimate.learn(served: servedPerItem, exits: exitsPerItem)
    }

    private func prepareOptimizer(step t: Int) {
        if available.count != catalogue.count { available = [Bool](repeating: true, count: catalogue.count) }
        if !blockedTemplates.isEmpty {
            if t > 0 {
                TemplateModeration.adaptSupply(catalogue: &catalogue, blocked: blockedTemplates,
                                               rate: world.safeguards.templates.supplyAdaptation, streams: streams, step: t)
            }
            TemplateModeration.markAvailable(catalogue: catalogue, blocked: blockedTemplates, into: &available)
        }
        let penalty = world.optimizer.footprintPenalty
        let footprint = footprintEstimate.values
        bandit.rank(objective: objective, penalty: penalty, footprint: footprint, available: available)
        tables.setRanking(bandit, into: tables.ranked)
        tables.setEstimates(bandit)
        if tables.individual {
            tables.setIndividualRanking(bandit, objective: objective, penalty: penalty, footprint: footprint, available: available)
        }
        if footprintEstimate.knowledge != .oracle { tables.setEstimatedFootprint(footprint) }
        if world.safeguards.region.enabled {
            let safe = RegionCaps.safeRanking(bandit: bandit, objective: objective, penalty: penalty, footprint: footprint,
                                              available: available, maxFootprint: world.safeguards.region.maxFootprint)
            tables.setRanking(safe, into: tables.safeRanked)
        }
        tables.refresh(available: available)
    }

    private func makeContext(step t: Int, offsets: UnsafeBufferPointer<Int>, neighbors: UnsafeBufferPointer<Int32>) -> StepContext {
        let constructive = objective == .constructive
        let c = world.optimizer.constructive
        let reset = constructive && c.resetInterval > 0 && t > 0 && t % c.resetInterval == 0
        return StepContext(
            step: t, streams: streams, agentStepStreams: streams.family(.agentStep),
            logTopics: log(Double(world.topics)), historySlot: t % world.measurement.historyLength, objective: objective,
            exploration: constructive ? c.exploration : world.optimizer.exploration,
            userControl: constructive ? c.userControl : 0,
            transparency: constructive ? c.transparency : 0,
            resetStrength: reset ? c.resetStrength : 0,
            specificationGap: world.optimizer.specificationGap,
            learningRate: world.optimizer.learningRate, individualPrior: world.optimizer.individualPrior,
            identityLock: world.narrative.identityLock,
            regionEnabled: world.safeguards.region.enabled, regionMaxFootprint: world.safeguards.region.maxFootprint,
            stateReader: StateReader(config: world.legibility, streams: streams, step: t),
            gateEnabled: world.safeguards.gate.enabled, gateLevel: world.safeguards.gate.level,
            gateDelay: world.safeguards.gate.delay,
            gateAdmission: ConsequenceGate.admission(capacity: world.safeguards.gate.capacity, agents: world.agents,
                                                     flaggedLastStep: gateFlaggedLastStep),
            rules: world.safeguards.rules, trust: world.trust, welfare: WelfareWeights(world.welfare), preferences: world.preferences, response: world.response,
            dims: dims, tables: tables, state: state,
            stock: UnsafePointer(state.stock.base), stepStart: UnsafePointer(state.stepStart.base),
            nextStock: state.previousStock.base, nextStepStart: state.previousStepStart.base,
            offsets: offsets, neighbors: neighbors)
    }
}

/// A value a single parallel task mutates through a pointer while the others leave it alone.
struct SendablePointer<Pointee>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Pointee>
    init(_ pointer: UnsafeMutablePointer<Pointee>) { self.pointer = pointer }
}

/// A mutable buffer handed to parallel workers that write disjoint indices.
struct SendableBuffer<Element>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Element>
    init(_ buffer: UnsafeMutableBufferPointer<Element>) { self.buffer = buffer }
}
