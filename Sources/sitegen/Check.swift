import ArgumentParser
import Foundation
import SiteGenKit

extension DiagnosticFormatter.Format: ExpressibleByArgument {}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the content the way CI does: everything `build` does except writing, plus every internal link and #anchor.",
        discussion: """
            Reports every problem as `path:line:col: error|warning: message`. Exits 0 when there are no \
            errors, 1 when content problems were found, 2 for usage or environment problems.
            --format json prints a JSON array on standard output; --format github prints GitHub Actions \
            annotations.
            """)

    @OptionGroup var root: RootOption

    @Option(name: .long, help: "Output format: text, json or github.")
    var format: DiagnosticFormatter.Format = .text

    @OptionGroup(title: "Measurements") var measure: MeasureOptions

    func run() throws {
        let config = try root.config(format: format)
        let pythons = try measure.interpreters(config, root: root.root)
        var options = SiteBuilder.Options(root: root.root, python: pythons[0],
                                          measure: measure.request(config, root: root.root, extraPythons: Array(pythons.dropFirst())))
        options.config = config
        let summary = try MeasureOptions.interruptible {
            try Reporter.run(format: format) { try SiteBuilder(options: options).check() }
        }
        Reporter.print(summary.warnings, format: format)
        if format == .json && summary.warnings.isEmpty { print("[]") }
        if format == .text {
            let warnings = summary.warnings.count
            print("Checked \(summary.pages) pages: no errors\(warnings > 0 ? ", \(warnings) warning\(warnings == 1 ? "" : "s")" : "").")
        }
    }
}
