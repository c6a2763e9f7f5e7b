import Foundation
import SiteGenCore
import SiteGenResults
import SiteGenProcess

/// How much to measure. Sizes come from the catalogue per profile, so results of one profile compare
/// across machines; repeats and timeouts are decided here.
public enum Profile: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// CI: the whole suite in about a minute on a 2-CPU machine.
    case quick
    /// The default: a few minutes.
    case standard
    /// Publishing: larger sizes, more repeats.
    case full

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

    public var description: String { rawValue }
}
