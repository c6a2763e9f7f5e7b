import ArgumentParser
import Foundation
import SiteGenKit

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build the site from Content/ and Templates/ into Site/.",
        discussion: "The output is replaced whole and only when the build succeeds: a failed build leaves the previous site as it was.")

    @OptionGroup var root: RootOption

    @Option(name: .long, help: ArgumentHelp("Where to write the site (default: ROOT/Site).", valueName: "DIR"))
    var out: String?

    @Flag(name: .shortAndLong, help: "Print the time each step took.")
    var verbose = false

    @Flag(name: .long, help: "Show Python code plain instead of highlighting it with Pygments.")
    var noHighlight = false

    @OptionGroup(title: "Measurements") var measure: MeasureOptions

    func run() throws {
        let pythons = try measure.interpreters()
        var options = SiteBuilder.Options(root: root.root, output: out, python: pythons[0],
                                          measure: measure.request(extraPythons: Array(pythons.dropFirst())))
        options.highlightsCode = !noHighlight
        let summary = try MeasureOptions.interruptible { try Reporter.run { try SiteBuilder(options: options).build() } }
        Reporter.print(summary.warnings)
        if verbose {
            for step in summary.steps {
                let name = step.name.padding(toLength: 12, withPad: " ", startingAt: 0)
                print("  \(name)" + String(format: "%8.1f ms", step.seconds * 1000))
            }
        }
        let location = Build.displayPath(options.output)
        let guides = summary.guides > 1 ? String(format: " (%d guides, one per machine and interpreter)", summary.guides) : ""
        print(String(format: "Built %d pages%@, %d files in %.2f s → %@/index.html", summary.pages, guides as NSString, summary.files,
                     summary.seconds, location as NSString))
    }

    /// A path relative to the working directory when it is below it, for a short summary line.
    static func displayPath(_ path: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        let prefix = cwd.hasSuffix("/") ? cwd : cwd + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }
}
