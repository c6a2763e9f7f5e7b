import ArgumentParser
import Foundation
import SiteGenKit
import SiteGenServe

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build the site, serve it on 127.0.0.1, and rebuild it when Content/, Templates/ or the workloads change.",
        discussion: """
            Open pages reload themselves after each rebuild; a failed rebuild shows its diagnostics here and over the \
            page, and the last good site stays served. The site is built into ROOT/.sitegen/preview (or --out), never \
            into Site/, and the reload script is added only to the pages served. Ctrl-C stops the server (exit 0).
            """)

    @OptionGroup var root: RootOption

    @Option(name: .long, help: "The port on 127.0.0.1 (0: any free port).")
    var port: UInt16 = 8000

    @Flag(name: .long, help: "Open the site in the desktop's browser.")
    var open = false

    @Option(name: .long, help: ArgumentHelp("Where the served site is built (default: ROOT/.sitegen/preview).", valueName: "DIR"))
    var out: String?

    @Flag(name: .long, help: "Show code plain instead of highlighting it with Pygments.")
    var noHighlight = false

    @OptionGroup(title: "Measurements") var measure: MeasureOptions

    func run() throws {
        // Line by line even into a pipe or a log: each rebuild's line is news.
        setvbuf(stdout, nil, _IOLBF, 0)
        let cancellation = Interrupts.install()
        let rootPath = URL(fileURLWithPath: root.root).standardizedFileURL.path
        let output = out ?? (rootPath as NSString).appendingPathComponent(".sitegen/preview")
        let config = try root.config()
        let interpreters = try measure.interpreters(config, root: rootPath)
        let measure = self.measure, highlights = !noHighlight
        // The bundled workloads and the user's own folders (--workloads, or sitegen.yml's).
        let workloadFolders = [interpreters[0].workloads.path] + interpreters[0].workloads.userFolders
        // --remeasure is for the first build only; later ones reuse what it measured. (A Cancellation
        // is a thread-safe flag that is set once, which is all this needs.)
        let firstBuildDone = Cancellation()
        let session = PreviewSession(.init(
            root: rootPath,
            watched: [(rootPath as NSString).appendingPathComponent("Content"), (rootPath as NSString).appendingPathComponent("Templates")]
                + workloadFolders,
            workloadFolders: workloadFolders, port: port,
            options: {
                // Fresh interpreters for each build: an interpreter keeps its facts and catalogue once
                // asked, and an edited or added workload must be asked about again.
                let interpreters = interpreters.map { PythonInterpreter(command: $0.command, workloads: $0.workloads) }
                var request = measure.request(config, root: rootPath, extraPythons: Array(interpreters.dropFirst()))
                if firstBuildDone.isCancelled { request?.remeasure = false }
                firstBuildDone.cancel()
                var options = SiteBuilder.Options(root: rootPath, output: output, python: interpreters[0], measure: request)
                options.config = config
                options.highlightsCode = highlights
                options.cancellation = cancellation
                return options
            },
            log: { print($0) },
            report: { Reporter.print($0) }))
        let url = try Reporter.run { try PreviewSession.blocking { try await session.start() } }
        print("Serving \(Build.displayPath(output)) at \(url.absoluteString) — Ctrl-C stops")
        if open, let problem = BrowserOpener.open(url) { print(problem) }
        session.watch(until: cancellation)
        print("stopped")
    }
}
