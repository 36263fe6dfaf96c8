import Foundation

/// Expressed preferences move with exposure (RecSim NG's interest evolution: interests step
/// toward what is consumed); reflective preferences stay. All vectors live on the simplex.
public enum Preferences {
    /// Moves `p` toward the vertex of `topic` by `rate` in [0, 1]: `p = (1 - rate) p + rate e_topic`.
    /// A convex combination of points on the simplex stays on the simplex.
    @inlinable
    public static func expose(_ p: UnsafeMutablePointer<Double>, topics: Int, topic: Int, rate: Double) {
        // The default world's 8 topics get their own copy, with the loop unrolled.
        if topics == 8 { scaleShares(p, topics: 8, rate: rate) } else { scaleShares(p, topics: topics, rate: rate) }
        p[topic] += rate
    }

    /// Every share times `1 - rate`, the first half of ``expose(_:topics:topic:rate:)``.
    @inlinable @inline(__always)
    static func scaleShares(_ p: UnsafeMutablePointer<Double>, topics: Int, rate: Double) {
        for k in 0..<topics { p[k] *= (1 - rate) }
    }

    /// Preference reset (a constructive principle): pulls `p` toward the reflective `r` by `strength`.
    @inlinable
    public static func reset(_ p: UnsafeMutablePointer<Double>, toward r: UnsafePointer<Double>, topics: Int, strength: Double) {
        for k in 0..<topics { p[k] = (1 - strength) * p[k] + strength * r[k] }
    }

    /// Shannon entropy divided by log(topics), in [0, 1].
    @inlinable
    public static func normalizedEntropy(_ p: UnsafePointer<Double>, topics: Int) -> Double {
        normalizedEntropy(p, topics: topics, logTopics: log(Double(topics)))
    }

    /// ``normalizedEntropy(_:topics:)`` given `logTopics = log(Double(topics))`, which the
    /// agent loop computes once per run.
    ///
    /// The rule is `h -= p[k] * log(p[k])` over the topics with `p[k] > 0`, in topic order, then
    /// `h / logTopics`. The logarithms are taken four topics at a time (``NaturalLog``, the bits
    /// of glibc's `log`); the products and the differences are the rule's, one topic at a time
    /// (subtracting +0 for a topic the rule skips changes no bit of `h`).
    public static func normalizedEntropy(_ p: UnsafePointer<Double>, topics: Int, logTopics: Double) -> Double {
        // The default world's 8 topics get their own copy: the two rounds of four at once.
        topics == 8 ? normalizedEntropyOfEight(p, logTopics: logTopics)
            : normalizedEntropyByQuads(p, topics: topics, logTopics: logTopics)
    }

    /// ``normalizedEntropyByQuads(_:topics:logTopics:)`` for 8 topics: the eight logarithms in
    /// one call of the eight-lane ``NaturalLog`` (its main range tested once, its near-1 lane
    /// found once), the products and differences the same, in the same order.
    @inline(__always)
    static func normalizedEntropyOfEight(_ p: UnsafePointer<Double>, logTopics: Double) -> Double {
        let shares = UnsafeRawPointer(p)
        let v0 = shares.loadUnaligned(as: SIMD4<Double>.self)
        let v1 = shares.loadUnaligned(fromByteOffset: 32, as: SIMD4<Double>.self)
        let (log0, log1) = NaturalLog.log(v0, v1)
        var terms0 = v0 * log0, terms1 = v1 * log1
        // The topics the rule skips (not p > 0) as +0 terms, which change no bit of h.
        let positive0 = v0 .> 0, positive1 = v1 .> 0
        if !(all(positive0) && all(positive1)) {
            terms0.replace(with: 0, where: .!positive0)
            terms1.replace(with: 0, where: .!positive1)
        }
        var h = 0.0
        h -= terms0[0]
        h -= terms0[1]
        h -= terms0[2]
        h -= terms0[3]
        h -= terms1[0]
        h -= terms1[1]
        h -= terms1[2]
        h -= terms1[3]
        return h / logTopics
    }

    @inline(__always)
    static func normalizedEntropyByQuads(_ p: UnsafePointer<Double>, topics: Int, logTopics: Double) -> Double {
        guard topics > 1 else { return 0 }
        var h = 0.0
        var k = 0
        while topics &- k >= 4 {
            let v = UnsafeRawPointer(p + k).loadUnaligned(as: SIMD4<Double>.self)
            var terms = v * NaturalLog.log(v)
            // The topics the rule skips (not p > 0) as +0 terms, which change no bit of h.
            let positive = v .> 0
            if !all(positive) { terms.replace(with: 0, where: .!positive) }
            h -= terms[0]
            h -= terms[1]
            h -= terms[2]
            h -= terms[3]
            k &+= 4
        }
        while k < topics {
            if p[k] > 0 { h -= p[k] * NaturalLog.log(p[k]) }
            k &+= 1
        }
        return h / logTopics
    }

    /// Total-variation distance between two points of the simplex, in [0, 1].
    @inlinable @inline(__always)
    public static func totalVariation(_ p: UnsafePointer<Double>, _ q: UnsafePointer<Double>, topics: Int) -> Double {
        // The default world's 8 topics get their own copy, with the loop unrolled.
        topics == 8 ? totalVariationByQuads(p, q, topics: 8) : totalVariationByQuads(p, q, topics: topics)
    }

    @inlinable @inline(__always)
    static func totalVariationByQuads(_ p: UnsafePointer<Double>, _ q: UnsafePointer<Double>, topics: Int) -> Double {
        var s = 0.0
        var k = 0
        // Four topics per round (k + 3 < topics), the terms still added one at a time in topic order.
        let quads = topics & ~3
        while k < quads {
            s += abs(p[k] - q[k])
            s += abs(p[k &+ 1] - q[k &+ 1])
            s += abs(p[k &+ 2] - q[k &+ 2])
            s += abs(p[k &+ 3] - q[k &+ 3])
            k &+= 4
        }
        while k < topics {
            s += abs(p[k] - q[k])
            k &+= 1
        }
        return s / 2
    }

    /// The index of the largest component (the lowest index on ties).
    ///
    /// The rule is the scan `best = k where p[k] > p[best]`, `k` ascending; it runs as written
    /// unless the topics come in fours (up to 64). Then the shares are taken four at a time and
    /// without a branch on them (whether a share beats the best so far, or which four hold the
    /// largest, is data the branch predictor cannot guess): the largest value lane-wise (a lane
    /// keeps its value unless a later one is greater, the scan's comparison), then the lowest
    /// index of a value equal to it, which is the scan's. With a NaN share (which the scan never
    /// takes, nor leaves once it is first) the scan answers.
    @inlinable
    public static func dominantTopic(_ p: UnsafePointer<Double>, topics: Int) -> Int {
        // The default world's 8 topics get their own copy, with the loops unrolled.
        if topics == 8 { return dominantTopicInQuads(p, topics: 8) }
        guard topics >= 4, topics & 3 == 0, topics <= 64 else { return dominantTopicByScan(p, topics: topics) }
        return dominantTopicInQuads(p, topics: topics)
    }

    /// ``dominantTopic(_:topics:)`` for `topics` a multiple of 4, from 4 to 64.
    ///
    /// Without NaN, `a > b ? a : b` and `a < b ? a : b` are the processor's max and min
    /// instructions, one each; the largest value is the scan's (`largest` is compared with `==`,
    /// for which the sign of a zero does not matter). The lowest index of a lane equal to it is a
    /// minimum too: each lane holds its topic's index (exact as a double) where it equals the
    /// largest, 64 elsewhere.
    @inlinable @inline(__always)
    static func dominantTopicInQuads(_ p: UnsafePointer<Double>, topics: Int) -> Int {
        let shares = UnsafeRawPointer(p)
        var top = shares.loadUnaligned(as: SIMD4<Double>.self)
        var unordered = top .!= top
        var k = 4
        while k < topics {
            let v = shares.loadUnaligned(fromByteOffset: k &* 8, as: SIMD4<Double>.self)
            unordered .|= v .!= v
            top = maximum(v, top)
            k &+= 4
        }
        if any(unordered) { return dominantTopicByScan(p, topics: topics) }
        let half = maximum(top.lowHalf, top.highHalf)
        let largest = SIMD4(repeating: half[1] > half[0] ? half[1] : half[0])
        let none = SIMD4<Double>(repeating: 64)
        var lowest = none
        var index = SIMD4<Double>(0, 1, 2, 3)
        k = 0
        while k < topics {
            let v = shares.loadUnaligned(fromByteOffset: k &* 8, as: SIMD4<Double>.self)
            let candidate = none.replacing(with: index, where: v .== largest)
            lowest = minimum(candidate, lowest)
            index += 4
            k &+= 4
        }
        let pair = minimum(lowest.lowHalf, lowest.highHalf)
        return Int(pair[1] < pair[0] ? pair[1] : pair[0])
    }

    /// Lane by lane `a > b ? a : b` (one instruction; `b` where either is NaN).
    @inlinable @inline(__always)
    static func maximum<V: SIMD>(_ a: V, _ b: V) -> V where V.Scalar == Double {
        b.replacing(with: a, where: a .> b)
    }

    /// Lane by lane `a < b ? a : b` (one instruction; `b` where either is NaN).
    @inlinable @inline(__always)
    static func minimum<V: SIMD>(_ a: V, _ b: V) -> V where V.Scalar == Double {
        b.replacing(with: a, where: a .< b)
    }

    /// ``dominantTopic(_:topics:)`` by its rule, one topic at a time.
    @inlinable
    static func dominantTopicByScan(_ p: UnsafePointer<Double>, topics: Int) -> Int {
        guard topics > 1 else { return 0 }
        // `top` is p[best], kept in a register rather than loaded again for every comparison.
        var best = 0
        var top = p[0]
        for k in 1..<topics where p[k] > top {
            best = k
            top = p[k]
        }
        return best
    }

    /// `p[topic] / max(p)`: how much the agent likes a topic relative to its favourite, in [0, 1].
    @inlinable
    public static func relativeFit(_ p: UnsafePointer<Double>, topics: Int, topic: Int) -> Double {
        relativeFit(p, dominant: dominantTopic(p, topics: topics), topic: topic)
    }

    /// `relativeFit` when the dominant topic of `p` is already known (the agent loop finds it
    /// once per step, and the reflective one once per run).
    @inlinable
    public static func relativeFit(_ p: UnsafePointer<Double>, dominant: Int, topic: Int) -> Double {
        let top = p[dominant]
        return top > 0 ? p[topic] / top : 0
    }

    /// A topic drawn from the distribution `p` with one uniform number.
    @inlinable
    public static func sampleTopic(_ p: UnsafePointer<Double>, topics: Int, uniform: Double) -> Int {
        var acc = 0.0
        for k in 0..<topics {
            acc += p[k]
            if uniform < acc { return k }
        }
        return topics - 1
    }
}
