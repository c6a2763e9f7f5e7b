import Foundation

/// One build or check in progress: the options it was asked with, and what each stage has produced so
/// far. Stages read what earlier ones left and add their own part; none changes the options.
struct Build {
    let options: SiteBuilder.Options
    /// Whether the site is written (`build`) or only checked (`check`).
    let writing: Bool

    // Load
    /// Every page of `Content/`, read once, in navigation order.
    let pages: [Page]
    let templates: TemplateSet
    /// `Templates/assets/**` as output path → source path, copied as they are.
    let assets: [String: String]
    /// Whether a template shows the interpreter, so its facts are asked for early and shown.
    let showsPython: Bool

    // Measure
    /// One guide at the site's root, or one per machine and interpreter, each in its folder.
    var guides: [Guide] = []
    /// The workloads measured now rather than taken from the cache.
    var measured: [String] = []

    // Render, link check, verdicts, highlight
    /// Each guide's rendered pages, in the order of `pages`.
    var rendered: [[RenderedPage]] = []
    /// What directives found while rendering (contradicted and inconclusive claims), per guide.
    var findings: [Diagnostic] = []

    // Layout, fleet pages
    /// Every HTML document of the site by output path, and the page each came from.
    var documents: [String: String] = [:]
    var sourceByOutput: [String: String] = [:]
    /// Every file to write but the copied assets and the documents (the raw results); the documents
    /// join it as bytes only when the site is written.
    var files: [String: Data] = [:]
    /// How many files the site holds but the copied assets.
    var fileCount: Int { files.count + documents.count }

    /// Every problem and warning met so far.
    var diagnostics = DiagnosticCollector()

    /// Load: the pages and the templates, read independently so that problems of both are reported at
    /// once, and the assets to copy.
    static func load(_ options: SiteBuilder.Options, writing: Bool) throws -> Build {
        var rootIsDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: options.root, isDirectory: &rootIsDirectory), rootIsDirectory.boolValue else {
            throw DiagnosticError(.error(
                "no Content/ folder in \(options.root): that folder does not exist; run sitegen in the project folder or pass --root DIR"),
                isEnvironmental: true)
        }
        var diagnostics = DiagnosticCollector()
        let pages = diagnostics.attempt { try ContentLoader(root: options.root).load() }
        let templates = diagnostics.attempt { try TemplateSet(root: options.root) }
        try diagnostics.throwIfErrors()
        let build = Build(options: options, writing: writing, pages: pages!, templates: templates!,
                          assets: try assetFiles(root: options.root), showsPython: templates!.mentions("python"))
        // Answers of the interpreters kept between builds: a build whose measurements are cached then
        // starts no Python for them.
        for python in [options.python] + (options.measure?.extraPythons ?? []) {
            python.cacheQueries(in: (options.cacheDirectory as NSString).appendingPathComponent("interpreters"))
        }
        if build.showsPython {
            // The footer names the interpreter: ask it now, so its start-up (a few hundred milliseconds
            // behind a launcher such as pyenv's shim) overlaps the next stages instead of adding to them.
            // The answer is cached; whoever needs it later waits for this one.
            let interpreter = options.python
            DispatchQueue.global().async { _ = try? interpreter.facts() }
        }
        // Before measuring, which can take minutes that shouldn't end in "can't write".
        if writing { try SiteWriter(output: options.output, keepsUnknownFiles: options.keepsUnknownFiles).validate(root: options.root) }
        return build
    }

    /// `Templates/assets/**` → `assets/**`, as output path → source path.
    private static func assetFiles(root: String) throws -> [String: String] {
        let directory = (root as NSString).appendingPathComponent("Templates/assets")
        guard FileManager.default.fileExists(atPath: directory) else { return [:] }
        var copies: [String: String] = [:]
        for relative in try FileWalk.files(in: directory, label: "Templates/assets") {
            copies["assets/" + relative] = (directory as NSString).appendingPathComponent(relative)
        }
        return copies
    }
}
