import ArgumentParser
import Foundation
import SiteGenKit

struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the HTML body of one page, directives expanded, to standard output.",
        discussion: "With several machines or interpreters (--results, --python), the page as this machine's first guide shows it, or the first guide's when this machine isn't measured.")

    @OptionGroup var root: RootOption

    @Argument(help: ArgumentHelp("The page's Markdown file, e.g. Content/threading.md.", valueName: "FILE"))
    var file: String

    @OptionGroup(title: "Measurements") var measure: MeasureOptions

    func run() throws {
        let config = try root.config()
        let pythons = try measure.interpreters(config, root: root.root)
        let options = SiteBuilder.Options(root: root.root, python: pythons[0],
                                          measure: measure.request(config, root: root.root, quiet: true))
        let body = try MeasureOptions.interruptible {
            try Reporter.run { try SiteBuilder(options: options).renderBody(ofPage: file) }
        }
        FileHandle.standardOutput.write(Data(body.utf8))
    }
}
