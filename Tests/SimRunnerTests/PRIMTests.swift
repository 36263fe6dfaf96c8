import Foundation
import SocialSim
import Testing
@testable import SimRunner

@Suite("PRIM scenario discovery")
struct PRIMTests {
    @Test("recovers a planted box in three dimensions with noisy labels")
    func plantedBox() throws {
        var rng = SplitMix64(seed: 2024)
        let n = 2000
        var x = [[Double]](repeating: [], count: 3)
        var y: [Bool] = []
        for _ in 0..<n {
            let p = (0..<3).map { _ in rng.nextUnit() }
            for d in 0..<3 { x[d].append(p[d]) }
            let inside = p[0] >= 0.2 && p[0] <= 0.5 && p[1] >= 0.6 && p[1] <= 0.9
            y.append(rng.nextUnit() < 0.03 ? !inside : inside)  // 3% of labels flipped
        }
        let prim = PRIM(dimensions: [.numeric("a", x[0]), .numeric("b", x[1]), .numeric("c", x[2])], outcome: y)
        let r = prim.run()
        #expect(r.meetsThreshold)
        guard case .range(let a0, let a1) = r.chosen.limits[0], case .range(let b0, let b1) = r.chosen.limits[1],
              case .range(let c0, let c1) = r.chosen.limits[2] else {
            Issue.record("numeric limits expected")
            return
        }
        #expect(abs(a0 - 0.2) < 0.05 && abs(a1 - 0.5) < 0.05, "a in [\(a0), \(a1)]")
        #expect(abs(b0 - 0.6) < 0.05 && abs(b1 - 0.9) < 0.05, "b in [\(b0), \(b1)]")
        // The irrelevant dimension stays (nearly) unrestricted.
        #expect(c0 < 0.1 && c1 > 0.9, "c in [\(c0), \(c1)]")
        // Coverage and density as high as the planted box's own (flipped labels cap both).
        let planted = prim.box([.range(0.2, 0.5), .range(0.6, 0.9), .range(0, 1)],
                               members: (0..<n).filter { x[0][$0] >= 0.2 && x[0][$0] <= 0.5 && x[1][$0] >= 0.6 && x[1][$0] <= 0.9 })
        #expect(planted.coverage > 0.7 && planted.density > 0.9)
        #expect(r.chosen.coverage > 0.9 * planted.coverage && r.chosen.density > 0.9 * planted.density,
                "chosen: coverage \(r.chosen.coverage), density \(r.chosen.density); planted: \(planted.coverage), \(planted.density)")
        // The trajectory: from everything, shrinking, never below the minimum mass.
        #expect(r.trajectory[0].mass == 1 && r.trajectory[0].coverage == 1)
        for (p, q) in zip(r.trajectory, r.trajectory.dropFirst()) { #expect(q.points < p.points) }
        #expect(r.trajectory.allSatisfy { $0.mass >= prim.minMass })
        #expect(r.trajectory.last!.mass < 0.05 + 0.05 * 0.09 + 1e-9)
    }

    @Test("a categorical parameter is peeled one category at a time")
    func categorical() {
        var rng = SplitMix64(seed: 9)
        var cats: [Int] = [], xs: [Double] = [], y: [Bool] = []
        for _ in 0..<600 {
            let c = rng.nextInt(below: 3), x = rng.nextUnit()
            cats.append(c)
            xs.append(x)
            y.append(c == 1 && x > 0.5)
        }
        let r = PRIM(dimensions: [.categorical("kind", cats, labels: ["a", "b", "c"]), .numeric("x", xs)], outcome: y).run()
        #expect(r.chosen.limits[0] == .categories([1]))
        if case .range(let lo, _) = r.chosen.limits[1] { #expect(abs(lo - 0.5) < 0.05) }
        #expect(r.chosen.density > 0.95)
    }

    @Test("peeling quantiles skip ties as the EMA Workbench does")
    func quantiles() {
        #expect(PRIM.quantile([0, 0, 0, 1, 1, 2], 0.05) == 0.5)
        #expect(PRIM.quantile([0, 0, 0, 1, 1, 2], 0.95) == 1.5)
        #expect(PRIM.quantile([1, 1, 1], 0.05) == 1)
        #expect(PRIM.quantile([0, 1, 2, 3, 4], 0.3) == 1.5)
        #expect(PRIM.quantile([0, 1, 2, 3, 4], 0.5) == 2.5)  // an integral position moves past its own value, as in the EMA Workbench
    }

    @Test("the chosen box is the knee among the boxes dense enough")
    func kneeRule() {
        func box(_ c: Double, _ d: Double) -> PRIM.Box {
            PRIM.Box(limits: [], points: 10, cases: 5, coverage: c, density: d, mass: 0.5)
        }
        var prim = PRIM(dimensions: [], outcome: [])
        prim.threshold = 0.8
        let trajectory = [box(1, 0.3), box(0.97, 0.6), box(0.95, 0.92), box(0.6, 0.97), box(0.3, 1)]
        #expect(prim.choose(trajectory) == (2, true))
        prim.threshold = 0.99
        #expect(prim.choose(trajectory) == (4, true))
        prim.threshold = 1.5
        #expect(prim.choose(trajectory) == (2, false))
    }
}
