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

@Suite("Results cache")
struct ResultsCacheTests {
    func key(_ results: ResultsFile, workload: String = "cpu_python", profile: Profile? = nil) -> ResultsCache.Key {
        let record = results.workloads.first { $0.name == workload }!
        return ResultsCache.Key(workload: workload, sourceHash: record.sourceHash, host: results.host, interpreter: results.interpreter,
                                profile: profile ?? results.profile)
    }

    @Test func storedWorkloadsComeBackOneByOne() throws {
        let folder = try MeasureTestSupport.temporaryFolder("cache")
        defer { MeasureTestSupport.remove(folder) }
        let cache = ResultsCache(directory: folder.path)
        let results = FixtureResults.make()
        try cache.store(results)
        guard case .hit(let cached) = cache.lookup(key(results)) else {
            Issue.record("expected a hit")
            return
        }
        #expect(cached.workloads.map(\.name) == ["cpu_python"])
        #expect(cached.measurements.allSatisfy { $0.workload == "cpu_python" })
        #expect(cached.measurements == results.measurements.filter { $0.workload == "cpu_python" })
    }

    @Test func anyChangeInTheKeyIsAMiss() throws {
        let folder = try MeasureTestSupport.temporaryFolder("cache")
        defer { MeasureTestSupport.remove(folder) }
        let cache = ResultsCache(directory: folder.path)
        let results = FixtureResults.make()
        try cache.store(results)
        var changedSource = key(results)
        changedSource.sourceHash = String(repeating: "f", count: 64)
        var otherHost = results.host
        otherHost.effectiveCPUs = 1
        var otherPython = results.interpreter
        otherPython.version = "3.13.0"
        let keys = [
            changedSource,
            ResultsCache.Key(workload: "cpu_python", sourceHash: String(repeating: "a", count: 64), host: otherHost, interpreter: results.interpreter, profile: .standard),
            ResultsCache.Key(workload: "cpu_python", sourceHash: String(repeating: "a", count: 64), host: results.host, interpreter: otherPython, profile: .standard),
            key(results, profile: .quick),
        ]
        for key in keys {
            guard case .miss = cache.lookup(key) else {
                Issue.record("expected a miss for \(key)")
                continue
            }
        }
    }

    @Test func theHostnameIsNotPartOfTheFingerprint() {
        var renamed = TestHost.facts
        renamed.hostname = "another-container-name"
        #expect(renamed.fingerprint == TestHost.facts.fingerprint)
        var slower = TestHost.facts
        slower.cpuModel = "Slower CPU"
        #expect(slower.fingerprint != TestHost.facts.fingerprint)
    }

    @Test func aCorruptEntryIsAWarningNotACrash() throws {
        let folder = try MeasureTestSupport.temporaryFolder("cache")
        defer { MeasureTestSupport.remove(folder) }
        let cache = ResultsCache(directory: folder.path)
        let results = FixtureResults.make()
        try cache.store(results)
        let path = cache.path(for: key(results))
        try Data("{\"key\": {".utf8).write(to: URL(fileURLWithPath: path))
        guard case .invalid(let warning) = cache.lookup(key(results)) else {
            Issue.record("a corrupt entry was not reported")
            return
        }
        #expect(warning.severity == .warning)
        #expect(warning.file == path)
        #expect(warning.message.contains("corrupt"))
        #expect(warning.message.contains("measuring again"))
    }

    @Test func anEntryMadeForSomethingElseIsAWarning() throws {
        let folder = try MeasureTestSupport.temporaryFolder("cache")
        defer { MeasureTestSupport.remove(folder) }
        let cache = ResultsCache(directory: folder.path)
        let results = FixtureResults.make()
        try cache.store(results)
        // Put io_sleep's entry where cpu_python's belongs.
        let ioSleep = cache.path(for: key(results, workload: "io_sleep"))
        let cpuPython = cache.path(for: key(results))
        try FileManager.default.removeItem(atPath: cpuPython)
        try FileManager.default.copyItem(atPath: ioSleep, toPath: cpuPython)
        guard case .invalid(let warning) = cache.lookup(key(results)) else {
            Issue.record("a foreign entry was trusted")
            return
        }
        #expect(warning.message.contains("made for something else"))
    }
}
