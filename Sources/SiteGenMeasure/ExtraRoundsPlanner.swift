import SiteGenCore
import SiteGenResults
import SiteGenProcess

/// Decides, after the planned rounds and after each batch of extra rounds, which cells need more
/// rounds, given the results so far.
///
/// The measurement knows cells and samples, not what the pages say about them; the claims layer
/// above conforms to this (`ClaimRounds`) to ask for rounds of the cells its undecided claims read.
package protocol ExtraRoundsPlanner: Sendable {
    /// Seconds the extra rounds may take in all, recorded in the results file.
    var budgetSeconds: Double { get }
    /// The extra rounds to run next, or nil when none are wanted or the budget can't pay for them.
    func extraRounds(for file: ResultsFile, record: MeasurementRunner.Record) -> MeasurementRunner.ExtraRounds?
}
