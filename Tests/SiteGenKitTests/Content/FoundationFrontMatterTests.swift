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

/// Front matter as authors write it, in the encodings and line endings their editors produce.
@Suite struct FoundationFrontMatterTests {
    static func split(_ text: String) throws -> (FrontMatter, body: Substring, bodyLine: Int) {
        try FrontMatter.split(SourceText(path: "Content/p.md", text: text))
    }

    @Test func frontMatterGivesTitleOrderSummaryAndWhereTheBodyStarts() throws {
        let (frontMatter, body, bodyLine) = try Self.split("---\ntitle: Threads\norder: 20\nsummary: \"Pools: the basics\"\n---\n# Body\n")
        #expect(frontMatter == FrontMatter(title: "Threads", order: 20, summary: "Pools: the basics"))
        #expect(body == "# Body\n")
        #expect(bodyLine == 6)
    }

    @Test func frontMatterMayCloseWithDots() throws {
        let (frontMatter, body, bodyLine) = try Self.split("---\ntitle: A\n...\nText\n")
        #expect(frontMatter.title == "A")
        #expect(body == "Text\n")
        #expect(bodyLine == 4)
    }

    @Test func pageWithOnlyFrontMatterHasAnEmptyBody() throws {
        let (_, body, _) = try Self.split("---\ntitle: A\n---")
        #expect(body.isEmpty)
    }

    @Test func numbersAsTitlesAreText() throws {
        #expect(try Self.split("---\ntitle: 2024\n---\n").0.title == "2024")
    }

    @Test
    func windowsLineEndingsAreAccepted() throws {
        // Editors on Windows save `\r\n`; the page must read the same as with `\n`.
        let site = try TemporarySite(["Content/index.md": "---\r\ntitle: Home\r\norder: 1\r\n---\r\n\r\n## Hello\r\n\r\nText.\r\n"])
        try site.build()
        let page = try site.built("index.html")
        #expect(page.hasPrefix("<title>Home</title>\n"))
        #expect(page.contains("<h2 id=\"hello\">Hello</h2>"))
    }

    @Test
    func byteOrderMarkIsIgnored() throws {
        // Some Windows editors start UTF-8 files with U+FEFF.
        let site = try TemporarySite(["Content/index.md": "\u{FEFF}---\ntitle: Home\n---\nText.\n"])
        try site.build()
        #expect(try site.built("index.html") == "<title>Home</title>\n<p>Text.</p>\n")
    }

    @Test func repeatedFieldIsReportedOnThePage() throws {
        let site = try TemporarySite(["Content/index.md": "---\ntitle: A\norder: 1\ntitle: B\n---\n"])
        let error = try #require(throws: DiagnosticError.self) { try site.check() }
        #expect(error.diagnostics.count == 1)
        let diagnostic = try #require(error.diagnostics.first)
        #expect(diagnostic.file == "Content/index.md")
        #expect(diagnostic.message.contains("title"))
        #expect((2...5).contains(diagnostic.line ?? 0), "line \(String(describing: diagnostic.line))")
    }

    @Test func bodyLinesCountFromTheTopOfTheFile() throws {
        // Directive and link positions are page lines, front matter included.
        let site = try TemporarySite(["Content/index.md": "---\ntitle: A\nsummary: >\n  folded\n  text\n---\n\n\n{{< nope >}}\n"])
        let error = try #require(throws: DiagnosticError.self) { try site.check() }
        #expect(error.diagnostics.first.map { ($0.line, $0.column) }! == (9, 1))
    }
}
