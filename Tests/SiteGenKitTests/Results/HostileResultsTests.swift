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

/// Results files as untrusted input: lists past the limits are refused with their JSON path, a file at
/// the limits costs its statistics linear time, and pipes and devices are refused before being opened.
@Suite("Hostile results files")
struct HostileResultsTests {
    /// The fixture with one cell (`measurements[1]`, threads × 2) given `count` samples in every list,
    /// round by round, a few of them flagged as contaminated and measured again.
    static func withHugeCell(_ count: Int) -> ResultsFile {
        var results = FixtureResults.make()
        var generator = SeededGenerator(seed: 12)
        var cell = results.measurements[1]
        cell.wall = (0..<count).map { _ in 1.05 + 0.01 * generator.normal() }
        cell.cpu = cell.wall
        cell.metric = cell.wall
        cell.rounds = (0..<count).map { $0 - $0 % 10 / 9 + 1 }  // every tenth sample repeats its round
        cell.contamination = (0..<count).map { Contamination(otherCPUSeconds: 0, flagged: $0 % 10 == 8) }
        results.measurements[1] = cell
        return results
    }

    static func write(_ results: ResultsFile, in folder: URL, _ name: String = "results.json") throws -> String {
        let path = folder.appendingPathComponent(name).path
        try results.write(to: path)
        return path
    }

    @Test func aCellOverTheSampleLimitIsRefusedQuicklyWithItsPath() throws {
        let folder = try MeasureTestSupport.temporaryFolder("hostile")
        defer { MeasureTestSupport.remove(folder) }
        let over = ResultsLimits.maximumSamplesPerCell * 2
        let path = try Self.write(Self.withHugeCell(over), in: folder)
        let clock = ContinuousClock()
        let start = clock.now
        let error = try #require(throws: DiagnosticError.self) { try ResultsInputs.load(path) }
        #expect(clock.now - start < .seconds(5))
        let messages = error.diagnostics.map(\.message)
        #expect(error.diagnostics.allSatisfy { $0.file == path })
        #expect(messages.contains { $0.hasPrefix("measurements[1].wall: \(over) samples, more than the \(ResultsLimits.maximumSamplesPerCell) sitegen reads") })
        #expect(messages.contains { $0.hasPrefix("measurements[1].rounds: \(over) samples") })
        #expect(messages.allSatisfy { $0.contains("measure again") })
    }

    @Test func aCellAtTheLimitIsReadAndItsStatisticsTakeLinearTime() throws {
        let folder = try MeasureTestSupport.temporaryFolder("hostile")
        defer { MeasureTestSupport.remove(folder) }
        let path = try Self.write(Self.withHugeCell(ResultsLimits.maximumSamplesPerCell), in: folder)
        let clock = ContinuousClock()
        let start = clock.now
        let index = ResultsIndex(results: try ResultsInputs.load(path))
        // The quadratic interval took seconds per estimate of a cell this size, even optimized.
        #expect(clock.now - start < .seconds(5))
        let cell = index.results.measurements[1]
        let clean = cell.clean
        #expect(clean.wall.count == ResultsLimits.maximumSamplesPerCell * 9 / 10)
        let median = try #require(cell.median)
        #expect(median == ReferenceStatistics.medianInterval(clean.wall, rank: Statistics.intervalRank(n: clean.wall.count, confidence: 0.95)))
        #expect(median.low < median.median && median.median < median.high && median.confidence >= 0.95)
        #expect(cell.speedup != nil)
    }

    @Test func theIntervalEqualsTheQuadraticOneOnRandomSamples() {
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<200 {
            let count = Int.random(in: 1...80, using: &generator)
            let samples = (0..<count).map { _ in exp(0.1 * generator.normal()) }
            for confidence in [0.95, DecisionRule.confidencePerLook, 0.5] {
                #expect(Statistics.medianInterval(samples, confidence: confidence)
                        == ReferenceStatistics.medianInterval(samples, confidence: confidence))
            }
        }
    }

    @Test func theRankOfTheIntervalEqualsTheQuadraticSearchForEveryCountUpTo300() {
        for n in 2...300 {
            for confidence in [0.95, DecisionRule.confidencePerLook] {
                #expect(Statistics.intervalRank(n: n, confidence: confidence) == ReferenceStatistics.rank(n: n, confidence: confidence),
                        "n = \(n), confidence \(confidence)")
            }
        }
    }

    @Test func everyListAFileControlsIsBounded() throws {
        var results = FixtureResults.make()
        results.measurements[0].extra = Dictionary(uniqueKeysWithValues: (0...ResultsLimits.maximumExtraNames).map { ("n\($0)", [1.0]) })
        results.measurements[9].extra["ms"] = Array(repeating: 1, count: ResultsLimits.maximumSamplesPerCell + 1)
        results.workloads = Array(repeating: results.workloads[0], count: ResultsLimits.maximumWorkloads + 1)
        results.loadBefore = Array(repeating: 0, count: ResultsLimits.maximumShortList + 1)
        results.host.logicalCPUs = 0
        let problems = ResultsLimits.problems(in: results)
        #expect(problems.contains { $0.hasPrefix("measurements[0].extra: 101 names") })
        #expect(problems.contains { $0.hasPrefix("measurements[9].extra.ms: \(ResultsLimits.maximumSamplesPerCell + 1) samples") })
        #expect(problems.contains { $0.hasPrefix("workloads: 1001 workloads") })
        #expect(problems.contains { $0.hasPrefix("loadBefore: 101 entries") })
        #expect(problems.contains { $0.hasPrefix("host.logicalCPUs: 0 CPUs, out of the range") })
        #expect(ResultsLimits.problems(in: FixtureResults.make()) == [])
    }

    @Test func cellsWithinTheirLimitMayStillBeTooManySamplesForOneFile() {
        var results = FixtureResults.make()
        var full = results.measurements[0]
        full.wall = Array(repeating: 1.0, count: ResultsLimits.maximumSamplesPerCell)
        full.cpu = []
        full.metric = []
        let cells = ResultsLimits.maximumSamplesPerFile / ResultsLimits.maximumSamplesPerCell + 1
        results.measurements = Array(repeating: full, count: cells)
        #expect(ResultsLimits.problems(in: results)
                == ["measurements: \(cells * ResultsLimits.maximumSamplesPerCell) samples in all, more than the \(ResultsLimits.maximumSamplesPerFile) sitegen reads"])
        results.measurements.removeLast()
        #expect(ResultsLimits.problems(in: results) == [])
    }

    @Test func manyProblemsAreListedUpToALimitAndCounted() {
        var results = FixtureResults.make()
        var huge = results.measurements[0]
        huge.wall = Array(repeating: 1.0, count: ResultsLimits.maximumSamplesPerCell + 1)
        results.measurements = Array(repeating: huge, count: ResultsLimits.maximumReported + 5)
        let problems = ResultsLimits.problems(in: results)
        // One per cell (and one for the file's total, which so many huge cells also cross).
        #expect(problems.filter { $0.hasPrefix("measurements[") }.count == results.measurements.count)
        let diagnostics = ResultsLimits.diagnostics(problems, file: "f.json")
        #expect(diagnostics.count == ResultsLimits.maximumReported + 1)
        #expect(diagnostics.last?.message.hasPrefix("\(problems.count - ResultsLimits.maximumReported) more lists") == true)
    }

    @Test func markupInAFileIsEscapedWhenPublishedAndReadsBackTheSame() throws {
        var results = FixtureResults.make()
        results.measurements[2].error = "<script>alert(1)</script> & ünïcode > 0"
        let published = String(decoding: try results.publishedData(), as: UTF8.self)
        #expect(published.contains(#"\u003cscript\u003ealert(1)\u003c/script\u003e \u0026 ünïcode \u003e 0"#))
        #expect(!published.contains("<") && !published.contains(">") && !published.contains("&"))
        #expect(try ResultsFile.decode(Data(published.utf8), source: "published.json") == results)
    }

    @Test func aFIFOIsRefusedWithoutWaitingForAWriter() throws {
        let folder = try MeasureTestSupport.temporaryFolder("hostile")
        defer { MeasureTestSupport.remove(folder) }
        let fifo = folder.appendingPathComponent("results.json").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let error = try Self.withoutHanging(on: fifo) { _ = try ResultsInputs.load(fifo) }
        #expect(error?.diagnostics.first?.message.contains("a FIFO (named pipe), not a regular file") == true)
        #expect(error?.diagnostics.first?.file == fifo)
        #expect(error?.isEnvironmental == true)
        // In a folder, it is listed with the other *.json files and refused the same way.
        #expect(try ResultsInputs.expand([folder.path]) == [fifo])
        let device = try #require(throws: DiagnosticError.self) { try ResultsInputs.load("/dev/null") }
        #expect(device.diagnostics[0].message.contains("a character device"))
        let directory = try #require(throws: DiagnosticError.self) { try ResultsInputs.load(folder.path) }
        #expect(directory.diagnostics[0].message.contains("a folder"))
    }

    @Test func aFIFOInTheCacheIsMeasuredAgain() throws {
        let folder = try MeasureTestSupport.temporaryFolder("hostile")
        defer { MeasureTestSupport.remove(folder) }
        let cache = ResultsCache(directory: folder.path)
        let results = FixtureResults.make()
        let record = results.workloads[0]
        let key = ResultsCache.Key(workload: record.name, sourceHash: record.sourceHash, host: results.host,
                                   interpreter: results.interpreter, profile: results.profile)
        let path = cache.path(for: key)
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        #expect(mkfifo(path, 0o600) == 0)
        let lookup = LockedBox<ResultsCache.Lookup?>(nil)
        _ = try Self.withoutHanging(on: path) { lookup.set(cache.lookup(key)) }
        guard case .invalid(let warning)? = lookup.get() else {
            Issue.record("expected an invalid entry, got \(String(describing: lookup.get()))")
            return
        }
        #expect(warning.message.contains("FIFO") && warning.message.contains("measuring again"))
    }

    /// Runs `work` on another thread; should it block on the FIFO at `path` for more than five seconds,
    /// records an issue and opens the FIFO for writing so that the reader sees its end. Returns the
    /// `DiagnosticError` the work threw, if any.
    static func withoutHanging(on path: String, _ work: @escaping @Sendable () throws -> Void) throws -> DiagnosticError? {
        let done = DispatchSemaphore(value: 0)
        let outcome = LockedBox<DiagnosticError?>(nil)
        Thread.detachNewThread {
            do { try work() } catch let error as DiagnosticError { outcome.set(error) } catch {}
            done.signal()
        }
        if done.wait(timeout: .now() + 5) == .timedOut {
            Issue.record("reading \(path) blocked")
            let writer = open(path, O_WRONLY | O_NONBLOCK)
            if writer >= 0 { close(writer) }
            done.wait()
        }
        return outcome.get()
    }
}

/// A value shared with the thread that sets it.
final class LockedBox<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func set(_ newValue: Value) { lock.withLock { value = newValue } }
    func get() -> Value { lock.withLock { value } }
}

/// The median's interval as it was computed before issue 12, in O(n²): the coverage of each candidate
/// rank summed afresh. Kept to check that the linear search picks the same interval.
enum ReferenceStatistics {
    static func coverage(n: Int, k: Int) -> Double {
        var total = 0.0
        for i in k...(n - k) { total += exp(Statistics.logChoose(n, i) - Double(n) * log(2.0)) }
        return min(1, total)
    }

    static func rank(n: Int, confidence: Double) -> Int {
        var k = 1
        while k + 1 <= n / 2 {
            if coverage(n: n, k: k + 1) < confidence { break }
            k += 1
        }
        return k
    }

    static func medianInterval(_ values: [Double], confidence: Double = 0.95) -> Estimate {
        medianInterval(values, rank: values.count >= 2 ? rank(n: values.count, confidence: confidence) : 1)
    }

    /// The interval for a given rank, so that a large sample can be checked without the quadratic search.
    static func medianInterval(_ values: [Double], rank k: Int) -> Estimate {
        let sorted = values.sorted()
        let n = sorted.count
        let center = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
        guard n >= 2 else { return Estimate(median: center, low: center, high: center, confidence: 0) }
        return Estimate(median: center, low: sorted[k - 1], high: sorted[n - k], confidence: coverage(n: n, k: k))
    }
}
