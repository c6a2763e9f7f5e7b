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

/// Mistakes in directives, each reported at its position, every one of a page and of a site.
extension FoundationBadInputTests {
    // MARK: - Directives

    @Test func unknownDirectiveIsReportedWithASuggestion() throws {
        let site = try TemporarySite(fixture: "unknown-directive")
        let error = try Self.failedBuild(site)
        Self.expectOneError(error, file: "Content/index.md", line: 6, column: 8, "unknown directive `hots`",
                            "did you mean `host`?", "known directives: \(DirectiveRegistry.standard.names.joined(separator: ", "))")
    }

    @Test func unclosedDirectiveIsReportedAtItsOpening() throws {
        let site = try TemporarySite(fixture: "unclosed-directive")
        let error = try Self.failedBuild(site)
        Self.expectOneError(error, file: "Content/index.md", line: 5, column: 9, "unclosed directive", "has no matching `>}}`")
    }

    @Test func directiveClosedWithoutTheAngleBracketIsReportedAsUnclosed() throws {
        // The commonest typo: `}}` for `>}}`.
        let site = try TemporarySite(["Content/index.md": "---\ntitle: Home\n---\nRuns on {{< host effective_cpus }} CPUs.\n"])
        let error = try Self.failedBuild(site)
        #expect(error.diagnostics.count == 1)
        let diagnostic = try #require(error.diagnostics.first)
        #expect(diagnostic.file == "Content/index.md")
        #expect(diagnostic.line == 4)
        #expect(diagnostic.message.contains(">}}"), "message: \(diagnostic.message)")
    }

    @Test func unknownNamedArgumentIsReportedAtTheArgument() throws {
        let site = try TemporarySite(fixture: "unknown-argument")
        let error = try Self.failedBuild(site)
        Self.expectOneError(error, file: "Content/index.md", line: 7, column: 40, "`include` has no argument `language`",
                            "known: path, lang, lines")
    }

    @Test func missingRequiredArgumentIsReportedAtTheDirective() throws {
        let site = try TemporarySite(fixture: "missing-argument")
        let error = try Self.failedBuild(site)
        Self.expectOneError(error, file: "Content/index.md", line: 5, column: 10, "`host` needs a fact", "usage:")
    }

    @Test func backwardsLineRangeIsReportedAtTheLinesArgument() throws {
        let site = try TemporarySite(fixture: "bad-lines-argument")
        let error = try Self.failedBuild(site)
        Self.expectOneError(error, file: "Content/index.md", line: 7, column: 40, "`lines` must be a line or a range", "`3-1`")
    }

    @Test(arguments: [
        ("0", "`lines` must be a line or a range"), ("2-", "`lines` must be a line or a range"),
        ("-2", "`lines` must be a line or a range"), ("a-b", "`lines` must be a line or a range"),
        ("1-2-3", "`lines` must be a line or a range"), ("2-9", "goes past the end of the file, which has 3 lines"),
        ("4", "goes past the end of the file, which has 3 lines"),
    ])
    func badLineRangesAreReportedAtTheLinesArgument(lines: String, phrase: String) throws {
        let site = try TemporarySite([
            "examples/snippet.py": "a = 1\nb = 2\nc = 3\n",
            "Content/index.md": "---\ntitle: Home\n---\n{{< include path=\"examples/snippet.py\" lines=\"\(lines)\" >}}\n",
        ])
        let error = try #require(throws: DiagnosticError.self) { try site.check() }
        Self.expectOneError(error, file: "Content/index.md", line: 4, column: 40, phrase)
    }

    @Test func unknownHostFactIsReportedWithASuggestion() throws {
        let site = try TemporarySite(["Content/index.md": "---\ntitle: Home\n---\nA {{< host effective_cpu >}} B\n"])
        let error = try Self.failedBuild(site)
        Self.expectOneError(error, file: "Content/index.md", line: 4, column: 12, "unknown host fact `effective_cpu`",
                            "did you mean `effective_cpus`?")
    }

    @Test func includeOutsideTheRootIsRefused() throws {
        let site = try TemporarySite(fixture: "include-outside-root")
        try Data("secret\n".utf8).write(to: site.container.appendingPathComponent("secret.txt"))
        let error = try Self.failedBuild(site)
        Self.expectOneError(error, file: "Content/index.md", line: 7, column: 13, "`../secret.txt` is outside the site root")
    }

    @Test func includeOfAnAbsolutePathIsRefused() throws {
        let site = try TemporarySite()
        let secret = site.container.appendingPathComponent("secret.txt").path
        try Data("secret\n".utf8).write(to: URL(fileURLWithPath: secret))
        try site.write("Templates/page.mustache", TemporarySite.pageTemplate)
        try site.write("Content/index.md", "---\ntitle: Home\n---\n{{< include path=\"\(secret)\" >}}\n")
        let error = try Self.failedBuild(site)
        Self.expectOneError(error, file: "Content/index.md", line: 4, column: 13, "is outside the site root")
    }

    @Test func includeThroughASymlinkPointingOutsideIsRefused() throws {
        let site = try TemporarySite(["Content/index.md": "---\ntitle: Home\n---\n{{< include path=\"examples/link.py\" >}}\n"])
        let secret = site.container.appendingPathComponent("secret.py").path
        try Data("secret = 1\n".utf8).write(to: URL(fileURLWithPath: secret))
        try site.symlink("examples/link.py", to: secret)
        let error = try Self.failedBuild(site)
        Self.expectOneError(error, file: "Content/index.md", line: 4, column: 13, "`examples/link.py` is outside the site root")
    }

    @Test func includeOfASiblingFolderSharingTheRootsNamePrefixIsRefused() throws {
        // `site-private/` starts with the characters of `site`, but is not inside it.
        let site = try TemporarySite(["Content/index.md": "---\ntitle: Home\n---\n{{< include path=\"../site-private/key.txt\" >}}\n"])
        let privateFolder = site.container.appendingPathComponent("site-private")
        try FileManager.default.createDirectory(at: privateFolder, withIntermediateDirectories: true)
        try Data("key\n".utf8).write(to: privateFolder.appendingPathComponent("key.txt"))
        let error = try Self.failedBuild(site)
        Self.expectOneError(error, file: "Content/index.md", line: 4, column: 13, "is outside the site root")
    }

    @Test func includeOfAMissingFileIsReportedAtThePath() throws {
        let site = try TemporarySite(fixture: "include-missing")
        let error = try Self.failedBuild(site)
        Self.expectOneError(error, file: "Content/index.md", line: 7, column: 13, "no file `examples/missing.py`",
                            "relative to the root")
    }

    @Test func blockDirectiveInsideAParagraphIsReportedAtTheDirective() throws {
        let site = try TemporarySite([
            "examples/snippet.py": "print(1)\n",
            "Content/index.md": "---\ntitle: Home\n---\nIntro.\n\nSee this: {{< include path=\"examples/snippet.py\" >}} and more.\n",
        ])
        let error = try Self.failedBuild(site)
        Self.expectOneError(error, file: "Content/index.md", line: 6, column: 11, "`include` makes a block",
                            "on a line of its own")
    }

    @Test func everyDirectiveErrorOfAPageIsReported() throws {
        let site = try TemporarySite(["Content/index.md": "---\ntitle: Home\n---\n{{< hots a >}}\n\n{{< host >}}\n"])
        let error = try #require(throws: DiagnosticError.self) { try site.check() }
        #expect(error.diagnostics.map(\.line) == [4, 6])
    }

    @Test func directiveErrorsOfSeveralPagesAreAllReported() throws {
        let site = try TemporarySite(["Content/a.md": "---\ntitle: A\n---\n{{< hots >}}\n",
                                      "Content/b.md": "---\ntitle: B\n---\nFine.\n",
                                      "Content/c.md": "---\ntitle: C\n---\n{{< host >}}\n"])
        let error = try #require(throws: DiagnosticError.self) { try site.check() }
        #expect(error.diagnostics.compactMap(\.file) == ["Content/a.md", "Content/c.md"])
    }

    @Test func frontMatterErrorsOfSeveralPagesAreAllReported() throws {
        let site = try TemporarySite(["Content/a.md": "---\ntilte: A\n---\n",
                                      "Content/b.md": "no front matter\n",
                                      "Content/c.md": "---\ntitle: C\n---\nFine.\n"])
        let error = try #require(throws: DiagnosticError.self) { try site.check() }
        #expect(error.diagnostics.compactMap(\.file) == ["Content/a.md", "Content/b.md"])
    }
}
