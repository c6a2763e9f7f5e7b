import Foundation

/// The whole pipeline: read content and templates → resolve directives → render → check links → write.
///
/// `check` runs every step but the last, so whatever `build` would fail on, `check` reports.
public struct SiteBuilder: Sendable {
    /// What a build or check needs to know.
    public struct Options: Sendable {
        /// The folder holding `Content/` and `Templates/`.
        public var root: String
        /// Where the site is written (default `<root>/Site`).
        public var output: String
        public var registry: DirectiveRegistry
        public var host: HostFacts
        public var python: PythonInterpreter
        /// The measurements pages may show.
        public var results: ResultsIndex?
        /// Extra files published beside the pages (output-relative path → contents), e.g. raw results.
        public var extraFiles: [String: Data]
        /// How to get measurements before rendering (measure, reuse the cache, or load a file); nil to
        /// render with `results` as given.
        public var measure: MeasureStep.Request?
        /// Whether Python code blocks are highlighted with Pygments when the interpreter has it.
        public var highlightsCode = true
        /// The guides of a site with several machines or interpreters (set by the measure step); empty
        /// or one for the single guide at the site's root.
        public var guides: [ResultSet] = []

        public init(root: String, output: String? = nil, registry: DirectiveRegistry = .standard,
                    host: HostFacts = HostProbe.current(), python: PythonInterpreter = PythonInterpreter(),
                    results: ResultsIndex? = nil,
                    extraFiles: [String: Data] = [:], measure: MeasureStep.Request? = nil) {
            self.results = results
            self.measure = measure
            let rootPath = URL(fileURLWithPath: root).standardizedFileURL.path
            self.root = rootPath
            self.output = output.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
                ?? (rootPath as NSString).appendingPathComponent("Site")
            self.registry = registry
            self.host = host
            self.python = python
            self.extraFiles = extraFiles
        }
    }

    /// What a finished build or check reports.
    public struct Summary: Sendable {
        public var pages: Int
        public var files: Int
        public var seconds: Double
        /// Warnings found on the way (errors are thrown instead).
        public var warnings: [Diagnostic]
        /// Time per named step, for `--verbose`.
        public var steps: [(name: String, seconds: Double)]
        /// How many guides the site holds: 1, or one per machine and interpreter.
        public var guides: Int = 1
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

    /// Does everything `build` does except writing.
    @discardableResult
    public func check() throws -> Summary {
        try run(writing: false)
    }

    /// Renders one page's body (directives expanded), for `sitegen render`.
    public func renderBody(ofPage path: String) throws -> String {
        let pages = try ContentLoader(root: options.root).load()
        let relative = Self.relativePath(path, root: options.root)
        guard let page = pages.first(where: { $0.sourcePath == relative }) else {
            throw DiagnosticError(.error(
                "\(path) is not a page of the site at \(options.root); pages are Content/**/*.md (pass --root DIR for another site)"),
                isEnvironmental: true)
        }
        var builder = try measured([page]).builder
        // Several guides: the page as this machine's guide shows it, else as the first guide does.
        if let set = builder.options.guides.first(where: \.isLocal) ?? builder.options.guides.first {
            builder = builder.builder(for: set)
        }
        let body = try PageRenderer(registry: options.registry).render(page, context: builder.context(for: page)).body
        // The same body the built page shows, highlighting included.
        return options.highlightsCode ? Highlighter(python: options.python.command).highlight(pages: [body])[0] : body
    }

    // MARK: - Pipeline

    /// The stages, each named and timed: read, measure, render+links, highlight, templates (layout and
    /// fleet pages), offline, write. `check` stops before writing.
    private func run(writing: Bool) throws -> Summary {
        let clock = StepClock()
        let writer = SiteWriter(output: options.output)
        let (pages, templates) = try read()
        // A page footer may name the interpreter: ask it now, so its start-up (a few hundred milliseconds
        // behind a launcher such as pyenv's shim) overlaps rendering instead of adding to it. The answer
        // is cached; whoever needs it later waits for this one. Templates that don't show it don't pay.
        let showsPython = templates.mentions("python")
        if showsPython {
            let interpreter = options.python
            DispatchQueue.global().async { _ = try? interpreter.facts() }
        }
        clock.lap("read")
        // After reading (a wrong --root says so first) and before measuring (minutes of work shouldn't
        // end in "can't write").
        if writing { try writer.validate(root: options.root) }

        // Measure what the pages reference (reusing the cache), or load the given results file.
        let (measured, measureWarnings) = try self.measured(pages)
        if options.measure != nil { clock.lap("measure") }

        // One guide at the site's root, or one per machine and interpreter in its own folder.
        let guides: [Guide] = measured.options.guides.count > 1
            ? measured.options.guides.map { Guide(set: $0, builder: measured.builder(for: $0)) }
            : [Guide(set: nil, builder: measured)]
        let assets = try assetFiles()
        var rendered = try render(guides, pages: pages, assets: assets)
        clock.lap("render+links")
        // Findings such as contradicted claims fail `check` (CI); `build` publishes the page showing the
        // verdict and prints them as warnings, since the machine, not the author, decided them.
        if !writing && rendered.findings.contains(where: { $0.severity == .error }) { throw DiagnosticError(rendered.findings) }
        let findingWarnings = rendered.findings.map { finding -> Diagnostic in
            var warning = finding
            if writing && warning.severity == .error { warning.severity = .warning }
            return warning
        }

        // Highlighting changes only how code looks, so `check` skips it. All guides' pages in one run.
        var highlightNotes: [Diagnostic] = []
        if writing && options.highlightsCode {
            highlightNotes = highlight(&rendered.pages)
            clock.lap("highlight")
        }

        let site = try layout(guides, rendered: rendered.pages, pages: pages, templates: templates, showsPython: showsPython)
        clock.lap("templates")
        try checkOffline(site, assets: assets)
        clock.lap("offline")

        if writing {
            try writer.write(files: site.files, copies: assets)
            clock.lap("write")
        }
        return Summary(pages: pages.count * guides.count, files: site.files.count + assets.count, seconds: clock.total,
                       warnings: measureWarnings + findingWarnings + rendered.linkWarnings + highlightNotes,
                       steps: clock.laps, guides: guides.count)
    }

    /// Read: pages and templates are independent; problems of both are reported at once.
    private func read() throws -> (pages: [Page], templates: TemplateSet) {
        var rootIsDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: options.root, isDirectory: &rootIsDirectory), rootIsDirectory.boolValue else {
            throw DiagnosticError(.error(
                "no Content/ folder in \(options.root): that folder does not exist; run sitegen in the project folder or pass --root DIR"),
                isEnvironmental: true)
        }
        var problems: [Diagnostic] = []
        var pages: [Page] = []
        var templates: TemplateSet?
        var environmental = false
        do { pages = try ContentLoader(root: options.root).load() } catch let error as DiagnosticError {
            problems += error.diagnostics
            environmental = environmental || error.isEnvironmental
        }
        do { templates = try TemplateSet(root: options.root) } catch let error as DiagnosticError {
            problems += error.diagnostics
            environmental = environmental || error.isEnvironmental
        }
        if !problems.isEmpty { throw DiagnosticError(problems, isEnvironmental: environmental) }
        return (pages, templates!)
    }

    /// What rendering every guide gave: its pages, the findings of its directives, the link warnings.
    private struct Rendered {
        var pages: [[RenderedPage]]
        var findings: [Diagnostic]
        var linkWarnings: [Diagnostic]
    }

    /// Render and links: resolve and render every page of every guide (pages in parallel), then check
    /// each guide's links against everything it will hold.
    private func render(_ guides: [Guide], pages: [Page], assets: [String: String]) throws -> Rendered {
        var rendered = Rendered(pages: [], findings: [], linkWarnings: [])
        var renderProblems: [Diagnostic] = []
        var environmental = false
        for guide in guides {
            let sink = DiagnosticSink()
            do {
                let guidePages = try guide.builder.renderAll(pages, findings: sink)
                // Pages of a guide in a folder can't reach the shared assets by the paths they were
                // written with, so only its own files count.
                var known = Set(guide.builder.options.extraFiles.keys)
                if guide.set == nil { known.formUnion(assets.keys) }
                known.insert(SiteWriter.marker)
                let linkProblems = LinkChecker(files: known).check(guidePages)
                renderProblems += guide.relabel(linkProblems.filter { $0.severity == .error })
                rendered.linkWarnings += guide.relabel(linkProblems.filter { $0.severity != .error })
                rendered.pages.append(guidePages)
            } catch let error as DiagnosticError {
                renderProblems += guide.relabel(error.diagnostics)
                environmental = environmental || error.isEnvironmental
            }
            rendered.findings += guide.relabel(guide.adjust(sink.diagnostics))
        }
        if !renderProblems.isEmpty { throw DiagnosticError(renderProblems, isEnvironmental: environmental) }
        return rendered
    }

    /// Highlight: every guide's code blocks in one run of the highlighter; its note, if any.
    private func highlight(_ guides: inout [[RenderedPage]]) -> [Diagnostic] {
        let output = Highlighter(python: options.python.command).run(pages: guides.flatMap { $0.map(\.body) })
        var next = output.pages.makeIterator()
        for guide in guides.indices {
            for index in guides[guide].indices { guides[guide][index].body = next.next()! }
        }
        return output.note.map { [$0] } ?? []
    }

    /// The site's files before writing, and which source page each document came from.
    private struct LaidOut {
        var files: [String: Data]
        var documents: [String: String]
        var sourceByOutput: [String: String]
    }

    /// Templates: every guide's pages through the layout, the raw results beside them, and with several
    /// guides the landing and comparison pages.
    private func layout(_ guides: [Guide], rendered: [[RenderedPage]], pages: [Page], templates: TemplateSet,
                        showsPython: Bool) throws -> LaidOut {
        var site = LaidOut(files: [:], documents: [:], sourceByOutput: [:])
        for (guide, guidePages) in zip(guides, rendered) {
            let builder = guide.builder
            let python = showsPython ? (try? builder.options.python.facts()).map { "\($0.implementation) \($0.version)" } : nil
            let folder = guide.set.map { $0.slug + "/" } ?? ""
            let layout = SiteLayout(pages: guidePages, host: builder.options.host, python: python, folder: folder,
                                    banner: guide.set.map(GuideBanner.init(set:)))
            for (path, data) in builder.options.extraFiles { site.files[folder + path] = data }
            site.documents.merge(layout.documents(templates: templates)) { first, _ in first }
            for page in pages { site.sourceByOutput[folder + page.outputPath] = page.sourcePath }
        }
        if guides.count > 1 {
            let sets = guides.compactMap(\.set)
            let claims = try sets.map { try ClaimSurvey.collect(root: options.root, results: $0.index) }
            let fleet = FleetSite(sets: sets, claims: claims, siteTitle: SiteLayout(pages: rendered[0], host: options.host).siteTitle)
            site.documents.merge(fleet.documents(templates: templates)) { _, fleetPage in fleetPage }
        }
        for (path, html) in site.documents { site.files[path] = Data(html.utf8) }
        return site
    }

    /// Offline: the site opens from disk and makes no request, so nothing in a page or stylesheet may
    /// load from another host.
    private func checkOffline(_ site: LaidOut, assets: [String: String]) throws {
        let ordered = site.documents.sorted(by: { $0.key < $1.key })
        var offline = ordered.concurrentMap { path, html in
            ExternalResourceChecker().check(html: html, file: site.sourceByOutput[path] ?? path)
        }.flatMap { $0 }
        for (output, source) in assets.sorted(by: { $0.key < $1.key }) where output.hasSuffix(".css") {
            if let css = try? String(contentsOfFile: source, encoding: .utf8) {
                offline += ExternalResourceChecker().check(css: css, file: "Templates/" + output)
            }
        }
        if !offline.isEmpty { throw DiagnosticError(offline) }
    }

    private func renderAll(_ pages: [Page], findings: DiagnosticSink) throws -> [RenderedPage] {
        let renderer = PageRenderer(registry: options.registry)
        let results = pages.concurrentMap { page in
            Result { try renderer.render(page, context: context(for: page, findings: findings)) }
                .mapError { $0 as? DiagnosticError ?? DiagnosticError(.error("\($0)", file: page.sourcePath)) }
        }
        var rendered: [RenderedPage] = []
        var problems: [Diagnostic] = []
        var environmental = false
        for result in results {
            switch result {
            case .success(let page): rendered.append(page)
            case .failure(let error):
                problems += error.diagnostics
                environmental = environmental || error.isEnvironmental
            }
        }
        if !problems.isEmpty { throw DiagnosticError(problems, isEnvironmental: environmental) }
        return rendered
    }

    private func context(for page: Page, findings: DiagnosticSink = DiagnosticSink()) -> DirectiveContext {
        DirectiveContext(root: options.root, page: page.sourcePath, host: options.host, python: options.python,
                         results: options.results, findings: findings)
    }

    /// `Templates/assets/**` → `assets/**`, as output path → source path.
    private func assetFiles() throws -> [String: String] {
        let directory = (options.root as NSString).appendingPathComponent("Templates/assets")
        guard FileManager.default.fileExists(atPath: directory) else { return [:] }
        var copies: [String: String] = [:]
        for relative in try FileWalk.files(in: directory) {
            copies["assets/" + relative] = (directory as NSString).appendingPathComponent(relative)
        }
        return copies
    }

    static func relativePath(_ path: String, root: String) -> String {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        let prefix = root.hasSuffix("/") ? root : root + "/"
        return absolute.hasPrefix(prefix) ? String(absolute.dropFirst(prefix.count)) : path
    }
}

/// Times the named steps of a pipeline.
final class StepClock: @unchecked Sendable {
    private let start = DispatchTime.now()
    private var last = DispatchTime.now()
    private(set) var laps: [(name: String, seconds: Double)] = []

    func lap(_ name: String) {
        let now = DispatchTime.now()
        laps.append((name, Double(now.uptimeNanoseconds - last.uptimeNanoseconds) / 1e9))
        last = now
    }

    var total: Double { Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9 }
}
