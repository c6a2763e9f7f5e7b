import Foundation
import Testing
@testable import SiteGenKit

/// The committed fixture results file is exactly what this version writes for `FixtureResults`, and
/// reads back unchanged. Re-record with SITEGEN_RECORD=1 — which also fails the run, so a new baseline
/// is always a reviewed change.
@Suite("Results files")
struct ResultsFixtureTests {
    static var fixturePath: URL { Fixtures.sourceURL("measure-results").appendingPathComponent("results.json") }

    @Test func theFixtureIsWhatThisVersionWrites() throws {
        let written = try FixtureResults.make().encoded()
        if ProcessInfo.processInfo.environment["SITEGEN_RECORD"] == "1" {
            try FileManager.default.createDirectory(at: Self.fixturePath.deletingLastPathComponent(), withIntermediateDirectories: true)
            try written.write(to: Self.fixturePath)
            Issue.record("re-recorded \(Self.fixturePath.path); review the change and run again without SITEGEN_RECORD")
            return
        }
        let committed = try Data(contentsOf: Fixtures.url("measure-results").appendingPathComponent("results.json"))
        #expect(String(decoding: written, as: UTF8.self) == String(decoding: committed, as: UTF8.self))
    }

    @Test func aWrittenFileReadsBackEqual() throws {
        let results = FixtureResults.make()
        #expect(try ResultsFile.decode(try results.encoded(), source: "x.json") == results)
    }

    @Test func theFileNameNamesHostInterpreterAndProfile() {
        #expect(FixtureResults.make().defaultFileName == "testhost-cpython-3.12.3-standard.json")
        #expect(ResultsFile.slug("My Host.local") == "my-host.local")
    }

    @Test func foreignAndFutureFilesAreRefusedWithAReason() throws {
        let notJSON = try #require(throws: DiagnosticError.self) { try ResultsFile.decode(Data("nope".utf8), source: "a.json") }
        #expect(notJSON.diagnostics[0].message.contains("not a JSON object"))
        let foreign = try #require(throws: DiagnosticError.self) {
            try ResultsFile.decode(Data(#"{"tool": "asv", "schemaVersion": 1}"#.utf8), source: "b.json")
        }
        #expect(foreign.diagnostics[0].message.contains("not a sitegen results file"))
        let future = try #require(throws: DiagnosticError.self) {
            try ResultsFile.decode(Data(#"{"tool": "sitegen", "schemaVersion": 99}"#.utf8), source: "c.json")
        }
        #expect(future.diagnostics[0].message.contains("schema version 99"))
        #expect(future.diagnostics[0].file == "c.json")
    }

    @Test func aBusyMachineIsReported() throws {
        var results = FixtureResults.make()
        #expect(results.busyHostWarning == nil)
        results.loadAfter = [7.5, 6, 5]
        let warning = try #require(results.busyHostWarning)
        #expect(warning.severity == .warning)
        #expect(warning.message.contains("load 0.1 before, 7.5 after, on 3 effective CPUs"))
    }

    @Test func writingIsAtomicAndLeavesNoTemporaryFiles() throws {
        let folder = try MeasureTestSupport.temporaryFolder("atomic")
        defer { MeasureTestSupport.remove(folder) }
        let path = folder.appendingPathComponent("deep/er/results.json").path
        try FixtureResults.make().write(to: path)
        try FixtureResults.make().write(to: path)
        let names = try FileManager.default.contentsOfDirectory(atPath: (path as NSString).deletingLastPathComponent)
        #expect(names == ["results.json"])
    }
}
