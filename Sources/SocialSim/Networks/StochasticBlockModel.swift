/// Stochastic block model (Holland, Laskey & Leinhardt 1983): agents fall into communities,
/// pairs inside a community are tied with probability `within` and pairs across communities
/// with probability `between`. Both are set so that the expected mean degree is `meanDegree`
/// and the expected share of ties inside an agent's community is `homophily`.
/// O(n + ties) by geometric skipping.
enum StochasticBlockModel {
    static func generate(layout: BlockLayout, probabilities: BlockLayout.TieProbabilities, rng: inout SplitMix64) -> Network {
        let n = layout.agents
        var community = [UInt16](repeating: 0, count: n)
        for b in 0..<layout.blocks {
            for i in layout.start(of: b)..<layout.start(of: b + 1) { community[i] = UInt16(truncatingIfNeeded: b) }
        }
        // Communities are contiguous, so the partners of u after it in its own community, and
        // those in later communities, are each one range: both sets are rows for PairSampling.
        let expected = (probabilities.within * layout.orderedPairsWithin + probabilities.between * layout.orderedPairsBetween) / 2
        var ties = EdgeList(expectedTies: expected)
        PairSampling.sample(rows: n, probability: probabilities.within, rng: &rng,
                            columns: { u in (u + 1)..<layout.start(of: Int(community[u]) + 1) }) { ties.append($0, $1) }
        PairSampling.sample(rows: n, probability: probabilities.between, rng: &rng,
                            columns: { u in layout.start(of: Int(community[u]) + 1)..<n }) { ties.append($0, $1) }
        return ties.network(agents: n, community: community)
    }
}

/// Communities of near-equal size, each a contiguous range of agent ids: community b holds
/// agents `start(of: b) ..< start(of: b + 1)` with `start(of: b) = b·n / blocks` (rounded
/// down), so sizes differ by at most one.
struct BlockLayout {
    let agents: Int
    let blocks: Int

    /// Pair counts, ordered (each unordered pair twice): Σ s(s - 1) and Σ s(n - s) over block sizes s.
    let orderedPairsWithin: Double
    let orderedPairsBetween: Double

    init(agents: Int, blocks: Int) {
        self.agents = agents
        self.blocks = blocks
        let small = Double(agents / blocks)
        let large = small + 1
        let largeCount = Double(agents % blocks)
        let smallCount = Double(blocks) - largeCount
        let n = Double(agents)
        orderedPairsWithin = largeCount * large * (large - 1) + smallCount * small * (small - 1)
        orderedPairsBetween = largeCount * large * (n - large) + smallCount * small * (n - small)
    }

    func start(of block: Int) -> Int { block * agents / blocks }

    struct TieProbabilities {
        var within: Double
        var between: Double
    }

    /// The probabilities, capped at 1 against rounding (``problem(meanDegree:homophily:)``
    /// rejects anything really above 1).
    func tieProbabilities(meanDegree: Double, homophily: Double) -> TieProbabilities {
        let odds = uncappedProbabilities(meanDegree: meanDegree, homophily: homophily)
        return TieProbabilities(within: min(1, odds.within), between: min(1, odds.between))
    }

    /// Expected tie ends inside blocks are within·Σ s(s - 1) = homophily·n·meanDegree, and
    /// across blocks between·Σ s(n - s) = (1 - homophily)·n·meanDegree. One block: G(n, p).
    private func uncappedProbabilities(meanDegree: Double, homophily: Double) -> TieProbabilities {
        let tieEnds = Double(agents) * meanDegree
        if blocks == 1 { return TieProbabilities(within: tieEnds / orderedPairsWithin, between: 0) }
        let within = orderedPairsWithin > 0 ? homophily * tieEnds / orderedPairsWithin : (homophily > 0 ? .infinity : 0)
        return TieProbabilities(within: within, between: (1 - homophily) * tieEnds / orderedPairsBetween)
    }

    /// Why no probabilities in [0, 1] give this mean degree and homophily, or nil.
    func problem(meanDegree: Double, homophily: Double) -> NetworkError? {
        let odds = uncappedProbabilities(meanDegree: meanDegree, homophily: homophily)
        let tolerance = 1e-12
        let tieEnds = Double(agents) * meanDegree
        let size = "\(blocks) blocks of about \(NetworkError.describe(down: Double(agents) / Double(blocks), places: 1)) agents"
        if odds.within > 1 + tolerance {
            if orderedPairsWithin == 0 {
                return NetworkError("network.homophily", homophily,
                                    "with \(blocks) blocks of one agent each no tie can be inside a block: homophily must be 0, or use fewer blocks")
            }
            let maxHomophily = NetworkError.describe(down: orderedPairsWithin / tieEnds, places: 3)
            let maxDegree = NetworkError.describe(down: orderedPairsWithin / (Double(agents) * homophily), places: 2)
            return NetworkError("network.homophily", homophily,
                                "needs a within-block tie probability of \(NetworkError.describe(up: odds.within, places: 3)), above 1: with \(size) and meanDegree \(NetworkError.describe(meanDegree)) homophily can be at most \(maxHomophily); or lower meanDegree to \(maxDegree), or use fewer blocks")
        }
        if odds.between > 1 + tolerance {
            let minHomophily = NetworkError.describe(up: 1 - orderedPairsBetween / tieEnds, places: 3)
            let maxDegree = NetworkError.describe(down: orderedPairsBetween / (Double(agents) * (1 - homophily)), places: 2)
            return NetworkError("network.homophily", homophily,
                                "needs a between-block tie probability of \(NetworkError.describe(up: odds.between, places: 3)), above 1: with \(size) and meanDegree \(NetworkError.describe(meanDegree)) homophily must be at least \(minHomophily); or lower meanDegree to \(maxDegree), or use more blocks")
        }
        return nil
    }
}
