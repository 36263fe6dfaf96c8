/// The fraction of agents the system served an item this step (not exited, and an item shown).
/// Proxy reward is a mean over the agents who gave feedback, a base that shrinks as people exit
/// (about 1% of agents at the default world's horizon), so it is reported beside this fraction
/// and the feedback rate: a healthy-looking proxy over 1% of the population says little.
public enum ServedFraction {
    public static func measure(shownItem: UnsafePointer<Int32>, agents: Int) -> Double {
        guard agents > 0 else { return 0 }
        var served = 0
        for i in 0..<agents where shownItem[i] >= 0 { served += 1 }
        return Double(served) / Double(agents)
    }
}
