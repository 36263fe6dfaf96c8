import SocialSim

/// What a finished run leaves for a journal: its per-step measures and the relief it spent,
/// bit for bit, so a resumed experiment rebuilds exactly the `RunOutcome` an uninterrupted one
/// computed (summaries, trust measures and tables are all derived from these).
struct RunRecord: Sendable, Equatable {
    var series: [StepMetrics]
    var reliefSpent: Double

    func outcome(world: WorldConfig, collapseLevel: Double) -> RunOutcome {
        RunOutcome(series: series, world: world, reliefSpent: reliefSpent, collapseLevel: collapseLevel)
    }

    /// The fields of `StepMetrics` written, in order. A test checks this against the type's
    /// stored properties, so a field added to the model cannot be silently dropped on resume.
    static let stepFieldCount = 24

    /// Several records in one payload (e.g. a correction seed's uncorrected run and its forks).
    static func encode(_ records: [RunRecord]) -> [UInt8] {
        var w = Writer()
        w.int(records.count)
        for r in records {
            w.double(r.reliefSpent)
            w.int(r.series.count)
            for m in r.series {
                w.int(m.step)
                w.int(m.corrected ? 1 : 0)
                w.doubles(m.meanStock)
                w.doubles(m.lockedFraction)
                w.int(m.newLocks)
                w.double(m.trustMean)
                w.double(m.trustSpread)
                w.double(m.exitedFraction)
                w.double(m.proxyReward)
                w.double(m.servedFraction)
                w.double(m.feedbackRate)
                w.double(m.consumptionRate)
                w.optional(m.lockNeighbourShare)
                w.optional(m.lockNeighbourShareNull)
                w.double(m.welfare)
                w.double(m.preferenceEntropy)
                w.double(m.reflectiveDistance)
                w.optional(m.homogenization)
                w.int(m.homogenizationPairs)
                w.optional(m.consumptionConcentration)
                w.optional(m.feedbackFidelity)
                w.optional(m.estimateDrift)
                w.optional(m.estimateBias)
                w.doubles(m.frameShares)
            }
        }
        return w.bytes
    }

    /// Nil for bytes that are not a whole encoding (the journal's checksum makes that rare).
    static func decode(_ bytes: [UInt8]) -> [RunRecord]? {
        var r = Reader(bytes: bytes)
        guard let count = r.count() else { return nil }
        var records: [RunRecord] = []
        for _ in 0..<count {
            guard let relief = r.double(), let steps = r.count() else { return nil }
            var series: [StepMetrics] = []
            series.reserveCapacity(steps)
            for _ in 0..<steps {
                var m = StepMetrics()
                guard let step = r.int(), let corrected = r.int(), let stock = r.doubles(), let locked = r.doubles(),
                      let newLocks = r.int(), let trustMean = r.double(), let trustSpread = r.double(),
                      let exited = r.double(), let proxy = r.double(), let served = r.double(), let feedback = r.double(),
                      let consumption = r.double(), let lockShare = r.optional(), let lockShareNull = r.optional(), let welfare = r.double(), let entropy = r.double(),
                      let distance = r.double(), let homogenization = r.optional(), let pairs = r.int(),
                      let concentration = r.optional(), let fidelity = r.optional(),
                      let drift = r.optional(), let bias = r.optional(), let shares = r.doubles()
                else { return nil }
                m.step = step
                m.corrected = corrected != 0
                m.meanStock = stock
                m.lockedFraction = locked
                m.newLocks = newLocks
                m.trustMean = trustMean
                m.trustSpread = trustSpread
                m.exitedFraction = exited
                m.proxyReward = proxy
                m.servedFraction = served
                m.feedbackRate = feedback
                m.consumptionRate = consumption
                m.lockNeighbourShare = lockShare
                m.lockNeighbourShareNull = lockShareNull
                m.welfare = welfare
                m.preferenceEntropy = entropy
                m.reflectiveDistance = distance
                m.homogenization = homogenization
                m.homogenizationPairs = pairs
                m.consumptionConcentration = concentration
                m.feedbackFidelity = fidelity
                m.estimateDrift = drift
                m.estimateBias = bias
                m.frameShares = shares
                series.append(m)
            }
            records.append(RunRecord(series: series, reliefSpent: relief))
        }
        return r.atEnd ? records : nil
    }

    private struct Writer {
        var bytes: [UInt8] = []
        mutating func uint(_ v: UInt64) { for i in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(i)))) } }
        mutating func int(_ v: Int) { uint(UInt64(bitPattern: Int64(v))) }
        mutating func double(_ v: Double) { uint(v.bitPattern) }
        /// A flag word (0: nil), then the value when present.
        mutating func optional(_ v: Double?) {
            int(v == nil ? 0 : 1)
            if let v { double(v) }
        }
        mutating func doubles(_ v: [Double]) {
            int(v.count)
            for x in v { double(x) }
        }
    }

    private struct Reader {
        let bytes: [UInt8]
        var at = 0
        var atEnd: Bool { at == bytes.count }
        mutating func uint() -> UInt64? {
            guard at + 8 <= bytes.count else { return nil }
            var v: UInt64 = 0
            for i in 0..<8 { v |= UInt64(bytes[at + i]) << (8 * UInt64(i)) }
            at += 8
            return v
        }
        mutating func int() -> Int? { uint().map { Int(Int64(bitPattern: $0)) } }
        mutating func double() -> Double? { uint().map(Double.init(bitPattern:)) }
        /// A length, refused when it cannot fit in what is left (so garbage cannot allocate much).
        mutating func count() -> Int? {
            guard let n = int(), n >= 0, n <= (bytes.count - at) / 8 + 1 else { return nil }
            return n
        }
        /// `.some(nil)` for an absent value, nil for bytes that are not an encoding.
        mutating func optional() -> Double?? {
            guard let flag = int(), flag == 0 || flag == 1 else { return nil }
            if flag == 0 { return .some(nil) }
            guard let v = double() else { return nil }
            return .some(v)
        }
        mutating func doubles() -> [Double]? {
            guard let n = count() else { return nil }
            var out: [Double] = []
            out.reserveCapacity(n)
            for _ in 0..<n {
                guard let x = double() else { return nil }
                out.append(x)
            }
            return out
        }
    }
}

extension RunRecord {
    /// Runs `world` with `seed` to its horizon.
    static func simulate(_ world: WorldConfig, seed: UInt64, threads: Int = 1) throws -> RunRecord {
        let sim = try Simulation(world: world, seed: seed)
        sim.threads = threads
        var series: [StepMetrics] = []
        series.reserveCapacity(world.steps)
        sim.run { series.append($0) }
        return RunRecord(series: series, reliefSpent: sim.reliefSpent)
    }
}
