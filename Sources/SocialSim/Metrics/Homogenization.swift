/// Homogenization as recommender-simulation studies measure it (T-RECS, after Chaney et al.
/// 2018): the mean Jaccard similarity of the sets of items consumed by pairs of agents,
/// over a fixed sample of pairs.
public enum Homogenization {
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
