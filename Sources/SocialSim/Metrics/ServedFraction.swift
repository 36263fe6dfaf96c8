/// The fraction of agents the system served an item this step (not exited, and an item shown).
/// Proxy reward is a mean over the agents who gave feedback, a base that shrinks as people exit
/// (about 1% of agents at the default world's horizon), so it is reported beside this fraction
/// and the feedback rate: a healthy-looking proxy over 1% of the population says little.
///
/// The run counts served agents inside its parallel agent loop (``isServed(shownItem:)``, an
/// integer count per chunk, exact in any grouping) and divides once (``fraction(served:agents:)``);
/// ``measure(shownItem:agents:)`` is the same rule as one pass over the agents.
public enum ServedFraction {
    public static func measure(shownItem: UnsafePointer<Int32>, agents: Int) -> Double {
        var served = 0
        for i in 0..<agents where isServed(shownItem: shownItem[i]) { served += 1 }
        return fraction(served: served, agents: agents)
    }

    /// Whether an agent whose shown item is `shownItem` (-1: none) was served.
    @inline(__always)
    public static func isServed(shownItem: Int32) -> Bool { shownItem >= 0 }

    /// `served` of `agents` agents, as a fraction (0 without agents).
    public static func fraction(served: Int, agents: Int) -> Double {
        guard agents > 0 else { return 0 }
        return Double(served) / Double(agents)
    }
}
