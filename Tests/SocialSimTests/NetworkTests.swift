import Testing
import SocialSim

// MARK: - Helpers

private func networkConfig(_ kind: NetworkConfig.Kind, meanDegree: Double = 10) -> NetworkConfig {
    var config = NetworkConfig()
    config.kind = kind
    config.meanDegree = meanDegree
    return config
}

private func buildNetwork(_ config: NetworkConfig, agents: Int, seed: UInt64) throws -> Network {
    var rng = RandomStreams(seed: seed).stream(.network)
    return try Network.generate(config, agents: agents, rng: &rng)
}

/// Every broken structural promise of `network`: CSR shape, sorted lists, no self-ties or
/// repeats, ids in range, symmetry. Empty when the network is a proper simple undirected graph.
private func structuralProblems(_ network: Network) -> [String] {
    let n = network.agentCount
    var problems: [String] = []
    if network.offsets.count != n + 1 { return ["offsets has \(network.offsets.count) entries, expected \(n + 1)"] }
    if network.offsets.first != 0 { problems.append("offsets[0] = \(network.offsets[0])") }
    if network.offsets.last != network.neighbors.count { problems.append("offsets[n] is not neighbors.count") }
    if network.community.count != n { problems.append("community has \(network.community.count) entries") }
    if network.neighbors.count % 2 != 0 { problems.append("odd number of tie ends") }
    for u in 0..<n {
        guard network.offsets[u] <= network.offsets[u + 1] else { problems.append("offsets decrease at \(u)"); continue }
        var previous = -1
        for v in network.neighbors(of: u).map(Int.init) {
            if v == u { problems.append("self-tie at \(u)") }
            if v <= previous { problems.append("list of \(u) not strictly increasing") }
            if v < 0 || v >= n { problems.append("neighbour \(v) of \(u) out of range"); continue }
            if !isTied(network, v, u) { problems.append("\(u)-\(v) not symmetric") }
            previous = v
        }
        if problems.count > 10 { break }
    }
    return problems
}

private func isTied(_ network: Network, _ u: Int, _ v: Int) -> Bool {
    let list = network.neighbors(of: u)
    var lo = list.startIndex, hi = list.endIndex
    while lo < hi {
        let mid = (lo + hi) / 2
        if list[mid] < Int32(v) { lo = mid + 1 } else { hi = mid }
    }
    return lo < list.endIndex && list[lo] == Int32(v)
}

private func degreeList(_ network: Network) -> [Int] { (0..<network.agentCount).map(network.degree(of:)) }

private let testSeeds: [UInt64] = [1, 2, 3]

@Suite("Social networks")
struct NetworkTests {
    // MARK: - Every kind

    @Test("every kind builds a simple undirected graph: consistent offsets, sorted lists, no self-ties or repeats, symmetric",
          arguments: NetworkConfig.Kind.allCases, testSeeds)
    func structure(kind: NetworkConfig.Kind, seed: UInt64) throws {
        let network = try buildNetwork(networkConfig(kind), agents: 3_000, seed: seed)
        #expect(structuralProblems(network) == [])
        #expect(network.edgeCount * 2 == network.neighbors.count)
        #expect(network.bytes >= network.neighbors.count * 4 + network.offsets.count * 8 + network.community.count * 2)
    }

    @Test("the mean degree is near the target for every kind", arguments: NetworkConfig.Kind.allCases, [4.0, 10, 24])
    func meanDegreeNearTarget(kind: NetworkConfig.Kind, target: Double) throws {
        for seed in testSeeds {
            let network = try buildNetwork(networkConfig(kind, meanDegree: target), agents: 10_000, seed: seed)
            // Even targets: WS is exact and BA off only by its (m + 1)-clique; ER and SBM are random: 0.25 is over 5 sd.
            let tolerance = kind == .wattsStrogatz || kind == .barabasiAlbert ? 0.05 : 0.25
            #expect(abs(network.meanDegree - target) < tolerance, "seed \(seed): mean degree \(network.meanDegree)")
            #expect(abs(Double(degreeList(network).reduce(0, +)) / 10_000 - network.meanDegree) < 1e-12)
        }
    }

    @Test("the same seed gives identical arrays and different seeds give different ones", arguments: NetworkConfig.Kind.allCases)
    func determinism(kind: NetworkConfig.Kind) throws {
        let first = try buildNetwork(networkConfig(kind), agents: 2_000, seed: 11)
        let again = try buildNetwork(networkConfig(kind), agents: 2_000, seed: 11)
        let other = try buildNetwork(networkConfig(kind), agents: 2_000, seed: 12)
        #expect(first == again)
        #expect(first.neighbors != other.neighbors)
    }

    // MARK: - Watts-Strogatz

    @Test("Watts-Strogatz without rewiring is exactly the ring lattice, meanDegree rounded to the nearest even k",
          arguments: [(6.0, 6), (5.0, 6), (7.4, 8), (2.0, 2)])
    func ringLattice(meanDegree: Double, k: Int) throws {
        var wattsStrogatz = networkConfig(.wattsStrogatz, meanDegree: meanDegree)
        wattsStrogatz.rewiring = 0
        let n = 50
        let network = try buildNetwork(wattsStrogatz, agents: n, seed: 5)
        for u in 0..<n {
            let lattice = (1...(k / 2)).flatMap { [(u + $0) % n, (u - $0 + n) % n] }.sorted().map(Int32.init)
            #expect(Array(network.neighbors(of: u)) == lattice, "agent \(u)")
        }
    }

    @Test("Watts-Strogatz rewiring keeps n·k/2 ties and moves about the rewiring share of them off the lattice",
          arguments: [0.05, 0.3, 1.0])
    func rewiringShare(rewiring: Double) throws {
        var wattsStrogatz = networkConfig(.wattsStrogatz)
        wattsStrogatz.rewiring = rewiring
        let n = 5_000
        let network = try buildNetwork(wattsStrogatz, agents: n, seed: 9)
        #expect(network.edgeCount == n * 5)
        var offLattice = 0
        for u in 0..<n {
            for v in network.neighbors(of: u).map(Int.init) where v > u {
                if min(v - u, n - (v - u)) > 5 { offLattice += 1 }
            }
        }
        // A rewired tie lands back at lattice distance with probability about k/n = 0.2%.
        let share = Double(offLattice) / Double(network.edgeCount)
        #expect(abs(share - rewiring) < 0.015, "off-lattice share \(share)")
    }

    // MARK: - Barabási-Albert

    @Test("Barabási-Albert has exactly m(m+1)/2 + (n-m-1)m ties and nobody below m",
          arguments: [(1.0, 1), (3.0, 2), (10.0, 5), (25.0, 13)])
    func barabasiAlbertTieCount(meanDegree: Double, m: Int) throws {
        let n = 3_000
        for seed in testSeeds {
            let network = try buildNetwork(networkConfig(.barabasiAlbert, meanDegree: meanDegree), agents: n, seed: seed)
            #expect(network.edgeCount == m * (m + 1) / 2 + (n - m - 1) * m)
            #expect(degreeList(network).min() == m)
        }
    }

    @Test("Barabási-Albert degrees have a heavy tail: hubs several times the mean")
    func barabasiAlbertHubs() throws {
        for seed in testSeeds {
            let network = try buildNetwork(networkConfig(.barabasiAlbert), agents: 10_000, seed: seed)
            let maxDegree = degreeList(network).max() ?? 0
            // The largest hub grows like m·sqrt(n) = 500; ER at this size stays below 30.
            #expect(Double(maxDegree) > 8 * network.meanDegree, "max degree \(maxDegree)")
        }
    }

    // MARK: - Erdős-Rényi

    @Test("Erdős-Rényi degree variance is near the binomial variance (n-1)p(1-p)")
    func erdosRenyiVariance() throws {
        let n = 20_000
        let p = 10.0 / Double(n - 1)
        for seed in testSeeds {
            let d = degreeList(try buildNetwork(networkConfig(.erdosRenyi), agents: n, seed: seed)).map(Double.init)
            let mean = d.reduce(0, +) / Double(n)
            let variance = d.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n - 1)
            let binomial = Double(n - 1) * p * (1 - p)
            // The sampling sd of the variance is about 0.1 here.
            #expect(abs(variance - binomial) < 0.6, "variance \(variance), binomial \(binomial)")
        }
    }

    @Test("Erdős-Rényi with meanDegree agents - 1 is the complete graph")
    func erdosRenyiComplete() throws {
        let network = try buildNetwork(networkConfig(.erdosRenyi, meanDegree: 9), agents: 10, seed: 1)
        #expect(network.edgeCount == 45)
    }

    // MARK: - Stochastic block model

    @Test("SBM communities are contiguous and of near-equal size, and the within-community tie share is near homophily",
          arguments: [(4, 0.8), (8, 0.3), (3, 1.0), (5, 0.0)])
    func blockHomophily(blocks: Int, homophily: Double) throws {
        var sbm = networkConfig(.stochasticBlock)
        sbm.blocks = blocks
        sbm.homophily = homophily
        let n = 12_001
        for seed in testSeeds {
            let network = try buildNetwork(sbm, agents: n, seed: seed)
            var sizes = [Int](repeating: 0, count: blocks)
            for c in network.community { sizes[Int(c)] += 1 }
            #expect(network.community == network.community.sorted())
            #expect(sizes.max()! - sizes.min()! <= 1)
            var inside = 0
            for u in 0..<n {
                inside += network.neighbors(of: u).filter { network.community[Int($0)] == network.community[u] }.count
            }
            let share = Double(inside) / Double(network.neighbors.count)
            #expect(abs(share - homophily) < 0.02, "seed \(seed): share inside \(share)")
            #expect(abs(network.meanDegree - 10) < 0.25)
        }
    }

    @Test("SBM with a single block ignores homophily and is G(n, p); other kinds have community 0 everywhere")
    func singleBlock() throws {
        var sbm = networkConfig(.stochasticBlock)
        sbm.blocks = 1
        sbm.homophily = 0.2
        let network = try buildNetwork(sbm, agents: 5_000, seed: 4)
        #expect(network.community.allSatisfy { $0 == 0 })
        #expect(abs(network.meanDegree - 10) < 0.3)
        #expect(try buildNetwork(networkConfig(.barabasiAlbert), agents: 100, seed: 1).community == [UInt16](repeating: 0, count: 100))
    }

    // MARK: - Validation

    /// A configuration that must be refused, the key it must blame and a phrase of its message.
    struct RefusedCase: Sendable, CustomTestStringConvertible {
        var kind: NetworkConfig.Kind = .wattsStrogatz
        var agents = 1_000
        var meanDegree = 10.0
        var rewiring = 0.1
        var blocks = 4
        var homophily = 0.8
        var keyPath: String
        var phrase: String

        var config: NetworkConfig {
            var config = NetworkConfig()
            config.kind = kind
            config.meanDegree = meanDegree
            config.rewiring = rewiring
            config.blocks = blocks
            config.homophily = homophily
            return config
        }

        var testDescription: String { "\(kind.rawValue) agents=\(agents) meanDegree=\(meanDegree) → \(keyPath)" }
    }

    static let refusedCases: [RefusedCase] = [
        RefusedCase(agents: 1, keyPath: "agents", phrase: "at least 2"),
        RefusedCase(agents: -5, keyPath: "agents", phrase: "at least 2"),
        RefusedCase(agents: Int(Int32.max) + 1, keyPath: "agents", phrase: "32-bit"),
        RefusedCase(meanDegree: 0, keyPath: "network.meanDegree", phrase: "positive"),
        RefusedCase(meanDegree: -3, keyPath: "network.meanDegree", phrase: "positive"),
        RefusedCase(meanDegree: .nan, keyPath: "network.meanDegree", phrase: "positive"),
        RefusedCase(kind: .erdosRenyi, meanDegree: 1_000, keyPath: "network.meanDegree", phrase: "below the number of agents (1000)"),
        RefusedCase(kind: .barabasiAlbert, meanDegree: .infinity, keyPath: "network.meanDegree", phrase: "below the number of agents"),
        RefusedCase(meanDegree: 0.9, keyPath: "network.meanDegree", phrase: "k = 0"),
        RefusedCase(agents: 10, meanDegree: 9.5, keyPath: "network.meanDegree", phrase: "at most agents - 1 (9)"),
        RefusedCase(kind: .erdosRenyi, agents: 10, meanDegree: 9.5, keyPath: "network.meanDegree", phrase: "at most agents - 1 (9)"),
        RefusedCase(kind: .stochasticBlock, agents: 10, meanDegree: 9.5, keyPath: "network.meanDegree", phrase: "at most agents - 1 (9)"),
        RefusedCase(rewiring: -0.1, keyPath: "network.rewiring", phrase: "[0, 1]"),
        RefusedCase(rewiring: 1.5, keyPath: "network.rewiring", phrase: "[0, 1]"),
        RefusedCase(kind: .erdosRenyi, rewiring: .nan, keyPath: "network.rewiring", phrase: "[0, 1]"),
        RefusedCase(kind: .stochasticBlock, homophily: 1.01, keyPath: "network.homophily", phrase: "[0, 1]"),
        RefusedCase(kind: .stochasticBlock, homophily: -0.2, keyPath: "network.homophily", phrase: "[0, 1]"),
        RefusedCase(kind: .stochasticBlock, blocks: 0, keyPath: "network.blocks", phrase: "between 1 and 65536"),
        RefusedCase(kind: .stochasticBlock, blocks: 65_537, keyPath: "network.blocks", phrase: "between 1 and 65536"),
        RefusedCase(kind: .stochasticBlock, agents: 10, meanDegree: 2, blocks: 11, keyPath: "network.blocks", phrase: "at most the number of agents (10)"),
        RefusedCase(kind: .stochasticBlock, agents: 100, blocks: 50, keyPath: "network.homophily",
                    phrase: "within-block tie probability of 8, above 1: with 50 blocks of about 2 agents and meanDegree 10 homophily can be at most 0.1"),
        RefusedCase(kind: .stochasticBlock, agents: 10, meanDegree: 2, blocks: 10, homophily: 0.5, keyPath: "network.homophily",
                    phrase: "homophily must be 0"),
        RefusedCase(kind: .stochasticBlock, agents: 100, meanDegree: 60, blocks: 2, homophily: 0, keyPath: "network.homophily",
                    phrase: "between-block tie probability of 1.2, above 1: with 2 blocks of about 50 agents and meanDegree 60 homophily must be at least 0.167"),
        RefusedCase(kind: .erdosRenyi, agents: 50_000_000, meanDegree: 100, keyPath: "network.meanDegree", phrase: "tie ends"),
        RefusedCase(agents: 1 << 30, meanDegree: 4, keyPath: "network.meanDegree", phrase: "tie ends"),
    ]

    @Test("impossible networks are refused, naming the key, the value and what is allowed; generate refuses them too",
          arguments: NetworkTests.refusedCases)
    func refused(_ refused: RefusedCase) {
        var rng = SplitMix64(seed: 1)
        do {
            try refused.config.validate(agents: refused.agents)
            Issue.record("accepted")
        } catch let error as NetworkError {
            #expect(error.keyPath == refused.keyPath)
            #expect(error.allowed.contains(refused.phrase), "\(error)")
            #expect(!error.value.isEmpty)
            #expect(throws: error) { try Network.generate(refused.config, agents: refused.agents, rng: &rng) }
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("the error message reads key = value: allowed")
    func errorMessage() {
        #expect(throws: NetworkError(keyPath: "network.meanDegree", value: "10000", allowed: "must be below the number of agents (10000)")) {
            try networkConfig(.wattsStrogatz, meanDegree: 10_000).validate(agents: 10_000)
        }
        let error = NetworkError(keyPath: "network.meanDegree", value: "10000", allowed: "must be below the number of agents (10000)")
        #expect(error.description == "network.meanDegree = 10000: must be below the number of agents (10000)")
    }

    @Test("no input combination traps: tiny and extreme parameters either build a simple graph or are refused",
          arguments: NetworkConfig.Kind.allCases)
    func neverTraps(kind: NetworkConfig.Kind) {
        var built = 0
        for agents in [-1, 0, 1, 2, 3, 4, 5, 7, 12] {
            let n = Double(agents)
            let degreeChoices: [Double] = [-1, 0, 1e-300, 0.4, 0.5, 1, 1.5, 2, 2.5, 3, n - 1.5, n - 1, n - 0.5, n, .infinity, .nan]
            for meanDegree in degreeChoices {
                for rewiring in [0, 0.5, 1, 2] {
                    for blocks in [0, 1, 2, 3, max(agents, 1)] {
                        for homophily in [0, 0.5, 1] {
                            var c = networkConfig(kind, meanDegree: meanDegree)
                            c.rewiring = rewiring
                            c.blocks = blocks
                            c.homophily = homophily
                            var rng = SplitMix64(seed: UInt64(built))
                            guard let network = try? Network.generate(c, agents: agents, rng: &rng) else { continue }
                            built += 1
                            #expect(structuralProblems(network) == [], "\(c) agents \(agents)")
                        }
                    }
                }
            }
        }
        #expect(built > 100)
    }
}
