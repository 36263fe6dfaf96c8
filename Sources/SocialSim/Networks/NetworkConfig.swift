/// How to build the agents' social network: which generator, and its parameters.
///
/// ```swift
/// var config = NetworkConfig()
/// config.kind = .stochasticBlock
/// config.blocks = 8
/// config.homophily = 0.9
/// try config.validate(agents: 10_000)
/// ```
public struct NetworkConfig: Sendable, Equatable, Hashable {
    /// The network generator.
    public enum Kind: String, CaseIterable, Sendable {
        /// Watts-Strogatz small world: a ring lattice with a share of its ties rewired at random.
        case wattsStrogatz
        /// Barabási-Albert scale-free network, grown by preferential attachment.
        case barabasiAlbert
        /// Erdős-Rényi G(n, p): every pair of agents tied independently with the same probability.
        case erdosRenyi
        /// Stochastic block model: communities with denser ties inside than between them.
        case stochasticBlock
    }

    public var kind: Kind = .wattsStrogatz
    /// Target mean number of ties per agent (all kinds). Watts-Strogatz uses the nearest even
    /// integer k (ties round half away from zero: 3 gives 4, 11 gives 12). Barabási-Albert gives
    /// each newcomer m = max(1, round(meanDegree / 2)) ties, so its mean degree is just under 2m.
    public var meanDegree: Double = 10
    /// Watts-Strogatz: probability that each lattice tie is rewired, in [0, 1].
    public var rewiring: Double = 0.1
    /// Stochastic block model: number of communities, 1 ... 65536 and at most the number of agents.
    public var blocks: Int = 4
    /// Stochastic block model: expected fraction of an agent's ties inside its own community,
    /// in [0, 1]. Has no effect with a single block (every tie is then inside it).
    public var homophily: Double = 0.8

    public init() {}

    /// Throws ``NetworkError`` for the first parameter that makes the network impossible to
    /// build for `agents` agents. `rewiring`, `homophily` and `blocks` are always checked
    /// against their own ranges; what depends on the number of agents only for the kind
    /// that uses it.
    public func validate(agents: Int) throws {
        if let problem = firstProblem(agents: agents) { throw problem }
    }

    /// Largest number of agents: ids are stored as `Int32`.
    public static let maxAgents = Int(Int32.max)
    /// Largest number of communities: they are stored as `UInt16`.
    public static let maxBlocks = Int(UInt16.max) + 1
    /// Largest expected number of tie ends (twice the ties): 2^31, about 8 GiB of neighbour
    /// lists. Beyond it the arrays could not be allocated on any machine this model targets.
    public static let maxTieEnds = 1 << 31

    private func firstProblem(agents n: Int) -> NetworkError? {
        typealias E = NetworkError
        if n < 2 { return E("agents", n, "must be at least 2 to form a network") }
        if n > Self.maxAgents { return E("agents", n, "must be at most \(Self.maxAgents) (agent ids in the network are 32-bit)") }
        if !(meanDegree > 0) { return E("network.meanDegree", meanDegree, "must be positive") }
        if !(meanDegree < Double(n)) {
            return E("network.meanDegree", meanDegree, "must be below the number of agents (\(n))")
        }
        if !(0...1).contains(rewiring) { return E("network.rewiring", rewiring, "must be a probability in [0, 1]") }
        if !(0...1).contains(homophily) { return E("network.homophily", homophily, "must be a fraction in [0, 1]") }
        if blocks < 1 || blocks > Self.maxBlocks {
            return E("network.blocks", blocks, "must be between 1 and \(Self.maxBlocks) (communities are 16-bit)")
        }
        let tieEnds: Double
        switch kind {
        case .wattsStrogatz:
            let k = WattsStrogatz.latticeDegree(meanDegree)
            if k < 2 {
                return E("network.meanDegree", meanDegree,
                         "rounds to a lattice degree k = \(k); Watts-Strogatz needs an even k of at least 2 (meanDegree >= 1)")
            }
            if k > n - 1 {
                return E("network.meanDegree", meanDegree,
                         "rounds to a lattice degree k = \(k); Watts-Strogatz needs an even k of at most agents - 1 (\(n - 1))")
            }
            tieEnds = Double(n) * Double(k)
        case .barabasiAlbert:
            let m = BarabasiAlbert.tiesPerNewcomer(meanDegree)
            // Implied by meanDegree < agents; checked so the generator's own need is stated here.
            if m >= n {
                return E("network.meanDegree", meanDegree,
                         "gives m = \(m) ties per newcomer; Barabási-Albert needs m below the number of agents (\(n))")
            }
            tieEnds = 2 * Double(BarabasiAlbert.tieCount(agents: n, tiesPerNewcomer: m))
        case .erdosRenyi:
            if meanDegree > Double(n - 1) {
                return E("network.meanDegree", meanDegree, "must be at most agents - 1 (\(n - 1)): a tie to every other agent")
            }
            tieEnds = Double(n) * meanDegree
        case .stochasticBlock:
            if blocks > n { return E("network.blocks", blocks, "must be at most the number of agents (\(n))") }
            if meanDegree > Double(n - 1) {
                return E("network.meanDegree", meanDegree, "must be at most agents - 1 (\(n - 1)): a tie to every other agent")
            }
            if let problem = BlockLayout(agents: n, blocks: blocks).problem(meanDegree: meanDegree, homophily: homophily) {
                return problem
            }
            tieEnds = Double(n) * meanDegree
        }
        if tieEnds > Double(Self.maxTieEnds) {
            return E("network.meanDegree", meanDegree,
                     "needs about \(NetworkError.describe(tieEnds)) tie ends; at most \(Self.maxTieEnds) are supported (8 GiB of neighbour lists): keep agents × meanDegree below that, meanDegree about \(NetworkError.describe(down: Double(Self.maxTieEnds) / Double(n), places: 2)) for \(n) agents")
        }
        return nil
    }
}

/// Why a network cannot be built: the parameter's key path, its value, and what is allowed.
///
/// ```swift
/// // "network.meanDegree = 10000: must be below the number of agents (10000)"
/// print(NetworkError(keyPath: "network.meanDegree", value: "10000",
///                    allowed: "must be below the number of agents (10000)"))
/// ```
public struct NetworkError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The world key at fault, like `"network.meanDegree"` or `"agents"`.
    public let keyPath: String
    /// The offending value as text.
    public let value: String
    /// What would be accepted, phrased to follow "key = value:".
    public let allowed: String

    public init(keyPath: String, value: String, allowed: String) {
        self.keyPath = keyPath
        self.value = value
        self.allowed = allowed
    }

    init(_ keyPath: String, _ value: Int, _ allowed: String) {
        self.init(keyPath: keyPath, value: String(value), allowed: allowed)
    }

    init(_ keyPath: String, _ value: Double, _ allowed: String) {
        self.init(keyPath: keyPath, value: Self.describe(value), allowed: allowed)
    }

    public var description: String { "\(keyPath) = \(value): \(allowed)" }

    /// A number as a person would write it: 10 rather than 10.0.
    static func describe(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }

    /// `x` cut down (never up) to `places` decimals, so a suggested limit is itself allowed.
    static func describe(down x: Double, places: Int) -> String {
        let scale = pow10(places)
        return describe((x * scale).rounded(.down) / scale)
    }

    /// `x` raised (never lowered) to `places` decimals.
    static func describe(up x: Double, places: Int) -> String {
        let scale = pow10(places)
        return describe((x * scale).rounded(.up) / scale)
    }

    private static func pow10(_ n: Int) -> Double { (0..<n).reduce(1) { r, _ in r * 10 } }
}
