import ArgumentParser
import SiteGenKit

@main
struct SiteGen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sitegen",
        abstract: "Publishes a guide to Python concurrency whose every number was measured on this machine.",
        discussion: """
            Exit codes: 0 success; 1 content or measurement problems were found; 2 usage or environment \
            problems (no python3, no Content/ or Templates/, unwritable output).
            Diagnostics are printed as `path:line:col: error|warning: message`, in colour only on a \
            terminal and never when NO_COLOR is set.
            """,
        version: SiteGenVersion.current,
        subcommands: [Build.self, Check.self, Render.self],
        defaultSubcommand: Build.self
    )
}
