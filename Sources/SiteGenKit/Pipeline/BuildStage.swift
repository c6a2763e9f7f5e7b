/// The stages of a build after loading, in order. Each reads what earlier stages left in the `Build`
/// and adds its part; the driver (`SiteBuilder`) times each under its name and stops at the first
/// stage that collected an error. A new capability is a new stage here, not an edit to the driver.
enum BuildStage: String, CaseIterable {
    /// The guides and their numbers: measured, from the cache, or from results files.
    case measure
    /// Every page of every guide through its directives and cmark, pages in parallel.
    case render
    /// Every link of every guide against the files the guide will hold.
    case linkCheck = "link check"
    /// Figures typed by hand into prose, which measurements could contradict: warnings.
    case figureCheck = "figure check"
    /// What directives found: contradicted claims fail `check`, and are warnings in `build`.
    case verdicts
    /// Python code blocks through Pygments, all guides in one run (`build` only: it changes only looks).
    case highlight
    /// Every guide's pages through the templates, with navigation, and its raw results beside them.
    case layout
    /// With several guides, the landing and comparison pages.
    case fleetPages = "fleet pages"
    /// For a guide measured several times, a page of its key figures across the runs.
    case history = "history pages"
    /// Nothing in a page or stylesheet loads from another host.
    case offlineCheck = "offline check"
    /// The site, written atomically over the previous one (`build` only).
    case write

    /// Whether the stage runs in this build.
    func applies(to build: Build) -> Bool {
        switch self {
        case .highlight: return build.writing && build.options.highlightsCode
        case .fleetPages: return build.guides.count > 1
        case .history: return build.guides.contains { $0.measuredBefore != nil }
        case .write: return build.writing
        default: return true
        }
    }

    func run(_ build: inout Build) throws {
        switch self {
        case .figureCheck: build.diagnostics.add(build.pages.flatMap(HandTypedFigures.diagnostics(for:)))
        case .measure: try build.measure(for: build.pages)
        case .render: build.render()
        case .linkCheck: build.checkLinks()
        case .verdicts: build.judgeFindings()
        case .highlight: build.highlight()
        case .layout: build.layout()
        case .fleetPages: build.addFleetPages()
        case .history: build.addHistoryPages()
        case .offlineCheck: build.checkOffline()
        case .write:
            build.moveDocumentsIntoFiles()
            try SiteWriter(output: build.options.output, keepsUnknownFiles: build.options.keepsUnknownFiles,
                           cancellation: build.options.interruption)
                .write(files: build.files, copies: build.assets)
        }
    }
}
