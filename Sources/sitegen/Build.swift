import ArgumentParser
import Foundation
import SiteGenKit

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build the site from Content/ and Templates/ into Site/.",
        discussion: """
            The output is replaced whole, in one step, and only when the build succeeds: a failed or interrupted build \
            leaves the previous site as it was (Ctrl-C exits 130, SIGTERM 143). Files in the output folder that sitegen \
            didn't write stop the build, naming them, unless --keep-unknown carries them over.
            """)

    @OptionGroup var root: RootOption

    @Option(name: .long, help: ArgumentHelp("Where to write the site (default: ROOT/Site).", valueName: "DIR"))
    var out: String?

    @Flag(name: .shortAndLong, help: "Print the time each step took.")
    var verbose = false

    @Flag(name: .long, help: "Show Python code plain instead of highlighting it with Pygments.")
    var noHighlight = false

    @Flag(name: .long, help: "Carry files in the output folder that sitegen didn't write (CNAME, .nojekyll, a gh-pages checkout's .git/) over into the new site; without it they stop the build.")
    var keepUnknown = false

    @OptionGroup(title: "Measurements") var measure: MeasureOptions

    func run() throws {
        let config = try root.config()
        let pythons = try measure.interpreters(config, root: root.root)
        var options = SiteBuilder.Options(root: root.root, output: out, python: pythons[0],
                                          measure: measure.request(config, root: root.root, extraPythons: Array(pythons.dropFirst())))
        options.config = config
        options.highlightsCode = !noHighlight
        options.keepsUnknownFiles = keepUnknown
        // Always, not only when measuring: a signal during any stage must leave the previous site.
        options.cancellation = Interrupts.install()
        // A signal that arrives once the new site is in place has nothing left to stop: the build
        // succeeded, and says so.
        let summary = try MeasureOptions.interruptible(published: true) { try Reporter.run { try SiteBuilder(options: options).build() } }
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
