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

/// Pages built to be slow or deep: many directives, tags never closed, blocks nested thousands deep,
/// files too large. Each gives its answer or its error in one pass; none is timed, since a quadratic
/// scan would show as a test that doesn't finish.
@Suite struct HostilePageTests {
    static func scan(_ text: String) throws -> [DirectiveScanner.Segment] {
        try DirectiveScanner(file: "Content/p.md").scan(text)
    }

    static func page(_ body: String) -> Page {
        Page(sourcePath: "Content/p.md", frontMatter: FrontMatter(title: "T"), body: body, bodyLine: 1, outputPath: "p.html")
    }

    @Test func aHundredThousandInlineDirectivesScanInOnePass() throws {
        let segments = try Self.scan(String(repeating: "{{< value x >}}\n", count: 100_000))
        #expect(segments.count == 200_000)
        #expect(segments.first == .directive(Directive(name: "value", arguments: [.init(key: nil, value: "x", line: 1, column: 11)],
                                                       body: nil, file: "Content/p.md", line: 1, column: 1, endLine: 1)))
    }

    @Test func inlineDirectivesAfterAClosingTagOfTheirNameInABodyStayInline() throws {
        // The `{{< /x >}}` inside `blk` is behind every `{{< x >}}`, so none of them opens a body.
        let text = "{{< blk >}}\n{{< /x >}}\n{{< /blk >}}\n" + String(repeating: "{{< x >}}\n", count: 20_000)
        let directives = try Self.scan(text).filter { if case .directive = $0 { true } else { false } }
        #expect(directives.count == 20_001)
    }

    @Test func aMegabyteOfUnclosedTagsIsOneErrorAtTheFirst() throws {
        let text = "Intro\n" + String(repeating: "{{<", count: 350_000)
        let error = try #require(throws: DiagnosticError.self) { try Self.scan(text) }
        #expect(error.diagnostics.first?.line == 2 && error.diagnostics.first?.column == 1)
        #expect(error.diagnostics.first?.message.contains("unclosed directive") == true)
    }

    @Test func unclosedTagsInsideABodyAreScannedOnce() throws {
        let text = "{{< note >}}" + String(repeating: "{{<", count: 300_000) + "{{< /note >}}"
        let segments = try Self.scan(text)
        guard case let .directive(note)? = segments.first else { Issue.record("no directive"); return }
        #expect(note.body?.count == 900_000)
    }

    @Test func blocksNestedTwentyThousandDeepAreFollowedOnlyToTheNestingLimit() {
        let depth = 20_000
        let opening = (0..<depth).map { "{{< a\($0) >}}\n" }.joined()
        let closing = (0..<depth).reversed().map { "{{< /a\($0) >}}\n" }.joined()
        let found = Self.page(opening + closing).allDirectives
        #expect(found.map(\.name) == (0..<Page.maximumDirectiveNesting).map { "a\($0)" })
    }

    @Test func manyPlaceholdersAreSubstitutedInOnePass() throws {
        let count = 50_000
        let replacements = (0..<count).map { index in
            ExpandedMarkdown.Replacement(token: DirectiveExpander.tokenPrefix + String(format: "%06d", index),
                                         value: index % 2 == 0 ? .inline(html: "<b>\(index)</b>", text: "\(index)") : .block(html: "<div>\(index)</div>"),
                                         directive: Directive(name: "d", arguments: [], body: nil, file: "Content/p.md",
                                                              line: index + 1, column: 1, endLine: index + 1))
        }
        let expanded = ExpandedMarkdown(markdown: "", replacements: replacements, sourceLines: [])
        let html = replacements.map { $0.value.isBlock ? "<p>\($0.token)</p>\n" : "<p>a \($0.token) b</p>\n" }.joined()
        let result = try expanded.substitute(into: html)
        #expect(result.hasPrefix("<p>a <b>0</b> b</p>\n<div>1</div>\n<p>a <b>2</b> b</p>\n"))
        #expect(!result.contains(DirectiveExpander.tokenPrefix))
        // A block inside a paragraph of text is still an error at its directive.
        let misplaced = try #require(throws: DiagnosticError.self) { try expanded.substitute(into: "<p>x \(replacements[1].token)</p>\n") }
        #expect(misplaced.diagnostics.first?.line == 2)
        #expect(expanded.plainText("A \(replacements[0].token) and \(replacements[1].token).") == "A 0 and .")
    }

    @Test func aPageOverTheSizeLimitIsRefusedAtTheFileBeforeItIsRead() throws {
        let site = try TemporarySite(["Content/index.md": "---\ntitle: Home\n---\n"])
        try site.write("Content/huge.md", "---\ntitle: Huge\n---\n" + String(repeating: "x", count: ContentLoader.maximumPageBytes))
        let error = try #require(throws: DiagnosticError.self) { try site.check() }
        #expect(error.diagnostics.count == 1)
        #expect(error.diagnostics.first?.file == "Content/huge.md")
        #expect(error.diagnostics.first?.message.contains("4 MiB") == true)
    }
}

private extension DirectiveValue {
    var isBlock: Bool { if case .block = self { true } else { false } }
}
