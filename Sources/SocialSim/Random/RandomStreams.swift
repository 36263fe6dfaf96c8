/// Independent random streams split from one world seed.
///
/// Every consumer of randomness asks for a stream by *what it is for* (a ``StreamPurpose``)
/// and *who* it is for (an agent, an item, a step). The stream's starting state is a hash of
/// those coordinates, so it does not depend on how many numbers anything else drew, on the
/// order agents are visited, or on the number of threads. That gives:
/// - identical results whatever `--jobs` is;
/// - common random numbers: a corrected and an uncorrected run of the same seed draw the
///   same numbers for the same agent at the same step.
public struct RandomStreams: Sendable, Hashable {
    /// The run's seed (from the command line or the world file).
    public let seed: UInt64

    public init(seed: UInt64) { self.seed = seed }

    /// A generator for `purpose`, keyed by up to two coordinates (agent, step, item, ...).
    @inlinable
    public func stream(_ purpose: StreamPurpose, _ a: UInt64 = 0, _ b: UInt64 = 0) -> SplitMix64 {
        family(purpose).stream(a, b)
    }

    /// The streams of one purpose: the hash of (seed, purpose) done once, for a loop that asks
    /// for a stream per agent and step.
    @inlinable
    public func family(_ purpose: StreamPurpose) -> StreamFamily {
        StreamFamily(key: SplitMix64.mix(seed &+ 0x9E37_79B9_7F4A_7C15 &* (purpose.rawValue &+ 1)))
    }
}

/// The streams of one ``StreamPurpose`` of one seed (``RandomStreams/family(_:)``).
public struct StreamFamily: Sendable, Hashable {
    public let key: UInt64

    @inlinable
    public init(key: UInt64) { self.key = key }

    /// The same generator as ``RandomStreams/stream(_:_:_:)`` with this family's purpose.
    @inlinable @inline(__always)
    public func stream(_ a: UInt64 = 0, _ b: UInt64 = 0) -> SplitMix64 {
        var h = SplitMix64.mix(key ^ (a &* 0xD1B5_4A32_D192_ED03))
        h = SplitMix64.mix(h ^ (b &* 0x8CB9_2BA7_2F3D_8DD7))
        return SplitMix64(seed: h)
    }
}

/// What a random stream is used for. Each purpose is a separate, independent stream family;
/// add new cases at the end so existing streams keep their numbers.
public enum StreamPurpose: UInt64, Sendable {
    case network = 1
    case agentTraits = 2
    case catalogue = 3
    case agentStep = 4
    case itemStep = 5
    case measurement = 6
    /// What the deployed system misreads (noisy footprints and state readings).
    case legibility = 7
    /// Admission of flagged items to review at the consequence gate.
    case gate = 8
}
