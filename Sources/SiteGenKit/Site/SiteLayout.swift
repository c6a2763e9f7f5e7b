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
    /// The site's settings: title, tagline, edit links, canonical URLs.
    public var config = SiteConfig()
    /// The guide's history page, from the site's root, when it was measured more than once.
    public var historyPath: String?

    public init(pages: [RenderedPage], host: HostFacts, python: String? = nil,
                generator: String = "sitegen \(SiteGenVersion.current)", folder: String = "", banner: GuideBanner? = nil) {
        self.pages = pages
        self.host = host
        self.python = python
        self.generator = generator
        self.folder = folder
        self.banner = banner
    }

    /// The site's title: `title` of sitegen.yml, else the home page's title, or the name of the first
    /// page when there is no home.
    public var siteTitle: String {
        config.title ?? pages.first(where: { $0.page.isHome })?.page.frontMatter.title ?? pages.first?.page.frontMatter.title ?? "Site"
    }

    /// Every page as a full HTML document, output path → HTML.
    public func documents(templates: TemplateSet) -> [String: String] {
        // Pages render independently, so in parallel; the navigation is built once for all of them.
        let shared = SharedContext(layout: self, templates: templates)
        let documents = Array(pages.indices).concurrentMap { index in
            (folder + pages[index].page.outputPath,
             templates.render(context(at: index, shared: shared), home: pages[index].page.isHome))
        }
        return Dictionary(uniqueKeysWithValues: documents)
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
        var navigation: SiteNavigation
        /// The chapter list's entries as HTML, when the templates render them one by one.
        var entries: NavigationEntries?
        /// The templates, when the page's table of contents is rendered once for it (`tocHTML`).
        var tocTemplates: TemplateSet?

        init(layout: SiteLayout, templates: TemplateSet? = nil) {
            siteTitle = layout.siteTitle
            host = layout.hostContext
            navigation = SiteNavigation(pages: layout.pages.map(\.page), folder: layout.folder)
            entries = templates.flatMap { NavigationEntries(templates: $0, siteTitle: layout.siteTitle) }
            tocTemplates = templates.flatMap { $0.contains(SiteLayout.tocTemplate) && $0.mentions("tocHTML") ? $0 : nil }
        }
    }

    /// The table of contents, rendered once per page into `tocHTML` for templates that show it more
    /// than once (the side column and the phone's `<details>`): its list through Mustache was a fifth
    /// of a large build.
    static let tocTemplate = "partials/toc"

    /// The Mustache context of one page (documented in Templates/README.md).
    public func context(at index: Int) -> [String: Any] {
        context(at: index, shared: SharedContext(layout: self))
    }

    func context(at index: Int, shared: SharedContext) -> [String: Any] {
        let rendered = pages[index]
        let page = rendered.page
        let depth = (folder + page.outputPath).split(separator: "/").count - 1
        let root = String(repeating: "../", count: depth)
        let nav = shared.navigation.items(for: index, outputPath: page.outputPath)
        // Copy-on-write: the copy shares every entry but the current page's.
        var list = shared.navigation.chapters
        if let position = shared.navigation.chapterPosition[index] { list[position]["current"] = true }
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
        if let entries = shared.entries { context["navItems"] = entries.html(for: nav, root: root) }
        if let banner { context["guide"] = banner.context(root: root, folder: folder) }
        context["tagline"] = config.tagline ?? false
        if let historyPath { context["historyURL"] = root + historyPath }
        if let repository = config.repository {
            context["editURL"] = "\(repository)/edit/\(URLPath.encode(config.branch ?? "main"))/\(URLPath.encode(page.sourcePath))"
        }
        if let base = config.baseURL { context["canonical"] = "\(base)/\(URLPath.encode(folder + page.outputPath))" }
        if index > 0 {
            context["previous"] = ["title": pages[index - 1].page.frontMatter.title, "url": URLPath.encode(folder + pages[index - 1].page.outputPath)]
        }
        if index + 1 < pages.count {
            context["next"] = ["title": pages[index + 1].page.frontMatter.title, "url": URLPath.encode(folder + pages[index + 1].page.outputPath)]
        }
        if let templates = shared.tocTemplates, !toc.isEmpty {
            context["tocHTML"] = templates.render(context, partial: Self.tocTemplate) ?? ""
        }
        return context
    }
}
