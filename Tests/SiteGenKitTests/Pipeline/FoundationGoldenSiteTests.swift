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

/// The whole built site of Fixtures/golden-site, compared byte for byte with Fixtures/golden-site/expected.
///
/// To accept a deliberate change, run with `SITEGEN_RECORD=1`: the expected files are rewritten and the
/// test fails, so a new baseline is always a reviewed diff, never an accident.
@Suite struct FoundationGoldenSiteTests {
    static let fixture = "golden-site"

    /// Builds the golden site (host facts fixed) and returns its files, output path → bytes.
    static func buildGoldenSite() throws -> (site: TemporarySite, files: [String: Data]) {
        let site = try TemporarySite(fixture: fixture)
        try? site.remove("expected")
        try site.build()
        var files = FolderSnapshot(site.output).files
        // The marker is the writer's business, tested with the writer.
        #expect(files.removeValue(forKey: SiteWriter.marker) != nil)
        return (site, files)
    }

    @Test func builtSiteMatchesTheGoldenFiles() throws {
        let (_, built) = try Self.buildGoldenSite()
        if ProcessInfo.processInfo.environment["SITEGEN_RECORD"] == "1" {
            let expected = Fixtures.sourceURL(Self.fixture).appendingPathComponent("expected")
            try? FileManager.default.removeItem(at: expected)
            for (path, data) in built {
                let url = expected.appendingPathComponent(path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: url)
            }
            Issue.record("recorded \(built.count) golden files in \(Self.fixture)/expected; review the diff, then run the tests without SITEGEN_RECORD")
            return
        }
        let expected = FolderSnapshot(Fixtures.url(Self.fixture).appendingPathComponent("expected").path).files
        #expect(!expected.isEmpty, "no golden files; record them with SITEGEN_RECORD=1")
        #expect(built.keys.sorted() == expected.keys.sorted())
        for path in expected.keys.sorted() {
            guard let actual = built[path], let wanted = expected[path] else { continue }
            if actual != wanted {
                let actualText = String(decoding: actual, as: UTF8.self), wantedText = String(decoding: wanted, as: UTF8.self)
                Issue.record("\(path) differs from the golden file (re-record with SITEGEN_RECORD=1 if the change is intended):\n\(Self.firstDifference(actualText, wantedText))")
            }
        }
    }

    @Test func twoBuildsOfTheSameInputsAreByteIdentical() throws {
        let (_, first) = try Self.buildGoldenSite()
        let (_, second) = try Self.buildGoldenSite()
        #expect(first == second)
    }

    /// The first differing line, for a readable failure.
    static func firstDifference(_ actual: String, _ expected: String) -> String {
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        for index in 0..<max(a.count, e.count) {
            let left = index < a.count ? String(a[index]) : "<end of file>"
            let right = index < e.count ? String(e[index]) : "<end of file>"
            if left != right { return "line \(index + 1):\n  built:    \(left)\n  expected: \(right)" }
        }
        return "(only line endings differ)"
    }
}
