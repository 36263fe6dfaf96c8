import SocialSim

/// The uncorrected run of one seed stopped at a step, with its measures so far: the point from
/// which corrected runs are forked. Each refinement job touches only its own seed's snapshot.
final class UncorrectedSnapshot: @unchecked Sendable {
    let simulation: Simulation
    let series: [StepMetrics]

    init(simulation: Simulation, series: [StepMetrics]) {
        self.simulation = simulation
        self.series = series
    }

    /// The uncorrected run of `world` with `seed`, simulated up to `step`.
    static func make(_ world: WorldConfig, seed: UInt64, step: Int) throws -> UncorrectedSnapshot {
        let sim = try Simulation(world: world, seed: seed)
        var series: [StepMetrics] = []
        series.reserveCapacity(world.steps)
        while sim.currentStep < step { series.append(sim.advance()) }
        return UncorrectedSnapshot(simulation: sim, series: series)
    }

    /// A copy advanced to `step` (the snapshot itself is left as it is).
    func advanced(to step: Int) -> UncorrectedSnapshot {
        let copy = simulation.fork(world: simulation.world)
        var s = series
        while copy.currentStep < step { s.append(copy.advance()) }
        return UncorrectedSnapshot(simulation: copy, series: s)
    }

    /// The run corrected now under `world` (whose correction step is the current step), to the horizon.
    func corrected(_ world: WorldConfig, collapseLevel: Double) -> RunOutcome {
        correctedRecord(world).outcome(world: world, collapseLevel: collapseLevel)
    }

    /// `corrected` as a journal record.
    func correctedRecord(_ world: WorldConfig) -> RunRecord {
        let fork = simulation.fork(world: world)
        var s = series
        fork.run { s.append($0) }
        return RunRecord(series: s, reliefSpent: fork.reliefSpent)
    }
}

extension CorrectionExperiment {
    /// Refines the delay grid around the first crossing of the recovery level by bisection: the
    /// two delays that bracket the crossing of the pooled R(d) are split at their midpoint, the
    /// runs corrected there are added for every seed, and the half that still brackets the
    /// crossing is kept, until the bracket is at most `resolution` steps wide. Corrected runs are
    /// forked from a snapshot of each seed's uncorrected run at the lower end of the bracket, so
    /// no step before it is simulated twice. Nothing is refined when R(d) is not interpreted (the
    /// stake is not established) or has no crossing inside the grid. Returns the delays added.
    func refine(rows: inout [Row], baselines: [(seed: UInt64, uncorrected: RunOutcome, reference: RunOutcome)]) throws -> [Int] {
        guard let resolution, resolution >= 1, !seeds.isEmpty else { return [] }
        let uncorrectedWorld = world(for: .uncorrected)
        let collapse = collapseLevel
        func curve() -> RecoveryCurve {
            let evaluated = Set(rows.map(\.delay)).sorted()
            var byDelay = [Int: [Double]]()
            for r in rows { byDelay[r.delay, default: []].append(r.corrected) }
            return RecoveryCurve(delays: evaluated, uncorrected: baselines.map(\.uncorrected.summary.horizonWelfare),
                                 reference: baselines.map(\.reference.summary.horizonWelfare),
                                 corrected: evaluated.map { byDelay[$0]! })
        }
        var c = curve()
        let all = Array(0..<seeds.count)
        guard c.analyze(level: recoveryLevel, minimumStake: minimumStake,
                        sameObjective: world.correction.objective == world.optimizer.objective, bootstrap: bootstrap).status == .defined,
              let crossing = c.crossing(all, level: recoveryLevel), crossing.kind == .crossed, let bracket = crossing.bracket else { return [] }
        var low = c.delays[bracket.lower], high = c.delays[bracket.upper]
        guard high - low > resolution else { return [] }
        let seeds = self.seeds
        let start = low
        var snapshots = try RunPool.map(count: seeds.count, jobs: jobs) { i in
            try UncorrectedSnapshot.make(uncorrectedWorld, seed: seeds[i], step: start)
        }
        var added: [Int] = []
        while high - low > resolution {
            let mid = low + (high - low) / 2
            let correctedWorld = world(for: .corrected(mid))
            let current = snapshots
            let store = self.store
            let results = try RunPool.map(count: seeds.count, jobs: jobs) { i -> (UncorrectedSnapshot, RunOutcome) in
                // A journaled run keeps the older snapshot: advancing it later reaches the same state.
                let id = "refined-\(seeds[i])-\(mid)"
                if let store, let bytes = try store.journal.payload(id), let r = RunRecord.decode(bytes), r.count == 1 {
                    return (current[i], r[0].outcome(world: correctedWorld, collapseLevel: collapse))
                }
                if store?.interrupt?.isRequested == true { throw Interrupted() }
                let at = current[i].advanced(to: mid)
                let record = at.correctedRecord(correctedWorld)
                try store?.journal.record(id, RunRecord.encode([record]))
                return (at, record.outcome(world: correctedWorld, collapseLevel: collapse))
            }
            for (i, b) in baselines.enumerated() {
                rows.append(Self.row(delay: mid, seed: b.seed, uncorrected: b.uncorrected, reference: b.reference,
                                     corrected: results[i].1, refined: true))
            }
            added.append(mid)
            c = curve()
            let k = c.delays.firstIndex(of: mid)!
            if let r = c.recovery(k, all), r >= recoveryLevel {
                low = mid
                snapshots = results.map(\.0)
            } else {
                high = mid
            }
        }
        return added.sorted()
    }
}
