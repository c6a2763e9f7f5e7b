import Foundation
import Testing
@testable import SiteGenKit
@testable import SiteGenCore
@testable import SiteGenRender
@testable import SiteGenContent

/// Work that once grew faster than its input: repeated headings, many broken links, parallel maps.
@Suite struct ScaleTests {
    @Test func thousandsOfHeadingsOfTheSameTextGetTheirNumbersInOrder() {
        var slugger = Slugger()
        let slugs = (0..<20_000).map { _ in slugger.uniqueSlug("Results") }
        #expect(slugs.first == "results")
        #expect(slugs[1] == "results-2")
        #expect(slugs.last == "results-20000")
        #expect(Set(slugs).count == slugs.count)
        // A heading that already reads like a numbered one is still skipped over.
        var mixed = Slugger()
        #expect(["Results", "Results 3", "Results", "Results", "Results"].map { mixed.uniqueSlug($0) }
                == ["results", "results-3", "results-2", "results-4", "results-5"])
    }

    static func rendered(_ path: String, links: [String]) -> RenderedPage {
        let body = links.map { "[x](\($0))" }.joined(separator: "\n\n")
        let page = Page(sourcePath: "Content/" + path, frontMatter: FrontMatter(title: path), body: body, bodyLine: 1,
                        outputPath: Page.outputPath(forContentPath: path))
        let markdownLinks = links.enumerated().map { MarkdownLink(destination: $1, line: 2 * $0 + 1, isImage: false) }
        return RenderedPage(page: page, body: "", headings: [], links: markdownLinks, ids: ["top"])
    }

    @Test func onlyTheFirstBrokenLinksGetASuggestion() {
        // Every page links to a missing neighbour, a typo away from a real page, and to a missing anchor.
        let pages = (0..<60).map { Self.rendered(String(format: "page-%03d.md", $0),
                                                  links: [String(format: "pag-%03d.md", $0), "#t0p"]) }
        let problems = LinkChecker(files: []).check(pages)
        #expect(problems.count == 120)
        let suggested = problems.filter { $0.message.contains("did you mean") }
        #expect(suggested.count == LinkChecker.suggestionLimit)
        // In page order, with the line of each link.
        #expect(problems[0].message == "broken link: no page or file `pag-000.html` in the site; did you mean `page-000.html`?")
        #expect(problems[0].line == 1 && problems[1].line == 3)
        #expect(problems[1].message == "broken anchor: `page-000.html` has no heading or id `#t0p`; did you mean `#top`?")
        #expect(problems.last?.message == "broken anchor: `page-059.html` has no heading or id `#t0p`")
    }

    @Test func aLargeSitesCodeIsHighlightedInBoundedPartsOnEveryCPU() {
        #expect(Highlighter.parts(of: 0, cpus: 2) == [])
        #expect(Highlighter.parts(of: 120, cpus: 2) == [0..<120])
        #expect(Highlighter.parts(of: 1_000, cpus: 2) == [0..<500, 500..<1_000])
        let large = Highlighter.parts(of: 9_001, cpus: 2)
        #expect(large.count == 6 && large.allSatisfy { $0.count <= Highlighter.blocksPerProcess })
        #expect(large.first?.lowerBound == 0 && large.last?.upperBound == 9_001)
        #expect(zip(large, large.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
    }

    @Test func aParallelMapKeepsTheOrderAndEveryElement() {
        let input = (0..<10_000).map { "item \($0)" }
        #expect(input.concurrentMap { $0.uppercased() } == input.map { $0.uppercased() })
        #expect([Int]().concurrentMap { $0 + 1 } == [])
    }
}
