public struct NetworkConfig: Sendable, Equatable, Hashable {
    public enum Kind: String, CaseIterable, Sendable { case wattsStrogatz, barabasiAlbert, erdosRenyi, stochasticBlock }
    public var kind: Kind = .wattsStrogatz
    public var meanDegree: Double = 10
    public var rewiring: Double = 0.1
    public var blocks: Int = 4
    public var homophily: Double = 0.8
    public init() {}
    public func validate(agents: Int) throws {}
}
public struct NetworkError: Error, Equatable, Sendable { public let keyPath: String; public let value: String; public let allowed: String }
public struct Network: Sendable {
    public let agentCount: Int
    public let offsets: [Int32]
    public let neighbors: [Int32]
    public static func generate(_ config: NetworkConfig, agents: Int, rng: inout SplitMix64) throws -> Network {
        var off: [Int32] = [0]; var nb: [Int32] = []
        for i in 0..<agents { for d in [-5,-4,-3,-2,-1,1,2,3,4,5] { nb.append(Int32((i + d + agents) % agents)) }; off.append(Int32(nb.count)) }
        return Network(agentCount: agents, offsets: off, neighbors: nb)
    }
}
