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

/// A results file that is valid JSON but not a valid results file says which field is wrong (its JSON
/// path), what was expected there and what was found.
@Suite("Results schema errors")
struct ResultsSchemaErrorTests {
    /// The message of decoding the fixture after `change` edits its JSON tree.
    func message(_ change: (inout [String: Any]) throws -> Void) throws -> String {
        var tree = try #require(try JSONSerialization.jsonObject(with: try FixtureResults.make().encoded()) as? [String: Any])
        try change(&tree)
        let data = try JSONSerialization.data(withJSONObject: tree)
        let error = try #require(throws: DiagnosticError.self) { try ResultsFile.decode(data, source: "r.json") }
        #expect(error.diagnostics.count == 1 && error.diagnostics[0].file == "r.json")
        return error.diagnostics[0].message
    }

    /// Edits one measurement of the tree.
    func cell(_ index: Int, _ tree: inout [String: Any], _ change: (inout [String: Any]) -> Void) throws {
        var cells = try #require(tree["measurements"] as? [[String: Any]])
        change(&cells[index])
        tree["measurements"] = cells
    }

    func host(_ tree: inout [String: Any], _ change: (inout [String: Any]) -> Void) throws {
        var host = try #require(tree["host"] as? [String: Any])
        change(&host)
        tree["host"] = host
    }

    @Test func aWrongTypeNamesTheFieldWhatWasExpectedAndWhatWasFound() throws {
        let status = try message { try cell(2, &$0) { $0["status"] = 5 } }
        #expect(status.contains("`measurements[2].status`: expected a string, found 5"), "\(status)")
        let sample = try message { try cell(0, &$0) { $0["wall"] = [1.0, "fast", 1.2] } }
        #expect(sample.contains("`measurements[0].wall[1]`: expected a number, found \"fast\""), "\(sample)")
        let null = try message { try host(&$0) { $0["logicalCPUs"] = NSNull() } }
        #expect(null.contains("`host.logicalCPUs`: expected an integer, found null"), "\(null)")
        let list = try message { $0["measurements"] = ["cells": 3] }
        #expect(list.contains("`measurements`: expected an array, found an object"), "\(list)")
        #expect(status.contains("doesn't match schema version") && status.contains("sitegen bench"))
    }

    @Test func aMissingFieldIsNamedByItsPath() throws {
        let cpus = try message { try host(&$0) { $0["logicalCPUs"] = nil } }
        #expect(cpus.contains("`host.logicalCPUs` is missing; it is required"), "\(cpus)")
        let status = try message { try cell(2, &$0) { $0["status"] = nil } }
        #expect(status.contains("`measurements[2].status` is missing"), "\(status)")
    }

    @Test func aValueOutsideAnEnumerationListsTheAllowedOnes() throws {
        let status = try message { try cell(1, &$0) { $0["status"] = "exploded" } }
        #expect(status.contains("`measurements[1].status`: expected one of `ok`, `failed`, `timeout`, `unavailable`, found \"exploded\""),
                "\(status)")
        let profile = try message { $0["profile"] = "fastest" }
        #expect(profile.contains("`profile`: expected one of `quick`, `standard`, `full`"), "\(profile)")
    }

    /// Foundation's decoder reports a fraction in an integer field as invalid JSON, without a path.
    @Test func aFractionWhereAnIntegerBelongsIsFoundAndNamed() throws {
        let cpus = try message { try host(&$0) { $0["logicalCPUs"] = 2.5 } }
        #expect(cpus.contains("`host.logicalCPUs`: expected an integer, found 2.5"), "\(cpus)")
        let round = try message { try cell(3, &$0) { $0["rounds"] = [1, 2, 2.5, 4, 5] } }
        #expect(round.contains("`measurements[3].rounds[2]`: expected an integer, found 2.5"), "\(round)")
        let repeats = try message { $0["repeats"] = 1e30 }
        #expect(repeats.contains("`repeats`: expected an integer"), "\(repeats)")
        let version = try message { $0["schemaVersion"] = 2.5 }
        #expect(version.contains("not a sitegen results file: `schemaVersion`: expected an integer, found 2.5"), "\(version)")
    }

    @Test func aCorruptCacheEntryNamesTheFieldToo() throws {
        let folder = try MeasureTestSupport.temporaryFolder("cache")
        defer { MeasureTestSupport.remove(folder) }
        let cache = ResultsCache(directory: folder.path)
        let results = FixtureResults.make()
        try cache.store(results)
        let record = results.workloads[0]
        let key = ResultsCache.Key(workload: record.name, sourceHash: record.sourceHash, host: results.host,
                                   interpreter: results.interpreter, profile: results.profile)
        let path = cache.path(for: key)
        let text = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: #""status":"ok""#, with: #""status":7"#)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        guard case .invalid(let warning) = cache.lookup(key) else {
            Issue.record("expected an invalid entry")
            return
        }
        #expect(warning.message.contains("`results.measurements[0].status`: expected a string, found 7"), "\(warning.message)")
    }
}
