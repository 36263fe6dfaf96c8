/// Template-driven moderation: filters on item templates (formats). The moderator blocks the
/// templates with the highest mean footprint at deployment; suppliers whose items are blocked
/// re-make them in an unblocked template, keeping their appeal and footprint. The filter
/// works at first and erodes as supply routes around it.
public enum TemplateModeration {
    /// Which templates are blocked: the `round(fraction * templates)` (at most templates - 1)
    /// with the highest mean normalized footprint (ties to the lower template index).
    public static func blockedTemplates(catalogue: Catalogue, templates: Int, fraction: Double) -> [Bool] {
        var sum = [Double](repeating: 0, count: templates)
        var n = [Int](repeating: 0, count: templates)
        for j in 0..<catalogue.count {
            let t = Int(catalogue.template[j])
            sum[t] += catalogue.normalizedFootprint[j]
            n[t] += 1
        }
        let mean = (0..<templates).map { n[$0] > 0 ? sum[$0] / Double(n[$0]) : -1 }
        let order = (0..<templates).sorted { mean[$0] != mean[$1] ? mean[$0] > mean[$1] : $0 < $1 }
        var blocked = [Bool](repeating: false, count: templates)
        let k = min(templates - 1, Int((fraction * Double(templates)).rounded()))
        for t in order.prefix(max(k, 0)) { blocked[t] = true }
        return blocked
    }

    /// One step of supply adaptation: each item in a blocked template moves, with probability
    /// `rate`, to a uniformly chosen unblocked template.
    public static func adaptSupply(catalogue: inout Catalogue, blocked: [Bool], rate: Double, streams: RandomStreams, step: Int) {
        let open = blocked.indices.filter { !blocked[$0] }
        guard !open.isEmpty, rate > 0 else { return }
        for j in 0..<catalogue.count where blocked[Int(catalogue.template[j])] {
            var rng = streams.stream(.itemStep, UInt64(j), UInt64(step))
            if rng.nextUnit() < rate {
                catalogue.template[j] = Int32(open[rng.nextInt(below: open.count)])
            }
        }
    }

    /// Which items can be served: those whose template is not blocked.
    public static func available(catalogue: Catalogue, blocked: [Bool]) -> [Bool] {
        var out = [Bool](repeating: false, count: catalogue.count)
        markAvailable(catalogue: catalogue, blocked: blocked, into: &out)
        return out
    }

    /// ``available(catalogue:blocked:)`` written into `available` (one per item), which the run
    /// keeps, so nothing is allocated per step.
    public static func markAvailable(catalogue: Catalogue, blocked: [Bool], into available: inout [Bool]) {
        precondition(available.count == catalogue.count)
        for j in 0..<catalogue.count { available[j] = !blocked[Int(catalogue.template[j])] }
    }
}
