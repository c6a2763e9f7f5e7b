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

/// `--machine LABEL`: a stable name stored in the results file, naming the guide's folder, its heading
/// and the file, instead of a host name that changes with every CI run.
@Suite("Machine labels")
struct MachineLabelTests {
    static func fixture(host: String, machine: String?) throws -> ResultsFile {
        var results = try ResultsFile.load(Fixtures.url("fleet-results").appendingPathComponent("fixture-mac-arm64-cpython-3.12.1-quick.json").path)
        results.host.hostname = host
        results.machine = machine
        return results
    }

    @Test
    func aLabelNamesTheGuideItsFolderAndItsFileInsteadOfTheHost() throws {
        let labelled = try Self.fixture(host: "runner-8f3a2c", machine: "Linux x64 (GitHub)")
        #expect(labelled.machineName == "Linux x64 (GitHub)")
        #expect(labelled.defaultFileName == "linux-x64-github-cpython-3.12.1-quick.json")
        var sets = [ResultSet(results: labelled, origin: .file("a.json")),
                    ResultSet(results: try Self.fixture(host: "mac", machine: nil), origin: .file("b.json"))]
        ResultSetMerger.assignSlugs(&sets)
        #expect(sets[0].slug == "linux-x64-github-arm64-py3.12.1")
        #expect(sets[0].label.hasPrefix("Linux x64 (GitHub) · CPython 3.12.1"))
        #expect(sets[1].label.hasPrefix("mac · "), "without a label, the host name as before")
        #expect(GuideBanner(set: sets[0]).machine.hasPrefix("host runner-8f3a2c · "))
    }

    @Test
    func twoRunsOfOneLabelledMachineOnDifferentRunnersAreTheSameMachine() throws {
        let older = ResultSet(results: try Self.fixture(host: "runner-1", machine: "ci"), origin: .file("old.json"))
        var newerResults = try Self.fixture(host: "runner-2", machine: "ci")
        newerResults.startedAt = "2099-01-01T00:00:00Z"
        let newer = ResultSet(results: newerResults, origin: .file("new.json"))
        let merged = ResultSetMerger.merge(local: [], files: [older, newer])
        #expect(merged.sets.count == 1)
        #expect(merged.sets[0].results.host.hostname == "runner-2")
    }

    @Test
    func theLabelRoundTripsAndOlderFilesWithoutOneStillRead() throws {
        let labelled = try Self.fixture(host: "h", machine: "bench-01")
        let decoded = try ResultsFile.decode(try labelled.encoded(), source: "x.json")
        #expect(decoded.machine == "bench-01")
        let plain = try Self.fixture(host: "h", machine: nil)
        #expect(!String(decoding: try plain.encoded(), as: UTF8.self).contains("\"machine\""))
    }

    @Test
    func badLabelsAreRefused() {
        #expect(ResultsFile.labelProblem("ci-linux") == nil)
        #expect(ResultsFile.labelProblem("  ") != nil)
        #expect(ResultsFile.labelProblem("a\u{1B}[31m") != nil)
        #expect(ResultsFile.labelProblem(String(repeating: "x", count: 65)) != nil)
        #expect(ResultsFile.labelProblem("***") != nil)
    }

    @Test(.enabled(if: MeasureTestSupport.python3 != nil && CommandRunner.sitegen != nil))
    func benchStoresTheLabelAndNamesTheFileAfterIt() throws {
        let fake = try FakeHarness()
        let folder = try MeasureTestSupport.temporaryFolder("bench-machine")
        defer { MeasureTestSupport.remove(folder) }
        let result = try CommandRunner.sitegen(["bench", "--profile", "quick", "--harness-folder", fake.folder.path, "--only", "alpha",
                                                "--machine", "CI Linux", "--quiet"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let path = folder.appendingPathComponent(".sitegen/results/ci-linux-cpython-3.12.1-quick.json").path
        #expect(try ResultsFile.load(path).machine == "CI Linux")
        let refused = try CommandRunner.sitegen(["bench", "--machine", "", "--harness-folder", fake.folder.path], in: folder)
        #expect(refused.status == 64 || refused.status == 2, "a usage error")
        #expect(refused.stderr.contains("--machine: the machine label is empty"))
    }
}
