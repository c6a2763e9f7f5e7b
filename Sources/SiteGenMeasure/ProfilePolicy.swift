import SiteGenResults

/// How much each profile measures: repeats, timeouts and the budget of extra rounds. The sizes of work
/// come from the catalogue per profile.
extension Profile {
    /// Repeats per cell. Three is the fewest that gives a median with an interval (the order-statistic
    /// interval of 3 samples is their range, 75 % coverage); five reach 94 %, ten 98 % with the two
    /// extremes trimmed. More repeats buy less than larger sizes on a noisy machine.
    public var repeats: Int {
        switch self {
        case .quick: return 3
        case .standard: return 5
        case .full: return 10
        }
    }

    /// How long one repeat of one cell may take before its process group is killed. Generous: the
    /// slowest cells of each profile take a few seconds here, and a timeout is a fault, not a budget.
    public var cellTimeout: Double {
        switch self {
        case .quick: return 60
        case .standard: return 180
        case .full: return 600
        }
    }

    /// Seconds the extra rounds that decide claims may take beyond the planned rounds (`--extra-budget`
    /// overrides it). The quick profile's is what CI can spare: every claim needs at least
    /// `DecisionRule.looks[0]` rounds, four more than quick plans, and the cells claims read take
    /// about eight of quick's eleven seconds per round on a 2-CPU machine.
    public var extraRoundsBudget: Double {
        switch self {
        case .quick: return 45
        case .standard: return 120
        case .full: return 600
        }
    }
}
