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

/// The real `sitegen` executable, as a user and CI run it: exit codes, summary line, formats.
@Suite struct FoundationEndToEndTests {
    static func sitegen(_ arguments: [String], in directory: URL) throws -> ProcessResult {
        try CommandRunner.sitegen(arguments, in: directory)
    }

    @Test func buildExitsZeroAndPrintsAOneLineSummary() throws {
        let site = try TemporarySite(fixture: "golden-site")
        let result = try Self.sitegen(["build"], in: site.root)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stderr == "")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(result.stdout.wholeMatch(of: #/Built 3 pages, 4 files in \d+\.\d\d s → Site/index\.html\n/#) != nil,
                "stdout: \(result.stdout)")
        #expect(FileManager.default.fileExists(atPath: site.path("Site/guide/threading.html")))
    }

    @Test func buildWithRootAndOutFromElsewhere() throws {
        let site = try TemporarySite(fixture: "golden-site")
        let output = site.container.appendingPathComponent("public").path
        let result = try Self.sitegen(["build", "--root", site.root.path, "--out", output], in: site.container)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.hasSuffix("→ public/index.html\n"), "stdout: \(result.stdout)")
        #expect(FileManager.default.fileExists(atPath: output + "/index.html"))
    }

    @Test func checkOfACleanSiteExitsZero() throws {
        let site = try TemporarySite(fixture: "golden-site")
        let result = try Self.sitegen(["check"], in: site.root)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout == "Checked 3 pages: no errors.\n")
        #expect(!FileManager.default.fileExists(atPath: site.output))
        let json = try Self.sitegen(["check", "--format", "json"], in: site.root)
        #expect(json.status == 0)
        #expect(json.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[]")
    }

    @Test func checkOfABrokenSiteExitsOneWithTextDiagnostics() throws {
        let site = try TemporarySite(fixture: "broken-link")
        let result = try Self.sitegen(["check", "--root", site.root.path], in: site.container)
        #expect(result.status == 1)
        #expect(result.stdout == "")
        #expect(result.stderr == "Content/index.md:7:33: error: broken link: no page or file `threding.html` in the site; did you mean `threading.html`?\n")
    }

    @Test func severalErrorsAreAllPrintedAndCounted() throws {
        let site = try TemporarySite(["Content/index.md": "---\ntitle: Home\n---\n{{< hots >}}\n\n[x](nowhere.md)\n",
                                      "Content/b.md": "---\ntitle: B\n---\n{{< host >}}\n"])
        let result = try Self.sitegen(["check"], in: site.root)
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 3, "stderr: \(result.stderr)")
        // In navigation order: b.md, then index.md (neither has an `order`).
        #expect(lines.first?.hasPrefix("Content/b.md:4:1: error: `host` needs a fact") == true)
        #expect(lines.dropFirst().first?.hasPrefix("Content/index.md:4:1: error: unknown directive `hots`") == true)
        #expect(lines.last == "2 errors")
    }

    @Test func checkFormatJSONPrintsAnArrayWithPositions() throws {
        let site = try TemporarySite(fixture: "broken-anchor")
        let result = try Self.sitegen(["check", "--format", "json"], in: site.root)
        #expect(result.status == 1)
        let objects = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(objects.count == 1)
        #expect(objects.first?["file"] as? String == "Content/index.md")
        #expect(objects.first?["line"] as? Int == 7)
        #expect(objects.first?["column"] as? Int == 25)
        #expect(objects.first?["severity"] as? String == "error")
        #expect((objects.first?["message"] as? String)?.contains("did you mean `#pools`?") == true)
    }

    @Test func checkFormatGithubPrintsAnnotations() throws {
        let site = try TemporarySite(fixture: "unknown-directive")
        let result = try Self.sitegen(["check", "--format", "github"], in: site.root)
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("::error file=Content/index.md,line=6,col=8::unknown directive `hots`; did you mean `host`?"),
                "stdout: \(result.stdout)")
        #expect(result.stdout.split(separator: "\n").count == 1)
    }

    @Test func missingRootExitsTwo() throws {
        let site = try TemporarySite()
        for command in ["build", "check"] {
            let result = try Self.sitegen([command, "--root", site.path("nothing-here")], in: site.container)
            #expect(result.status == 2, "\(command): \(result.stderr)")
        }
        // What `build` says is checked by missingRootIsReportedAsAMissingContentFolderByBuild.
        let check = try Self.sitegen(["check", "--root", site.path("nothing-here")], in: site.container)
        #expect(check.stderr.hasPrefix("sitegen: error: no Content/ folder in "), "stderr: \(check.stderr)")
    }

    @Test
    func usageErrorsExitTwo() throws {
        // `--help` promises 2 for usage problems; swift-argument-parser's own default is 64 (EX_USAGE).
        let site = try TemporarySite(fixture: "golden-site")
        for arguments in [["build", "--no-such-option"], ["check", "--format", "xml"], ["render"], ["frobnicate"]] {
            let result = try Self.sitegen(arguments, in: site.root)
            #expect(result.status == 2, "\(arguments): exit \(result.status)")
            #expect(!result.stderr.isEmpty)
        }
    }

    @Test func renderPrintsTheBodyOfTheBuiltPage() throws {
        let site = try TemporarySite(fixture: "golden-site")
        let render = try Self.sitegen(["render", "Content/guide/threading.md"], in: site.root)
        #expect(render.status == 0, "stderr: \(render.stderr)")
        #expect(render.stderr == "")
        #expect(render.stdout.hasPrefix("<p>Threads share one interpreter."))
        #expect(!render.stdout.contains("<html"))
        let build = try Self.sitegen(["build"], in: site.root)
        #expect(build.status == 0)
        let page = try site.built("guide/threading.html")
        #expect(page.contains("</nav>\n" + render.stdout + "\n</main>"))
    }

    @Test func renderOfAMissingPageExitsTwo() throws {
        let site = try TemporarySite(fixture: "golden-site")
        let result = try Self.sitegen(["render", "Content/nope.md"], in: site.root)
        #expect(result.status == 2)
        #expect(result.stdout == "")
        #expect(result.stderr.contains("is not a page of the site"))
    }

    @Test func helpDocumentsTheExitCodes() throws {
        let site = try TemporarySite()
        let result = try Self.sitegen(["--help"], in: site.root)
        #expect(result.status == 0)
        #expect(result.stdout.contains("Exit codes: 0 success; 1 content"))
        #expect(result.stdout.contains("NO_COLOR"))
        let check = try Self.sitegen(["check", "--help"], in: site.root)
        #expect(check.stdout.contains("--format"))
    }

    /// Each bad-input fixture, through the real executable: the exit code the library's error asks for,
    /// and the library's diagnostics as the first lines of standard error.
    @Test(arguments: ["missing-content", "missing-templates", "invalid-utf8", "bad-front-matter", "missing-front-matter",
                      "unknown-front-matter-field", "unknown-directive", "unclosed-directive", "unknown-argument",
                      "missing-argument", "bad-lines-argument", "include-outside-root", "include-missing",
                      "template-syntax-error", "missing-partial", "duplicate-output", "broken-link", "broken-anchor"])
    func badFixtureFailsTheBuildWithItsDiagnosticAndExitCode(fixture: String) throws {
        let site = try TemporarySite(fixture: fixture)
        let error = try #require(throws: DiagnosticError.self) { try site.check() }
        let result = try Self.sitegen(["build"], in: site.root)
        #expect(result.status == (error.isEnvironmental ? 2 : 1))
        let expected = DiagnosticFormatter(format: .text, useColor: false).format(error.diagnostics)
        #expect(result.stderr.hasPrefix(expected), "stderr: \(result.stderr)")
        #expect(result.stdout == "")
        #expect(!FileManager.default.fileExists(atPath: site.output))
    }

    @Test func outputUnderAFileExitsTwo() throws {
        let site = try TemporarySite(fixture: "golden-site")
        try Data("x".utf8).write(to: site.container.appendingPathComponent("file"))
        let result = try Self.sitegen(["build", "--out", site.container.appendingPathComponent("file/Site").path], in: site.root)
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("sitegen: error: can't write the site to "), "stderr: \(result.stderr)")
    }

    @Test func outEqualToTheRootExitsTwo() throws {
        let site = try TemporarySite(fixture: "golden-site")
        let before = FolderSnapshot(site.root.path)
        let result = try Self.sitegen(["build", "--out", "."], in: site.root)
        #expect(result.status == 2)
        #expect(result.stderr.contains("contains the site's sources"))
        #expect(FolderSnapshot(site.root.path) == before)
    }
}
