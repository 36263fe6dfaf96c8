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
        #expect(r.recovery.crossing?.kind == .neverBelow)
    }

    @Test("with lock-in possible, recovery after a long delay is far below recovery at delay 0, for every seed")
    func lockInLimitsRecovery() throws {
        var e = CorrectionExperiment(world: lockInWorld(), delays: [0, 160], seeds: [1, 2, 3, 4], jobs: 2)
        e.resolution = nil
        let r = try e.run()
        #expect(r.delays.map(\.delay) == [0, 160])
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
        #expect(r.recovery.crossing?.kind == .crossed)
        #expect(r.recovery.crossing.flatMap(\.x).map { $0 > 0 && $0 <= 160 } == true)
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
        #expect(forked[0].seriesRows() == fresh.seriesRows())  // as written: undefined cells (NaN) compare equal
        for (k, d) in e.delays.enumerated() {
            let corrected = try RunOutcome.simulate(e.world(for: .corrected(d)), seed: 9, collapseLevel: 0.2)
            #expect(forked[k + 1].seriesRows() == corrected.seriesRows(), "delay \(d)")
            #expect(forked[k + 1].reliefSpent == corrected.reliefSpent)
            #expect(forked[k + 1].trust == corrected.trust)
        }
    }

    @Test("d* is refined by bisection to the resolution, and two grids agree on it")
    func refinementAndGridIndependence() throws {
        var estimates: [Double] = []
        var world = lockInWorld()
        world.agents = 200
        for grid in [[0, 80, 160], [0, 50, 100, 150, 200]] {
            var e = CorrectionExperiment(world: world, delays: grid, seeds: [1, 2], jobs: 2)
            e.bootstrap.resamples = 200
            e.resolution = 1
            let r = try e.run()
            #expect(r.recovery.status == .defined)
            let c = try #require(r.recovery.crossing)
            #expect(c.kind == .crossed)
            let b = try #require(c.bracket)
            let lo = r.delays[b.lower].delay, hi = r.delays[b.upper].delay
            #expect(hi - lo <= 1, "bracket [\(lo), \(hi)]")
            #expect(!r.refinedDelays.isEmpty && r.refinedDelays.allSatisfy { !grid.contains($0) })
            #expect(r.rows.count == 2 * (grid.count + r.refinedDelays.count))
            #expect(r.rows.filter(\.refined).count == 2 * r.refinedDelays.count)
            estimates.append(try #require(c.x))
            let findings = CorrectionTables.findings(r, experiment: e)
            #expect(findings.contains("refined by bisection to a bracket of at most 1 step"))
            #expect(findings.contains("200 resamples:"))
        }
        #expect(abs(estimates[0] - estimates[1]) <= 1, "d* = \(estimates[0]) and \(estimates[1])")
    }

    @Test("a run forked from a snapshot of the uncorrected run equals a fresh corrected run")
    func snapshotForkEqualsFreshRun() throws {
        let e = CorrectionExperiment(world: lockInWorld(), delays: [0], seeds: [4])
        let snapshot = try UncorrectedSnapshot.make(e.world(for: .uncorrected), seed: 4, step: 30)
        let at = snapshot.advanced(to: 47)
        #expect(snapshot.simulation.currentStep == 30 && at.simulation.currentStep == 47)
        let forked = at.corrected(e.world(for: .corrected(47)), collapseLevel: 0.2)
        let fresh = try RunOutcome.simulate(e.world(for: .corrected(47)), seed: 4, collapseLevel: 0.2)
        #expect(forked.seriesRows() == fresh.seriesRows())  // as written: undefined cells (NaN) compare equal
        #expect(forked.trust == fresh.trust)
    }

    @Test("in the reversible control, the unrecoverable welfare is flat: no material rising trend is reported")
    func reversibleControlHasFlatUnrecoverableCost() throws {
        // The last delay leaves the optimizer 80 steps to relearn before the horizon (window 10).
        var e = CorrectionExperiment(world: controlWorld(steps: 200), delays: [0, 40, 80, 120], seeds: [1, 2, 3, 4], jobs: 2)
        e.bootstrap.resamples = 200
        let r = try e.run()
        let findings = CorrectionTables.findings(r, experiment: e)
        #expect(!findings.contains("FINDING: the unrecoverable welfare rises"), "\(findings)")
        for d in r.delays { #expect(abs(d.unrecoverable) < e.minimumStake, "delay \(d.delay): \(d.unrecoverable)") }
        // The total cost still rises (harm accrued before the correction), all of it sunk.
        #expect(r.delays.last!.sunkCost > r.delays.first!.sunkCost + 1)
        #expect(r.recovery.crossing?.kind == .neverBelow)
        #expect(findings.contains("R(d) stays at or above"))
    }

    @Test("with nothing to correct, R is undefined and the findings claim neither d* nor that R stays above the level")
    func sameObjectiveIsUndefined() throws {
        var w = controlWorld(steps: 60)
        w.optimizer.objective = w.correction.objective
        var e = CorrectionExperiment(world: w, delays: [0, 20, 40], seeds: [1, 2], jobs: 2)
        e.bootstrap.resamples = 100
        let r = try e.run()
        #expect(r.recovery.status == .sameObjective)
        #expect(r.refinedDelays.isEmpty)
        let findings = CorrectionTables.findings(r, experiment: e)
        #expect(findings.contains("R(d) is undefined"))
        #expect(!findings.contains("stays at or above"))
        #expect(!findings.contains("point of no return d*"))
        let headline = try CSVReader.parse(CorrectionTables.pointOfNoReturn(r, experiment: e))
        #expect(headline.strings("status") == ["same_objective"])
        #expect(headline.strings("d_star") == [""])
    }

    @Test("the relief budget search reuses forks and finds zero where no relief is needed")
    func reliefSearch() throws {
        var e = CorrectionExperiment(world: controlWorld(steps: 80), delays: [0, 20], seeds: [1, 2], jobs: 2)
        e.bootstrap.resamples = 100
        e.reliefSearch = ReliefBudgetSearch(epsilon: 0.05, maximum: 1, tolerance: 0.25)
        let r = try e.run()
        let relief = try #require(r.relief)
        #expect(relief.entries.count == 4)
        // A reversible world comes back within epsilon with no relief at all.
        #expect(relief.entries.allSatisfy { $0.budget == 0 && $0.trials == 1 })
        let table = try CSVReader.parse(CorrectionTables.delays(r, seeds: 2))
        #expect(table.strings("relief_needed_median") == ["0", "0"])
    }

    @Test("the experiment's tables are the same bytes for any number of jobs")
    func jobsDoNotMatter() throws {
        var e = CorrectionExperiment(world: lockInWorld(), delays: [0, 100, 200], seeds: [5, 6], jobs: 1)
        e.resolution = 10
        e.bootstrap.resamples = 200
        let one = try e.run()
        e.jobs = 3
        let three = try e.run()
        let frames = e.world.narrative.frames.map(\.name)
        #expect(CorrectionTables.runs(one, frames: frames) == CorrectionTables.runs(three, frames: frames))
        #expect(CorrectionTables.delays(one, seeds: 2) == CorrectionTables.delays(three, seeds: 2))
        #expect(CorrectionTables.findings(one, experiment: e) == CorrectionTables.findings(three, experiment: e))
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
        #expect(m.lossRegainTimeRatio.map { abs($0 - 2.0 / 6) < 1e-12 } == true)  // trust was lost 3 times faster than regained
        #expect(abs((m.recovery ?? 0) - 0.35) < 1e-12)
    }
}
