import NarrativeModel

/// Every parameter of a world file, in the order they are documented and written.
public enum WorldParameters {
    /// Top-level keys that hold frames (an array of objects described by ``FrameParameters``).
    public static let framesPath = "narrative.frames"
    /// The largest number of frames a world may define.
    public static let maxFrames = 16

    public static let all: [WorldParameter] = [
        .init(path: "name", kind: .identifier, unit: "", meaning: "Short name of the world, used in output folder names.",
              get: { .string($0.name) }, set: { c, v in if case .string(let s) = v { c.name = s } }),
        .init(path: "question", kind: .text(maxLength: 4000), unit: "", meaning: "The question this world asks, in a sentence or two.",
              get: { .string($0.question) }, set: { c, v in if case .string(let s) = v { c.question = s } }),
        .integer("agents", \.agents, 2...50_000_000, "agents", "Number of agents."),
        .integer("steps", \.steps, 1...1_000_000, "steps", "Number of time steps simulated."),
        .init(path: "seed", kind: .seed, unit: "", meaning: "Seed used when the command line gives none.",
              get: { .unsigned($0.seed) }, set: { c, v in if case .unsigned(let x) = v { c.seed = x } }),
        .integer("topics", \.topics, 2...64, "topics", "Number of item topics; preferences are distributions over topics."),

        .choice("network.kind", \.network.kind, "Network generator: Watts-Strogatz small world, Barabási-Albert scale-free, Erdős-Rényi random, or stochastic block model (communities)."),
        .real("network.meanDegree", \.network.meanDegree, 1...10_000, "ties per agent", "Target mean number of ties per agent; must be below the number of agents."),
        .real("network.rewiring", \.network.rewiring, 0...1, "probability", "Watts-Strogatz: probability that a lattice tie is rewired to a random agent."),
        .integer("network.blocks", \.network.blocks, 1...65_536, "communities", "Stochastic block model: number of communities."),
        .real("network.homophily", \.network.homophily, 0...1, "fraction", "Stochastic block model: expected fraction of an agent's ties inside its community."),

        .perDimension("constraints.initialStock", \.constraints.initialStock, 0...10, "stock units", "Initial stocks are uniform between 0 and this value."),
        .perDimension("constraints.decay", \.constraints.decay, 0...1, "1/step", "Fraction of an unlocked stock lost each step."),
        .perDimension("constraints.lockedDecay", \.constraints.lockedDecay, 0...1, "1/step", "Fraction of a locked stock's excess over its ratchet floor lost each step (a locked stock relaxes toward its floor); 0: locked stocks never decay."),
        .perDimension("constraints.capacity", \.constraints.capacity, 0.001...1e12, "stock units", "Saturation: inflow is scaled by max(0, 1 - stock / capacity); set very high for stocks that grow without bound."),
        .perDimension("constraints.spillover", \.constraints.spillover, 0...1, "1/step", "Peer spillover: inflow per step per unit of the neighbours' mean stock."),
        .perDimension("constraints.spilloverCap", \.constraints.spilloverCap, 0...1e12, "stock units", "The neighbours' mean stock counts at most this much in spillover."),
        .perDimension("constraints.lockedSpillover", \.constraints.lockedSpillover, 0...1, "fraction", "Share of spillover that still reaches a stock whose dimension is locked (0: locked stocks get no spillover)."),
        .init(path: "constraints.coupling", kind: .dimensionMatrix(0...10), unit: "factor",
              meaning: "Cross-dimension coupling: while the row's dimension is locked, accumulation into the column's dimension is multiplied by 1 + value.",
              get: { .matrix($0.constraints.coupling) },
              set: { c, v in if case .matrix(let m) = v { c.constraints.coupling = m } }),
        .perDimension("constraints.thresholdMean", \.constraints.thresholdMean, 0.001...1e12, "stock units", "Mean lock threshold; set very high for a world without irreversibility."),
        .perDimension("constraints.thresholdSpread", \.constraints.thresholdSpread, 0...3, "log units", "Heterogeneity of thresholds: standard deviation of the log-threshold (lognormal, mean kept)."),
        .perDimension("constraints.floorFraction", \.constraints.floorFraction, 0...1, "fraction of threshold", "Ratchet: on locking the stock gets a floor at this fraction of the agent's threshold (at most the stock at locking)."),
        .perDimension("constraints.unlockFraction", \.constraints.unlockFraction, 0...1, "fraction of threshold", "Hysteresis: a lock is released only below this fraction of the threshold; at or below floorFraction a lock is permanent (unless contagion let it lock below that level)."),
        .perDimension("constraints.scarGain", \.constraints.scarGain, 0...10, "factor per lock", "Scarring: each lock multiplies future accumulation in that dimension by 1 + scarGain."),
        .perDimension("constraints.contagion", \.constraints.contagion, 0...1, "fraction", "Threshold contagion: the threshold is lowered by this times the fraction of neighbours locked."),

        .real("preferences.reflectiveConcentration", \.preferences.reflectiveConcentration, 0.01...100, "", "Dirichlet concentration of reflective preferences (small: each agent cares about few topics)."),
        .real("preferences.initialAlignment", \.preferences.initialAlignment, 0...1, "fraction", "Initial expressed preferences: this much reflective, the rest uniform."),
        .real("preferences.exposureRate", \.preferences.exposureRate, 0...1, "per exposure", "Step by which a consumed item's topic pulls expressed preferences."),
        .real("preferences.attentionSensitivity", \.preferences.attentionSensitivity, 0...100, "factor", "Attention-constrained agents are moved more: the step is multiplied by 1 + this times the attention load."),

        .real("welfare.optionsWeight", \.welfare.optionsWeight, 0...1, "", "Weight of open options in welfare."),
        .real("welfare.benefitWeight", \.welfare.benefitWeight, 0...1, "", "Weight of recent reflective benefit in welfare."),
        .perDimension("welfare.loadWeight", \.welfare.loadWeight, 0...100, "per stock unit", "How strongly each dimension's stock closes options: options = exp(-sum of loadWeight x stock)."),
        .real("welfare.outsideOption", \.welfare.outsideOption, 0...1, "benefit", "Benefit of a step in which the agent consumes nothing from the system."),
        .real("welfare.benefitSmoothing", \.welfare.benefitSmoothing, 0...1, "1/step", "Smoothing rate of the recent-benefit average."),

        .real("response.baseClick", \.response.baseClick, 0...1, "probability", "Click probability of an item with no lure and no fit."),
        .real("response.lureWeight", \.response.lureWeight, 0...1, "probability", "Weight of an item's lure on the click probability."),
        .real("response.fitWeight", \.response.fitWeight, 0...1, "probability", "Weight of the fit to expressed preferences on the click probability."),
        .real("response.approvalAgreement", \.response.approvalAgreement, 0...1, "fraction", "Approval ratings weigh agreement with expressed preferences by this, lure by the rest."),

        .real("trust.initial", \.trust.initial, 0...1, "trust", "Initial trust of every agent."),
        .real("trust.gainRate", \.trust.gainRate, 0...1, "1/step", "Rate at which trust rises with perceived net benefit (slow)."),
        .real("trust.lossRate", \.trust.lossRate, 0...1, "1/step", "Rate at which trust falls with perceived net harm (fast)."),
        .real("trust.expectation", \.trust.expectation, 0...1, "benefit", "Benefit an agent expects from a consumed item; less counts against trust."),
        .real("trust.harmSensitivity", \.trust.harmSensitivity, 0...10_000, "benefit per stock unit", "Perceived harm per unit rise of constraint stock."),
        .real("trust.lockShock", \.trust.lockShock, 0...10, "benefit", "Extra perceived harm when a dimension locks."),
        .real("trust.feedbackLevel", \.trust.feedbackLevel, 0...1, "trust", "Below this trust, feedback goes missing, noisy or inverted."),
        .real("trust.missingAtZero", \.trust.missingAtZero, 0...1, "probability", "Probability of missing feedback at zero trust."),
        .real("trust.inversionAtZero", \.trust.inversionAtZero, 0...1, "probability", "Probability of inverted feedback at zero trust."),
        .real("trust.noiseAtZero", \.trust.noiseAtZero, 0...10, "reward units", "Standard deviation of feedback noise at zero trust."),
        .real("trust.exitLevel", \.trust.exitLevel, 0...1, "trust", "Below this an agent exits: no items, no feedback."),
        .real("trust.reentryLevel", \.trust.reentryLevel, 0...1, "trust", "An exited agent returns at this trust (at least exitLevel)."),
        .real("trust.exitRecovery", \.trust.exitRecovery, 0...1, "1/step", "Rate at which exited agents' trust relaxes toward the baseline."),
        .real("trust.baseline", \.trust.baseline, 0...1, "trust", "Level exited agents' trust relaxes toward."),

        .integer("catalogue.items", \.catalogue.items, 1...100_000, "items", "Number of items in the catalogue."),
        .integer("catalogue.templates", \.catalogue.templates, 1...10_000, "templates", "Number of templates (formats) items are made from."),
        .perDimension("catalogue.footprintScale", \.catalogue.footprintScale, 0...10, "stock units per consumption", "Footprint of an item of appeal 1; footprint = scale x appeal^footprintExponent x jitter in [0.5, 1.5]."),
        .real("catalogue.footprintExponent", \.catalogue.footprintExponent, 0...10, "", "How footprint rises with appeal: footprint = scale x appeal^footprintExponent x jitter (0: the same for every appeal)."),
        .real("catalogue.qualityTradeoff", \.catalogue.qualityTradeoff, 0...1, "", "How much quality falls with appeal: quality = 1 - tradeoff x appeal + noise."),
        .real("catalogue.qualityNoise", \.catalogue.qualityNoise, 0...1, "", "Half-width of the uniform noise on quality."),

        .choice("optimizer.objective", \.optimizer.objective, "What the optimizer optimizes: engagement (clicks), approval (ratings: sycophancy), welfareAware (proxy minus footprint penalty) or constructive."),
        .real("optimizer.specificationGap", \.optimizer.specificationGap, 0...1, "", "How much the proxy rewards appeal rather than quality: 0 tracks quality (welfare), 1 appeal only."),
        .real("optimizer.learningRate", \.optimizer.learningRate, 0...1, "1/step", "Forgetting rate of the bandit: each step the weight of past feedback is multiplied by 1 - learningRate (0: never forgets)."),
        .real("optimizer.priorWeight", \.optimizer.priorWeight, 0...1e12, "observations per agent", "Weight of the optimistic starting value 1, as pseudo-observations per agent of the population (it is forgotten like feedback)."),
        .real("optimizer.minimumWeight", \.optimizer.minimumWeight, 0...1e12, "observations per agent", "Least weight an estimate keeps, as observations per agent of the population: forgetting stops there (0: evidence fades without limit)."),
        .real("optimizer.exploration", \.optimizer.exploration, 0...1, "probability", "Probability an agent is shown a random item."),
        .integer("optimizer.topK", \.optimizer.topK, 1...100_000, "items", "Items are drawn from the best topK of the agent's segment; at most catalogue.items."),
        .optionalInteger("optimizer.segments", \.optimizer.segments, 1...64, "segments", "Personalization granularity: number of segments the bandit learns for, topics merged in contiguous blocks (segment = dominant topic x segments / topics); null: one per topic; at most topics."),
        .choice("optimizer.personalization", \.optimizer.personalization, "Personalization granularity: segment (one ranking per segment) or individual (the segment's ranking re-ordered per person by a learned per-person, per-topic offset)."),
        .real("optimizer.individualPrior", \.optimizer.individualPrior, 0.001...1e12, "pseudo-observations", "Individual personalization: weight of the prior offset 0 behind each person's per-topic estimate; forgetting never takes the weight below it."),
        .real("optimizer.footprintPenalty", \.optimizer.footprintPenalty, 0...1000, "reward per footprint unit", "Penalty on normalized footprint for the welfareAware and constructive objectives."),
        .real("optimizer.constructive.exploration", \.optimizer.constructive.exploration, 0...1, "probability", "Constructive: exploration probability."),
        .real("optimizer.constructive.userControl", \.optimizer.constructive.userControl, 0...1, "probability", "Constructive: probability per step that the agent chooses by its reflective preferences."),
        .real("optimizer.constructive.transparency", \.optimizer.constructive.transparency, 0...1, "", "Constructive: transparent rationale, weakening narrative bending of perception and feedback."),
        .integer("optimizer.constructive.resetInterval", \.optimizer.constructive.resetInterval, 0...1_000_000, "steps", "Constructive: steps between preference resets (0: never)."),
        .real("optimizer.constructive.resetStrength", \.optimizer.constructive.resetStrength, 0...1, "fraction", "Constructive: pull of expressed toward reflective preferences at a reset."),

        .choice("legibility.footprint", \.legibility.footprint, "What the system knows of items' footprints (for the footprint penalty, the rule's cool-down item and region caps): oracle (exact), noisy (fixed log-normal error per item), learned (from the share of people served an item who exit), none."),
        .real("legibility.footprintNoise", \.legibility.footprintNoise, 0...10, "log units", "Noisy footprints: standard deviation of the log of the multiplicative error, fixed per item."),
        .real("legibility.footprintForgetting", \.legibility.footprintForgetting, 0...1, "1/step", "Learned footprints: forgetting rate of the count-aware running harm rate."),
        .choice("legibility.state", \.legibility.state, "What the system knows of people's stocks (region caps, relief targeting): oracle (true stocks), noisy (log-normal error per agent, dimension and step), none (rules on stocks cannot fire; relief is spread uniformly)."),
        .real("legibility.stateNoise", \.legibility.stateNoise, 0...10, "log units", "Noisy state: standard deviation of the log of the multiplicative error of a stock reading."),
        .flag("safeguards.region.enabled", \.safeguards.region.enabled, "Region-based constraints: static caps on stocks."),
        .perDimension("safeguards.region.caps", \.safeguards.region.caps, 0...1e12, "stock units", "Caps per dimension; agents above any cap get only low-footprint items."),
        .real("safeguards.region.maxFootprint", \.safeguards.region.maxFootprint, 0...10, "normalized footprint", "Largest footprint served to agents above a cap."),
        .flag("safeguards.rules.enabled", \.safeguards.rules.enabled, "Rule-mediated safeguard: cool down agents whose observed engagement is high."),
        .real("safeguards.rules.engagementCeiling", \.safeguards.rules.engagementCeiling, 0...1, "engagement", "Smoothed observed engagement above which the rule fires."),
        .real("safeguards.rules.smoothing", \.safeguards.rules.smoothing, 0...1, "1/step", "Smoothing rate of observed engagement."),
        .flag("safeguards.templates.enabled", \.safeguards.templates.enabled, "Template-driven moderation: block the highest-footprint templates."),
        .real("safeguards.templates.blockedFraction", \.safeguards.templates.blockedFraction, 0...0.99, "fraction", "Fraction of templates blocked at deployment."),
        .real("safeguards.templates.supplyAdaptation", \.safeguards.templates.supplyAdaptation, 0...1, "probability per step", "Probability per step that a blocked item is re-made in an unblocked template."),
        .flag("safeguards.gate.enabled", \.safeguards.gate.enabled, "Consequence gate: hold for human review an item the system estimates would push a person near a lock threshold."),
        .real("safeguards.gate.level", \.safeguards.gate.level, 0...10, "fraction of mean threshold", "The gate flags an item when the estimated stock after it reaches this fraction of the population's mean threshold in some dimension."),
        .real("safeguards.gate.capacity", \.safeguards.gate.capacity, 0...1, "reviews per agent per step", "Review capacity per step as a fraction of the agents; flagged items beyond it are served unreviewed."),
        .integer("safeguards.gate.delay", \.safeguards.gate.delay, 0...127, "steps", "Steps a held person waits for review, served nothing."),

        .optionalInteger("correction.step", \.correction.step, 0...999_999, "step", "Step at which the correction happens (null: no correction); before the horizon."),
        .choice("correction.objective", \.correction.objective, "Objective after the correction."),
        .real("correction.reliefBudget", \.correction.reliefBudget, 0...1_000_000, "stock units per agent", "Relief spent at the correction, lowering stocks down to their floors."),
        .choice("correction.reliefTargeting", \.correction.reliefTargeting, "Who gets relief: uniform, or mostConstrained (in proportion to reducible stock)."),

        .integer("measurement.window", \.measurement.window, 1...1_000_000, "steps", "Horizon welfare is the mean over the last window steps; at most steps."),
        .real("measurement.cascadeFraction", \.measurement.cascadeFraction, 0...4, "locks per agent", "A lock-in cascade is a step with at least this many new dimension locks per agent (first_cascade_step)."),
        .integer("measurement.homogenizationPairs", \.measurement.homogenizationPairs, 0...1_000_000, "pairs", "Agent pairs sampled to measure homogenization."),
        .integer("measurement.historyLength", \.measurement.historyLength, 1...255, "items", "Recent steps whose consumed item is kept per agent for homogenization."),

        .flag("narrative.identityLock", \.narrative.identityLock, "Identity lock: a locked narrative constraint pins the agent's frame (false: locked agents can still change frame)."),
    ]

    /// The parameter at `path`, if any.
    public static func parameter(_ path: String) -> WorldParameter? {
        index[path].map { all[$0] }
    }

    private static let index: [String: Int] = Dictionary(uniqueKeysWithValues: all.enumerated().map { ($1.path, $0) })
}
