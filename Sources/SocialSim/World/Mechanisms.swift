/// Every named mechanism of the model and the parameters that switch it off: the table behind
/// `simrunner ablate`, its `--help` and docs/mechanisms.md.
///
/// A switch changes only documented world parameters, so any row can be reproduced by hand:
/// `simrunner compare default <(…)>` or `--set` on any command. Each switch leaves every other
/// rule of the model as it was; where that is not possible the `why` says what else moves.
public enum Mechanisms {
    private static func set(_ key: String, _ value: String) -> ParameterOverride { ParameterOverride(key, value) }

    private static let constructiveOn = [set("optimizer.objective", "constructive")]
    private static func usesConstructive(_ w: WorldConfig) -> Bool {
        w.optimizer.objective == .constructive || w.correction.objective == .constructive
    }
    private static func corruptsFeedback(_ w: WorldConfig) -> Bool { w.trust.feedbackLevel > 0 }
    private static let zeroMatrix = "[[0,0,0,0],[0,0,0,0],[0,0,0,0],[0,0,0,0]]"

    public static let all: [MechanismSwitch] = [
        // Constraints: what makes harm path dependent.
        .init(name: "floor", title: "ratchet floor", group: .constraints,
              off: [set("constraints.floorFraction", "0")],
              why: "A lock sets no floor: decay and relief can take a locked stock down to zero."),
        .init(name: "hysteresis", title: "hysteresis of unlocking", group: .constraints,
              off: [set("constraints.unlockFraction", "1")],
              why: "A lock is released as soon as the stock is back below the agent's own threshold, with no gap between locking and unlocking."),
        .init(name: "lock-release", title: "release of locks", group: .constraints,
              off: [set("constraints.unlockFraction", "0")],
              why: "No lock is ever released: every lock is permanent, so a dimension locks (and scars) at most once."),
        .init(name: "locked-decay", title: "decay of locked stocks toward the floor", group: .constraints,
              off: [set("constraints.lockedDecay", "0")],
              why: "A locked stock no longer decays at all; only relief lowers it."),
        .init(name: "saturation", title: "saturating stocks", group: .constraints,
              off: [set("constraints.capacity", "1e12")],
              why: "Inflow no longer slows as a stock nears its capacity, so stocks can grow without bound."),
        .init(name: "locked-spillover", title: "spillover into locked stocks", group: .constraints,
              off: [set("constraints.lockedSpillover", "0")],
              why: "Neighbours' stocks add nothing to a stock whose dimension is locked; spillover into unlocked stocks stays."),
        .init(name: "scarring", title: "scarring", group: .constraints,
              off: [set("constraints.scarGain", "0")],
              why: "Past locks no longer speed up accumulation (the scar multiplier stays 1)."),
        .init(name: "coupling", title: "cross-dimension coupling", group: .constraints,
              off: [set("constraints.coupling", zeroMatrix)],
              why: "A locked dimension no longer speeds up accumulation in the others (every coupling multiplier is 1)."),
        .init(name: "spillover", title: "peer spillover", group: .constraints,
              off: [set("constraints.spillover", "0")],
              why: "Neighbours' stocks add nothing to an agent's stocks."),
        .init(name: "threshold-contagion", title: "threshold contagion", group: .constraints,
              off: [set("constraints.contagion", "0")],
              why: "Locked neighbours no longer lower an agent's lock threshold."),

        // Preferences.
        .init(name: "preference-drift", title: "preference drift by exposure", group: .preferences,
              off: [set("preferences.exposureRate", "0")],
              why: "Consumption no longer moves expressed preferences (so attention load cannot amplify it either)."),
        .init(name: "attention-sensitivity", title: "attention-amplified drift", group: .preferences,
              off: [set("preferences.attentionSensitivity", "0")],
              why: "Attention load no longer speeds up preference drift; drift itself stays.",
              acts: { $0.preferences.exposureRate > 0 }),

        // Feedback corruption: what the optimizer learns from.
        .init(name: "missing-feedback", title: "missing feedback", group: .feedback,
              off: [set("trust.missingAtZero", "0"), set("narrative.frames[*].feedbackSilence", "0")],
              why: "Neither low trust nor a frame withholds feedback: every consumed or refused item is reported."),
        .init(name: "noisy-feedback", title: "noisy feedback", group: .feedback,
              off: [set("trust.noiseAtZero", "0")],
              why: "Low trust adds no noise to the feedback the optimizer receives.",
              acts: corruptsFeedback),
        .init(name: "inverted-feedback", title: "inverted feedback", group: .feedback,
              off: [set("trust.inversionAtZero", "0"), set("narrative.frames[*].feedbackInversion", "0")],
              why: "Neither low trust nor a frame inverts feedback."),

        // Trust and exit.
        .init(name: "trust-asymmetry", title: "asymmetric trust (fast loss, slow gain)", group: .trust,
              off: [set("trust.gainRate", "@trust.lossRate")],
              why: "Trust rises with benefit as fast as it falls with harm (gainRate copies lossRate)."),
        .init(name: "lock-shock", title: "lock shock to trust", group: .trust,
              off: [set("trust.lockShock", "0")],
              why: "A dimension locking adds no extra perceived harm beyond the stock's rise."),
        .init(name: "exit", title: "exit", group: .trust,
              off: [set("trust.exitLevel", "0")],
              why: "Trust cannot fall below 0, so no agent exits; everyone keeps being served and giving feedback."),
        .init(name: "re-entry", title: "re-entry after exit", group: .trust,
              off: [set("trust.reentryLevel", "1")],
              why: "An exited agent returns only at full trust, which relaxation toward the baseline never reaches (a frame's positive drift could, in principle).",
              acts: { $0.trust.exitLevel > 0 }),

        // Narratives.
        .init(name: "frame-spread", title: "frame spread (complex contagion)", group: .narrative,
              off: [set("narrative.frames[*].adoptionRate", "0")],
              why: "No agent adopts a neighbour's frame; everyone keeps the frame it started with.",
              acts: { $0.narrative.frames.count > 1 }),
        .init(name: "identity-lock", title: "identity lock", group: .narrative,
              off: [set("narrative.identityLock", "false")],
              why: "A locked narrative constraint no longer pins the frame; the narrative stock and its lock are unchanged.",
              acts: { $0.narrative.frames.count > 1 }),
        .init(name: "perception-bending", title: "perception bending by frames", group: .narrative,
              off: [set("narrative.frames[*].harmPerception", "1"), set("narrative.frames[*].benefitPerception", "1")],
              why: "Frames no longer scale perceived harm and benefit (their feedback effects and trust drift stay)."),
        .init(name: "feedback-bending", title: "feedback bending by frames", group: .narrative,
              off: [set("narrative.frames[*].feedbackSilence", "0"), set("narrative.frames[*].feedbackInversion", "0")],
              why: "Frames no longer silence or invert feedback; low trust still corrupts it (its perception bending and trust drift stay)."),
        .init(name: "frame-trust-drift", title: "trust drift of frames", group: .narrative,
              off: [set("narrative.frames[*].trustDrift", "0")],
              why: "Holding a frame no longer moves trust by itself."),
        .init(name: "narrative-load", title: "narrative load of frames", group: .narrative,
              off: [set("narrative.frames[*].narrativeLoad", "0")],
              why: "Holding a frame adds nothing to the narrative stock (it still grows by footprint and spillover)."),

        // The optimizer's problem.
        .init(name: "specification-gap", title: "specification gap", group: .optimizer,
              off: [set("optimizer.specificationGap", "0")],
              why: "The proxy rewards quality, not appeal: what the optimizer learns to serve is what serves welfare."),
        .init(name: "segment-personalization", title: "personalization by segment (the bandit's context)", group: .optimizer,
              off: [set("optimizer.segments", "1")],
              why: "One pooled learner: the optimizer tells no one apart and serves everyone from one ranking (per-person offsets, if on, stay).",
              acts: { ($0.optimizer.segments ?? $0.topics) > 1 }),
        .init(name: "individual-personalization", title: "individual personalization (per-person topic offsets)", group: .optimizer,
              off: [set("optimizer.personalization", "segment")],
              why: "Everyone in a segment is served from the segment's ranking; no per-person offsets are learned.",
              on: [set("optimizer.personalization", "individual")], acts: { $0.optimizer.personalization == .individual }),

        // Constructive principles (act only under the constructive objective).
        .init(name: "exploration", title: "periodic exploration (constructive)", group: .constructive,
              off: [set("optimizer.constructive.exploration", "@optimizer.exploration")],
              why: "The constructive optimizer explores no more than the base optimizer (its exploration copies optimizer.exploration).",
              on: constructiveOn, acts: usesConstructive),
        .init(name: "user-control", title: "user control (constructive)", group: .constructive,
              off: [set("optimizer.constructive.userControl", "0")],
              why: "Agents never choose for themselves by their reflective preferences.",
              on: constructiveOn, acts: usesConstructive),
        .init(name: "transparency", title: "transparent rationale (constructive)", group: .constructive,
              off: [set("optimizer.constructive.transparency", "0")],
              why: "No rationale is shown, so frames bend perception and feedback fully.",
              on: constructiveOn, acts: usesConstructive),
        .init(name: "reset", title: "preference reset (constructive)", group: .constructive,
              off: [set("optimizer.constructive.resetInterval", "0")],
              why: "Expressed preferences are never pulled back toward reflective ones.",
              on: constructiveOn, acts: usesConstructive),

        // Safeguards (off by default).
        .init(name: "region-caps", title: "region-based caps", group: .safeguards,
              off: [set("safeguards.region.enabled", "false")],
              why: "No static caps on stocks: agents above a cap are served like everyone else.",
              on: [set("safeguards.region.enabled", "true")], acts: { $0.safeguards.region.enabled }),
        .init(name: "proxy-rules", title: "rule-mediated safeguard on proxies", group: .safeguards,
              off: [set("safeguards.rules.enabled", "false")],
              why: "No cool-down rule on observed engagement.",
              on: [set("safeguards.rules.enabled", "true")], acts: { $0.safeguards.rules.enabled }),
        .init(name: "template-moderation", title: "template-driven moderation", group: .safeguards,
              off: [set("safeguards.templates.enabled", "false")],
              why: "No template is blocked.",
              on: [set("safeguards.templates.enabled", "true")], acts: { $0.safeguards.templates.enabled }),
        .init(name: "consequence-gate", title: "consequence gate with human review", group: .safeguards,
              off: [set("safeguards.gate.enabled", "false")],
              why: "No item is held for review, whatever the system estimates it would do.",
              on: [set("safeguards.gate.enabled", "true")], acts: { $0.safeguards.gate.enabled }),
    ]

    /// The row named `name`, if any.
    public static func named(_ name: String) -> MechanismSwitch? { all.first { $0.name == name } }
}
