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

/// `sitegen.yml`: the site's settings, read with Yams; bad keys and values at their line and column.
@Suite("Site configuration")
struct SiteConfigTests {
    @Test
    func everySettingIsRead() throws {
        let config = try SiteConfig.parse("""
            title: My notes
            tagline: "Measured: on our machines"
            repository: https://github.com/me/notes/
            branch: trunk
            base_url: https://me.example/notes
            profile: quick
            interpreters: [python3.12, python3.13]
            machine: build-01
            results: fleet-results
            workloads:
              - my-workloads
            """, path: "sitegen.yml")
        #expect(config.title == "My notes" && config.tagline == "Measured: on our machines")
        #expect(config.repository == "https://github.com/me/notes" && config.branch == "trunk")
        #expect(config.baseURL == "https://me.example/notes")
        #expect(config.profile == .quick && config.machine == "build-01")
        #expect(config.interpreters == ["python3.12", "python3.13"])
        #expect(config.results == ["fleet-results"] && config.workloads == ["my-workloads"])
        #expect(config.resolve("fleet-results", root: "/site") == "/site/fleet-results")
        #expect(try SiteConfig.parse("", path: "sitegen.yml").title == nil)
    }

    @Test
    func everyBadSettingIsAnErrorAtItsLineAndColumn() throws {
        let error = try #require(throws: DiagnosticError.self) {
            try SiteConfig.parse("title: ok\ntagilne: x\nprofile: standrad\nbase_url: example.org\ninterpreters: {a: 1}\nmachine: \"\"\n", path: "sitegen.yml")
        }
        let lines = error.diagnostics.map { "\($0.line ?? 0):\($0.column ?? 0) \($0.message)" }
        #expect(lines.count == 5, "\(lines)")
        #expect(lines[0].hasPrefix("2:1 unknown setting `tagilne`; did you mean `tagline`?"))
        #expect(lines[1].hasPrefix("3:10 `profile` must be one of quick, standard, full, not `standrad`; did you mean `standard`?"))
        #expect(lines[2].hasPrefix("4:11 `base_url` must be a web address"))
        #expect(lines[3].hasPrefix("5:15 `interpreters` must be a list of strings"))
        #expect(lines[4].hasPrefix("6:10 `machine` must be a non-empty string"))
        #expect(error.diagnostics.allSatisfy { $0.file == "sitegen.yml" && $0.severity == .error })
    }

    @Test
    func anchorsAndNonMappingsAreRefused() {
        #expect(throws: DiagnosticError.self) { try SiteConfig.parse("a: &x 1\ntitle: *x\n", path: "sitegen.yml") }
        #expect(throws: DiagnosticError.self) { try SiteConfig.parse("- title\n", path: "sitegen.yml") }
        #expect(throws: DiagnosticError.self) { try SiteConfig.parse("title: [unclosed\n", path: "sitegen.yml") }
    }

    @Test(.enabled(if: CommandRunner.sitegen != nil))
    func theBuildUsesTheSettingsAndFlagsOverrideThem() throws {
        let site = try TemporarySite(["Content/index.md": "---\ntitle: Home\n---\n# Home\n",
                                      "Content/guide/a-b.md": "---\ntitle: A\n---\n# A\n",
                                      "sitegen.yml": "title: Notes\ntagline: Ours\nrepository: https://git.example/me/notes\nbase_url: https://me.example/notes/\nprofile: quick\n"],
                                     template: "{{siteTitle}}|{{tagline}}|{{canonical}}|{{editURL}}")
        let result = try CommandRunner.sitegen(["build", "--root", site.root.path, "--no-measure"], in: site.container)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try site.built("guide/a-b.html") == "Notes|Ours|https://me.example/notes/guide/a-b.html|https://git.example/me/notes/edit/main/Content/guide/a-b.md")
        // Flags override a setting as a whole: the configured results folder doesn't exist, the flag's file does.
        try site.write("sitegen.yml", "results: [no-such-folder]\n")
        let configured = try CommandRunner.sitegen(["check", "--root", site.root.path, "--no-measure"], in: site.container)
        #expect(configured.status == 2 && configured.stderr.contains("no-such-folder"), "\(configured.stderr)")
        let fixture = Fixtures.url("measure-results").appendingPathComponent("results.json").path
        let overridden = try CommandRunner.sitegen(["check", "--root", site.root.path, "--no-measure", "--results", fixture], in: site.container)
        #expect(overridden.status == 0, "\(overridden.stderr)")
        // A bad setting stops every command before anything is measured or written.
        try site.write("sitegen.yml", "profile: fast\n")
        let bad = try CommandRunner.sitegen(["check", "--root", site.root.path, "--no-measure"], in: site.container)
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("sitegen.yml:1:10: error: `profile` must be one of quick, standard, full, not `fast`"), "\(bad.stderr)")
    }
}
