/// What `audit` can estimate for a declared hypothesis: a battery-mean measure of one policy
/// (`final_trust[constructive]`) or the paired difference between two policies.
extension Audit {
    /// Nil when the policies the hypothesis names are audited here, else why not (checked before
    /// running; its form and measure are checked by ``HypothesisExperiment/audit``).
    func problem(with h: Hypothesis) -> String? {
        let names = policies.map(\.world.name)
        let named: [String] = switch h.quantity {
        case .inWorld(_, let w): [w]
        case .difference(_, let a, let b): [a, b]
        default: []
        }
        return named.first { !names.contains($0) }.map { "no policy named '\($0)' (policies: \(names.joined(separator: ", ")))" }
    }

    func estimate(_ q: Hypothesis.Quantity, in r: Result) -> Hypothesis.Estimate? {
        let names = policies.map(\.world.name)
        func cell(_ name: String, _ w: String) -> Cell? {
            guard let p = names.firstIndex(of: w) else { return nil }
            return r.cells.first { $0.policy == p && $0.battery == "all" && $0.measure == name }
        }
        switch q {
        case .inWorld(let name, let w):
            guard let c = cell(name, w), let m = c.mean else { return nil }
            return .init(value: m, interval: c.interval, basis: "battery mean over \(c.defined) of \(seeds.count) seeds, percentile bootstrap")
        case .difference(let name, let a, let b):
            // Any pair of policies, paired on the per-seed battery means.
            guard let pa = names.firstIndex(of: a), let pb = names.firstIndex(of: b) else { return nil }
            guard let value = Self.scalarMeasures.first(where: { $0.name == name })?.value else { return nil }
            func values(_ p: Int) -> [Double?] { perSeed(r.units, policy: p, battery: Self.battery.count, value) }
            let d = zip(values(pa), values(pb)).compactMap { x, y in x.flatMap { x in y.map { x - $0 } } }
            guard !d.isEmpty else { return nil }
            return .init(value: d.reduce(0, +) / Double(d.count), interval: bootstrap.meanInterval(d),
                         basis: "paired battery-mean difference on \(d.count) of \(seeds.count) common seeds, percentile bootstrap")
        default:
            return nil
        }
    }
}
