/// Homogenization as recommender-simulation studies measure it (T-RECS, after Chaney et al.
/// 2018): the mean Jaccard similarity of the sets of items consumed by pairs of agents,
/// over a fixed sample of pairs.
///
/// Only pairs in which **both** agents consumed something in the history window count: a pair
/// with an agent who consumed nothing (an exited agent, typically) says nothing about whether
/// consumption converged, and scoring it 0 made mass exit look like diversity. The number of
/// pairs counted is the measure's base; below `minimumPairs` the measure is undefined.
public enum Homogenization {
    /// Fewest counted pairs for the mean to be reported (its standard error is then at most 0.09).
    public static let minimumPairs = 30

    /// Mean Jaccard similarity over the counted pairs (nil below `minimumPairs`) and the pairs counted.
    public static func measure(pairs: [Int32], history: UnsafePointer<Int32>, historyLength h: Int) -> (mean: Double?, pairs: Int) {
        var sum = 0.0
        var counted = 0
        for q in stride(from: 0, to: pairs.count, by: 2) {
            let a = history + Int(pairs[q]) * h
            let b = history + Int(pairs[q + 1]) * h
            guard consumed(a, length: h), consumed(b, length: h), let j = jaccard(a, b, length: h) else { continue }
            sum += j
            counted += 1
        }
        return (counted >= minimumPairs ? sum / Double(counted) : nil, counted)
    }

    @inlinable
    static func consumed(_ p: UnsafePointer<Int32>, length: Int) -> Bool {
        for x in 0..<length where p[x] >= 0 { return true }
        return false
    }

    /// Fixed random pairs of distinct agents, drawn once per run.
    public static func samplePairs(agents: Int, pairs: Int, streams: RandomStreams) -> [Int32] {
        guard agents >= 2 else { return [] }
        var rng = streams.stream(.measurement)
        var out = [Int32]()
        out.reserveCapacity(pairs * 2)
        for _ in 0..<pairs {
            let a = rng.nextInt(below: agents)
            var b = rng.nextInt(below: agents - 1)
            if b >= a { b += 1 }
            out.append(Int32(a))
            out.append(Int32(b))
        }
        return out
    }

    /// Jaccard similarity of two agents' recent items (empty slots are -1); nil when both are empty.
    @inlinable
    public static func jaccard(_ a: UnsafePointer<Int32>, _ b: UnsafePointer<Int32>, length: Int) -> Double? {
        var union = 0
        var common = 0
        for x in 0..<length where a[x] >= 0 && !seen(a[x], in: a, before: x) {
            union += 1
            if contains(a[x], in: b, length: length) { common += 1 }
        }
        for y in 0..<length where b[y] >= 0 && !seen(b[y], in: b, before: y) && !contains(b[y], in: a, length: length) {
            union += 1
        }
        return union == 0 ? nil : Double(common) / Double(union)
    }

    @inlinable
    static func seen(_ v: Int32, in p: UnsafePointer<Int32>, before end: Int) -> Bool {
        for x in 0..<end where p[x] == v { return true }
        return false
    }

    @inlinable
    static func contains(_ v: Int32, in p: UnsafePointer<Int32>, length: Int) -> Bool {
        seen(v, in: p, before: length)
    }
}
