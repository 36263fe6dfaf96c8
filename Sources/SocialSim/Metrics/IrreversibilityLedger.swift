/// An irreversibility ledger for a sample of agents: per agent and dimension, when the
/// dimension first locked, what the agent had been exposed to before it, what its
/// neighbourhood looked like, how often it locked, and whether it ever unlocked.
///
/// It observes a run from outside after every step and never changes it, so a run with a
/// ledger gives the same numbers as one without. Memory is bounded by the sample: one
/// ``Entry`` per sampled agent and dimension, whatever the number of steps.
///
/// The sample is every `count / sampleSize`-th agent (agents `⌊k · count / sampleSize⌋`), so
/// it needs no random numbers and is the same for every variant of a world.
public struct IrreversibilityLedger: Sendable {
    public struct Entry: Sendable, Equatable {
        public var agent: Int
        public var dimension: Dimension
        public var degree: Int
        public var threshold: Double
        /// Step of the first lock (nil: never locked).
        public var firstLockStep: Int?
        /// The stock just after the step it first locked.
        public var stockAtLock: Double?
        /// Footprint received in this dimension from consumed items, summed over the steps up
        /// to and including the step of the first lock (to the horizon if it never locked).
        public var exposureBeforeLock = 0.0
        /// Items consumed up to and including the step of the first lock.
        public var consumedBeforeLock = 0
        /// Fraction of neighbours locked in this dimension, and their mean stock, as the agent
        /// saw them in the step it first locked (the snapshot taken at the start of that step).
        public var neighbourLockedAtLock: Double?
        public var neighbourStockAtLock: Double?
        /// Trust and frame at the start of the step of the first lock.
        public var trustBeforeLock: Double?
        public var frameBeforeLock: Int?
        public var exitedBeforeLock: Bool?
        /// Number of times the dimension locked (more than one only where unlocking is possible).
        public var locks = 0
        /// Step of the first unlock (nil: never unlocked).
        public var firstUnlockStep: Int?
        public var lockedAtHorizon = false
        /// Locked before the first step observed (the ledger then cannot date the lock).
        public var lockedAtStart = false
    }

    public let agents: [Int]
    public private(set) var entries: [Entry]
    /// Lock flags, trust, frame and exit of the sample after the last observed step.
    private var wasLocked: [Bool]
    private var lastTrust: [Double]
    private var lastFrame: [Int]
    private var lastExited: [Bool]

    /// The largest sample a ledger takes (rows are agents times four).
    public static let maxSample = 100_000

    /// A ledger of `sampleSize` agents of `simulation`, taken before its first step (or at a fork).
    public init(sampleSize: Int, of simulation: Simulation) {
        let n = simulation.state.count
        let size = max(0, min(sampleSize, n, Self.maxSample))
        agents = (0..<size).map { $0 * n / size }
        let s = simulation.state
        var entries: [Entry] = []
        for i in agents {
            for d in Dimension.allCases {
                entries.append(Entry(agent: i, dimension: d, degree: simulation.network.degree(of: i),
                                     threshold: s.threshold[AgentState.slot(agent: i, dimension: d.rawValue)]))
            }
        }
        wasLocked = entries.map { s.locked[AgentState.slot(agent: $0.agent, dimension: $0.dimension.rawValue)] == 1 }
        for e in entries.indices where wasLocked[e] {
            entries[e].lockedAtStart = true
            entries[e].lockedAtHorizon = true
        }
        self.entries = entries
        lastTrust = agents.map { s.trust[$0] }
        lastFrame = agents.map { Int(s.frame[$0]) }
        lastExited = agents.map { s.exited[$0] == 1 }
    }

    /// Records the step `simulation` has just simulated.
    public mutating func observe(_ simulation: Simulation) {
        let s = simulation.state
        let step = simulation.currentStep - 1
        let footprint = simulation.catalogue.footprint
        for (a, i) in agents.enumerated() {
            let consumedItem = Int(s.history[i * s.historyLength + step % s.historyLength])
            for d in 0..<Dimension.count {
                let e = a * Dimension.count + d
                let idx = AgentState.slot(agent: i, dimension: d)
                if entries[e].firstLockStep == nil && consumedItem >= 0 {
                    entries[e].exposureBeforeLock += footprint[consumedItem * Dimension.count + d]
                    entries[e].consumedBeforeLock += 1
                }
                let isLocked = s.locked[idx] == 1
                if isLocked && !wasLocked[e] {
                    entries[e].locks += 1
                    if entries[e].firstLockStep == nil {
                        entries[e].firstLockStep = step
                        entries[e].stockAtLock = s.stock[idx]
                        entries[e].neighbourLockedAtLock = simulation.neighbourLockedShare(agent: i, dimension: d)
                        entries[e].neighbourStockAtLock = simulation.neighbourStockMean(agent: i, dimension: d)
                        entries[e].trustBeforeLock = lastTrust[a]
                        entries[e].frameBeforeLock = lastFrame[a]
                        entries[e].exitedBeforeLock = lastExited[a]
                    }
                } else if !isLocked && wasLocked[e] && entries[e].firstUnlockStep == nil {
                    entries[e].firstUnlockStep = step
                }
                wasLocked[e] = isLocked
                entries[e].lockedAtHorizon = isLocked
            }
            lastTrust[a] = s.trust[i]
            lastFrame[a] = Int(s.frame[i])
            lastExited[a] = s.exited[i] == 1
        }
    }
}
