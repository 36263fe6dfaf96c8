/// Individual personalization: the finest personalization granularity.
///
/// A bandit per person and item would cost 16 bytes per person per item (3.2 KB a person with
/// 200 items) and learn almost nothing, a person giving one observation a step. What differs
/// between people of a segment is, in this model, how much they like each topic (the click
/// probability is additive in the item's lure and the person's fit to the item's topic), so
/// the individual level estimates exactly that: per person and topic, an offset `A[i, t]`,
/// the recency-weighted mean of how much the person's feedback on items of topic t exceeded
/// its segment's estimate of those items, shrunk toward 0 by `individualPrior`
/// pseudo-observations. A person's score of item j is the segment's score plus `A[i, topic_j]`.
/// It costs 16 bytes per person per topic (128 with 8 topics) and nothing per item.
///
/// Ranking stays per segment: each segment's top-K within every topic is found once per step;
/// a person's top-K is the merge of those lists under its own offsets, which is exact because
/// an offset is constant within a topic. Serving walks the merge only as far as the slot.
public enum IndividualPersonalization {
    /// Each segment's top-K within each topic under the objective's score, into `ranked`
    /// (`ranked[(σ * topics + t) * topK + r]`), with the scores in `score` and the list
    /// lengths (at most topK: the topic's available items) in `counts[σ * topics + t]`.
    /// Ties go to the lower item index, as in ``Bandit/rank(objective:penalty:footprint:available:)``.
    public static func rankByTopic(bandit: Bandit, objective: Objective, penalty: Double, footprint: [Double],
                                   available: [Bool], itemTopic: UnsafePointer<Int32>, topics: Int,
                                   ranked: UnsafeMutablePointer<Int32>, score: UnsafeMutablePointer<Double>,
                                   counts: UnsafeMutablePointer<Int32>) {
        let topK = bandit.topK
        for s in 0..<bandit.segments {
            for t in 0..<topics { counts[s * topics + t] = 0 }
            for j in 0..<bandit.items where available[j] {
                let t = Int(itemTopic[j])
                let list = (s * topics + t) * topK
                let n = Int(counts[s * topics + t])
                let sc = bandit.score(segment: s, item: j, objective: objective, penalty: penalty, normalizedFootprint: footprint)
                if n == topK && sc <= score[list + n - 1] { continue }
                var at = min(n, topK - 1)
                // Shift worse entries down one place (the last falls off a full list).
                while at > 0 && score[list + at - 1] < sc {
                    score[list + at] = score[list + at - 1]
                    ranked[list + at] = ranked[list + at - 1]
                    at -= 1
                }
                score[list + at] = sc
                ranked[list + at] = Int32(j)
                if n < topK { counts[s * topics + t] = Int32(n + 1) }
            }
        }
    }

    /// The item at `position` (from 0) of a person's own ranking: the merge of its segment's
    /// per-topic lists, ordered by segment score plus the person's offset for the topic, ties
    /// to the lower item index. With fewer than `position + 1` items in all the lists the
    /// ranking repeats (position modulo their number), as a segment's top-K does; -1 when
    /// nothing is available. `heads` is scratch for `topics` entries.
    @inlinable
    public static func item(at position: Int, segment s: Int, offsets: UnsafePointer<Double>, topics: Int, topK: Int,
                            ranked: UnsafePointer<Int32>, score: UnsafePointer<Double>, counts: UnsafePointer<Int32>,
                            heads: UnsafeMutablePointer<Int32>) -> Int {
        var total = 0
        for t in 0..<topics {
            heads[t] = 0
            total += Int(counts[s * topics + t])
        }
        guard total > 0 else { return -1 }
        var item = -1
        for _ in 0...(position % total) { item = next(segment: s, offsets: offsets, topics: topics, topK: topK,
                                                     ranked: ranked, score: score, counts: counts, heads: heads) }
        return item
    }

    /// The lowest-footprint item among a person's own top-K (the rule safeguard's cool-down),
    /// ties to the higher-ranked item; -1 when nothing is available.
    @inlinable
    public static func coolDownItem(segment s: Int, offsets: UnsafePointer<Double>, topics: Int, topK: Int,
                                    ranked: UnsafePointer<Int32>, score: UnsafePointer<Double>, counts: UnsafePointer<Int32>,
                                    heads: UnsafeMutablePointer<Int32>, footprint: UnsafePointer<Double>) -> Int {
        var total = 0
        for t in 0..<topics {
            heads[t] = 0
            total += Int(counts[s * topics + t])
        }
        var best = -1
        for _ in 0..<min(topK, total) {
            let j = next(segment: s, offsets: offsets, topics: topics, topK: topK, ranked: ranked, score: score,
                         counts: counts, heads: heads)
            if best < 0 || footprint[j] < footprint[best] { best = j }
        }
        return best
    }

    /// One step of the merge: the best head among the topics' lists, which it then advances.
    @inlinable
    static func next(segment s: Int, offsets: UnsafePointer<Double>, topics: Int, topK: Int,
                     ranked: UnsafePointer<Int32>, score: UnsafePointer<Double>, counts: UnsafePointer<Int32>,
                     heads: UnsafeMutablePointer<Int32>) -> Int {
        var bestTopic = -1
        var bestScore = 0.0
        var bestItem: Int32 = 0
        for t in 0..<topics {
            let h = Int(heads[t])
            guard h < Int(counts[s * topics + t]) else { continue }
            let k = (s * topics + t) * topK + h
            let sc = score[k] + offsets[t]
            if bestTopic < 0 || sc > bestScore || (sc == bestScore && ranked[k] < bestItem) {
                bestTopic = t
                bestScore = sc
                bestItem = ranked[k]
            }
        }
        heads[bestTopic] += 1
        return Int(bestItem)
    }

    /// One step of a person's offsets: every weight is discounted by `1 - learningRate`, but
    /// not below `prior`; with an observation of feedback y on an item of topic t whose
    /// segment estimate was v, `W[t] += 1` and `A[t] += (y - v - A[t]) / W[t]`.
    @inlinable
    public static func learn(offsets: UnsafeMutablePointer<Double>, weights: UnsafeMutablePointer<Double>, topics: Int,
                             learningRate: Double, prior: Double, topic: Int, residual: Double?) {
        let keep = 1 - learningRate
        for t in 0..<topics { weights[t] = max(prior, keep * weights[t]) }
        guard let r = residual else { return }
        let w = weights[topic] + 1
        weights[topic] = w
        offsets[topic] += (r - offsets[topic]) / w
    }
}
