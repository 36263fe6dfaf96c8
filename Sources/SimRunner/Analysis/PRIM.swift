import Foundation

/// The Patient Rule Induction Method (Friedman & Fisher 1999) for scenario discovery, as in the
/// EMA Workbench: find boxes in parameter space where a binary outcome is concentrated.
///
/// Peeling starts from the box holding every point and repeatedly removes the slice (the lowest
/// or highest `peelAlpha` quantile of one numeric parameter, or one category of a categorical
/// one) that raises the density most per point removed, while at least `minMass` of the points
/// remain. Quantiles skip over tied values as the EMA Workbench does, so on a grid a peel removes
/// a whole level and the new limit lies midway between levels. Every box of this peeling
/// trajectory is kept, with its coverage (share of all cases inside) and density (share of the
/// points inside that are cases).
///
/// The chosen box: among the boxes with density at least `threshold`, the knee of the
/// trajectory, i.e. the box farthest from the straight line joining the first and the last box
/// in the coverage–density plane (when no box reaches the threshold, the knee over all boxes,
/// and `meetsThreshold` is false). It is then pasted: a slice of `pasteAlpha` × its points just
/// outside one limit is added back while that does not lower the density.
///
/// ```swift
/// let prim = PRIM(dimensions: [.numeric("x", xs), .numeric("y", ys)], outcome: inside)
/// let r = prim.run()
/// r.trajectory.map(\.coverage)     // from 1 down
/// r.chosen.limits                  // per dimension
/// ```
struct PRIM: Sendable {
    enum Dimension: Sendable {
        case numeric(String, [Double])
        /// Values are indices into `labels`.
        case categorical(String, [Int], labels: [String])

        var name: String {
            switch self {
            case .numeric(let n, _), .categorical(let n, _, _): n
            }
        }

        var count: Int {
            switch self {
            case .numeric(_, let v): v.count
            case .categorical(_, let v, _): v.count
            }
        }
    }

    /// A box's limits in one dimension: a closed interval, or a set of allowed categories.
    enum Limit: Sendable, Equatable {
        case range(Double, Double)
        case categories(Set<Int>)
    }

    struct Box: Sendable, Equatable {
        var limits: [Limit]
        var points: Int
        var cases: Int
        var coverage: Double
        var density: Double
        var mass: Double
    }

    struct Result: Sendable {
        /// The peeling trajectory, from the box holding everything.
        var trajectory: [Box]
        /// The box picked from the trajectory (index into it), before pasting.
        var chosenIndex: Int
        /// The chosen box after pasting.
        var chosen: Box
        var meetsThreshold: Bool
        /// The limits of the box holding every point, to tell which limits restrict.
        var initial: [Limit]
    }

    var dimensions: [Dimension]
    var outcome: [Bool]
    var peelAlpha = 0.05
    var pasteAlpha = 0.05
    var minMass = 0.05
    var threshold = 0.8

    init(dimensions: [Dimension], outcome: [Bool]) {
        precondition(dimensions.allSatisfy { $0.count == outcome.count }, "every dimension needs a value per point")
        self.dimensions = dimensions
        self.outcome = outcome
    }

    private var n: Int { outcome.count }
    private var totalCases: Int { outcome.filter { $0 }.count }

    func value(_ d: Int, _ i: Int) -> Double {
        switch dimensions[d] {
        case .numeric(_, let v): v[i]
        case .categorical(_, let v, _): Double(v[i])
        }
    }

    func contains(_ limits: [Limit], point i: Int, except skip: Int = -1) -> Bool {
        for d in dimensions.indices where d != skip {
            switch limits[d] {
            case .range(let lo, let hi):
                let x = value(d, i)
                if x < lo || x > hi { return false }
            case .categories(let allowed):
                if !allowed.contains(Int(value(d, i))) { return false }
            }
        }
        return true
    }

    func box(_ limits: [Limit], members: [Int]) -> Box {
        let cases = members.filter { outcome[$0] }.count
        let total = totalCases
        return Box(limits: limits, points: members.count, cases: cases,
                   coverage: total > 0 ? Double(cases) / Double(total) : 0,
                   density: members.isEmpty ? 0 : Double(cases) / Double(members.count),
                   mass: n > 0 ? Double(members.count) / Double(n) : 0)
    }

    func run() -> Result {
        let initial: [Limit] = dimensions.indices.map { d in
            switch dimensions[d] {
            case .numeric(_, let v): .range(v.min() ?? 0, v.max() ?? 0)
            case .categorical(_, let v, _): .categories(Set(v))
            }
        }
        var members = Array(0..<n)
        var limits = initial
        var trajectory = [box(limits, members: members)]
        // Peeling.
        while let next = bestPeel(limits, members: members) {
            limits = next.limits
            members = next.members
            trajectory.append(box(limits, members: members))
        }
        let (index, meets) = choose(trajectory)
        var chosenLimits = trajectory[index].limits
        var chosenMembers = (0..<n).filter { contains(chosenLimits, point: $0) }
        // Pasting.
        while let next = bestPaste(chosenLimits, members: chosenMembers) {
            chosenLimits = next.limits
            chosenMembers = next.members
        }
        return Result(trajectory: trajectory, chosenIndex: index, chosen: box(chosenLimits, members: chosenMembers),
                      meetsThreshold: meets, initial: initial)
    }

    /// The knee among the boxes that reach the threshold (or among all when none does).
    func choose(_ trajectory: [Box]) -> (Int, Bool) {
        let qualifying = trajectory.indices.filter { trajectory[$0].density >= threshold }
        let candidates = qualifying.isEmpty ? Array(trajectory.indices) : qualifying
        guard let first = trajectory.first, let last = trajectory.last else { return (0, false) }
        let dx = last.coverage - first.coverage, dy = last.density - first.density
        let length = (dx * dx + dy * dy).squareRoot()
        func distance(_ b: Box) -> Double {
            guard length > 0 else { return 0 }
            // Signed: positive above the chord (more density for the coverage).
            return (dx * (b.density - first.density) - dy * (b.coverage - first.coverage)) / length * (dx < 0 ? -1 : 1)
        }
        var best = candidates[0]
        for i in candidates.dropFirst() where distance(trajectory[i]) > distance(trajectory[best]) + 1e-12 { best = i }
        return (best, !qualifying.isEmpty)
    }

    private func mean(_ members: [Int]) -> Double {
        members.isEmpty ? 0 : Double(members.filter { outcome[$0] }.count) / Double(members.count)
    }

    /// The admissible peel with the largest gain in density per point removed (ties: the one
    /// keeping more points, then the first dimension).
    private func bestPeel(_ limits: [Limit], members: [Int]) -> (limits: [Limit], members: [Int])? {
        let oldMean = mean(members)
        let minimum = Int((minMass * Double(n)).rounded(.up))
        var best: (limits: [Limit], members: [Int], objective: Double)? = nil
        func consider(_ newLimits: [Limit], _ kept: [Int]) {
            guard kept.count < members.count, kept.count >= max(1, minimum) else { return }
            let objective = (mean(kept) - oldMean) / Double(members.count - kept.count)
            if let b = best, objective < b.objective || (objective == b.objective && kept.count <= b.members.count) { return }
            best = (newLimits, kept, objective)
        }
        for d in dimensions.indices {
            switch limits[d] {
            case .range(let lo, let hi):
                let xs = members.map { value(d, $0) }.sorted()
                guard let low = Self.quantile(xs, peelAlpha), let high = Self.quantile(xs, 1 - peelAlpha) else { continue }
                var l = limits
                l[d] = .range(low, hi)
                consider(l, members.filter { value(d, $0) >= low })
                l[d] = .range(lo, high)
                consider(l, members.filter { value(d, $0) <= high })
            case .categories(let allowed):
                guard allowed.count > 1 else { continue }
                for c in allowed.sorted() {
                    var l = limits
                    l[d] = .categories(allowed.subtracting([c]))
                    consider(l, members.filter { Int(value(d, $0)) != c })
                }
            }
        }
        return best.map { ($0.limits, $0.members) }
    }

    /// The paste (one slice added back beyond one limit) that raises the density most without
    /// lowering it; nil when none qualifies.
    private func bestPaste(_ limits: [Limit], members: [Int]) -> (limits: [Limit], members: [Int])? {
        let oldMean = mean(members)
        let step = max(1, Int((pasteAlpha * Double(members.count)).rounded(.up)))
        var best: (limits: [Limit], members: [Int], mean: Double)? = nil
        func consider(_ newLimits: [Limit]) {
            let grown = (0..<n).filter { contains(newLimits, point: $0) }
            guard grown.count > members.count else { return }
            let m = mean(grown)
            guard m >= oldMean else { return }
            if let b = best, m < b.mean || (m == b.mean && grown.count <= b.members.count) { return }
            best = (newLimits, grown, m)
        }
        for d in dimensions.indices {
            // Points inside the box in every other dimension.
            let slab = (0..<n).filter { contains(limits, point: $0, except: d) }
            switch limits[d] {
            case .range(let lo, let hi):
                let below = slab.map { value(d, $0) }.filter { $0 < lo }.sorted(by: >)
                if below.count > 0 {
                    var l = limits
                    l[d] = .range(below[min(step, below.count) - 1], hi)
                    consider(l)
                }
                let above = slab.map { value(d, $0) }.filter { $0 > hi }.sorted()
                if above.count > 0 {
                    var l = limits
                    l[d] = .range(lo, above[min(step, above.count) - 1])
                    consider(l)
                }
            case .categories(let allowed):
                let outside = Set(slab.map { Int(value(d, $0)) }).subtracting(allowed)
                for c in outside.sorted() {
                    var l = limits
                    l[d] = .categories(allowed.union([c]))
                    consider(l)
                }
            }
        }
        return best.map { ($0.limits, $0.members) }
    }

    /// The dimensions whose limits in `limits` are narrower than in `initial`.
    func restrictedDimensions(_ limits: [Limit], initial: [Limit]) -> [Int] {
        dimensions.indices.filter { limits[$0] != initial[$0] }
    }

    /// Quasi-p values of a box's restrictions (Bryant & Lempert 2010), as the EMA Workbench
    /// reports them: for each restricted dimension j, drop that restriction (keep the others),
    /// take the share p_j of cases among the points of that larger box, and ask how likely a box
    /// of the same number of points drawn at that share would hold at least as many cases: the
    /// one-sided binomial tail P(X >= cases), X ~ Binomial(points, p_j). A small value says the
    /// restriction on j adds real density; it is "quasi" because the box was chosen by looking at
    /// the same data.
    func quasiP(_ box: Box, initial: [Limit]) -> [(dimension: Int, p: Double)] {
        restrictedDimensions(box.limits, initial: initial).map { j in
            var relaxed = box.limits
            relaxed[j] = initial[j]
            let members = (0..<n).filter { contains(relaxed, point: $0) }
            let share = members.isEmpty ? 0 : Double(members.filter { outcome[$0] }.count) / Double(members.count)
            return (j, Self.binomialTail(atLeast: box.cases, trials: box.points, probability: share))
        }
    }

    /// P(X >= k) for X ~ Binomial(n, p), summed in log space so large n does not overflow.
    static func binomialTail(atLeast k: Int, trials n: Int, probability p: Double) -> Double {
        if k <= 0 { return 1 }
        if k > n { return 0 }
        if p <= 0 { return 0 }
        if p >= 1 { return 1 }
        let logP = log(p), logQ = log1p(-p)
        // log(i!) for i in 0...n, by cumulative sums of logs.
        var logFactorial = [Double](repeating: 0, count: n + 1)
        for i in stride(from: 2, through: n, by: 1) { logFactorial[i] = logFactorial[i - 1] + log(Double(i)) }
        var total = 0.0
        for i in k...n {
            let logTerm = logFactorial[n] - logFactorial[i] - logFactorial[n - i] + Double(i) * logP + Double(n - i) * logQ
            total += exp(logTerm)
        }
        return min(1, total)
    }

    /// The EMA Workbench's peeling quantile of sorted values: the type-7 position, moved past
    /// tied values (upwards for a lower quantile, downwards for an upper one), then the midpoint
    /// of the two order statistics it lands between.
    static func quantile(_ sorted: [Double], _ q: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let position = Double(sorted.count - 1) * q
        var lower = Int(position.rounded(.down)), upper = Int(position.rounded(.up))
        if q > 0.5 {
            while sorted[lower] == sorted[upper] && lower > 0 { lower -= 1 }
        } else {
            while sorted[lower] == sorted[upper] && upper < sorted.count - 1 { upper += 1 }
        }
        return (sorted[lower] + sorted[upper]) / 2
    }
}
