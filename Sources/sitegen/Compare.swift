import ArgumentParser
import Foundation
import SiteGenKit

extension ComparisonReport.Format: ExpressibleByArgument {}

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare two results files: what changed per cell, whether it is significant, and which claims changed verdict.",
        discussion: """
            For every cell in both files: the change of the median of its primary metric (new / old − 1; lower \
            is better for every metric), with a 95 % percentile-bootstrap interval from 2,000 resamples of each \
            file's clean samples (order-statistic intervals beyond 30 samples a side), significant when the \
            interval excludes no change. The claims of ROOT/Content/, \
            when there is one, are evaluated against each file and those whose verdict changed are listed.

            Exit codes: 0 nothing got significantly worse by more than --fail-above; 1 something did; 2 a \
            file can't be read.
            """)

    @OptionGroup var root: RootOption

    @Argument(help: ArgumentHelp("The results file before.", valueName: "OLD"))
    var old: String

    @Argument(help: ArgumentHelp("The results file after.", valueName: "NEW"))
    var new: String

    @Option(name: .long, help: ArgumentHelp("Fail (exit 1) when a figure got significantly worse by more than PCT per cent.", valueName: "PCT"))
    var failAbove: Double = 10

    @Option(name: .long, help: "Output format: text, markdown (for a pull-request comment) or json.")
    var format: ComparisonReport.Format = .text

    func validate() throws {
        if !(failAbove >= 0) { throw ValidationError("--fail-above must be 0 or more per cent") }
    }

    func run() throws {
        let report = try Reporter.run {
            // Exit 1 means a regression; a file that can't be read is exit 2, whatever is wrong with it.
            do {
                return try ComparisonReport.load(old: old, new: new, root: root.root, thresholdPercent: failAbove)
            } catch let error as DiagnosticError {
                throw DiagnosticError(error.diagnostics, isEnvironmental: true)
            }
        }
        print(try report.render(format), terminator: "")
        if !report.comparison.regressions.isEmpty { throw ExitCode(1) }
    }
}
