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

/// Every bad input of the foundation: a clear message at its position, the documented exit code, and
/// nothing lost — each failed build goes into an output folder holding a previous good build, which must
/// come out byte for byte the same.
@Suite struct FoundationBadInputTests {
    // MARK: - Helpers

    /// An output folder beside the site that holds a previous good build.
    struct PreviousSite {
        let output: String
        let before: FolderSnapshot
        let container: String
        /// What sat beside the output before the failed build (the site, the output, a test's own files).
        let neighbours: Set<String>

        init(beside site: TemporarySite) throws {
            container = site.container.path
            output = site.container.appendingPathComponent("out").path
            let good = try TemporarySite(["Content/index.md": "---\ntitle: Previous\n---\n\nThe previous site.\n",
                                          "Templates/assets/style.css": "body { color: black; }\n"])
            try good.build(output: output)
            before = FolderSnapshot(output)
            guard before.files["index.html"] != nil else { throw RunnerError("the previous good build wrote no index.html") }
            neighbours = Set((try? FileManager.default.contentsOfDirectory(atPath: container)) ?? [])
        }

        /// Whether the output is exactly the previous build and the build left nothing beside it.
        func expectUntouched(sourceLocation: SourceLocation = #_sourceLocation) {
            #expect(FolderSnapshot(output) == before, "the previous site changed", sourceLocation: sourceLocation)
            let leftovers = Set((try? FileManager.default.contentsOfDirectory(atPath: container)) ?? []).subtracting(neighbours)
            #expect(leftovers.isEmpty, "the failed build left \(leftovers) beside the output", sourceLocation: sourceLocation)
        }
    }

    /// Builds a site over a previous good build, expecting it to fail and to leave the previous build as it was.
    static func failedBuild(_ site: TemporarySite, sourceLocation: SourceLocation = #_sourceLocation) throws -> DiagnosticError {
        let previous = try PreviousSite(beside: site)
        let error = try #require(throws: DiagnosticError.self, sourceLocation: sourceLocation) {
            try site.build(output: previous.output)
        }
        previous.expectUntouched(sourceLocation: sourceLocation)
        // `check` finds the same problems as `build`, without writing.
        let checked = try #require(throws: DiagnosticError.self, sourceLocation: sourceLocation) { try site.check() }
        #expect(checked.diagnostics == error.diagnostics, sourceLocation: sourceLocation)
        #expect(!FileManager.default.fileExists(atPath: site.output), sourceLocation: sourceLocation)
        return error
    }

    /// Expects exactly one diagnostic, an error at `file:line:column`, whose message contains `phrase`.
    static func expectOneError(_ error: DiagnosticError, file: String?, line: Int?, column: Int?, _ phrases: String...,
                               environmental: Bool = false, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(error.diagnostics.count == 1, "\(error.diagnostics)", sourceLocation: sourceLocation)
        guard let diagnostic = error.diagnostics.first else { return }
        #expect(diagnostic.severity == .error, sourceLocation: sourceLocation)
        #expect(diagnostic.file == file, sourceLocation: sourceLocation)
        #expect(diagnostic.line == line, sourceLocation: sourceLocation)
        #expect(diagnostic.column == column, sourceLocation: sourceLocation)
        for phrase in phrases {
            #expect(diagnostic.message.contains(phrase), "message: \(diagnostic.message)", sourceLocation: sourceLocation)
        }
        // Environment problems exit 2, content problems 1.
        #expect(error.isEnvironmental == environmental, sourceLocation: sourceLocation)
    }

    // MARK: - Folders

    @Test func missingContentFolderIsAnEnvironmentError() throws {
        let site = try TemporarySite(fixture: "missing-content")
        let error = try Self.failedBuild(site)
        Self.expectOneError(error, file: nil, line: nil, column: nil, "no Content/ folder", "--root", environmental: true)
    }

    @Test func missingTemplatesFolderIsAnEnvironmentError() throws {
        let site = try TemporarySite(fixture: "missing-templates")
        let error = try Self.failedBuild(site)
        Self.expectOneError(error, file: nil, line: nil, column: nil, "no Templates/ folder", "page.mustache", environmental: true)
    }

    @Test func missingPageTemplateIsReported() throws {
        let site = try TemporarySite(["Content/index.md": "---\ntitle: Home\n---\n"], template: nil)
        try site.write("Templates/other.mustache", "{{{content}}}")
        let error = try Self.failedBuild(site)
        Self.expectOneError(error, file: "Templates/", line: nil, column: nil, "Templates/page.mustache is missing")
    }

    // MARK: - Reading files

    @Test func danglingSymlinkPageIsReportedAsALinkToNothing() throws {
        // Tests often run as root, for whom `chmod 000` doesn't stop reading; a link to nothing can't be
        // read by anyone.
        let site = try TemporarySite(["Content/index.md": "---\ntitle: Home\n---\n"])
        try site.symlink("Content/gone.md", to: "nowhere.md")
        let error = try Self.failedBuild(site)
        Self.expectOneError(error, file: "Content/gone.md", line: nil, column: nil, "symbolic link to `nowhere.md`, which doesn't exist")
    }

    @Test func symlinkLoopPageIsReportedAsALoop() throws {
        let site = try TemporarySite(["Content/index.md": "---\ntitle: Home\n---\n"])
        try site.symlink("Content/loop.md", to: "loop.md")
        let error = try Self.failedBuild(site)
        Self.expectOneError(error, file: "Content/loop.md", line: nil, column: nil, "loop of symbolic links")
        #expect(!error.diagnostics[0].message.contains("permissions"))
    }

    @Test(.enabled(if: getuid() != 0, "root reads files whatever their permissions"))
    func pageWithoutReadPermissionIsReportedAsUnreadable() throws {
        let site = try TemporarySite(["Content/index.md": "---\ntitle: Home\n---\n", "Content/secret.md": "---\ntitle: S\n---\n"])
        chmod(site.path("Content/secret.md"), 0)
        let error = try Self.failedBuild(site)
        Self.expectOneError(error, file: "Content/secret.md", line: nil, column: nil, "can't read", "permissions")
    }

    @Test func unreadableTemplateIsReported() throws {
        let site = try TemporarySite(["Content/index.md": "---\ntitle: Home\n---\n"])
        try site.symlink("Templates/footer.mustache", to: "nowhere.mustache")
        let error = try Self.failedBuild(site)
        Self.expectOneError(error, file: "Templates/footer.mustache", line: nil, column: nil, "symbolic link to `nowhere.mustache`")
    }

    @Test func folderNamedLikeAPageIsNotAPage() throws {
        // A folder `notes.md/` is a folder of pages, not a page: its pages are read, it is not.
        let site = try TemporarySite(["Content/index.md": "---\ntitle: Home\n---\n",
                                      "Content/notes.md/inner.md": "---\ntitle: Inner\n---\n"])
        try site.build()
        #expect(try site.built("notes.md/inner.html").contains("<title>Inner</title>"))
        #expect(!FileManager.default.fileExists(atPath: site.path("Site/notes.html")))
    }

    @Test func invalidUTF8IsReportedAtItsByteLineAndColumn() throws {
        let site = try TemporarySite(fixture: "invalid-utf8")
        let error = try Self.failedBuild(site)
        // Line 6 is `Café prices: \xFF euros.`: the bad byte is the 14th character of the line (é is one
        // character, two bytes) and byte 55 of the file, counted from 0.
        Self.expectOneError(error, file: "Content/index.md", line: 6, column: 14, "invalid UTF-8 at byte 55", "0xFF", "UTF-8")
    }

    @Test func invalidUTF8DecodingCountsLinesAndCharacters() throws {
        let cases: [(bytes: [UInt8], offset: Int, line: Int, column: Int)] = [
            ([0xFF], 0, 1, 1),
            (Array("ab\ncd".utf8) + [0xC3], 5, 2, 3),  // truncated sequence at the end of the file
            (Array("é\nàé".utf8) + [0x80, 0x41], 7, 2, 3),  // a stray continuation byte
            (Array("x\n\n".utf8) + [0xED, 0xA0, 0x80], 3, 3, 1),  // an encoded surrogate
        ]
        for example in cases {
            let error = try #require(throws: DiagnosticError.self) {
                try SourceText.decode(Data(example.bytes), path: "Content/x.md")
            }
            Self.expectOneError(error, file: "Content/x.md", line: example.line, column: example.column,
                                "invalid UTF-8 at byte \(example.offset) ")
        }
    }

    // MARK: - Front matter

    @Test func malformedFrontMatterIsReportedAtTheYAMLErrorOnThePageLine() throws {
        let site = try TemporarySite(fixture: "bad-front-matter")
        let error = try Self.failedBuild(site)
        // `summary: threads: the basics` is line 3 of the page; YAML objects to the second colon.
        Self.expectOneError(error, file: "Content/index.md", line: 3, column: 17, "malformed front matter", "mapping values")
    }

    @Test func unterminatedQuoteInFrontMatterIsReportedOnThePage() throws {
        let site = try TemporarySite(["Content/index.md": "---\norder: 2\ntitle: \"Threads\nsummary: x\n---\n\nHello.\n"])
        let error = try Self.failedBuild(site)
        #expect(error.diagnostics.count == 1)
        let diagnostic = try #require(error.diagnostics.first)
        #expect(diagnostic.file == "Content/index.md")
        #expect(diagnostic.message.contains("malformed front matter"))
        // The quote opens on line 3 and runs to the end of the front matter (line 4).
        #expect((3...5).contains(diagnostic.line ?? 0), "line \(String(describing: diagnostic.line))")
    }

    @Test func missingFrontMatterIsReportedAtTheFirstLine() throws {
        let site = try TemporarySite(fixture: "missing-front-matter")
        let error = try Self.failedBuild(site)
        Self.expectOneError(error, file: "Content/index.md", line: 1, column: 1, "missing front matter", "---")
    }

    @Test func unclosedFrontMatterIsReported() throws {
        let site = try TemporarySite(["Content/index.md": "---\ntitle: Home\n\nHello.\n"])
        let error = try Self.failedBuild(site)
        Self.expectOneError(error, file: "Content/index.md", line: 1, column: 1, "front matter is not closed")
    }

    @Test func unknownFrontMatterFieldIsReportedOnItsLine() throws {
        let site = try TemporarySite(fixture: "unknown-front-matter-field")
        let error = try Self.failedBuild(site)
        Self.expectOneError(error, file: "Content/index.md", line: 4, column: 1, "unknown front matter field `tilte`",
                            "title")
    }

    @Test func frontMatterWithoutTitleOrWithAWrongTypeIsReported() throws {
        let cases: [(String, Int, String)] = [
            ("---\norder: 1\n---\n", 2, "no `title`"),
            ("---\ntitle: Home\norder: first\n---\n", 3, "`order` must be a whole number"),
            ("---\ntitle: [a, b]\n---\n", 2, "`title` must be a non-empty string"),
            ("---\n- title\n---\n", 2, "must be a mapping"),
        ]
        for (text, line, phrase) in cases {
            let site = try TemporarySite(["Content/index.md": text])
            let error = try #require(throws: DiagnosticError.self) { try site.check() }
            Self.expectOneError(error, file: "Content/index.md", line: line, column: 1, phrase)
        }
    }

    // MARK: - Templates

    @Test func templateSyntaxErrorIsReportedAtItsLineAndColumnInTheTemplate() throws {
        let site = try TemporarySite(fixture: "template-syntax-error")
        let error = try Self.failedBuild(site)
        // Line 3 is `<nav>{{/toc}}</nav>`: the section opened as `hasToc` is closed as `toc`, reported at
        // the closing tag, naming the section it should close.
        Self.expectOneError(error, file: "Templates/page.mustache", line: 3, column: 6, "template syntax error",
                            "closed with a different name", "close it as `{{/hasToc}}`")
    }

    @Test func unfinishedTemplateTagIsReported() throws {
        let site = try TemporarySite(["Content/index.md": "---\ntitle: Home\n---\n"], template: "<p>\n{{{content}}}\n<b>{{title</b>\n")
        let error = try Self.failedBuild(site)
        #expect(error.diagnostics.count == 1)
        let diagnostic = try #require(error.diagnostics.first)
        #expect(diagnostic.file == "Templates/page.mustache")
        #expect(diagnostic.line == 3)
        #expect(diagnostic.message.contains("template syntax error"))
    }

    @Test func missingPartialIsReportedWhereItIsUsed() throws {
        let site = try TemporarySite(fixture: "missing-partial")
        let error = try Self.failedBuild(site)
        Self.expectOneError(error, file: "Templates/page.mustache", line: 3, column: 3, "partial `partials/footer` not found",
                            "Templates/partials/footer.mustache")
    }

    // MARK: - Pages and links

    @Test func twoPagesMappingToTheSameOutputAreReported() throws {
        let site = try TemporarySite(fixture: "duplicate-output")
        let error = try Self.failedBuild(site)
        Self.expectOneError(error, file: "Content/guide.md", line: 1, column: 1,
                            "Content/guide.md and Content/guide.markdown would both be written to guide.html")
    }

    @Test func brokenLinkIsReportedAtTheDestinationWithASuggestion() throws {
        let site = try TemporarySite(fixture: "broken-link")
        let error = try Self.failedBuild(site)
        Self.expectOneError(error, file: "Content/index.md", line: 7, column: 33, "broken link: no page or file `threding.html`",
                            "did you mean `threading.html`?")
    }

    @Test func brokenAnchorIsReportedAtTheDestinationWithASuggestion() throws {
        let site = try TemporarySite(fixture: "broken-anchor")
        let error = try Self.failedBuild(site)
        Self.expectOneError(error, file: "Content/index.md", line: 7, column: 25, "broken anchor: `threading.html` has no heading or id `#pool`",
                            "did you mean `#pools`?")
    }

    @Test func brokenAnchorOnTheSamePageIsReported() throws {
        let site = try TemporarySite(["Content/index.md": "---\ntitle: Home\n---\n## Getting started\n\nSee [below](#getting-startd).\n"])
        let error = try Self.failedBuild(site)
        Self.expectOneError(error, file: "Content/index.md", line: 6, column: 13, "broken anchor", "did you mean `#getting-started`?")
    }

    @Test func linksThatLeaveTheSiteOrUseAbsolutePathsAreReported() throws {
        let site = try TemporarySite(["Content/index.md": "---\ntitle: Home\n---\n[up](../outside.md) and [abs](/index.html) and [empty]()\n"])
        let error = try #require(throws: DiagnosticError.self) { try site.check() }
        #expect(error.diagnostics.count == 3)
        #expect(error.diagnostics.map(\.column) == [6, 31, nil])
        #expect(error.diagnostics[0].message.contains("points outside the site"))
        #expect(error.diagnostics[1].message.contains("absolute path"))
        #expect(error.diagnostics[2].message.contains("empty link destination"))
    }

    @Test func linkBelowADirectiveIsReportedOnItsSourceLine() throws {
        // A multi-line directive collapses to one placeholder; later lines must still map to the page's lines.
        let site = try TemporarySite([
            "examples/snippet.py": "print(1)\n",
            "Content/index.md": "---\ntitle: Home\n---\n{{< include\n    path=\"examples/snippet.py\"\n    lang=\"python\" >}}\n\nRead [this](nope.md).\n",
        ])
        let error = try #require(throws: DiagnosticError.self) { try site.check() }
        Self.expectOneError(error, file: "Content/index.md", line: 8, column: 13, "broken link")
    }

    // MARK: - Output folder

    @Test func outputUnderARegularFileIsAnEnvironmentError() throws {
        let site = try TemporarySite(["Content/index.md": "---\ntitle: Home\n---\n"])
        let blocker = site.container.appendingPathComponent("blocker")
        try Data("a file, not a folder\n".utf8).write(to: blocker)
        let output = blocker.appendingPathComponent("Site").path
        let error = try #require(throws: DiagnosticError.self) { try site.build(output: output) }
        Self.expectOneError(error, file: nil, line: nil, column: nil, "can't write", output, environmental: true)
        #expect(try Data(contentsOf: blocker) == Data("a file, not a folder\n".utf8))
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/proc/self"), "needs Linux's /proc"))
    func outputInAFolderNobodyCanWriteIsAnEnvironmentError() throws {
        // /proc refuses new entries even to root.
        let site = try TemporarySite(["Content/index.md": "---\ntitle: Home\n---\n"])
        let output = "/proc/sitegen-test-\(getpid())"
        let error = try #require(throws: DiagnosticError.self) { try site.build(output: output) }
        Self.expectOneError(error, file: nil, line: nil, column: nil, output, environmental: true)
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test(.enabled(if: getuid() != 0, "root writes anywhere"))
    func outputInAReadOnlyFolderIsAnEnvironmentErrorAndKeepsThePreviousSite() throws {
        let site = try TemporarySite(["Content/index.md": "---\ntitle: Home\n---\n"])
        let previous = try PreviousSite(beside: site)
        chmod(site.container.path, 0o555)
        defer { chmod(site.container.path, 0o755) }
        let error = try #require(throws: DiagnosticError.self) { try site.build(output: previous.output) }
        Self.expectOneError(error, file: nil, line: nil, column: nil, "permission denied", environmental: true)
        previous.expectUntouched()
    }

    @Test func outputThatIsAFileIsRefused() throws {
        let site = try TemporarySite(["Content/index.md": "---\ntitle: Home\n---\n"])
        let output = site.container.appendingPathComponent("notes.txt")
        try Data("keep me\n".utf8).write(to: output)
        let error = try #require(throws: DiagnosticError.self) { try site.build(output: output.path) }
        Self.expectOneError(error, file: nil, line: nil, column: nil, "is a file", environmental: true)
        #expect(try Data(contentsOf: output) == Data("keep me\n".utf8))
    }

    @Test func outputFolderNotMadeBySitegenIsRefused() throws {
        let site = try TemporarySite(["Content/index.md": "---\ntitle: Home\n---\n"])
        let output = site.container.appendingPathComponent("photos")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        try Data([1, 2, 3]).write(to: output.appendingPathComponent("holiday.jpg"))
        let before = FolderSnapshot(output.path)
        let error = try #require(throws: DiagnosticError.self) { try site.build(output: output.path) }
        Self.expectOneError(error, file: nil, line: nil, column: nil, "was not written by sitegen", "refusing", environmental: true)
        #expect(FolderSnapshot(output.path) == before)
    }

    @Test
    func outputWhoseParentDoesNotExistYetIsCreated() throws {
        // `--out public/site` on a fresh clone: the writer creates folders as it goes.
        let site = try TemporarySite(["Content/index.md": "---\ntitle: Home\n---\n"])
        let output = site.container.appendingPathComponent("public/site").path
        try site.build(output: output)
        #expect(FileManager.default.fileExists(atPath: output + "/index.html"))
    }

    @Test
    func missingRootIsReportedAsAMissingContentFolderByBuild() throws {
        // Not as an unwritable output: the default output lies inside the root that isn't there.
        let site = try TemporarySite()
        let options = SiteBuilder.Options(root: site.path("typo"), host: TestHost.facts, python: TestHost.noPython)
        let error = try #require(throws: DiagnosticError.self) { try SiteBuilder(options: options).build() }
        Self.expectOneError(error, file: nil, line: nil, column: nil, "no Content/ folder", environmental: true)
    }

    @Test func emptyOutputFolderIsUsed() throws {
        let site = try TemporarySite(["Content/index.md": "---\ntitle: Home\n---\n"])
        try FileManager.default.createDirectory(atPath: site.output, withIntermediateDirectories: true)
        try site.build()
        #expect(FileManager.default.fileExists(atPath: site.path("Site/index.html")))
    }

    @Test func outputEqualToTheRootIsRefused() throws {
        let site = try TemporarySite(["Content/index.md": "---\ntitle: Home\n---\n"])
        let link = site.container.appendingPathComponent("link-to-site").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: site.root.path)
        let before = FolderSnapshot(site.root.path)
        for output in [site.root.path, site.root.path + "/", site.root.path + "/Content/..", site.container.path, link] {
            let error = try #require(throws: DiagnosticError.self) { try site.build(output: output) }
            Self.expectOneError(error, file: nil, line: nil, column: nil, "contains the site's sources", environmental: true)
        }
        #expect(FolderSnapshot(site.root.path) == before)
    }
}
