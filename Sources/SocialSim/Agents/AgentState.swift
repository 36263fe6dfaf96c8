/// The state of every agent, struct-of-arrays: one contiguous column per variable, so the
/// step loop reads memory linearly and allocates nothing.
///
/// Per-dimension columns are agent-major (`stock[AgentState.slot(agent: i, dimension: d)]`,
/// an agent's four values side by side), like the preference columns
/// (`expressed[i * topics + k]`): an agent, and a neighbour gather, reads all of them at once.
public final class AgentState: @unchecked Sendable {
    public let count: Int
    public let topics: Int
    public let historyLength: Int

    // Constraints (per dimension).
    /// Constraint stock, stock units, >= its floor: the state between steps (after a step, its
    /// end; before it, its start).
    public private(set) var stock: Column<Double>
    /// The stocks at the start of the last simulated step (neighbour spillover read them). The
    /// agent loop reads `stock` and writes each agent's new stocks here, then the two swap
    /// (``swapStepBuffers()``), so every agent reads its neighbours' start-of-step stocks
    /// without a snapshot pass or a copy.
    public private(set) var previousStock: Column<Double>
    /// Lock threshold, heterogeneous, fixed at initialization.
    public let threshold: Column<Double>
    /// Ratchet floor (0 while the dimension has never locked).
    public let floor: Column<Double>
    /// 1 while the dimension is locked (``LockFlags``): bits 4-7 of the current ``stepStart``
    /// byte, which holds them anyway for the neighbours, so they have no column of their own.
    public var locked: LockFlags { LockFlags(stepStart: stepStart.base, count: count * Dimension.count) }
    /// Number of times the dimension has locked (scars).
    public let scars: Column<UInt8>

    // Preferences (per topic).
    /// Expressed preferences (what the agent clicks): a point on the simplex.
    public let expressed: Column<Double>
    /// Reflective preferences (what the agent would endorse): fixed, on the simplex.
    public let reflective: Column<Double>
    /// Normalized entropy of the expressed preferences, recomputed whenever they move (most
    /// agents' preferences stand still once they have exited), so the step's mean reads it.
    public let entropy: Column<Double>
    /// The dominant reflective topic, found once: reflective preferences never change.
    public let reflectiveTop: Column<UInt8>
    /// The dominant expressed topic (``Preferences/dominantTopic(_:topics:)``), found again
    /// whenever expressed preferences move (exposure, a reset), so the step reads it instead of
    /// scanning them: most agent-steps (every exited agent's) leave them standing still.
    public let expressedTop: Column<UInt8>

    // Trust, narrative, welfare (per agent).
    /// Trust in the deployed system, in [0, 1].
    public let trust: Column<Double>
    /// 1 when the agent has exited (disengaged).
    public let exited: Column<UInt8>
    /// Index of the narrative frame held.
    public let frame: Column<UInt8>
    /// Recent reflective benefit (a moving average), in [0, 1].
    public let recentBenefit: Column<Double>
    /// Smoothed observed engagement (what a rule-based safeguard watches).
    /// Allocated only when the rule safeguard is on (nothing else reads it); empty otherwise.
    public let observedEngagement: Column<Double>
    /// Whether `observedEngagement` is kept (the world's rule safeguard is enabled).
    public let watchesEngagement: Bool
    /// Individual personalization: the optimizer's per-person, per-topic offset on its segment's
    /// estimate, and the weight behind it (agent-major, `affinity[i * topics + t]`). Allocated
    /// only under individual personalization (``IndividualPersonalization``); empty otherwise.
    public let affinity: Column<Double>
    public let affinityWeight: Column<Double>
    /// Whether `affinity` is kept (the world's personalization is individual).
    public let personalizesIndividually: Bool

    // Per-step outputs of the agent loop, read by the optimizer and metrics.
    /// Item shown this step (-1 = none).
    public let shownItem: Column<Int32>
    /// Segment the agent was in when served (for the bandit).
    public let segment: Column<UInt8>
    /// Feedback given this step; only meaningful where `hasFeedback` is 1.
    public let feedback: Column<Double>
    public let hasFeedback: Column<UInt8>
    /// Consequence gate: steps left of a pending review (the person is served nothing meanwhile).
    /// Allocated only when the gate is on (nothing else reads it), like `gateFlagged`; empty otherwise.
    public let gateHold: Column<UInt8>
    /// Consequence gate: 1 when the gate flagged the item served this step.
    public let gateFlagged: Column<UInt8>
    /// Whether `gateHold` and `gateFlagged` are kept (the world's consequence gate is enabled).
    public let holdsGate: Bool
    /// Recently consumed items, a ring of `historyLength` per agent (-1 = empty).
    public let history: Column<Int32>

    /// Each agent in one byte, ``StepStart``: the frame held (bits 0-3; at most 16 frames) and the
    /// dimensions locked (bit 4 + d), as `frame` and `locked` stand between steps, i.e. at the
    /// start of the next step. The agent loop reads its neighbours' frames and locks from here,
    /// one byte per neighbour, in the same pass as their stocks. The lock bits are the lock
    /// flags themselves (``locked``); whatever changes `frame` outside the agent loop packs it
    /// again (``packStepStart(agent:)``).
    public private(set) var stepStart: Column<UInt8>
    /// The step-start bytes of the last simulated step; double-buffered with `stepStart` like
    /// `previousStock`.
    public private(set) var previousStepStart: Column<UInt8>

    public init(count: Int, topics: Int, historyLength: Int, watchesEngagement: Bool = true,
                individualPrior: Double? = nil, holdsGate: Bool = true) {
        self.watchesEngagement = watchesEngagement
        self.holdsGate = holdsGate
        personalizesIndividually = individualPrior != nil
        affinity = Column(count: individualPrior == nil ? 0 : count * topics, repeating: 0)
        affinityWeight = Column(count: individualPrior == nil ? 0 : count * topics, repeating: individualPrior ?? 0)
        self.count = count
        self.topics = topics
        self.historyLength = historyLength
        let dims = count * Dimension.count
        stock = Column(count: dims, repeating: 0)
        threshold = Column(count: dims, repeating: 1)
        floor = Column(count: dims, repeating: 0)
        scars = Column(count: dims, repeating: 0)
        expressed = Column(count: count * topics, repeating: 0)
        reflective = Column(count: count * topics, repeating: 0)
        entropy = Column(count: count, repeating: 0)
        reflectiveTop = Column(count: count, repeating: 0)
        expressedTop = Column(count: count, repeating: 0)
        trust = Column(count: count, repeating: 0)
        exited = Column(count: count, repeating: 0)
        frame = Column(count: count, repeating: 0)
        recentBenefit = Column(count: count, repeating: 0)
        observedEngagement = Column(count: watchesEngagement ? count : 0, repeating: 0)
        shownItem = Column(count: count, repeating: -1)
        segment = Column(count: count, repeating: 0)
        feedback = Column(count: count, repeating: 0)
        hasFeedback = Column(count: count, repeating: 0)
        gateHold = Column(count: holdsGate ? count : 0, repeating: 0)
        gateFlagged = Column(count: holdsGate ? count : 0, repeating: 0)
        history = Column(count: count * historyLength, repeating: -1)
        previousStock = Column(count: dims, repeating: 0)
        stepStart = Column(count: count, repeating: 0)
        previousStepStart = Column(count: count, repeating: 0)
    }

    /// A deep copy (used to fork a run, e.g. at a correction step).
    public init(copying other: AgentState) {
        count = other.count
        topics = other.topics
        historyLength = other.historyLength
        stock = Column(copying: other.stock)
        previousStock = Column(copying: other.previousStock)
        threshold = Column(copying: other.threshold)
        floor = Column(copying: other.floor)
        scars = Column(copying: other.scars)
        expressed = Column(copying: other.expressed)
        reflective = Column(copying: other.reflective)
        entropy = Column(copying: other.entropy)
        reflectiveTop = Column(copying: other.reflectiveTop)
        expressedTop = Column(copying: other.expressedTop)
        trust = Column(copying: other.trust)
        exited = Column(copying: other.exited)
        frame = Column(copying: other.frame)
        recentBenefit = Column(copying: other.recentBenefit)
        watchesEngagement = other.watchesEngagement
        holdsGate = other.holdsGate
        personalizesIndividually = other.personalizesIndividually
        affinity = Column(copying: other.affinity)
        affinityWeight = Column(copying: other.affinityWeight)
        observedEngagement = Column(copying: other.observedEngagement)
        shownItem = Column(copying: other.shownItem)
        segment = Column(copying: other.segment)
        feedback = Column(copying: other.feedback)
        hasFeedback = Column(copying: other.hasFeedback)
        gateHold = Column(copying: other.gateHold)
        gateFlagged = Column(copying: other.gateFlagged)
        history = Column(copying: other.history)
        stepStart = Column(copying: other.stepStart)
        previousStepStart = Column(copying: other.previousStepStart)
    }

    deinit {
        stock.free(); previousStock.free(); threshold.free(); floor.free(); scars.free()
        expressed.free(); reflective.free(); entropy.free(); reflectiveTop.free(); expressedTop.free()
        trust.free(); exited.free(); frame.free(); recentBenefit.free()
        observedEngagement.free(); affinity.free(); affinityWeight.free()
        shownItem.free(); segment.free(); feedback.free(); hasFeedback.free(); gateHold.free(); gateFlagged.free()
        history.free(); stepStart.free(); previousStepStart.free()
    }

    /// Bytes held per agent by the state columns (for the benchmark).
    public var bytesPerAgent: Int {
        Self.bytesPerAgent(topics: topics, historyLength: historyLength, watchesEngagement: watchesEngagement,
                           personalizesIndividually: personalizesIndividually, holdsGate: holdsGate)
    }

    /// Bytes per agent of the state columns, before allocating them.
    public static func bytesPerAgent(topics: Int, historyLength: Int, watchesEngagement: Bool = true,
                                     personalizesIndividually: Bool = false, holdsGate: Bool = true) -> Int {
        let d = Dimension.count
        // stock and previous stock, threshold, floor; expressed, reflective;
        // entropy, trust, recentBenefit, feedback; observedEngagement if watched;
        // affinity and its weight under individual personalization.
        let doubles = d * 4 + 2 * topics + 4 + (watchesEngagement ? 1 : 0) + (personalizesIndividually ? 2 * topics : 0)
        // scars; reflectiveTop, expressedTop, exited, frame, segment, hasFeedback, stepStart (which
        // holds the lock flags) and previous step start; gateHold and gateFlagged if the gate is on.
        let bytes = d + 8 + (holdsGate ? 2 : 0)
        // shownItem and the history ring.
        return doubles * 8 + bytes + 4 * (1 + historyLength)
    }
}

extension AgentState {
    /// Where agent `i`'s value of dimension `d` sits in a per-dimension column (stock, threshold,
    /// floor, scars; and the index of its lock flag in ``locked``): agent-major, so an agent's four values are contiguous (32 bytes of
    /// doubles) and a neighbour's stocks are one load, not four cache lines.
    ///
    /// Unchecked arithmetic: for `i < count` and `d < Dimension.count` the slot is below
    /// `count * Dimension.count`, the columns' allocated size, so it fits an `Int`.
    @inline(__always)
    public static func slot(agent i: Int, dimension d: Int) -> Int { i &* Dimension.count &+ d }
}

extension AgentState {
    /// Packs agent `i`'s frame into its ``stepStart`` byte beside its lock flags (after
    /// initialization, which sets the frames).
    public func packStepStart(agent i: Int) {
        stepStart[i] = StepStart.pack(frame: frame[i], lockedMask: StepStart.lockedMask(stepStart[i]))
    }

    /// After the agent loop has written every agent's new stocks and step-start byte into the
    /// previous buffers: they become the current state, and the start of the step just
    /// simulated becomes the previous one.
    func swapStepBuffers() {
        swap(&stock, &previousStock)
        swap(&stepStart, &previousStepStart)
    }
}

/// The lock flags of every agent and dimension, `flags[AgentState.slot(agent: i, dimension: d)]`
/// (1 while locked), read and written in place as bit 4 + d of agent i's step-start byte
/// (``StepStart``). A view of the current ``AgentState/stepStart`` buffer: between steps it is
/// the state; during the agent loop it is the start of the step (the loop writes each agent's
/// new locks into the next buffer's byte).
public struct LockFlags {
    @usableFromInline let stepStart: UnsafeMutablePointer<UInt8>
    /// Agents x dimensions.
    public let count: Int

    @inlinable
    public subscript(slot: Int) -> UInt8 {
        get {
            precondition(slot >= 0 && slot < count, "lock flag \(slot) outside 0..<\(count)")
            return stepStart[slot / Dimension.count] >> (4 + slot % Dimension.count) & 1
        }
        nonmutating set {
            precondition(slot >= 0 && slot < count && newValue <= 1, "lock flag \(slot) = \(newValue)")
            let bit: UInt8 = 1 << (4 + slot % Dimension.count)
            let i = slot / Dimension.count
            stepStart[i] = newValue == 1 ? stepStart[i] | bit : stepStart[i] & ~bit
        }
    }

    /// A copy as a Swift array (for tests and measurement, not hot loops).
    public var array: [UInt8] { (0..<count).map { self[$0] } }
}
