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

    @Test func aBusyMachineIsReportedByTheCPUTimeOthersUsed() throws {
        var results = FixtureResults.make()
        // The load after a run counts the workloads themselves: it decides nothing.
        results.loadAfter = [7.5, 6, 5]
        results.otherCPUShare = 0.05
        #expect(results.busyHostWarning == nil)
        results.otherCPUShare = 0.4
        let warning = try #require(results.busyHostWarning)
        #expect(warning.severity == .warning)
        #expect(warning.message.contains("other processes used 40 % of its CPU time"))
    }

    @Test func withoutTheShareTheLoadBeforeTheRunDecides() throws {
        var results = FixtureResults.make()
        results.otherCPUShare = nil
        results.loadAfter = [7.5, 6, 5]
        #expect(results.busyHostWarning == nil)
        results.loadBefore = [2.5, 2, 1]
        let warning = try #require(results.busyHostWarning)
        #expect(warning.message.contains("load 2.5 before, on 3 effective CPUs"))
    }

    @Test func theCompetingShareIsWhatOthersUsedOfTheWholeMachine() throws {
        let start = CompetingCPU.Reading(machineBusy: 100, own: 10, at: DispatchTime(uptimeNanoseconds: 1_000_000_000), cpus: 2)
        // 10 s of wall on 2 CPUs = 20 CPU s; the machine was busy 15 s of it, 11 of them ours.
        let end = CompetingCPU.Reading(machineBusy: 115, own: 21, at: DispatchTime(uptimeNanoseconds: 11_000_000_000), cpus: 2)
        #expect(abs((CompetingCPU.share(from: start, to: end) ?? -1) - 0.2) < 1e-9)
        #expect(CompetingCPU.read().map { $0.cpus >= 1 } ?? true)
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
