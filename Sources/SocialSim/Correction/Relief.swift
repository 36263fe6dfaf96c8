/// Relief at a correction: a budget that lowers constraint stocks. It can take a stock down
/// to its ratchet floor and no further, so relief cannot undo a permanent lock.
public enum Relief {
    /// Spends `budgetPerAgent * count` stock units and returns what was actually spent.
    /// Each agent's share is spread over its dimensions in proportion to what can be reduced
    /// (stock above floor). Uniform targeting gives everyone the same share (relief an agent
    /// cannot use is lost); `mostConstrained` gives in proportion to reducible stock *as the
    /// system reads it* (`reader`): with illegible state it cannot target and gives uniformly.
    @discardableResult
    public static func apply(budgetPerAgent: Double, targeting: ReliefTargeting, state: AgentState, config: ConstraintConfig,
                             reader: StateReader = .oracle()) -> Double {
        let n = state.count
        guard budgetPerAgent > 0, n > 0 else { return 0 }
        let total = budgetPerAgent * Double(n)
        var reducibleTotal = 0.0
        for i in 0..<n { reducibleTotal += reducible(i, state) }
        guard reducibleTotal > 0 else { return 0 }
        let targeted = targeting == .mostConstrained && reader.knowledge != .none
        var seenTotal = 0.0
        if targeted { for i in 0..<n { seenTotal += seenReducible(i, state, reader) } }
        var spent = 0.0
        for i in 0..<n {
            let r = reducible(i, state)
            guard r > 0 else { continue }
            let share: Double
            if targeted {
                share = seenTotal > 0 ? total * seenReducible(i, state, reader) / seenTotal : 0
            } else {
                share = budgetPerAgent
            }
            let used = min(share, r)
            for d in 0..<Dimension.count {
                let k = AgentState.slot(agent: i, dimension: d)
                let cut = used * (state.stock[k] - state.floor[k]) / r
                // Never below the floor, even by a rounding error: a lock must not be undone by an ulp.
                state.stock[k] = max(state.floor[k], state.stock[k] - cut)
                if state.locked[k] == 1,
                   Thresholds.transition(stock: state.stock[k], isLocked: true, threshold: state.threshold[k],
                                         effectiveThreshold: state.threshold[k],
                                         unlockFraction: config.unlockFraction[d]) == .unlocks {
                    // The lock flag is a bit of the step-start byte, which the next step reads.
                    state.locked[k] = 0
                }
            }
            spent += used
        }
        return spent
    }

    /// Stock above floor as the system reads it (floors are what the system itself sets at
    /// locking; stocks are read through legibility).
    private static func seenReducible(_ i: Int, _ state: AgentState, _ reader: StateReader) -> Double {
        var r = 0.0
        for d in 0..<Dimension.count {
            let k = AgentState.slot(agent: i, dimension: d)
            r += max(0, (reader.read(state.stock[k], agent: i, dimension: d) ?? 0) - state.floor[k])
        }
        return r
    }

    private static func reducible(_ i: Int, _ state: AgentState) -> Double {
        var r = 0.0
        for d in 0..<Dimension.count {
            let k = AgentState.slot(agent: i, dimension: d)
            r += max(0, state.stock[k] - state.floor[k])
        }
        return r
    }
}
