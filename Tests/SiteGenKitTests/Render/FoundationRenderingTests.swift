import Foundation
import Testing
@testable import SiteGenKit
@testable import SiteGenResults
@testable import SiteGenCore
@testable import SiteGenProcess
@testable import SiteGenMeasure
@testable import SiteGenRender
@testable import SiteGenContent
@testable import SiteGenDirectives

/// Pages as readers see them: heading anchors, tables of contents, navigation, links between pages,
/// the home page, and what `render` prints.
@Suite struct FoundationRenderingTests {
    static func page(_ path: String, title: String, order: Int? = nil, summary: String? = nil, body: String) -> Page {
        Page(sourcePath: "Content/" + path, frontMatter: FrontMatter(title: title, order: order, summary: summary),
             body: body, bodyLine: 1, outputPath: Page.outputPath(forContentPath: path))
    }

    static func render(_ body: String) throws -> RenderedPage {
        try PageRenderer(registry: .standard).render(page("index.md", title: "T", body: body), context: TestHost.context())
    }

    // MARK: - Heading anchors

    @Test(arguments: [
        ("The convoy effect", "the-convoy-effect"),
        ("Why Python 3.12 changed things?", "why-python-3-12-changed-things"),
        ("  --Leading, trailing--  ", "leading-trailing"),
        ("to_thread", "to_thread"),
        ("asyncio.to_thread()", "asyncio-to_thread"),
        ("__main__ guards", "__main__-guards"),
        ("Café & crème brûlée", "café-crème-brûlée"),
        ("Ünïcödé ÜBER", "ünïcödé-über"),
        ("日本語のテキスト", "日本語のテキスト"),
        ("Σ of CPUs", "σ-of-cpus"),
        ("!!!", "section"),
        ("", "section"),
    ])
    func headingSlugsAreLowercaseWordsJoinedByDashes(text: String, slug: String) {
        #expect(Slugger.slug(text) == slug)
    }

    @Test
    func theASCIIFastPathSlugsAsTheUnicodeRulesDo() {
        // Every printable ASCII character, alone and between words, then seeded random headings.
        var texts = (32..<127).map { String(UnicodeScalar(UInt8($0))) }
        texts += texts.map { "Two\($0)words \($0)" }
        var state: UInt64 = 0x5EED  // a fixed linear congruential sequence keeps the test repeatable
        for _ in 0..<2_000 {
            var text = ""
            for _ in 0..<24 {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                text.unicodeScalars.append(UnicodeScalar(UInt8(32 + (state >> 33) % 95)))
            }
            texts.append(text)
        }
        for text in texts {
            #expect(Slugger.asciiSlug(text) == Slugger.unicodeSlug(text), "\(text)")
        }
    }

    @Test
    func decomposedAccentsGiveTheSameSlugAsComposedOnes() {
        // "Résumé" typed with combining accents (as macOS file names and some editors produce) is the same
        // heading to a reader, and must not be split into `re-sume`.
        let composed = "R\u{E9}sum\u{E9}", decomposed = "Re\u{301}sume\u{301}"
        #expect(Slugger.slug(composed) == "résumé")
        #expect(Slugger.slug(decomposed) == Slugger.slug(composed))
    }

    @Test func duplicateHeadingsGetNumberedSlugs() {
        var slugger = Slugger()
        let slugs = ["Results", "Results", "results!", "Results 2", "Results"].map { slugger.uniqueSlug($0) }
        #expect(slugs == ["results", "results-2", "results-3", "results-2-2", "results-4"])
        #expect(Set(slugs).count == slugs.count)
    }

    @Test func headingsGetIDsFromTheirTextWithoutMarkup() throws {
        let rendered = try Self.render("""
            # Title
            ## Using `asyncio.to_thread` *well*
            ## [Linked](other.md) heading
            ### Fish &amp; chips
            Setext heading
            --------------
            ## Results
            ## Results
            """)
        #expect(rendered.headings.map(\.slug) == ["title", "using-asyncio-to_thread-well", "linked-heading", "fish-chips",
                                                    "setext-heading", "results", "results-2"])
        #expect(rendered.headings.map(\.text) == ["Title", "Using asyncio.to_thread well", "Linked heading", "Fish & chips",
                                                    "Setext heading", "Results", "Results"])
        #expect(rendered.headings.map(\.level) == [1, 2, 2, 3, 2, 2, 2])
        #expect(rendered.body.contains(#"<h2 id="using-asyncio-to_thread-well">Using <code>asyncio.to_thread</code> <em>well</em></h2>"#))
        #expect(rendered.body.contains(#"<h2 id="results-2">Results</h2>"#))
        #expect(rendered.ids.isSuperset(of: ["title", "results", "results-2", "fish-chips"]))
    }

    @Test func rawHTMLIDsCountAsAnchors() throws {
        let rendered = try Self.render("<div id=\"custom-box\">x</div>\n\nText.\n")
        #expect(rendered.ids == ["custom-box"])
    }

    // MARK: - Table of contents

    @Test func tableOfContentsListsSecondAndThirdLevelHeadings() throws {
        let rendered = try Self.render("# One\n## Two\n### Three\n#### Four\n## Two\n")
        let layout = SiteLayout(pages: [rendered], host: TestHost.facts)
        let context = layout.context(at: 0)
        let toc = try #require(context["toc"] as? [[String: Any]])
        #expect(toc.map { $0["slug"] as? String } == ["two", "three", "two-2"])
        #expect(toc.map { $0["level"] as? Int } == [2, 3, 2])
        #expect(toc.map { $0["text"] as? String } == ["Two", "Three", "Two"])
        #expect(context["hasToc"] as? Bool == true)
    }

    @Test func pageWithoutSectionsHasNoTableOfContents() throws {
        let rendered = try Self.render("# Only a title\n\nText.\n")
        let context = SiteLayout(pages: [rendered], host: TestHost.facts).context(at: 0)
        #expect(context["hasToc"] as? Bool == false)
        #expect((context["toc"] as? [[String: Any]])?.isEmpty == true)
    }

    // MARK: - Navigation

    @Test func navigationIsOrderedByOrderThenPath() throws {
        let site = try TemporarySite([
            "Content/zeta.md": "---\ntitle: Zeta\norder: 1\n---\n",
            "Content/alpha.md": "---\ntitle: Alpha\n---\n",
            "Content/guide/beta.md": "---\ntitle: Beta\norder: 1\n---\n",
            "Content/index.md": "---\ntitle: Home\norder: 0\n---\n",
            "Content/negative.md": "---\ntitle: First of all\norder: -5\n---\n",
            "Content/aardvark.md": "---\ntitle: Aardvark\n---\n",
        ])
        let pages = try ContentLoader(root: site.root.path).load()
        #expect(pages.map(\.sourcePath) == ["Content/negative.md", "Content/index.md", "Content/guide/beta.md",
                                            "Content/zeta.md", "Content/aardvark.md", "Content/alpha.md"])
    }

    @Test func previousAndNextFollowTheNavigation() throws {
        let pages = [Self.page("index.md", title: "Home", order: 0, body: ""),
                     Self.page("guide/threads.md", title: "Threads", order: 1, body: ""),
                     Self.page("asyncio.md", title: "Asyncio", order: 2, body: "")]
        let rendered = try pages.map { try PageRenderer(registry: .standard).render($0, context: TestHost.context()) }
        let layout = SiteLayout(pages: rendered, host: TestHost.facts)
        let first = layout.context(at: 0), middle = layout.context(at: 1), last = layout.context(at: 2)
        #expect(first["previous"] == nil)
        #expect((first["next"] as? [String: String]) == ["title": "Threads", "url": "guide/threads.html"])
        #expect((middle["previous"] as? [String: String]) == ["title": "Home", "url": "index.html"])
        #expect((middle["next"] as? [String: String]) == ["title": "Asyncio", "url": "asyncio.html"])
        #expect((last["previous"] as? [String: String])?["url"] == "guide/threads.html")
        #expect(last["next"] == nil)
        // Pages one folder down reach the others through `root`.
        #expect(middle["root"] as? String == "../")
        #expect(first["root"] as? String == "")
        let nav = try #require(middle["nav"] as? [[String: Any]])
        #expect(nav.map { $0["url"] as? String } == ["index.html", "guide/threads.html", "asyncio.html"])
        #expect(nav.map { $0["current"] as? Bool } == [false, true, false])
    }

    @Test func builtPagesLinkToTheirNeighboursRelatively() throws {
        let site = try TemporarySite([
            "Content/index.md": "---\ntitle: Home\norder: 0\n---\n",
            "Content/guide/threads.md": "---\ntitle: Threads\norder: 1\n---\n",
            "Content/asyncio.md": "---\ntitle: Asyncio\norder: 2\n---\n",
        ], template: "{{#previous}}prev={{root}}{{url}}{{/previous}}\n{{#next}}next={{root}}{{url}}{{/next}}\n")
        try site.build()
        #expect(try site.built("index.html") == "\nnext=guide/threads.html\n")
        #expect(try site.built("guide/threads.html") == "prev=../index.html\nnext=../asyncio.html\n")
        #expect(try site.built("asyncio.html") == "prev=guide/threads.html\n\n")
    }

    // MARK: - Home page

    @Test func indexPageIsTheHomeAndUsesTheIndexTemplate() throws {
        let site = try TemporarySite([
            "Content/index.md": "---\ntitle: The Guide\norder: 0\n---\nWelcome.\n",
            "Content/threads.md": "---\ntitle: Threads\norder: 1\nsummary: About threads.\n---\nThreads.\n",
            "Templates/index.mustache": "HOME {{siteTitle}}|{{#pages}}[{{title}}: {{summary}}]{{/pages}}|{{{content}}}",
        ], template: "PAGE {{title}} of {{siteTitle}}|{{#isHome}}home{{/isHome}}|{{{content}}}")
        try site.build()
        #expect(try site.built("index.html") == "HOME The Guide|[Threads: About threads.]|<p>Welcome.</p>\n")
        #expect(try site.built("threads.html") == "PAGE Threads of The Guide||<p>Threads.</p>\n")
    }

    @Test func homePageUsesThePageTemplateWhenThereIsNoIndexTemplate() throws {
        let site = try TemporarySite(["Content/index.md": "---\ntitle: Home\n---\nHi.\n"],
                                     template: "{{#isHome}}home:{{/isHome}}{{{content}}}")
        try site.build()
        #expect(try site.built("index.html") == "home:<p>Hi.</p>\n")
    }

    @Test
    func chapterWithoutSummaryShowsNoSummaryOnTheHomePage() throws {
        // Mustache looks a missing name up in the enclosing contexts, so a chapter without a summary must
        // not borrow the home page's.
        let site = try TemporarySite([
            "Content/index.md": "---\ntitle: Home\norder: 0\nsummary: The home page's summary.\n---\n",
            "Content/a.md": "---\ntitle: A\norder: 1\nsummary: About A.\n---\n",
            "Content/b.md": "---\ntitle: B\norder: 2\n---\n",
            "Templates/index.mustache": "{{#pages}}<li>{{title}}{{#summary}}: {{summary}}{{/summary}}</li>\n{{/pages}}",
        ])
        try site.build()
        #expect(try site.built("index.html") == "<li>A: About A.</li>\n<li>B</li>\n")
    }

    // MARK: - Links between pages

    @Test func markdownLinksAreRewrittenToPages() throws {
        let rendered = try Self.render("""
            [a](threading.md) [b](threading.md#pools) [c](guide/intro.md) [d](../up.md#x)
            [e](https://example.com/readme.md) [f](mailto:someone@example.com) [g](notes.txt) [h](#local)
            [i](/absolute.md) [j](threading.markdown) ![k](diagram.svg)
            """)
        let hrefs = rendered.body.matches(of: #/(?:href|src)="([^"]*)"/#).map { String($0.output.1) }
        #expect(hrefs == ["threading.html", "threading.html#pools", "guide/intro.html", "../up.html#x",
                          "https://example.com/readme.md", "mailto:someone@example.com", "notes.txt", "#local",
                          "/absolute.md", "threading.markdown", "diagram.svg"])
        // Links are reported as the author wrote them, for the checker.
        #expect(rendered.links.map(\.destination).prefix(2) == ["threading.md", "threading.md#pools"])
        #expect(rendered.links.last?.isImage == true)
    }

    @Test func linksBetweenPagesInFoldersResolve() throws {
        let site = try TemporarySite([
            "Content/index.md": "---\ntitle: Home\n---\n[t](guide/threads.md#pools) [a](assets/style.css) [d](guide/)\n",
            "Content/guide/threads.md": "---\ntitle: Threads\n---\n## Pools\n[home](../index.md) [self](#pools) [sib](other.md)\n",
            "Content/guide/other.md": "---\ntitle: Other\n---\n[up](../index.md#top)\n\n<a id=\"top\"></a>\n",
            "Content/guide/index.md": "---\ntitle: Guide\n---\n",
            "Templates/assets/style.css": "p {}\n",
        ])
        let error = try #require(throws: DiagnosticError.self) { try site.check() }
        // The only broken one: index.md has no `#top` (the id is on guide/other.md).
        #expect(error.diagnostics.count == 1)
        #expect(error.diagnostics.first?.file == "Content/guide/other.md")
        #expect(error.diagnostics.first?.message.contains("`index.html` has no heading or id `#top`") == true)
    }

    @Test func externalLinksAreNotChecked() throws {
        let site = try TemporarySite(["Content/index.md": "---\ntitle: Home\n---\n[x](https://example.invalid/nothing.md#nope) <mailto:a@b.c>\n"])
        let summary = try site.check()
        #expect(summary.warnings.isEmpty)
    }

    // MARK: - render

    @Test func renderPrintsTheBodyOnly() throws {
        let site = try TemporarySite(fixture: "golden-site")
        let builder = SiteBuilder(options: site.options())
        let body = try builder.renderBody(ofPage: site.path("Content/guide/threading.md"))
        #expect(body.hasPrefix("<p>Threads share one interpreter."))
        #expect(!body.contains("<html") && !body.contains("<nav"))
        // The same as the body inside the built page, and the same whether the path is given
        // relative to the root or absolute.
        try site.build()
        #expect(try site.built("guide/threading.html").contains(body))
        #expect(try builder.renderBody(ofPage: "Content/guide/threading.md") == body)
    }

    @Test func renderOfAFileThatIsNotAPageIsAUsageError() throws {
        let site = try TemporarySite(["Content/index.md": "---\ntitle: Home\n---\n"])
        let error = try #require(throws: DiagnosticError.self) {
            try SiteBuilder(options: site.options()).renderBody(ofPage: "Content/nothing.md")
        }
        #expect(error.isEnvironmental)
        #expect(error.diagnostics.first?.message.contains("is not a page of the site") == true)
    }
}

@Suite struct HTMLByteSearchTests {
    @Test func findsANeedleAnywhereAndOnlyWhereItIs() {
        #expect(HTML.contains("url(", in: "url(a)"))
        #expect(HTML.contains("url(", in: "background: url(x.png)"))
        #expect(HTML.contains("(x)", in: "a url(x)"))
        #expect(!HTML.contains("url(", in: "ur l(") && !HTML.contains("url(", in: "url") && !HTML.contains("url(", in: ""))
        #expect(HTML.contains("", in: "anything"))
        // Bytes, not characters: a needle inside a multi-byte text, and an almost-match before the match.
        #expect(HTML.contains("crème", in: "café crème brûlée"))
        #expect(HTML.contains("aab", in: "aaab"))
        #expect(!HTML.contains("é", in: "e\u{301}"))
    }
}
