import Foundation
import Testing
@testable import SimRunner
import SocialSim

@Suite("simrunner audit")
struct AuditTests {
    static let tiny = ["--seeds", "2", "--agents", "80", "--steps", "30", "--reset-steps", "10", "--delays", "10,20",
                       "--bootstrap", "200", "-q"]

    @Test("audit writes one row per policy, battery world (and 'all') and measure; the same bytes for any --jobs")
    func shapeAndJobs() throws {
        let dir = try Executable.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let aware = Executable.repository.appendingPathComponent("worlds/welfare-aware.json").path
        for (out, jobs) in [("a", "1"), ("b", "2")] {
            let r = try Executable.run(["audit", "default", aware, "--out", out, "--jobs", jobs] + Self.tiny, in: dir)
            #expect(r.status == 0, "\(r.stderr)")
        }
        let a = try String(contentsOf: dir.appendingPathComponent("a/audit.csv"), encoding: .utf8)
        let b = try String(contentsOf: dir.appendingPathComponent("b/audit.csv"), encoding: .utf8)
        #expect(a == b)
        let rows = a.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        // 2 policies x (5 battery worlds + all) x (7 measures + 2 delays).
        #expect(rows.count == 2 * 6 * 9)
        // The welfare-aware policy is its own reference: the stake is exactly 0 and R undefined.
        let stake = rows.filter { $0[0] == "welfare-aware" && $0[3] == "stake" }
        #expect(!stake.isEmpty && stake.allSatisfy { $0[5] == "0" })
        let r10 = rows.filter { $0[0] == "welfare-aware" && $0[3] == "R(10)" }
        #expect(r10.allSatisfy { $0[4] == "0" && $0[5] == "" })
    }

    @Test("normalized entropy of consumption: uniform is 1, one item is 0")
    func breadth() {
        #expect(Audit.normalizedEntropy([5, 5, 5, 5]) == 1)
        #expect(Audit.normalizedEntropy([0, 9, 0, 0]) == 0)
        #expect(Audit.normalizedEntropy([]) == 0)
    }

    @Test("the battery world keeps the policy's optimizer and safeguards but the battery's environment")
    func batteryWorld() throws {
        var policy = try WorldLoader.load(path: Executable.repository.appendingPathComponent("worlds/constructive.json").path,
                                          overrides: []).world
        policy.agents = 7
        policy.optimizer.specificationGap = 0.1
        policy.trust.lossRate = 0.9
        let a = Audit(policies: [], seeds: [1])
        let w = a.world(policy: policy, battery: Audit.battery[3])
        #expect(w.agents == 2000 && w.optimizer.objective == policy.optimizer.objective)
        #expect(w.optimizer.constructive == policy.optimizer.constructive)
        #expect(w.optimizer.specificationGap == SocialSim.WorldConfig().optimizer.specificationGap)
        #expect(w.trust.lossRate == 2 * SocialSim.WorldConfig().trust.lossRate)
        #expect(w.correction.step == a.steps && w.steps == a.steps + a.resetSteps)
    }
}
