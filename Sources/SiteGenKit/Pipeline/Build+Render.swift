import Foundation

extension Build {
    /// Render: every page of every guide through its directives and cmark, pages in parallel; every
    /// page's problems are collected, each named by its guide on a site with several.
    mutating func render() {
        let renderer = PageRenderer(registry: options.registry)
        for guide in guides {
            let sink = DiagnosticSink()
            let results = pages.concurrentMap { page in
                Result { try renderer.render(page, context: guide.context(for: page, site: pages, root: options.root, findings: sink)) }
            }
            var pageProblems = DiagnosticCollector()
            var guidePages: [RenderedPage] = []
            for (page, result) in zip(pages, results) {
                if let rendered = pageProblems.attempt(file: page.sourcePath, { try result.get() }) { guidePages.append(rendered) }
            }
            diagnostics.add(DiagnosticError(guide.relabel(pageProblems.errors), isEnvironmental: pageProblems.isEnvironmental))
            rendered.append(guidePages)
            findings += guide.relabel(guide.adjust(sink.diagnostics))
        }
    }

    /// Link check: each guide's links against everything it will hold. Pages of a guide in a folder
    /// can't reach the shared assets by the paths they were written with, so only its own files count.
    mutating func checkLinks() {
        for (guide, guidePages) in zip(guides, rendered) {
            var known = Set(guide.files.keys)
            if guide.set == nil { known.formUnion(assets.keys) }
            known.insert(SiteWriter.marker)
            let problems = LinkChecker(files: known).check(guidePages)
            diagnostics.add(guide.relabel(problems))
        }
    }

    /// Verdicts: findings such as contradicted claims fail `check` (CI); `build` publishes the page
    /// showing the verdict and reports them as warnings, since the machine, not the author, decided them.
    mutating func judgeFindings() {
        if writing {
            diagnostics.add(findings.map { finding in
                var warning = finding
                if warning.severity == .error { warning.severity = .warning }
                return warning
            })
        } else if findings.contains(where: { $0.severity == .error }) {
            diagnostics.add(DiagnosticError(findings))
        } else {
            diagnostics.add(findings)
        }
    }
}
