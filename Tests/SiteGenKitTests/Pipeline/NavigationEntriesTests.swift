import Foundation
import Testing
@testable import SiteGenKit
@testable import SiteGenCore
@testable import SiteGenRender
@testable import SiteGenContent

/// The chapter list and the table of contents rendered once and reused: the pages come out as they
/// do when every page renders both lists through Mustache, and an entry goes through its template
/// once, not once per page.
@Suite struct NavigationEntriesTests {
    /// The markup of one entry, as `partials/nav-entry.mustache` and inline in a `{{#nav}}` loop.
    static let entry = """
        {{#gap}}<li class="gap">… {{hidden}} more</li>{{/gap}}{{^gap}}<li{{#nested}} data-level="{{level}}"{{/nested}}>\
        <a href="{{root}}{{url}}"{{#current}} aria-current="page"{{/current}}>{{title}}</a></li>{{/gap}}

        """
    static let toc = "<ol>{{#toc}}<li class=\"toc-l{{level}}\"><a href=\"#{{slug}}\">{{text}}</a></li>{{/toc}}</ol>\n"

    /// A site whose templates render the lists once (`navItems`, `tocHTML`), or through Mustache on every page.
    static func templates(once: Bool) throws -> (TemplateSet, TemporarySite) {
        let page = once
            ? "<nav>{{{navItems}}}</nav>\n<aside>{{{tocHTML}}}</aside>\n{{{content}}}\n<details>{{{tocHTML}}}</details>\n<menu>{{{navItems}}}</menu>\n"
            : "<nav>{{#nav}}\(entry){{/nav}}</nav>\n<aside>{{> partials/toc}}</aside>\n{{{content}}}\n<details>{{> partials/toc}}</details>\n<menu>{{#nav}}\(entry){{/nav}}</menu>\n"
        var files = ["Templates/page.mustache": page, "Templates/partials/toc.mustache": toc]
        if once { files["Templates/partials/nav-entry.mustache"] = entry }
        let site = try TemporarySite(files)
        return (try TemplateSet(root: site.root.path), site)
    }

    static func layout(_ pages: [Page]) throws -> SiteLayout {
        let rendered = try pages.map { page in
            let page = Page(sourcePath: page.sourcePath, frontMatter: page.frontMatter,
                            body: "## Section of \(page.outputPath)\n\n### Part\n\ntext\n", bodyLine: page.bodyLine, outputPath: page.outputPath)
            return try PageRenderer(registry: .standard).render(page, context: TestHost.context())
        }
        return SiteLayout(pages: rendered, host: TestHost.facts)
    }

    @Test(arguments: [(root: 10, big: 20), (root: 5, big: 250)])
    func pagesAreTheSameAsWithTheListsThroughMustache(size: (root: Int, big: Int)) throws {
        let layout = try Self.layout(LargeSiteNavigationTests.pages(root: size.root, big: size.big))
        let (once, siteA) = try Self.templates(once: true)
        let (everyPage, siteB) = try Self.templates(once: false)
        let fast = layout.documents(templates: once), slow = layout.documents(templates: everyPage)
        #expect(fast.count == layout.pages.count)
        for (path, html) in slow {
            #expect(fast[path] == html, "\(path)")
        }
        // The lists are there: a current entry in each chapter list, the table of contents twice.
        let page = try #require(fast["big/b3.html"])
        #expect(page.components(separatedBy: "aria-current=\"page\"").count == 3)
        #expect(page.components(separatedBy: "href=\"#part\"").count == 3)
        #expect(page.contains("<a href=\"../index.html\">"))
        _ = (siteA, siteB)
    }

    @Test func anEntryIsRenderedOncePerBuildNotOncePerPage() throws {
        let pages = LargeSiteNavigationTests.pages(root: 60, big: 0).filter { !$0.outputPath.contains("/") }
        #expect(pages.count <= SiteNavigation.fullListLimit)
        let layout = try Self.layout(pages)
        let (templates, site) = try Self.templates(once: true)
        let shared = SiteLayout.SharedContext(layout: layout, templates: templates)
        for index in pages.indices { _ = layout.context(at: index, shared: shared) }
        // Every page lists every page: each entry once as it is, and once as the current page.
        #expect(shared.entries?.renders == 2 * pages.count)
        _ = site
    }

    @Test func withoutAnEntryTemplateThePageIteratesTheListItself() throws {
        let layout = try Self.layout(LargeSiteNavigationTests.pages(root: 3, big: 0))
        let (templates, site) = try Self.templates(once: false)
        let context = layout.context(at: 1, shared: SiteLayout.SharedContext(layout: layout, templates: templates))
        #expect(context["navItems"] == nil && context["tocHTML"] == nil)
        #expect((context["nav"] as? [[String: Any]])?.count == layout.pages.count)
        _ = site
    }

    @Test func fingerprintsTellEntriesApart() {
        let a: [String: Any] = ["title": "a", "url": "bc", "current": false]
        let b: [String: Any] = ["title": "ab", "url": "c", "current": false]
        let c: [String: Any] = ["title": "a", "url": "bc", "current": true]
        let d: [String: Any] = ["title": "a", "url": "bc", "current": false, "level": 1]
        let prints = Set([a, b, c, d].map(NavigationEntries.fingerprint))
        #expect(prints.count == 4)
    }
}
