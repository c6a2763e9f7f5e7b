import ArgumentParser
import Foundation
import SiteGenKit

struct Claims: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List every claim with its verdict, its margin and the cells it read, to see which claims are fragile.",
        discussion: """
            Measures (or reuses the cache and --results) as `check` does, then prints each claim: where \
            it is, its verdict, its margin — how far the worst end of its decision interval lies beyond \
            the threshold, relative to it — the paired rounds it was decided on and how many agreed, and \
            every cell it read with its sample count. --format json prints the same as a JSON array. \
            Exits 0 whatever the verdicts; `check` is the command that fails.
            """)

    enum Format: String, ExpressibleByArgument { case text, json }

    @OptionGroup var root: RootOption

    @Option(name: .long, help: "Output format: text or json.")
    var format: Format = .text

    @OptionGroup(title: "Measurements") var measure: MeasureOptions

    func run() throws {
        let config = try root.config()
        let pythons = try measure.interpreters(config, root: root.root)
        let options = SiteBuilder.Options(root: root.root, python: pythons[0],
                                          measure: measure.request(config, root: root.root, extraPythons: Array(pythons.dropFirst())))
        let (listing, warnings) = try MeasureOptions.interruptible {
            try Reporter.run { try SiteBuilder(options: options).claimListing() }
        }
        Reporter.print(warnings)
        switch format {
        case .text: print(listing.text, terminator: "")
        case .json: print(String(decoding: try listing.json(), as: UTF8.self))
        }
    }
}
