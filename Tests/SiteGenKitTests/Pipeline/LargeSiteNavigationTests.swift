import Foundation
import Testing
@testable import SiteGenKit
@testable import SiteGenCore
@testable import SiteGenRender
@testable import SiteGenContent

/// A site too large to list every page on every page: each page's chapter list stays bounded whatever
/// the number of pages, its links are percent-encoded, and every link of the built site resolves.
@Suite struct LargeSiteNavigationTests {
    /// Pages of a generated site: a home page, `root` pages at the top level, `big/` with `big` pages
    /// (longer than a level shows whole), `small/` with an `index.md`, five pages and `small/deep/`.
    static func pages(root: Int, big: Int) -> [Page] {
        var paths = ["index.md"] + (0..<root).map { "r\($0).md" } + ["a b.md", "50%.md", "é.md"]
        paths += (0..<big).map { "big/b\($0).md" }
        paths += ["small/index.md"] + (0..<5).map { "small/s\($0).md" } + (0..<3).map { "small/deep/d\($0).md" }
        return paths.enumerated().map { order, path in
            Page(sourcePath: "Content/" + path, frontMatter: FrontMatter(title: "Page \(path)", order: order, summary: "About \(path)."),
                 body: "", bodyLine: 1, outputPath: Page.outputPath(forContentPath: path))
        }
    }

    static func urls(_ items: [[String: Any]]) -> [String] {
        items.map { $0["gap"] as? Bool == true ? "…\($0["hidden"] ?? "")" : ($0["url"] as? String ?? "?") }
    }

    @Test func aSmallSiteStillListsEveryPage() {
        let pages = Self.pages(root: 10, big: 20)
        #expect(pages.count <= SiteNavigation.fullListLimit)
        let navigation = SiteNavigation(pages: pages, folder: "")
        let items = navigation.items(for: 3, outputPath: pages[3].outputPath)
        #expect(items.count == pages.count)
        #expect(items.map { $0["current"] as? Bool } == pages.indices.map { $0 == 3 })
    }

    @Test func aPageListsTheTopLevelAndAWindowOfItsFolder() throws {
        let pages = Self.pages(root: 5, big: 250)
        let navigation = SiteNavigation(pages: pages, folder: "")
        let index = try #require(pages.firstIndex { $0.outputPath == "big/b120.html" })
        let urls = Self.urls(navigation.items(for: index, outputPath: pages[index].outputPath))
        // Top level: home, five pages, three oddly named ones, then the folders, each one entry.
        #expect(Array(urls.prefix(10)) == ["index.html", "r0.html", "r1.html", "r2.html", "r3.html", "r4.html",
                                           "a%20b.html", "50%25.html", "%C3%A9.html", "big/b0.html"])
        // Inside big/: its first page, a gap, ten on each side of the page, a gap, its last page.
        let inside = Array(urls[10..<(urls.count - 1)])
        #expect(inside == ["big/b0.html", "…109"] + (110...130).map { "big/b\($0).html" } + ["…118", "big/b249.html"])
        #expect(urls.last == "small/index.html")
        let current = navigation.items(for: index, outputPath: pages[index].outputPath).filter { $0["current"] as? Bool == true }
        #expect(current.map { $0["url"] as? String } == ["big/b120.html"])
    }

    @Test func aFoldersIndexIsItsEntryAndOpensIt() throws {
        let pages = Self.pages(root: 5, big: 250)
        let navigation = SiteNavigation(pages: pages, folder: "")
        let home = try #require(pages.firstIndex { $0.outputPath == "small/index.html" })
        let items = navigation.items(for: home, outputPath: pages[home].outputPath)
        #expect(Self.urls(items).suffix(7) == ["small/index.html", "small/s0.html", "small/s1.html", "small/s2.html",
                                               "small/s3.html", "small/s4.html", "small/deep/d0.html"])
        #expect(items.first { $0["url"] as? String == "small/index.html" }?["current"] as? Bool == true)
        #expect(items.first { $0["url"] as? String == "small/s0.html" }?["level"] as? Int == 1)
        // A folder without an index.md is entered at its first page, named after the folder.
        #expect(items.first { $0["url"] as? String == "big/b0.html" }?["title"] as? String == "big")
        let deep = try #require(pages.firstIndex { $0.outputPath == "small/deep/d1.html" })
        #expect(Self.urls(navigation.items(for: deep, outputPath: pages[deep].outputPath)).suffix(4)
                == ["small/deep/d0.html", "small/deep/d0.html", "small/deep/d1.html", "small/deep/d2.html"])
    }

    @Test func aPagesListDoesNotGrowWithTheSite() {
        func longest(root: Int, big: Int) -> Int {
            let pages = Self.pages(root: root, big: big)
            let navigation = SiteNavigation(pages: pages, folder: "")
            return pages.indices.map { navigation.items(for: $0, outputPath: pages[$0].outputPath).count }.max() ?? 0
        }
        let bound = SiteNavigation.levelLimit + 2 * SiteNavigation.neighbours + 3 + 2 + 8
        let sizes = [longest(root: 120, big: 200), longest(root: 1_200, big: 2_000), longest(root: 3_000, big: 5_000)]
        #expect(sizes.allSatisfy { $0 <= bound }, "\(sizes)")
        #expect(sizes[1] == sizes[2], "\(sizes)")
    }

    @Test func menuLinksArePercentEncoded() {
        #expect(URLPath.encode("a#b.html") == "a%23b.html")
        #expect(URLPath.encode("guide/a b.html") == "guide/a%20b.html")
        #expect(URLPath.encode("déjà/vu?.html") == "d%C3%A9j%C3%A0/vu%3F.html")
        #expect(URLPath.encode("plain/page-1_x~.html") == "plain/page-1_x~.html")
        let page = Page(sourcePath: "Content/a#b.md", frontMatter: FrontMatter(title: "Hash"), body: "", bodyLine: 1,
                        outputPath: "a#b.html")
        #expect(SiteNavigation(pages: [page], folder: "").items(for: 0, outputPath: page.outputPath).first?["url"] as? String
                == "a%23b.html")
    }

    /// A few hundred pages in folders built with the repository's own templates.
    @Test func aLargeSiteBuiltWithTheGuidesTemplatesHasBoundedNavigationAndNoBrokenLink() throws {
        let site = try TemporarySite()
        try FileManager.default.copyItem(at: Repository.root.appendingPathComponent("Templates"),
                                         to: site.root.appendingPathComponent("Templates"))
        // Names the loader refuses (a space, `%`) are left out here; the test above checks how the menu
        // encodes them, and `é.md`, which a page may be called, is built.
        let pages = Self.pages(root: 40, big: 250).filter {
            ContentLoader.urlProblem(inName: String($0.sourcePath.dropFirst("Content/".count))) == nil
        }
        #expect(pages.contains { $0.sourcePath == "Content/é.md" })
        for page in pages {
            let link = page.isHome ? "See [the first folder](big/b0.md).\n" : ""
            try site.write(page.sourcePath, "---\ntitle: \"\(page.frontMatter.title)\"\norder: \(page.frontMatter.order!)\n---\n\n## Part one\n\n\(link)Text.\n\n## Part two\n\nText.\n")
        }
        try site.build()
        let snapshot = FolderSnapshot(site.output)
        let documents = snapshot.files.filter { $0.key.hasSuffix(".html") }
        #expect(documents.count == pages.count)
        var longest = 0
        for (path, data) in documents {
            let html = String(decoding: data, as: UTF8.self)
            let entries = html.components(separatedBy: "<li").count - 1
            longest = max(longest, entries)
            #expect(!HTML.attributeValues("href", in: html).contains { $0.contains(" ") || $0.contains("é") }, "\(path)")
        }
        // Both chapter lists (sidebar and menu), the two-entry table of contents twice, the home page's cards.
        #expect(longest < 2 * 80 + 4 + 50, "the longest page has \(longest) list entries")
        #expect(try site.built("index.html").contains("href=\"%C3%A9.html\""))
        // Every link of every built page, menus included, through the link checker.
        let built = documents.map { path, data -> RenderedPage in
            let html = String(decoding: data, as: UTF8.self)
            let page = Page(sourcePath: "Site/" + path, frontMatter: FrontMatter(title: path), body: "", bodyLine: 1, outputPath: path)
            return RenderedPage(page: page, body: html, headings: [], links: [], ids: PageRenderer.ids(in: html))
        }
        let others = Set(snapshot.files.keys.filter { !$0.hasSuffix(".html") })
        #expect(LinkChecker(files: others).check(built).map(\.message) == [])
    }
}
