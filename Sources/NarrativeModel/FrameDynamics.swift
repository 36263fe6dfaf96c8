/// The numeric part of a ``Frame``, without its name, so hot loops read plain values.
public struct FrameDynamics: Sendable, Equatable, BitwiseCopyable {
    public var adoptionThreshold: Double
    public var adoptionRate: Double
    public var cue: ExperienceCue
    public var harmPerception: Double
    public var benefitPerception: Double
    public var feedbackSilence: Double
    public var feedbackInversion: Double
    public var trustDrift: Double
    public var narrativeLoad: Double

    public init(_ frame: Frame) {
        adoptionThreshold = frame.adoptionThreshold
        adoptionRate = frame.adoptionRate
        cue = frame.cue
        harmPerception = frame.harmPerception
        benefitPerception = frame.benefitPerception
        feedbackSilence = frame.feedbackSilence
        feedbackInversion = frame.feedbackInversion
        trustDrift = frame.trustDrift
        narrativeLoad = frame.narrativeLoad
    }
}
