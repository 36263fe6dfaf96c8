/// What `compare` can estimate for a declared hypothesis: a measure in one world
/// (`final_trust[constructive]`, mean over seeds) or the paired difference of a measure between
/// two worlds on common seeds (`horizon_welfare[a] - horizon_welfare[b]`).
extension Comparison {
    /// Nil when the worlds the hypothesis names are in this comparison, else why not (checked
    /// before running; its form and measure are checked by ``HypothesisExperiment/compare``).
    func problem(with h: Hypothesis) -> String? {
        let names = worlds.map(\.world.name)
        let named: [String] = switch h.quantity {
        case .inWorld(_, let w): [w]
        case .difference(_, let a, let b): [a, b]
        default: []
        }
        return named.first { !names.contains($0) }.map { "no world named '\($0)' in this comparison (worlds: \(names.joined(separator: ", ")))" }
    }

    func estimate(_ q: Hypothesis.Quantity, in r: Result) -> Hypothesis.Estimate? {
        let names = worlds.map(\.world.name)
        func values(_ name: String, _ world: String) -> [Double?]? {
            guard let m = Self.measures.first(where: { $0.name == name }), let k = names.firstIndex(of: world) else { return nil }
            return r.outcomes[k].map { m.value($0.summary, $0.trust) }
        }
        switch q {
        case .inWorld(let name, let world):
            guard let v = values(name, world)?.compactMap({ $0 }), !v.isEmpty else { return nil }
            return .init(value: v.reduce(0, +) / Double(v.count), interval: bootstrap.meanInterval(v),
                         basis: "mean over \(v.count) of \(seeds.count) seeds, percentile bootstrap")
        case .difference(let name, let a, let b):
            guard let va = values(name, a), let vb = values(name, b) else { return nil }
            let d = zip(va, vb).compactMap { x, y in x.flatMap { x in y.map { x - $0 } } }
            guard !d.isEmpty else { return nil }
            return .init(value: d.reduce(0, +) / Double(d.count), interval: bootstrap.meanInterval(d),
                         basis: "paired difference on \(d.count) of \(seeds.count) common seeds, percentile bootstrap")
        default:
            return nil
        }
    }
}
