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

/// Several results files of one machine, interpreter and profile: the newest is the guide, and a
/// history page sets their key figures side by side, oldest first.
@Suite("History pages")
struct HistoryTests {
    /// The GIL machine of the fleet fixtures, measured on `date` with every sample times `factor`.
    static func run(_ date: String, factor: Double) -> ResultsFile {
        var results = FleetFixture.gilMachine()
        results.startedAt = date
        results.measurements = results.measurements.map { cell in
            var copy = cell
            copy.wall = cell.wall.map { $0 * factor }
            copy.cpu = cell.cpu.map { $0 * factor }
            copy.metric = cell.metric.map { $0 * factor }
            return copy
        }
        let kinds = Dictionary(uniqueKeysWithValues: results.workloads.map { ($0.name, $0.kind) })
        results.measurements = Measurement.derivingStatistics(of: results.measurements, effectiveCPUs: results.host.effectiveCPUs, kinds: kinds)
        return results
    }

    @Test func aFleetGuideMeasuredTwiceGetsAHistoryPageLinkedFromItsGuideAndTheLanding() throws {
        let site = try FleetFixture.site()
        try site.write("Templates/page.mustache", "<title>{{title}}</title>\n{{{content}}}\n{{#historyURL}}<a class=\"history\" href=\"{{historyURL}}\">history</a>{{/historyURL}}")
        let folder = try FleetFixture.write(["old.json": Self.run("2026-01-01T00:00:00Z", factor: 2), "new.json": Self.run("2026-02-01T00:00:00Z", factor: 1),
                                            "big.json": FleetFixture.bigMachine()], in: site)
        let summary = try SiteBuilder(options: FleetFixture.options(site, results: [folder])).build()
        #expect(summary.guides == 2, "two runs of one machine are one guide")
        #expect(summary.warnings.allSatisfy { !$0.message.contains("duplicate") })
        let history = try site.built("history/testbox-x86_64-py3.12.3.html")
        let old = try #require(history.range(of: "2026-01-01T00:00:00Z")), new = try #require(history.range(of: "2026-02-01T00:00:00Z"))
        #expect(old.lowerBound < new.lowerBound, "oldest first")
        #expect(history.contains("<a href=\"../testbox-x86_64-py3.12.3/index.html\">2026-02-01T00:00:00Z</a>"), "the newest run is the guide")
        // The sequential time of the older run is twice the newer one's.
        let row = try #require(history.components(separatedBy: "<tr>").first { $0.contains("Sequential wall time (cpu_python/loop)") })
        let cells = row.components(separatedBy: "<td class=\"num\">").dropFirst().map { $0.prefix { $0 != " " && $0 != "<" } }
        let values = cells.compactMap { Double($0) }
        #expect(values.count == 2 && abs(values[0] / values[1] - 2) < 0.05, "\(row)")
        #expect(try site.built("testbox-x86_64-py3.12.3/index.html").contains("href=\"../history/testbox-x86_64-py3.12.3.html\""))
        #expect(!(try site.built("bigbox-arm64-py3.12.3/index.html")).contains("class=\"history\""))
        #expect(!FileManager.default.fileExists(atPath: site.path("Site/history/bigbox-arm64-py3.12.3.html")))
        #expect(try site.built("index.html").contains("href=\"history/testbox-x86_64-py3.12.3.html\""))
    }

    @Test func aSingleGuideHasItsHistoryBesideIt() throws {
        let site = try FleetFixture.site()
        try site.write("Templates/page.mustache", "{{{content}}}\n{{#historyURL}}<a class=\"history\" href=\"{{historyURL}}\">history</a>{{/historyURL}}")
        let folder = try FleetFixture.write(["a.json": Self.run("2026-01-01T00:00:00Z", factor: 1.2), "b.json": Self.run("2026-02-01T00:00:00Z", factor: 1)], in: site)
        let summary = try SiteBuilder(options: FleetFixture.options(site, results: [folder])).build()
        #expect(summary.guides == 1)
        #expect(try site.built("index.html").contains("href=\"history/testbox-x86_64-py3.12.3.html\""))
        #expect(try site.built("history/testbox-x86_64-py3.12.3.html").contains("<a href=\"../index.html\">2026-02-01T00:00:00Z</a>"))
    }

    @Test func aPageAtTheHistoryPathIsAnError() throws {
        let site = try FleetFixture.site()
        try site.write("Content/history/testbox-x86_64-py3.12.3.md", "---\ntitle: Mine\n---\nmine\n")
        let folder = try FleetFixture.write(["a.json": Self.run("2026-01-01T00:00:00Z", factor: 1.2), "b.json": Self.run("2026-02-01T00:00:00Z", factor: 1)], in: site)
        let error = try #require(throws: DiagnosticError.self) { try SiteBuilder(options: FleetFixture.options(site, results: [folder])).build() }
        #expect(error.diagnostics.contains { $0.message.contains("is the history page of") && $0.file?.hasSuffix("history/testbox-x86_64-py3.12.3.md") == true })
    }
}
