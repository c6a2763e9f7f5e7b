import ArgumentParser
import Foundation
import SiteGenKit

struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the HTML body of one page, directives expanded, to standard output.")

    @OptionGroup var root: RootOption

    @Argument(help: ArgumentHelp("The page's Markdown file, e.g. Content/threading.md.", valueName: "FILE"))
    var file: String

    @OptionGroup(title: "Measurements") var measure: MeasureOptions

    func run() throws {
        let options = SiteBuilder.Options(root: root.root, python: PythonInterpreter(command: measure.python),
                                          measure: measure.request(quiet: true))
        let body = try MeasureOptions.interruptible {
            try Reporter.run { try SiteBuilder(options: options).renderBody(ofPage: file) }
        }
        FileHandle.standardOutput.write(Data(body.utf8))
    }
}
