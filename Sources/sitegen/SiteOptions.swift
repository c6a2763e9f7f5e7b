import ArgumentParser
import Foundation
import SiteGenKit

/// The `--root` option every command shares.
struct RootOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The site's folder, holding Content/ and Templates/.", valueName: "DIR"))
    var root: String = "."

    /// The site's settings from ROOT/sitegen.yml (empty without one); a bad file exits 1 or 2.
    func config(format: DiagnosticFormatter.Format = .text) throws -> SiteConfig {
        try Reporter.run(format: format) { try SiteConfig.load(root: root) }
    }
}

/// Prints diagnostics and turns a failure into the documented exit code.
enum Reporter {
    static func print(_ diagnostics: [Diagnostic], format: DiagnosticFormatter.Format = .text) {
        guard !diagnostics.isEmpty else { return }
        let formatter = DiagnosticFormatter(format: format, useColor: format == .text && DiagnosticFormatter.colorIsWanted())
        let text = formatter.format(diagnostics)
        if format == .text {
            FileHandle.standardError.write(Data(text.utf8))
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }

    /// Runs a command body, reporting a `DiagnosticError` and exiting 1 (content) or 2 (environment).
    static func run<T>(format: DiagnosticFormatter.Format = .text, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DiagnosticError {
            print(error.diagnostics, format: format)
            if format == .text {
                let errors = error.diagnostics.filter { $0.severity == .error }.count
                let noun = errors == 1 ? "error" : "errors"
                if errors > 1 { FileHandle.standardError.write(Data("\(errors) \(noun)\n".utf8)) }
            }
            throw ExitCode(error.isEnvironmental ? 2 : 1)
        }
    }
}
