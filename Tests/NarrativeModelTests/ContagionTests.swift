import Testing
import NarrativeModel

/// Calls `Contagion.nextFrame` with Swift arrays, in its plain form and in the form told which
/// frames some neighbour holds (the agent loop's), and expects the two to agree.
private func nextFrame(
    current: Int = 0, identityLocked: Bool = false, counts: [Int32], degree: Int? = nil,
    experience: Experience = Experience(benefit: 1, trust: 1, constraintLoad: 1),
    frames: [FrameDynamics], uniform: Double
) -> Int {
    let plain = nextFrameBothForms(current: current, identityLocked: identityLocked, counts: counts,
                                   degree: degree ?? Int(counts.reduce(0, +)), experience: experience,
                                   frames: frames, uniform: uniform)
    #expect(plain.plain == plain.held, "counts \(counts), current \(current)")
    #expect(plain.plainDraws == plain.heldDraws, "counts \(counts), current \(current)")
    return plain.plain
}

/// Both forms' frames and how many times each evaluated its draw.
private func nextFrameBothForms(
    current: Int, identityLocked: Bool, counts: [Int32], degree: Int, experience: Experience,
    frames: [FrameDynamics], uniform: Double
) -> (plain: Int, held: Int, plainDraws: Int, heldDraws: Int) {
    let heldFrames = counts.indices.reduce(UInt32(0)) { counts[$1] > 0 ? $0 | 1 << $1 : $0 }
    var plainDraws = 0, heldDraws = 0
    func drawPlain() -> Double { plainDraws += 1; return uniform }
    func drawHeld() -> Double { heldDraws += 1; return uniform }
    return counts.withUnsafeBufferPointer { c in
        frames.withUnsafeBufferPointer { f in
            let plain = Contagion.nextFrame(current: current, identityLocked: identityLocked, neighbourCounts: c,
                                            degree: degree, experience: experience, frames: f, uniform: drawPlain())
            let held = Contagion.nextFrame(current: current, identityLocked: identityLocked, neighbourCounts: c,
                                           heldFrames: heldFrames, degree: degree, experience: experience,
                                           frames: f, uniform: drawHeld())
            return (plain, held, plainDraws, heldDraws)
        }
    }
}

/// A frame with the given contagion parameters and cue, no other effect.
private func frame(_ name: String, threshold: Double, rate: Double, cue: ExperienceCue = .none) -> FrameDynamics {
    var f = Frame(name: name)
    f.adoptionThreshold = threshold
    f.adoptionRate = rate
    f.cue = cue
    return FrameDynamics(f)
}

/// The smallest neighbour count whose share `count / degree` reaches `threshold`, computed exactly.
private func countAtThreshold(_ threshold: Double, degree: Int) -> Int {
    (0...degree).first { Double($0) / Double(degree) >= threshold } ?? degree + 1
}

@Suite("Complex contagion of frames")
struct ContagionTests {
    let twoFrames = [frame("neutral", threshold: 0.5, rate: 0.05), frame("betrayed", threshold: 0.3, rate: 1)]

    @Test("a frame held by fewer neighbours than its adoption threshold is never adopted, even with a zero draw")
    func belowThreshold() {
        // 2 of 10 neighbours = 0.2 < 0.3.
        #expect(nextFrame(counts: [8, 2], frames: twoFrames, uniform: 0) == 0)
        // For every degree, one neighbour short of the threshold is not enough.
        for degree in 1...60 {
            let k = countAtThreshold(0.3, degree: degree)
            guard k >= 1, k <= degree else { continue }
            #expect(nextFrame(counts: [Int32(degree - k + 1), Int32(k - 1)], frames: twoFrames, uniform: 0) == 0,
                    "degree \(degree), \(k - 1) holders")
        }
    }

    @Test("a frame whose neighbour share reaches its adoption threshold is adopted when the draw is under rate × fit")
    func atThreshold() {
        // 3 of 10 neighbours = 0.3, exactly the threshold.
        #expect(nextFrame(counts: [7, 3], frames: twoFrames, uniform: 0) == 1)
        var halfRate = twoFrames
        halfRate[1].adoptionRate = 0.5
        #expect(nextFrame(counts: [7, 3], frames: halfRate, uniform: 0.499) == 1)
        #expect(nextFrame(counts: [7, 3], frames: halfRate, uniform: 0.5) == 0)
        // Thresholds of the standard frames reached exactly at common degrees.
        for (threshold, degree) in [(0.25, 4), (0.25, 8), (0.3, 10), (0.3, 20), (0.5, 2), (0.5, 10), (0.5, 12)] {
            var frames = twoFrames
            frames[1].adoptionThreshold = threshold
            let k = Int32((threshold * Double(degree)).rounded())
            #expect(nextFrame(counts: [Int32(degree) - k, k], frames: frames, uniform: 0) == 1,
                    "threshold \(threshold), \(k) of \(degree)")
        }
    }

    @Test("a share exactly at the threshold is enough at every degree (count × (1/degree) rounding)")
    func atThresholdEveryDegree() {
        // share = count * (1 / degree) can round below count / degree, so an agent exactly at the
        // threshold is refused, e.g. 7 of 70 neighbours against a threshold of 0.1.
        var refused: [String] = []
        for threshold in [0.1, 0.2, 0.25, 0.3, 0.4, 0.5] {
            for degree in 1...200 {
                let k = countAtThreshold(threshold, degree: degree)
                guard k <= degree, Double(k) / Double(degree) == threshold else { continue }
                var frames = twoFrames
                frames[1].adoptionThreshold = threshold
                if nextFrame(counts: [Int32(degree - k), Int32(k)], frames: frames, uniform: 0) != 1 {
                    refused.append("\(k)/\(degree) vs \(threshold)")
                }
            }
        }
        #expect(refused.isEmpty, "refused at the threshold: \(refused.prefix(8)) (\(refused.count) cases)")
    }

    @Test("an identity-locked agent never switches frame, whatever its neighbours hold")
    func identityLocked() {
        #expect(nextFrame(current: 0, identityLocked: true, counts: [0, 10], frames: twoFrames, uniform: 0) == 0)
        #expect(nextFrame(current: 1, identityLocked: true, counts: [10, 0], frames: twoFrames, uniform: 0) == 1)
        // The same agent, unlocked, switches.
        #expect(nextFrame(current: 0, identityLocked: false, counts: [0, 10], frames: twoFrames, uniform: 0) == 1)
    }

    @Test("a frame that does not fit the agent's experience (fit 0) is never adopted")
    func noFitNoAdoption() {
        let frames = [frame("neutral", threshold: 0.5, rate: 1),
                      frame("benevolent", threshold: 0, rate: 1, cue: .benefit),
                      frame("betrayed", threshold: 0, rate: 1, cue: .harm),
                      frame("fatalist", threshold: 0, rate: 1, cue: .constraint)]
        // No benefit (benevolent fit 0), full trust (betrayed fit 0), no constraint (fatalist fit 0).
        let experience = Experience(benefit: 0, trust: 1, constraintLoad: 0)
        for u in [0.0, 0.3, 0.999] {
            #expect(nextFrame(counts: [0, 4, 4, 4], experience: experience, frames: frames, uniform: u) == 0)
        }
        // With a fitting experience the same neighbourhood converts.
        let harmed = Experience(benefit: 0, trust: 0, constraintLoad: 0)
        #expect(nextFrame(counts: [0, 4, 4, 4], experience: harmed, frames: frames, uniform: 0) == 2)
    }

    @Test("an isolated agent keeps its frame")
    func isolated() {
        #expect(nextFrame(current: 1, counts: [0, 0], degree: 0, frames: twoFrames, uniform: 0) == 1)
    }

    @Test("among eligible frames the one with the strongest pull (share × fit) is the candidate")
    func strongestPull() {
        let frames = [frame("neutral", threshold: 0.5, rate: 1),
                      frame("benevolent", threshold: 0.2, rate: 1, cue: .benefit),
                      frame("betrayed", threshold: 0.2, rate: 1, cue: .harm)]
        // benevolent: share 0.4, fit 1 * 0.5 = 0.5 -> pull 0.2; betrayed: share 0.6, fit 0.5 -> pull 0.3.
        let experience = Experience(benefit: 1, trust: 0.5, constraintLoad: 0)
        #expect(nextFrame(counts: [0, 4, 6], experience: experience, frames: frames, uniform: 0) == 2)
        // More trust: benevolent's fit 0.9 (pull 0.36) beats betrayed's 0.1 (pull 0.06).
        let trusting = Experience(benefit: 1, trust: 0.9, constraintLoad: 0)
        #expect(nextFrame(counts: [0, 4, 6], experience: trusting, frames: frames, uniform: 0) == 1)
    }

    @Test("told which frames some neighbour holds, contagion picks the same frame and takes the draw exactly when the plain form does (1 to 16 frames, ties, empty frames)")
    func heldFramesFormEqualsPlain() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        func unit() -> Double { Double(next() >> 11) * 0x1p-53 }
        // Few distinct values, so that thresholds are met exactly and pulls tie.
        let levels = [0, 0.1, 0.25, 0.3, 0.5, 1]
        let cues = ExperienceCue.allCases
        var disagreements: [String] = []
        for _ in 0..<20_000 {
            let count = 1 + Int(next() % 16)
            let frames = (0..<count).map { k in
                frame("f\(k)", threshold: levels[Int(next() % UInt64(levels.count))],
                      rate: levels[Int(next() % UInt64(levels.count))], cue: cues[Int(next() % UInt64(cues.count))])
            }
            // Most frames held by no neighbour, as in a typical neighbourhood.
            let counts = (0..<count).map { _ in next() % 3 == 0 ? Int32(next() % 12) : 0 }
            let total = Int(counts.reduce(0, +))
            let degree = next() % 8 == 0 ? total + Int(next() % 5) : total
            let experience = Experience(benefit: levels[Int(next() % UInt64(levels.count))],
                                        trust: levels[Int(next() % UInt64(levels.count))],
                                        constraintLoad: Double(next() % 5) / 4)
            let current = Int(next() % UInt64(count))
            let result = nextFrameBothForms(current: current, identityLocked: next() % 10 == 0, counts: counts,
                                            degree: degree, experience: experience, frames: frames, uniform: unit())
            if result.plain != result.held || result.plainDraws != result.heldDraws {
                disagreements.append("counts \(counts), current \(current): \(result)")
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(5)) (\(disagreements.count) cases)")
    }

    @Test("the adoption probability at the threshold is adoptionRate × fit")
    func adoptionProbability() {
        let frames = [frame("neutral", threshold: 0.5, rate: 0.05),
                      frame("betrayed", threshold: 0.3, rate: 0.4, cue: .harm)]
        let experience = Experience(benefit: 0, trust: 0.25, constraintLoad: 0)  // fit 0.75
        let draws = 10_000
        var adopted = 0
        for k in 0..<draws where nextFrame(counts: [5, 5], experience: experience, frames: frames,
                                            uniform: (Double(k) + 0.5) / Double(draws)) == 1 {
            adopted += 1
        }
        #expect(abs(Double(adopted) / Double(draws) - 0.4 * 0.75) <= 1.0 / Double(draws))
    }
}

@Suite("Experience fit")
struct ExperienceFitTests {
    @Test("each cue reads its own experience: none 1, benefit = benefit × trust, harm = 1 - trust, constraint = load")
    func cues() {
        let e = Experience(benefit: 0.5, trust: 0.8, constraintLoad: 0.25)
        #expect(e.fit(.none) == 1)
        #expect(abs(e.fit(.benefit) - 0.4) < 1e-15)
        #expect(abs(e.fit(.harm) - 0.2) < 1e-15)
        #expect(e.fit(.constraint) == 0.25)
    }

    @Test("fit is clamped to [0, 1] for out-of-range experience")
    func clamped() {
        let wild = [Experience(benefit: 3, trust: 2, constraintLoad: 5), Experience(benefit: -1, trust: -2, constraintLoad: -1)]
        for e in wild {
            for cue in ExperienceCue.allCases {
                #expect((0...1).contains(e.fit(cue)), "\(cue) on \(e)")
            }
        }
    }
}
