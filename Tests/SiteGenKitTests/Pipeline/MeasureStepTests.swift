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

/// The build's measure step: only referenced workloads, reused from the cache while their key holds.
@Suite("Measure step")
struct MeasureStepTests {
    static let hasPython = MeasureTestSupport.python3 != nil

    static let page = """
        ---
        title: Guide
        ---
        # Guide

        Waiting: {{< value beta model=asyncio metric=wall >}}.
        """

    func options(_ site: TemporarySite, _ fake: FakeHarness, remeasure: Bool = false, cancellation: Cancellation? = nil) -> SiteBuilder.Options {
        var options = site.options()
        options.python = fake.interpreter()
        options.measure = MeasureStep.Request(profile: .quick, remeasure: remeasure, repeats: 3, cancellation: cancellation)
        return options
    }

    func betaRuns(_ fake: FakeHarness) -> Int { fake.runs.filter { $0.contains("--workload beta") }.count }

    @Test(.enabled(if: hasPython))
    func aBuildMeasuresOnlyWhatThePagesReferenceAndPublishesIt() throws {
        let site = try TemporarySite(["Content/index.md": Self.page, "Content/methodology.md": MeasureTestSupport.methodologyPage(["beta"])])
        let fake = try FakeHarness()
        let summary = try SiteBuilder(options: options(site, fake)).build()
        #expect(summary.steps.map(\.name).contains("measure"))
        // beta: sequential + asyncio, three repeats each; alpha is never run.
        #expect(betaRuns(fake) == 6)
        #expect(fake.runs.count == 6)
        let html = try site.built("index.html")
        #expect(html.contains("<a class=\"measure\""))
        #expect(html.contains(">10.0 ms</a>"))  // 10 waits of 10 ms in the fake, one per task
        let published = try site.built("results/testhost-cpython-3.12.1-quick.json")
        let results = try ResultsFile.decode(Data(published.utf8), source: "published")
        #expect(results.workloads.map(\.name) == ["beta"])
    }

    @Test(.enabled(if: hasPython))
    func aSecondBuildReusesTheCacheUntilTheSourceChanges() throws {
        let site = try TemporarySite(["Content/index.md": Self.page, "Content/methodology.md": MeasureTestSupport.methodologyPage(["beta"])])
        let fake = try FakeHarness()
        try SiteBuilder(options: options(site, fake)).build()
        #expect(betaRuns(fake) == 6)
        try SiteBuilder(options: options(site, fake)).build()
        #expect(betaRuns(fake) == 6, "the cache was not reused")
        // beta's support module is part of its source hash.
        try fake.touch("alpha.py")
        try SiteBuilder(options: options(site, fake)).build()
        #expect(betaRuns(fake) == 12)
        try SiteBuilder(options: options(site, fake, remeasure: true)).build()
        #expect(betaRuns(fake) == 18)
    }

    @Test(.enabled(if: hasPython))
    func checkMeasuresLikeBuild() throws {
        let site = try TemporarySite(["Content/index.md": Self.page, "Content/methodology.md": MeasureTestSupport.methodologyPage(["beta"])])
        let fake = try FakeHarness()
        try SiteBuilder(options: options(site, fake)).check()
        #expect(betaRuns(fake) == 6)
        #expect(!FileManager.default.fileExists(atPath: site.output))
    }

    @Test(.enabled(if: hasPython))
    func aCorruptCacheEntryIsReportedAndMeasuredAgain() throws {
        let site = try TemporarySite(["Content/index.md": Self.page, "Content/methodology.md": MeasureTestSupport.methodologyPage(["beta"])])
        let fake = try FakeHarness()
        try SiteBuilder(options: options(site, fake)).build()
        let cacheFolder = site.path(".sitegen/cache/quick")
        let entry = try #require(try FileManager.default.contentsOfDirectory(atPath: cacheFolder).first { $0.hasPrefix("beta-") })
        try Data("garbage".utf8).write(to: URL(fileURLWithPath: (cacheFolder as NSString).appendingPathComponent(entry)))
        let summary = try SiteBuilder(options: options(site, fake)).build()
        #expect(betaRuns(fake) == 12)
        #expect(summary.warnings.contains { $0.message.contains("corrupt") && $0.severity == .warning })
        // The new measurement replaced the corrupt entry.
        let summaryAgain = try SiteBuilder(options: options(site, fake)).build()
        #expect(betaRuns(fake) == 12)
        #expect(!summaryAgain.warnings.contains { $0.message.contains("corrupt") })
    }

    @Test(.enabled(if: hasPython))
    func anUnknownWorkloadIsReportedAtItsPositionListingTheCatalogue() throws {
        let site = try TemporarySite(["Content/index.md": "---\ntitle: Guide\n---\n# Guide\n\nSee {{< value gamma model=asyncio >}}.\n"])
        let fake = try FakeHarness()
        let error = try #require(throws: DiagnosticError.self) { try SiteBuilder(options: options(site, fake)).build() }
        #expect(fake.runs.isEmpty)
        let diagnostic = error.diagnostics[0]
        #expect(diagnostic.file == "Content/index.md" && diagnostic.line == 6 && diagnostic.column == 15)
        #expect(diagnostic.message.contains("known: alpha, beta"))
    }

    @Test func aResultsFileRendersWithoutMeasuring() throws {
        let site = try TemporarySite(["Content/index.md": "---\ntitle: Guide\n---\n# Guide\n\nTwo processes: {{< value cpu_python model=process_pool workers=2 metric=speedup >}}.\n",
                                      "Content/methodology.md": MeasureTestSupport.methodologyPage(["cpu_python"])])
        var options = site.options()  // its interpreter doesn't exist: nothing may run
        options.measure = MeasureStep.Request(resultsFile: Fixtures.url("measure-results").appendingPathComponent("results.json").path)
        try SiteBuilder(options: options).build()
        #expect(try site.built("index.html").contains("1.92× ±0.08"))
        #expect(FileManager.default.fileExists(atPath: (site.output as NSString).appendingPathComponent("results/testhost-cpython-3.12.3-standard.json")))
    }

    @Test func pagesWithoutMeasurementsNeedNoInterpreter() throws {
        let site = try TemporarySite(["Content/index.md": "---\ntitle: Plain\n---\n# Plain\n\nNo numbers here.\n"])
        var options = site.options()
        options.measure = MeasureStep.Request(profile: .quick)
        let summary = try SiteBuilder(options: options).build()
        #expect(summary.pages == 1)
    }

    @Test func requiredWorkloadsIncludeDirectivesInsideBodies() throws {
        let page = Page(sourcePath: "Content/a.md", frontMatter: FrontMatter(title: "A"), body: "{{< value io_sleep >}}\n{{< value cpu_python >}}{{< value io_sleep >}}\n",
                        bodyLine: 1, outputPath: "a.html")
        #expect(MeasureStep.requiredWorkloads(pages: [page], registry: .standard) == ["io_sleep", "cpu_python"])
    }
}
