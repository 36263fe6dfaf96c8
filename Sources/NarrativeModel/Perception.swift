/// How a frame bends what an agent perceives. A transparent rationale (the optimizer
/// explaining why it showed an item) weakens the bending: with transparency 1 the agent
/// perceives outcomes as they are.
public enum Perception {
    /// A frame's multiplier after transparency: `1 + (multiplier - 1) * (1 - transparency)`.
    @inlinable
    public static func effectiveMultiplier(_ multiplier: Double, transparency: Double) -> Double {
        1 + (multiplier - 1) * (1 - transparency)
    }

    /// Perceived benefit and harm for raw `benefit` and `harm` under `frame`.
    @inlinable
    public static func perceive(
        benefit: Double, harm: Double, frame: FrameDynamics, transparency: Double
    ) -> (benefit: Double, harm: Double) {
        (benefit * effectiveMultiplier(frame.benefitPerception, transparency: transparency),
         harm * effectiveMultiplier(frame.harmPerception, transparency: transparency))
    }
}
