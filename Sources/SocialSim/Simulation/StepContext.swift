import NarrativeModel

/// Everything one step's agent loop reads besides the agents' own state: scalars of the
/// world and raw views of the tables. A plain value, copied to each worker.
struct StepContext: @unchecked Sendable {
    let step: Int
    let streams: RandomStreams
    /// The agents' per-step streams (``StreamPurpose/agentStep``), the seed's part hashed once.
    let agentStepStreams: StreamFamily
    /// `log(Double(topics))`, the entropy's normalization.
    let logTopics: Double
    /// This step's slot in each agent's history ring (`step % historyLength`).
    let historySlot: Int
    let objective: Objective
    let exploration: Double
    /// Probability the agent chooses for itself (constructive only, else 0).
    let userControl: Double
    /// Transparent rationale (constructive only, else 0).
    let transparency: Double
    /// Pull of expressed preferences toward reflective ones this step (0 when no reset).
    let resetStrength: Double
    let specificationGap: Double
    /// The bandit's forgetting rate and the individual offsets' prior (individual personalization).
    let learningRate: Double
    let individualPrior: Double
    /// A locked narrative constraint pins the frame (``NarrativeConfig/identityLock``).
    let identityLock: Bool
    /// Region safeguard, as scalars: configurations holding arrays are kept out of the context so
    /// that parallel runs never touch a shared array buffer's reference count in the agent loop.
    let regionEnabled: Bool
    let regionMaxFootprint: Double
    /// How the system reads stocks this step (region caps, consequence gate).
    let stateReader: StateReader
    /// Consequence gate, as scalars; `gateAdmission` is this step's chance that a flagged item is reviewed.
    let gateEnabled: Bool
    let gateLevel: Double
    let gateDelay: Int
    let gateAdmission: Double
    let rules: RuleSafeguardConfig
    let trust: TrustConfig
    let welfare: WelfareWeights
    let preferences: PreferenceConfig
    let response: ResponseConfig
    let dims: DimensionTable
    let tables: ItemTables
    let state: AgentState
    /// The stocks and step-start bytes at the start of the step (read: the agent's own and its
    /// neighbours'), and the buffers the agent loop writes each agent's new ones into
    /// (``AgentState/swapStepBuffers()`` makes them current after the loop).
    let stock: UnsafePointer<Double>
    let stepStart: UnsafePointer<UInt8>
    let nextStock: UnsafeMutablePointer<Double>
    let nextStepStart: UnsafeMutablePointer<UInt8>
    let offsets: UnsafeBufferPointer<Int>
    let neighbors: UnsafeBufferPointer<Int32>
}
