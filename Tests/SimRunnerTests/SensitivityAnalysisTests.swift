import Foundation
import Testing
@testable import SimRunner

/// Ishigami and Homma (1990), a = 7, b = 0.1, on [−π, π]³, from unit coordinates.
private func ishigami(_ u: [Double]) -> Double {
    let x = u.map { -Double.pi + 2 * Double.pi * $0 }
    return sin(x[0]) + 7 * sin(x[1]) * sin(x[1]) + 0.1 * pow(x[2], 4) * sin(x[0])
}

@Suite("sensitivity analysis: Sobol sequence, Sobol indices, Morris elementary effects")
struct SensitivityAnalysisTests {
    @Test("the Sobol sequence's first points match Joe and Kuo's sobol.cc (new-joe-kuo-6.21201)")
    func sobolFirstPoints() {
        let p = SobolSequence.points(8, dimensions: 3)
        let expected: [[Double]] = [
            [0, 0, 0], [0.5, 0.5, 0.5], [0.75, 0.25, 0.25], [0.25, 0.75, 0.75],
            [0.375, 0.375, 0.625], [0.875, 0.875, 0.125], [0.625, 0.125, 0.875], [0.125, 0.625, 0.375],
        ]
        #expect(p == expected)
        // Every dyadic block of 2^m consecutive points (from 0) holds one point per 1/2^m interval in each dimension.
        let q = SobolSequence.points(64, dimensions: SobolSequence.maximumDimensions)
        for d in 0..<SobolSequence.maximumDimensions {
            let cells = Set(q.map { Int($0[d] * 64) })
            #expect(cells.count == 64, "dimension \(d + 1) is not stratified")
        }
        // Dimensions 1 and 2 form a (0, 3, 2)-net: 8 points, one in each 1/4 x 1/2 box.
        let cells = Set(p.prefix(8).map { Int($0[0] * 4) * 4 + Int($0[1] * 2) })
        #expect(cells.count == 8)
    }

    @Test("Sobol indices of the Ishigami function within 0.03 of S1 = 0.314, 0.442, 0 and ST = 0.558, 0.442, 0.244")
    func ishigamiIndices() throws {
        let design = SobolIndices.design(factors: 3, baseSamples: 4096)
        #expect(design.count == 4096 * 8)
        let r = try #require(SobolIndices.analyze(design.map(ishigami), factors: 3, bootstrap: 200, seed: 3))
        let s1 = [0.3139, 0.4424, 0.0], st = [0.5576, 0.4424, 0.2437]
        for i in 0..<3 {
            #expect(abs(r.indices[i].firstOrder - s1[i]) < 0.03, "S1[\(i)] = \(r.indices[i].firstOrder)")
            #expect(abs(r.indices[i].total - st[i]) < 0.03, "ST[\(i)] = \(r.indices[i].total)")
            let ci = try #require(r.indices[i].totalInterval)
            #expect(ci.lowerBound <= r.indices[i].total && r.indices[i].total <= ci.upperBound)
            #expect(ci.upperBound - ci.lowerBound < 0.1)
        }
        // Analytic variance of Ishigami: a²/8 + b π⁴/5 + b² π⁸/18 + 1/2 = 13.845.
        #expect(abs(r.variance - 13.845) < 0.5)
    }

    @Test("a linear model's indices are its squared weights over their sum, first order equal to total")
    func linearIndices() throws {
        let c = [1.0, 2.0, 3.0, 0.0]
        let design = SobolIndices.design(factors: 4, baseSamples: 1024)
        let y = design.map { x in zip(c, x).reduce(0) { $0 + $1.0 * $1.1 } }
        let r = try #require(SobolIndices.analyze(y, factors: 4, bootstrap: 100))
        let total = c.reduce(0) { $0 + $1 * $1 }
        for i in 0..<4 {
            let exact = c[i] * c[i] / total
            #expect(abs(r.indices[i].firstOrder - exact) < 0.02)
            #expect(abs(r.indices[i].total - exact) < 0.02)
        }
        #expect(r.indices[3].total == 0)
        // A constant measure has no indices.
        #expect(SobolIndices.analyze([Double](repeating: 1, count: y.count), factors: 4) == nil)
    }

    @Test("Morris trajectories stay on the grid and move one factor by ±Δ per step")
    func morrisDesign() {
        let k = 5, r = 20, p = 4
        let t = Morris.design(factors: k, trajectories: r, levels: p, seed: 7)
        #expect(t.count == r * (k + 1))
        #expect(Morris.design(factors: k, trajectories: r, levels: p, seed: 7) == t)
        for traj in 0..<r {
            var moved = Set<Int>()
            for s in 0..<k {
                let a = t[traj * (k + 1) + s], b = t[traj * (k + 1) + s + 1]
                let changed = (0..<k).filter { a[$0] != b[$0] }
                #expect(changed.count == 1)
                if let i = changed.first {
                    moved.insert(i)
                    #expect(abs(abs(b[i] - a[i]) - 2.0 / 3.0) < 1e-12)
                }
            }
            #expect(moved.count == k)
            for x in t[(traj * (k + 1))...(traj * (k + 1) + k)] {
                for v in x { #expect(v >= 0 && v <= 1 && abs(v * 3 - (v * 3).rounded()) < 1e-12) }
            }
        }
    }

    @Test("Morris effects: exact for a linear model, sigma > 0 with an interaction, 0 for a dummy factor")
    func morrisEffects() {
        let k = 4
        let t = Morris.design(factors: k, trajectories: 30, levels: 4, seed: 2)
        let linear = Morris.analyze(t.map { 2 * $0[0] - 3 * $0[1] + 0.5 * $0[2] }, design: t, factors: k, bootstrap: 0)
        #expect(abs(linear[0].mu - 2) < 1e-9 && abs(linear[0].muStar - 2) < 1e-9 && abs(linear[0].sigma) < 1e-9)
        #expect(abs(linear[1].mu + 3) < 1e-9 && abs(linear[1].muStar - 3) < 1e-9)
        #expect(linear[3].muStar == 0 && linear[3].count == 30)
        let interaction = Morris.analyze(t.map { $0[0] * $0[1] + $0[2] * $0[2] }, design: t, factors: k, bootstrap: 200)
        #expect(interaction[0].sigma > 0.1 && interaction[1].sigma > 0.1)
        #expect(interaction[3].muStar == 0)
        #expect(interaction[0].muStar > 0.2)
        if let ci = interaction[0].muStarInterval { #expect(ci.contains(interaction[0].muStar)) }
    }
}
