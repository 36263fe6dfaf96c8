import CacheHint

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
        var items = 0
        for q in pairs.indices {
            let row = history + Int(pairs[q]) * h
            for x in 0..<h { items = max(items, Int(row[x]) + 1) }
        }
        return measure(pairs: pairs, history: history, historyLength: h, marks: ItemMarks(items: items))
    }

    /// ``measure(pairs:history:historyLength:)`` with a scratch of one mark per item (every item
    /// in `history` below `marks.items`), kept by the run so nothing is allocated per step. Each
    /// pair costs O(historyLength) instead of the O(historyLength²) of ``jaccard(_:_:length:)``,
    /// with the same counts, so the same numbers.
    public static func measure(pairs: [Int32], history: UnsafePointer<Int32>, historyLength h: Int,
                               marks: ItemMarks) -> (mean: Double?, pairs: Int) {
        let count = pairs.count / 2
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: max(count, 1)) { ratios in
            similarities(pairs: pairs, range: 0..<count, history: history, historyLength: h, marks: marks,
                         into: ratios.baseAddress!)
            return mean(similarities: UnsafePointer(ratios.baseAddress!), count: count)
        }
    }

    /// The Jaccard similarity of each pair `q` in `range` (agents `pairs[2q]`, `pairs[2q + 1]`)
    /// into `similarities[q]`, or −1 when not both consumed (the pair is not counted). Pairs
    /// are independent, so the run computes disjoint ranges side by side, each with its own marks.
    public static func similarities(pairs: [Int32], range: Range<Int>, history: UnsafePointer<Int32>, historyLength h: Int,
                                    marks: ItemMarks, into similarities: UnsafeMutablePointer<Double>) {
        precondition(range.upperBound * 2 <= pairs.count)
        pairs.withUnsafeBufferPointer { agents in
            // Unchecked: 2q + 1 < pairs.count (above), and an agent's row starts below agents x h.
            for q in range {
                // The pairs are random agents, whose rows the agent loop has pushed out of the
                // caches: ask for the rows of the pair `prefetchDistance` ahead (a hint only).
                let ahead = q &+ prefetchDistance
                if ahead < range.upperBound {
                    prefetchRow(history + Int(agents[ahead &* 2]) &* h, length: h)
                    prefetchRow(history + Int(agents[ahead &* 2 &+ 1]) &* h, length: h)
                }
                let a = history + Int(agents[q &* 2]) &* h
                let b = history + Int(agents[q &* 2 &+ 1]) &* h
                let c = marks.counts(a, b, length: h)
                similarities[q] = c.bothConsumed ? Double(c.common) / Double(c.union) : -1
            }
        }
    }

    /// Pairs ahead whose history rows ``similarities(pairs:range:history:historyLength:marks:into:)``
    /// requests: a pair takes about 30 ns, a row from memory about 100.
    static let prefetchDistance = 8

    /// Requests the cache lines of a history row (its first and last slot: a row of up to 16
    /// slots spans at most two lines).
    @inline(__always)
    static func prefetchRow(_ row: UnsafePointer<Int32>, length: Int) {
        socialsim_prefetch_read(UnsafeRawPointer(row))
        socialsim_prefetch_read(UnsafeRawPointer(row + (length &- 1)))
    }

    /// The mean over the counted pairs (similarity >= 0; nil below `minimumPairs`), summed in
    /// pair order, and the pairs counted.
    public static func mean(similarities: UnsafePointer<Double>, count: Int) -> (mean: Double?, pairs: Int) {
        var sum = 0.0
        var counted = 0
        for q in 0..<count where similarities[q] >= 0 {
            sum += similarities[q]
            counted += 1
        }
        return (counted >= minimumPairs ? sum / Double(counted) : nil, counted)
    }

    /// A mark per item, stamped rather than cleared: each pair takes three fresh stamps above
    /// every earlier one (in `a`; in `a` and seen in `b`; in `b` only), so a mark below the
    /// pair's first stamp means "not seen in this pair"; and one more mark, for empty slots.
    /// Owned by one run, used by one thread.
    public final class ItemMarks: @unchecked Sendable {
        public let items: Int
        private let stamps: UnsafeMutablePointer<UInt32>
        private var epoch: UInt32

        public init(items: Int) { self.items = max(items, 0); stamps = .allocate(capacity: max(items, 0) + 1); epoch = 0; clear() }

        /// Marks whose stamps wrap around after `pairsBeforeWrap` pairs (for tests).
        init(items: Int, pairsBeforeWrap: UInt32) {
            self.items = max(items, 0)
            stamps = .allocate(capacity: max(items, 0) + 1)
            epoch = 0
            clear()
            epoch = UInt32.max - 3 * pairsBeforeWrap
        }

        deinit { stamps.deallocate() }

        /// The bytes it holds: a stamp per item and the spare one for empty slots.
        public var bytes: Int { 4 * (items + 1) }

        private func clear() {
            stamps.initialize(repeating: 0, count: items + 1)
            epoch = 0
        }

        /// The distinct items of `a` and `b` (empty slots -1) in common and in their union, and
        /// whether both consumed anything.
        @inline(__always)
        func counts(_ a: UnsafePointer<Int32>, _ b: UnsafePointer<Int32>, length: Int) -> (common: Int, union: Int, bothConsumed: Bool) {
            if epoch > UInt32.max &- 3 { clear() }
            let inA = epoch &+ 1, inBoth = epoch &+ 2, inBOnly = epoch &+ 3
            epoch = inBOnly
            let marks = stamps
            var union = 0, common = 0
            var aConsumed = false, bConsumed = false
            // Branch-free (the slots are -1 at random, as agents did or did not consume): an empty
            // slot reads and writes the extra mark past the items, stamped so that it counts as
            // neither new nor shared.
            let empty = items
            marks[empty] = inA
            var x = 0
            while x < length {
                let item = Int(a[x])
                aConsumed = aConsumed || item >= 0
                let slot = item >= 0 ? item : empty
                union &+= marks[slot] != inA ? 1 : 0
                marks[slot] = inA
                x &+= 1
            }
            marks[empty] = inBOnly
            x = 0
            while x < length {
                let item = Int(b[x])
                bConsumed = bConsumed || item >= 0
                let slot = item >= 0 ? item : empty
                let m = marks[slot]
                // In a only: now in both (shared); not seen in this pair: in b only (new); already
                // marked in b: unchanged.
                let shared = m == inA, new = m < inA
                common &+= shared ? 1 : 0
                union &+= new ? 1 : 0
                marks[slot] = shared ? inBoth : new ? inBOnly : m
                x &+= 1
            }
            return (common, union, aConsumed && bConsumed)
        }
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
