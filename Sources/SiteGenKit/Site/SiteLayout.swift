import Foundation

/// Navigation, previous/next, tables of contents and template contexts for the rendered pages.
struct SiteLayout: Sendable {
    public var pages: [RenderedPage]
    public var host: HostFacts
    public var generator: String
    /// The interpreter the guide describes, e.g. "CPython 3.11.7", when it could be run.
    public var python: String?
    /// The guide's folder in the site, `""` or `slug/`, when the site holds one guide per machine.
    public var folder: String
    /// The banner naming the guide's machine and interpreter, on sites with several guides.
    public var banner: GuideBanner?

    public init(pages: [RenderedPage], host: HostFacts, python: String? = nil,
                generator: String = "sitegen \(SiteGenVersion.current)", folder: String = "", banner: GuideBanner? = nil) {
        self.pages = pages
        self.host = host
        self.python = python
        self.generator = generator
        self.folder = folder
        self.banner = banner
    }

    /// The site's title: the home page's title, or the name of the first page when there is no home.
    public var siteTitle: String {
        pages.first(where: { $0.page.isHome })?.page.frontMatter.title ?? pages.first?.page.frontMatter.title ?? "Site"
    }

    /// Every page as a full HTML document, output path → HTML.
    public func documents(templates: TemplateSet) -> [String: String] {
        // Pages render independently, so in parallel; the navigation is built once for all of them.
        let navigation = self.navigation
        let shared = SharedContext(layout: self, navigation: navigation)
        let documents = Array(pages.indices).concurrentMap { index in
            (folder + pages[index].page.outputPath,
             templates.render(context(at: index, navigation: navigation, shared: shared), home: pages[index].page.isHome))
        }
        return Dictionary(uniqueKeysWithValues: documents)
    }

    /// Every page's navigation entry, none marked current.
    ///
    /// A missing summary is `false`, not absent: Mustache would otherwise look further up the context and
    /// show the current page's summary, and swift-mustache treats "" as true.
    private var navigation: [[String: Any]] {
        pages.map { other in
            let summary = other.page.frontMatter.summary ?? ""
            return [
                "title": other.page.frontMatter.title,
                "url": folder + other.page.outputPath,
                "current": false,
                "summary": summary.isEmpty ? false : summary,
            ] as [String: Any]
        }
    }

    private var hostContext: [String: Any] {
        var context: [String: Any] = [
            "cpuModel": host.cpuModel,
            "logicalCPUs": host.logicalCPUs,
            "effectiveCPUs": host.effectiveCPUs,
            "memory": host.memoryDescription,
            "os": host.os,
        ]
        if let python { context["python"] = python }
        return context
    }

    /// What every page's context shares, worked out once per build rather than once per page: with
    /// a thousand pages, filtering the navigation for each of them was a million dictionary lookups.
    struct SharedContext {
        var siteTitle: String
        var host: [String: Any]
        /// The `pages` list: every page but the home page, none marked current.
        var list: [[String: Any]]
        /// Where each page sits in `list`, or nil (the home page).
        var listPosition: [Int?]

        init(layout: SiteLayout, navigation: [[String: Any]]) {
            siteTitle = layout.siteTitle
            host = layout.hostContext
            var position = 0
            listPosition = layout.pages.map { rendered in
                guard rendered.page.outputPath != "index.html" else { return nil }
                defer { position += 1 }
                return position
            }
            list = zip(navigation, listPosition).compactMap { $1 == nil ? nil : $0 }
        }
    }

    /// The Mustache context of one page (documented in Templates/README.md).
    public func context(at index: Int) -> [String: Any] {
        let navigation = self.navigation
        return context(at: index, navigation: navigation, shared: SharedContext(layout: self, navigation: navigation))
    }

    func context(at index: Int, navigation: [[String: Any]], shared: SharedContext) -> [String: Any] {
        let rendered = pages[index]
        let page = rendered.page
        let depth = (folder + page.outputPath).split(separator: "/").count - 1
        let root = String(repeating: "../", count: depth)
        // Copy-on-write: the copies share every entry but the current page's.
        var nav = navigation
        nav[index]["current"] = true
        var list = shared.list
        if let position = shared.listPosition[index] { list[position]["current"] = true }
        let toc: [[String: Any]] = rendered.headings.filter { $0.level == 2 || $0.level == 3 }.map {
            ["level": $0.level, "text": $0.text, "slug": $0.slug]
        }
        var context: [String: Any] = [
            "siteTitle": shared.siteTitle,
            "title": page.frontMatter.title,
            "content": rendered.body,
            "sourcePath": page.sourcePath,
            "url": page.outputPath,
            "root": root,
            "isHome": page.isHome,
            "hasToc": !toc.isEmpty,
            "toc": toc,
            "nav": nav,
            "pages": list,
            "generator": generator,
            "host": shared.host,
        ]
        let summary = page.frontMatter.summary ?? ""
        context["summary"] = summary.isEmpty ? false : summary
        if let banner { context["guide"] = banner.context(root: root, folder: folder) }
        if index > 0 {
            context["previous"] = ["title": pages[index - 1].page.frontMatter.title, "url": folder + pages[index - 1].page.outputPath]
        }
        if index + 1 < pages.count {
            context["next"] = ["title": pages[index + 1].page.frontMatter.title, "url": folder + pages[index + 1].page.outputPath]
        }
        return context
    }
}
