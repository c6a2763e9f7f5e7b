import ArgumentParser
import Foundation
import SiteGenKit

@main
struct SiteGen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sitegen",
        abstract: "Publishes a guide to Python concurrency whose every number was measured on this machine.",
        discussion: """
            Exit codes: 0 success; 1 content or measurement problems were found; 2 usage or environment \
            problems (no python3, no Content/ or Templates/, unwritable output, an output folder holding files \
            sitegen didn't write); 130 stopped by Ctrl-C, 143 by SIGTERM.
            Diagnostics are printed as `path:line:col: error|warning: message`, in colour only on a \
            terminal and never when NO_COLOR is set.
            """,
        version: SiteGenVersion.current,
        subcommands: [Build.self, Check.self, Claims.self, Render.self, Serve.self, Bench.self, Compare.self],
        defaultSubcommand: Build.self
    )

    /// Runs the command, mapping argument errors to the documented exit code 2 (swift-argument-parser
    /// would use 64, EX_USAGE).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
