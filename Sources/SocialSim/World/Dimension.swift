/// The four dimensions in which an agent accumulates path-dependent constraints.
public enum Dimension: Int, CaseIterable, Sendable {
    /// Debts, lost income, sunk costs.
    case economic = 0
    /// Records, scores, categories assigned by institutions.
    case institutional = 1
    /// Habits of attention, compulsive use.
    case attention = 2
    /// Identity built from a narrative frame.
    case narrative = 3

    /// Number of dimensions (arrays per dimension have this length).
    public static let count = 4

    public var name: String {
        switch self {
        case .economic: "economic"
        case .institutional: "institutional"
        case .attention: "attention"
        case .narrative: "narrative"
        }
    }
}
