import Testing
import SocialSim
@testable import SimRunner

/// A small world where everything is reversible: no lock can be reached, stocks decay fast,
/// trust is symmetric and never corrupts feedback, nobody exits, frames do not spread, preferences do not drift, the optimizer relearns fast.
private func controlWorld(steps: Int = 150) -> WorldConfig {
    var w = WorldConfig()
    w.agents = 300
    w.steps = steps
    w.measurement.window = 10
    w.measurement.homogenizationPairs = 50
    w.constraints.thresholdMean = [1e9, 1e9, 1e9, 1e9]
    w.constraints.decay = [0.1, 0.1, 0.1, 0.1]
    w.constraints.spillover = [0, 0, 0, 0]
    w.catalogue.footprintScale = [0.18, 0.14, 0.25, 0.08]
    w.preferences.exposureRate = 0
    w.optimizer.learningRate = 0.5
    w.trust.gainRate = 0.05
    w.trust.lossRate = 0.05
    w.trust.exitLevel = 0
    w.trust.reentryLevel = 0
    w.trust.feedbackLevel = 0
    var neutral = w.narrative.frames[0]
    neutral.initialShare = 1
    neutral.adoptionRate = 0
    w.narrative.frames = [neutral]
    return w
}

/// The default model, small: lock-in happens within the run.
private func lockInWorld() -> WorldConfig {
    var w = WorldConfig()
    w.agents = 300
    w.steps = 220
    w.measurement.window = 10
    w.measurement.homogenizationPairs = 50
    return w
}

@Suite("the correction experiment")
struct CorrectionExperimentTests {
    @Test("in a world with no irreversibility, recovery is close to 1 at every delay")
    func controlRecovers() throws {
        let e = CorrectionExperiment(world: controlWorld(steps: 200), delays: [0, 40, 80, 120], seeds: [1, 2, 3], jobs: 2)
        let r = try e.run()
        for d in r.delays {
            let recovery = try #require(d.recovery)
            #expect(abs(recovery - 1) < 0.05, "R(\(d.delay)) = \(recovery)")
        }
        #expect(r.pointOfNoReturn == nil)
    }

    @Test("with lock-in possible, recovery after a long delay is far below recovery at delay 0, for every seed")
    func lockInLimitsRecovery() throws {
        let e = CorrectionExperiment(world: lockInWorld(), delays: [0, 160], seeds: [1, 2, 3, 4], jobs: 2)
        let r = try e.run()
        let early = try #require(r.delays[0].recovery)
        let late = try #require(r.delays[1].recovery)
        #expect(early > 0.95)
        #expect(late < early - 0.3, "R(0) = \(early), R(160) = \(late)")
        for seed in e.seeds {
            let rows = r.rows.filter { $0.seed == seed }
            let r0 = try #require(rows.first { $0.delay == 0 }?.recovery)
            let r160 = try #require(rows.first { $0.delay == 160 }?.recovery)
            #expect(r160 < r0, "seed \(seed)")
        }
        #expect(r.pointOfNoReturn == 160)
        // Cost of intervention rises with the delay here.
        #expect(r.delays[1].cost > r.delays[0].cost)
    }

    @Test("common random numbers: a corrected run is identical to the uncorrected one up to the correction step")
    func commonRandomNumbers() throws {
        var corrected = lockInWorld()
        corrected.correction.step = 90
        corrected.correction.reliefBudget = 0.3
        var uncorrected = corrected
        uncorrected.correction.step = nil
        let a = try Simulation(world: uncorrected, seed: 11)
        let b = try Simulation(world: corrected, seed: 11)
        var differed = false
        for t in 0..<corrected.steps {
            let ma = a.advance(), mb = b.advance()
            if t < 90 {
                #expect(ma == mb, "step \(t) differs before the correction")
            } else if ma.welfare != mb.welfare || ma.trustMean != mb.trustMean {
                differed = true
            }
        }
        #expect(differed)
    }

    @Test("a run forked from the uncorrected one at the delay equals a fresh corrected run, step for step")
    func forkEqualsFreshRun() throws {
        var world = lockInWorld()
        world.steps = 120
        world.correction.reliefBudget = 0.4
        world.correction.reliefTargeting = .mostConstrained
        let e = CorrectionExperiment(world: world, delays: [0, 35, 80], seeds: [9])
        let forked = try CorrectionExperiment.runForked(e.world(for: .uncorrected), corrected: e.delays.map { e.world(for: .corrected($0)) },
                                                        delays: e.delays, seed: 9, collapseLevel: 0.2)
        #expect(forked.count == 4)
        let fresh = try RunOutcome.simulate(e.world(for: .uncorrected), seed: 9, collapseLevel: 0.2)
        #expect(forked[0].series == fresh.series)
        for (k, d) in e.delays.enumerated() {
            let corrected = try RunOutcome.simulate(e.world(for: .corrected(d)), seed: 9, collapseLevel: 0.2)
            #expect(forked[k + 1].series == corrected.series, "delay \(d)")
            #expect(forked[k + 1].reliefSpent == corrected.reliefSpent)
            #expect(forked[k + 1].trust == corrected.trust)
        }
    }

    @Test("the experiment's tables are the same bytes for any number of jobs")
    func jobsDoNotMatter() throws {
        var e = CorrectionExperiment(world: controlWorld(steps: 60), delays: [0, 20, 40], seeds: [5, 6], jobs: 1)
        let one = try e.run()
        e.jobs = 3
        let three = try e.run()
        let frames = e.world.narrative.frames.map(\.name)
        #expect(CorrectionTables.runs(one, frames: frames) == CorrectionTables.runs(three, frames: frames))
        #expect(CorrectionTables.delays(one, seeds: 2) == CorrectionTables.delays(three, seeds: 2))
        #expect(CorrectionTables.meanSeries(one, frames: frames) == CorrectionTables.meanSeries(three, frames: frames))
    }
}

@Suite("trust measures")
struct TrustMeasureTests {
    private func series(_ trust: [Double]) -> [StepMetrics] {
        trust.enumerated().map { t, v in
            var m = StepMetrics()
            m.step = t
            m.trustMean = v
            return m
        }
    }

    @Test("half-life, collapse, loss and regain times on a known trust path")
    func knownPath() throws {
        // Falls from 0.8 to 0.2 by step 6 (correction at 6), then climbs back slowly.
        let path = [0.8, 0.7, 0.48, 0.4, 0.3, 0.25, 0.2, 0.22, 0.26, 0.3, 0.36, 0.45, 0.52, 0.55]
        let m = TrustMeasures(series: series(path), collapseLevel: 0.21, correctionStep: 6)
        #expect(m.halfLife == 3)          // 0.4 <= 0.8 / 2
        #expect(m.collapseStep == 6)      // 0.2 < 0.21
        #expect(m.lossTime == 2)          // lost 0.3 of 0.6 by step 2
        #expect(m.regainTime == 6)        // regained 0.3 (trust 0.5) by step 12, 6 steps after the correction
        #expect(m.asymmetry.map { abs($0 - 2.0 / 6) < 1e-12 } == true)  // trust was lost 3 times faster than regained
        #expect(abs((m.recovery ?? 0) - 0.35) < 1e-12)
    }
}
