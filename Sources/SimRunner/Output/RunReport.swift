import Foundation
import SocialSim

/// The short readable summary `simrunner run` prints.
enum RunReport {
    static func text(world: WorldConfig, seed: UInt64, summary s: RunSummary,
                     reliefSpent: Double, directory: String) -> String {
        func pct(_ x: Double) -> String { String(format: "%.0f%%", 100 * x) }
        func num(_ x: Double) -> String { String(format: "%.3f", x) }
        var out = "world '\(world.name)': \(world.agents) agents, \(world.steps) steps, seed \(seed), \(world.network.kind.rawValue) network, objective \(world.optimizer.objective.rawValue)"
        if let c = world.correction.step {
            out += ", corrected at step \(c) to \(world.correction.objective.rawValue)"
            if world.correction.reliefBudget > 0 { out += String(format: " with relief %.3g spent", reliefSpent) }
        }
        out += "\n"
        out += "  welfare at horizon (mean of last \(min(world.measurement.window, world.steps)) steps): \(num(s.horizonWelfare)); proxy reward \(num(s.horizonProxy)) from the \(pct(s.horizonFeedbackRate)) of agents who gave feedback (\(pct(s.horizonServed)) served)\n"
        out += "  trust: \(num(s.initialTrust)) -> \(num(s.finalTrust))"
        out += s.trustHalvedStep.map { ", halved by step \($0)" } ?? ", never halved"
        out += "; exited \(pct(s.finalExited))\n"
        out += "  locked at horizon: " + zip(Dimension.allCases, s.finalLocked).map { "\($0.name) \(pct($1))" }.joined(separator: ", ")
        out += s.firstCascadeStep.map { "; first lock-in cascade at step \($0)" } ?? "; no lock-in cascade"
        out += "\n"
        if s.firstCascadeStep != nil {
            out += "  lock clustering at the cascade: "
            if let share = s.cascadeLockNeighbourShare, let null = s.cascadeLockNeighbourShareNull {
                out += "\(num(share)) of locked agents' neighbours locked, \(num(null)) expected under a degree-preserving shuffle (excess \(String(format: "%+.3f", share - null)))"
            } else {
                out += "undefined"
            }
            out += s.finalLockClusteringExcess.map { "; at the horizon excess \(String(format: "%+.3f", $0))" } ?? ""
            out += " (near 0: the cascade is a common drive, not contagion; one seed, no interval)\n"
        }
        out += "  preferences: entropy \(num(s.initialEntropy)) -> \(num(s.finalEntropy)), distance from reflective \(num(s.finalReflectiveDistance)), homogenization \(s.finalHomogenization.map(num) ?? "undefined") over \(s.finalHomogenizationPairs) pairs of consumers, consumption HHI \(s.finalConsumptionConcentration.map(num) ?? "undefined")\n"
        out += "  narratives: " + zip(world.narrative.frames, s.finalFrameShares).map { "\($0.name) \(pct($1))" }.joined(separator: ", ") + "\n"
        out += "  wrote \(directory)/{series.csv, summary.csv, columns.csv, manifest.json}\n"
        return out
    }
}
