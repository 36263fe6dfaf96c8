import SocialSim

/// The points of a parameter sweep: a full grid, or a Latin hypercube sample, over world
/// parameters. Each point is a list of `--set`-style assignments applied to the base world.
///
/// ```
/// --grid optimizer.specificationGap=0:1:5      5 evenly spaced values, ends included
/// --grid optimizer.objective=engagement,approval   listed values
/// --lhs trust.lossRate=0.01:0.1 --samples 20   20 Latin hypercube samples
/// ```
struct SweepDesign: Sendable, Equatable {
    struct Axis: Sendable, Equatable {
        var key: String
        /// Values as they would be written after `--set key=`.
        var values: [String]
    }

    /// morris and sobol: the designs of `simrunner sensitivity` (see ``Sensitivity``).
    enum Kind: String, Sendable { case grid, lhs, morris, sobol }

    var kind: Kind
    var keys: [String]
    /// points[p] = the value of each key at point p (in `keys` order).
    var points: [[String]]

    /// A full factorial grid: the first axis varies slowest.
    static func grid(_ axes: [Axis]) -> SweepDesign {
        var points: [[String]] = [[]]
        for axis in axes {
            points = points.flatMap { p in axis.values.map { p + [$0] } }
        }
        return SweepDesign(kind: .grid, keys: axes.map(\.key), points: points)
    }

    /// A Latin hypercube of `samples` points: each axis's range is cut into `samples` equal
    /// strata, one value drawn in each, and strata are matched across axes by independent
    /// random permutations (McKay, Beckman & Conover 1979). Reproducible from `seed`.
    static func latinHypercube(_ ranges: [(key: String, low: Double, high: Double, integer: Bool)], samples: Int, seed: UInt64) -> SweepDesign {
        var rng = SplitMix64(seed: SplitMix64.mix(seed ^ 0x4C48_5344_4553_4947))
        var columns: [[String]] = []
        for r in ranges {
            var strata = Array(0..<samples)
            for i in stride(from: samples - 1, to: 0, by: -1) { strata.swapAt(i, rng.nextInt(below: i + 1)) }
            columns.append(strata.map { s in
                let u = (Double(s) + rng.nextUnit()) / Double(samples)
                let x = r.low + u * (r.high - r.low)
                return r.integer ? String(Int(x.rounded())) : CSVTable.format(x)
            })
        }
        let points = (0..<samples).map { p in columns.map { $0[p] } }
        return SweepDesign(kind: .lhs, keys: ranges.map(\.key), points: points)
    }

    /// Parses `key=a:b:n` (n evenly spaced values) or `key=v1,v2,...` for a grid axis.
    static func gridAxis(_ key: String, _ spec: String) throws(UsageError) -> Axis {
        let kind = try parameterKind(key)
        let shown = "'--grid \(SafeText.shown(key))=\(SafeText.shown(spec))'"
        if spec.contains(":") && !spec.contains(",") {
            let parts = spec.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 3, let a = Double(parts[0]), let b = Double(parts[1]), let n = Int(parts[2]), n >= 1,
                  a.isFinite, b.isFinite else {
                throw UsageError("\(shown): expected START:STOP:COUNT (e.g. 0:1:5) with finite numbers and COUNT >= 1, or a list v1,v2,...")
            }
            guard n <= DesignLimits.valuesPerAxis else {
                throw UsageError("\(shown): \(n) values; at most \(DesignLimits.valuesPerAxis) per axis")
            }
            try checkRange(a, b, kind: kind, shown: shown)
            let integer = isInteger(kind)
            var values: [String] = []
            var seen = Set<String>()
            for i in 0..<n {
                let x = n == 1 ? a : a + (b - a) * Double(i) / Double(n - 1)
                let text = integer ? String(Int(x.rounded())) : CSVTable.format(x)
                if !seen.insert(text).inserted {
                    throw UsageError("\(shown) repeats the value \(text) after rounding to integers; use fewer points")
                }
                values.append(text)
            }
            return Axis(key: key, values: values)
        }
        let commas = spec.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: ",") ? 1 : 0) }
        guard commas < DesignLimits.valuesPerAxis else {
            throw UsageError("\(shown): \(commas + 1) values; at most \(DesignLimits.valuesPerAxis) per axis")
        }
        let values = spec.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard !values.contains(where: \.isEmpty) else { throw UsageError("\(shown): empty value in the list") }
        guard Set(values).count == values.count else { throw UsageError("\(shown): a value is listed twice") }
        return Axis(key: key, values: values)
    }

    /// Parses `key=a:b` for a Latin hypercube axis.
    static func lhsRange(_ key: String, _ spec: String) throws(UsageError) -> (key: String, low: Double, high: Double, integer: Bool) {
        let kind = try parameterKind(key)
        let shown = "'--lhs \(SafeText.shown(key))=\(SafeText.shown(spec))'"
        let parts = spec.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let a = Double(parts[0]), let b = Double(parts[1]), a.isFinite, b.isFinite, a < b else {
            throw UsageError("\(shown): expected LOW:HIGH with finite LOW < HIGH (e.g. 0.01:0.1)")
        }
        switch kind {
        case .real, .integer, .optionalInteger, .none: break
        default: throw UsageError("'--lhs \(SafeText.shown(key))': only numeric parameters can be sampled; use --grid with a list for others")
        }
        try checkRange(a, b, kind: kind, shown: shown)
        return (key, a, b, isInteger(kind))
    }

    /// The ends of a numeric range must lie in the parameter's allowed range, so that an
    /// integer range such as `agents=2:1e300:3` is refused here instead of trapping when a
    /// value is converted, and a bad range is one line instead of one per point.
    private static func checkRange(_ a: Double, _ b: Double, kind: ParameterKind?, shown: String) throws(UsageError) {
        let low: Double, high: Double
        switch kind {
        case .real(let r)?: (low, high) = (r.lowerBound, r.upperBound)
        case .integer(let r)?, .optionalInteger(let r)?: (low, high) = (Double(r.lowerBound), Double(r.upperBound))
        default: (low, high) = (-DesignLimits.integer, DesignLimits.integer)
        }
        for x in [a, b] where x < low || x > high {
            throw UsageError("\(shown): \(CSVTable.format(x)) is outside the parameter's range \(CSVTable.format(low)) to \(CSVTable.format(high))")
        }
    }

    /// The kind of a sweepable key (a world parameter or a frame field), or a usage error.
    static func parameterKind(_ key: String) throws(UsageError) -> ParameterKind? {
        if case .seed? = WorldParameters.parameter(key)?.kind {
            // Sweeping the world's seed would run every point on the seed the command line
            // already sets for each run, and write a second `seed` column.
            throw UsageError("'\(SafeText.shown(key))' cannot be swept: seeds are set with --seed (the first) and --seeds (how many per point)")
        }
        if let p = WorldParameters.parameter(key) {
            // A single number sweeps every dimension of a per-dimension parameter at once.
            if case .perDimension(let r) = p.kind { return .real(r) }
            return p.kind
        }
        if let (p, _) = WorldOverrides.dimensionElement(key), case .perDimension(let r) = p.kind { return .real(r) }
        if let (_, field) = WorldOverrides.frameField(key), let f = FrameParameters.all.first(where: { $0.name == field }) {
            return f.kind
        }
        if let problem = WorldOverrides.indexProblem(key) { throw UsageError("'\(SafeText.shown(key))': \(problem)") }
        var message = "unknown parameter '\(SafeText.shown(key))'"
        if let near = nearestName(to: key, among: WorldParameters.all.map(\.path)) { message += " (did you mean '\(near)'?)" }
        throw UsageError(message + "; `simrunner params` lists every key")
    }

    private static func isInteger(_ kind: ParameterKind?) -> Bool {
        switch kind {
        case .integer, .optionalInteger, .seed: true
        default: false
        }
    }

    /// A canonical text of the design, for the manifest and for checking a resume or a merge.
    var canonical: [String] {
        ["kind=\(kind.rawValue)", "keys=" + keys.joined(separator: ";")] + points.map { $0.joined(separator: ";") }
    }
}
