import Foundation

extension Build {
    /// Highlight: every guide's code blocks in one run of the highlighter, blocks of earlier builds from
    /// the cache; a note when it was skipped.
    mutating func highlight() {
        let cache = (options.cacheDirectory as NSString).appendingPathComponent("highlight")
        let output = Highlighter(python: options.python.command, cachePath: cache).run(pages: rendered.flatMap { $0.map(\.body) })
        var next = output.pages.makeIterator()
        for guide in rendered.indices {
            for index in rendered[guide].indices { rendered[guide][index].body = next.next()! }
        }
        if let note = output.note { diagnostics.add(note) }
    }

    /// Layout: every guide's pages through the templates, and its raw results beside them.
    mutating func layout() {
        for (guide, guidePages) in zip(guides, rendered) {
            let python = showsPython ? (try? guide.python.facts())?.name : nil
            var layout = SiteLayout(pages: guidePages, host: guide.host, python: python, folder: guide.folder,
                                    banner: guide.set.map(GuideBanner.init(set:)))
            layout.config = options.config
            layout.historyPath = guide.measuredBefore.flatMap(HistoryPage.path(for:))
            // Only what is written needs the bytes (`check` never encodes the results it doesn't publish).
            for (path, data) in guide.files where writing {
                switch data.value {
                case .success(let bytes): files[guide.folder + path] = bytes
                case .failure(let error): diagnostics.add(error)
                }
            }
            documents.merge(layout.documents(templates: templates)) { first, _ in first }
            for page in pages { sourceByOutput[guide.folder + page.outputPath] = page.sourcePath }
        }
    }

    /// Moves every document into `files` as bytes, for the writer, one at a time: the site's HTML is
    /// never held both as text and as bytes (which was a third of a large build's peak memory).
    mutating func moveDocumentsIntoFiles() {
        for path in Array(documents.keys) {
            if let html = documents.removeValue(forKey: path) { files[path] = Data(html.utf8) }
        }
    }

    /// The site's title as its pages show it (sitegen.yml's, else the home page's), for the pages a
    /// build adds beside them.
    var siteTitle: String {
        var layout = SiteLayout(pages: rendered[0], host: options.host)
        layout.config = options.config
        return layout.siteTitle
    }

    /// Fleet pages: with several guides, the landing page and the comparison of their numbers and claims.
    mutating func addFleetPages() {
        let measured = guides.compactMap { guide in guide.set.map { (guide: guide, set: $0) } }
        let sets = measured.map(\.set)
        let claims = measured.map { ClaimSurvey.collect(pages: pages, root: options.root, results: $0.set.index, memo: $0.guide.memo) }
        let fleet = FleetSite(sets: sets, claims: claims, siteTitle: siteTitle)
        for (path, html) in fleet.documents(templates: templates) { documents[path] = html }
    }

    /// History pages: for every guide with earlier runs, its key figures across them. A page of the
    /// site at the same path is an error, not overwritten.
    mutating func addHistoryPages() {
        for guide in guides {
            guard let set = guide.measuredBefore else { continue }
            let page = HistoryPage(set: set, guideURL: guide.folder + "index.html", siteTitle: siteTitle, generator: "sitegen \(SiteGenVersion.current)")
            if let source = sourceByOutput[page.path] {
                diagnostics.add(.error("\(page.path) is the history page of \(set.label), and this page would be written there too; rename or move it",
                                       file: source))
                continue
            }
            documents[page.path] = page.document(templates: templates)
        }
    }

    /// Offline check: the site opens from disk and makes no request, so nothing in a page or stylesheet
    /// may load from another host.
    mutating func checkOffline() {
        let ordered = documents.sorted(by: { $0.key < $1.key })
        let pageProblems = ordered.concurrentMap { path, html in
            ExternalResourceChecker().check(html: html, file: sourceByOutput[path] ?? path)
        }
        var problems = pageProblems.flatMap { $0 }
        for (output, source) in assets.sorted(by: { $0.key < $1.key }) where output.hasSuffix(".css") {
            if let css = try? String(contentsOfFile: source, encoding: .utf8) {
                problems += ExternalResourceChecker().check(css: css, file: "Templates/" + output)
            }
        }
        if !problems.isEmpty { diagnostics.add(DiagnosticError(problems)) }
    }
}
