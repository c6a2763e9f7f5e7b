import Foundation

/// Builds or checks a site: the command line's entry to the pipeline.
///
/// A build is a sequence of named, timed stages over one `Build` value (see `BuildStage`); `check`
/// runs every stage but the writing ones, so whatever `build` would fail on, `check` reports.
public struct SiteBuilder: Sendable {
    /// What a build or check is asked to do: its input, which no stage changes.
    public struct Options: Sendable {
        /// The folder holding `Content/` and `Templates/`.
        public var root: String
        /// Where the site is written (default `<root>/Site`).
        public var output: String
        public var registry: DirectiveRegistry
        public var host: HostFacts
        public var python: PythonInterpreter
        /// The measurements pages may show, when the caller has them already (`measure` nil).
        public var results: ResultsIndex?
        /// How to get measurements before rendering (measure, reuse the cache, or load a file); nil to
        /// render with `results` as given.
        public var measure: MeasureStep.Request?
        /// Whether Python code blocks are highlighted with Pygments when the interpreter has it.
        public var highlightsCode = true
        /// Whether files in the output folder that sitegen didn't write (a `CNAME`, a gh-pages
        /// checkout's `.git/`) are carried over into the new site; without it they stop the build.
        public var keepsUnknownFiles = false
        /// Set by Ctrl-C or SIGTERM (see `Interrupts`): the build stops after the stage that is running,
        /// and never puts its site in place once it is set. The measurement's own (`measure`) is
        /// usually the same one.
        public var cancellation: Cancellation?
        /// The site's settings (`sitegen.yml`): its title, tagline, edit links and canonical URLs.
        public var config = SiteConfig()

        /// Where what a build can reuse is kept: measurements, interpreters' answers, highlighted code.
        var cacheDirectory: String {
            measure?.cacheDirectory ?? (root as NSString).appendingPathComponent(".sitegen/cache")
        }

        /// The cancellation the build heeds: its own, else the measurement's.
        var interruption: Cancellation? { cancellation ?? measure?.cancellation }

        public init(root: String, output: String? = nil, registry: DirectiveRegistry = .standard,
                    host: HostFacts = HostProbe.current(), python: PythonInterpreter = PythonInterpreter(),
                    results: ResultsIndex? = nil, measure: MeasureStep.Request? = nil) {
            let rootPath = URL(fileURLWithPath: root).standardizedFileURL.path
            self.root = rootPath
            self.output = output.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
                ?? (rootPath as NSString).appendingPathComponent("Site")
            self.registry = registry
            // The user's own workloads can be shown with `source` like the bundled ones.
            self.registry.showSources(of: python.workloads)
            self.host = host
            self.python = python
            self.results = results
            self.measure = measure
        }
    }

    /// What a finished build or check reports.
    public struct Summary: Sendable {
        public var pages: Int
        public var files: Int
        public var seconds: Double
        /// Warnings found on the way (errors are thrown instead).
        public var warnings: [Diagnostic]
        /// Time per named stage, for `--verbose`.
        public var steps: [(name: String, seconds: Double)]
        /// How many guides the site holds: 1, or one per machine and interpreter.
        public var guides: Int = 1
        /// The workloads this build measured (the others came from the cache or results files).
        public var measured: [String] = []
    }

    public let options: Options

    public init(options: Options) {
        self.options = options
    }

    /// Builds the site and writes it. Throws `DiagnosticError` with every problem found; on failure the
    /// previous output is untouched.
    @discardableResult
    public func build() throws -> Summary {
        try run(writing: true)
    }

    /// Does everything `build` does except highlighting and writing.
    @discardableResult
    public func check() throws -> Summary {
        try run(writing: false)
    }

    /// The driver: load, then every stage that applies, each timed under its name. Errors a stage
    /// collects end the build there; warnings go on to the summary; an interrupt ends it with
    /// `BuildInterrupted`.
    private func run(writing: Bool) throws -> Summary {
        let clock = StepClock()
        var build = try Build.load(options, writing: writing)
        clock.lap("load")
        for stage in BuildStage.allCases where stage.applies(to: build) {
            try stage.run(&build)
            try build.diagnostics.throwIfErrors()
            clock.lap(stage.rawValue)
            // Once the site is written there is nothing left to stop; before, an interrupt ends the
            // build between stages (the write stage looks again right before its swap).
            if stage != .write, options.interruption?.isCancelled == true { throw BuildInterrupted() }
        }
        return Summary(pages: build.pages.count * build.guides.count, files: build.fileCount + build.assets.count,
                       seconds: clock.total, warnings: build.diagnostics.warnings, steps: clock.laps, guides: build.guides.count,
                       measured: build.measured)
    }

    /// Renders one page's body (directives expanded, code highlighted), for `sitegen render`: as this
    /// machine's guide shows it, else as the first guide does.
    public func renderBody(ofPage path: String) throws -> String {
        var build = try Build.load(options, writing: false)
        let relative = Self.relativePath(path, root: options.root)
        guard let page = build.pages.first(where: { $0.sourcePath == relative }) else {
            throw DiagnosticError(.error(
                "\(path) is not a page of the site at \(options.root); pages are Content/**/*.md (pass --root DIR for another site)"),
                isEnvironmental: true)
        }
        try build.measure(for: [page])
        let guide = build.guides.first(where: { $0.set?.isLocal ?? true }) ?? build.guides[0]
        let context = guide.context(for: page, site: build.pages, root: options.root)
        let body = try PageRenderer(registry: options.registry).render(page, context: context).body
        return options.highlightsCode ? Highlighter(python: options.python.command).highlight(pages: [body])[0] : body
    }

    /// Every claim of every guide, measured (or taken from the cache and `--results`) as `check` does.
    public func claimListing() throws -> (listing: ClaimListing, warnings: [Diagnostic]) {
        var build = try Build.load(options, writing: false)
        try build.measure(for: build.pages)
        let guides = try build.guides.map { guide in
            guard let results = guide.results else {
                throw DiagnosticError(.error("no measurements to check claims against; measure (leave out --no-measure) or pass --results FILE"),
                                      isEnvironmental: true)
            }
            return ClaimListing.Guide(guide: guide.set?.slug,
                                      records: ClaimSurvey.collect(pages: build.pages, root: options.root, results: results))
        }
        return (ClaimListing(guides: guides), build.diagnostics.warnings)
    }

    static func relativePath(_ path: String, root: String) -> String {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        let prefix = root.hasSuffix("/") ? root : root + "/"
        return absolute.hasPrefix(prefix) ? String(absolute.dropFirst(prefix.count)) : path
    }
}

/// The build was interrupted (Ctrl-C, SIGTERM) before its site was put in place: the previous site, if
/// any, is as it was, and no staging folder is left.
public struct BuildInterrupted: Error, Sendable, CustomStringConvertible {
    public init() {}
    public var description: String { "interrupted: the site was not written; the previous one is as it was" }
}
