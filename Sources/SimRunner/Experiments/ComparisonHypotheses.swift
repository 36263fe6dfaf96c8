/// What `compare` can estimate for a declared hypothesis: a measure in one world
/// (`final_trust[constructive]`, mean over seeds) or the paired difference of a measure between
/// two worlds on common seeds (`horizon_welfare[a] - horizon_welfare[b]`).
extension Comparison {
    /// Nil when the hypothesis can be judged by this comparison, else why not (checked before running).
    func problem(with h: Hypothesis) -> String? {
        let names = worlds.map(\.world.name)
        let measureNames = Self.measures.map(\.name)
        func unknownWorld(_ w: String) -> String? {
            names.contains(w) ? nil : "hypothesis \"\(h.text)\": no world named '\(w)' in this comparison (worlds: \(names.joined(separator: ", ")))"
        }
        func unknownMeasure(_ m: String) -> String? {
            measureNames.contains(m) ? nil : "hypothesis \"\(h.text)\": compare has no measure '\(m)' (measures: \(measureNames.joined(separator: ", ")))"
        }
        switch h.quantity {
        case .measure(let name, _):
            return "hypothesis \"\(h.text)\": compare judges a measure in a world, \(name)[WORLD], or a paired difference, \(name)[A] - \(name)[B] (R(d) and d_star are judged by correct)"
        case .inWorld(let name, let world):
            return unknownMeasure(name) ?? unknownWorld(world)
        case .difference(let name, let a, let b):
            return unknownMeasure(name) ?? unknownWorld(a) ?? unknownWorld(b)
        }
    }

    func estimate(_ q: Hypothesis.Quantity, in r: Result) -> Hypothesis.Estimate? {
        let names = worlds.map(\.world.name)
        func values(_ name: String, _ world: String) -> [Double?]? {
            guard let m = Self.measures.first(where: { $0.name == name }), let k = names.firstIndex(of: world) else { return nil }
            return r.outcomes[k].map { m.value($0.summary, $0.trust) }
        }
        switch q {
        case .measure:
            return nil
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
        }
    }
}
