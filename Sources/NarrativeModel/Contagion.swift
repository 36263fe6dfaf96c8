/// Complex contagion of frames (Centola & Macy 2007): unlike a disease, a frame is not
/// caught from a single contact. An agent considers a frame only when at least its
/// `adoptionThreshold` fraction of neighbours hold it, and adopts it with a probability
/// scaled by how well it fits the agent's own experience.
public enum Contagion {
    /// The frame the agent holds after this step.
    ///
    /// - Parameters:
    ///   - current: the frame held now.
    ///   - identityLocked: the agent's narrative constraint is locked: the frame is identity
    ///     and cannot be dropped.
    ///   - neighbourCounts: how many neighbours hold each frame (indexed by frame).
    ///   - degree: number of neighbours; an isolated agent keeps its frame.
    ///   - experience: the agent's recent experience.
    ///   - frames: the frames' dynamics, indexed like `neighbourCounts`.
    ///   - uniform: one uniform number in [0, 1) from the agent's stream, evaluated only when
    ///     some frame passes its threshold.
    ///
    /// Always inlined: called once per agent-step, and a call passes its nine arguments
    /// through registers and the stack.
    @inlinable @inline(__always)
    public static func nextFrame(
        current: Int,
        identityLocked: Bool,
        neighbourCounts: UnsafeBufferPointer<Int32>,
        degree: Int,
        experience: Experience,
        frames: UnsafeBufferPointer<FrameDynamics>,
        uniform: @autoclosure () -> Double
    ) -> Int {
        if identityLocked || degree == 0 { return current }
        var best = -1
        var bestPull = 0.0
        var bestFit = 0.0
        for f in 0..<frames.count where f != current {
            consider(f, neighbourCounts: neighbourCounts, degree: degree, experience: experience, frames: frames,
                     best: &best, bestPull: &bestPull, bestFit: &bestFit)
        }
        guard best >= 0 else { return current }
        return uniform() < frames[best].adoptionRate * bestFit ? best : current
    }

    /// ``nextFrame(current:identityLocked:neighbourCounts:degree:experience:frames:uniform:)``
    /// told which frames some neighbour holds: bit f of `heldFrames` is set when
    /// `neighbourCounts[f] > 0` (at most 32 frames). A frame no neighbour holds cannot pass its
    /// threshold, so only the set bits are considered, in ascending order like every frame in
    /// the plain form: the same frames are considered in the same order, so the same result,
    /// and the same draw (it is taken only when some frame passes). The experience is read only
    /// when some neighbour holds another frame.
    @inlinable @inline(__always)
    public static func nextFrame(
        current: Int,
        identityLocked: Bool,
        neighbourCounts: UnsafeBufferPointer<Int32>,
        heldFrames: UInt32,
        degree: Int,
        experience readExperience: @autoclosure () -> Experience,
        frames: UnsafeBufferPointer<FrameDynamics>,
        uniform: @autoclosure () -> Double
    ) -> Int {
        if identityLocked || degree == 0 { return current }
        // current < frames.count <= 32.
        var candidates = heldFrames & ~(1 &<< UInt32(truncatingIfNeeded: current))
        if candidates == 0 { return current }
        let experience = readExperience()
        var best = -1
        var bestPull = 0.0
        var bestFit = 0.0
        while candidates != 0 {
            let f = candidates.trailingZeroBitCount
            candidates &= candidates &- 1
            consider(f, neighbourCounts: neighbourCounts, degree: degree, experience: experience, frames: frames,
                     best: &best, bestPull: &bestPull, bestFit: &bestFit)
        }
        guard best >= 0 else { return current }
        return uniform() < frames[best].adoptionRate * bestFit ? best : current
    }

    /// Frame `f` against the candidate so far: it must pass its threshold, and becomes the
    /// candidate when its pull (share × fit) is strictly the strongest yet (ties keep the
    /// lower frame).
    @inlinable @inline(__always)
    static func consider(
        _ f: Int, neighbourCounts: UnsafeBufferPointer<Int32>, degree: Int, experience: Experience,
        frames: UnsafeBufferPointer<FrameDynamics>, best: inout Int, bestPull: inout Double, bestFit: inout Double
    ) {
        let d = Double(degree)
        let count = Double(neighbourCounts[f])
        // Compare counts, not a rounded share: 7 of 70 neighbours meets a threshold of 0.1.
        guard count > 0, count >= frames[f].adoptionThreshold * d else { return }
        let share = count / d
        let fit = experience.fit(frames[f].cue)
        let pull = share * fit
        if pull > bestPull {
            best = f
            bestPull = pull
            bestFit = fit
        }
    }
}
