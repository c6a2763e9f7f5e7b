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

/// A small hand-made results file for the table, chart and claim tests: a 2-CPU Linux machine with
/// CPython 3.12 (GIL on, fork by default) and three workloads.
///
/// - `cpu_python/loop`: sequential 1.00 s; threads ×1/×2/×4 no faster (×4 noisy); process_pool[fork]
///   ×1/×2/×4 at 1.05/0.52/0.55 s; process_pool[spawn] ×2 timed out; interpreter_pool ×2 unavailable.
/// - `overhead`: start_thread (threads, 85 µs), start_task (asyncio, 6 µs), start_process
///   (process_pool[fork] 3 ms, process_pool[spawn] 90 ms) per unit.
/// - `io_sleep/sleep`: waits that overlap (a wait-bound workload).
///
/// Samples are `center × (1 + spread × p)` for nine fixed `p`, so every median is `center` and its 95 %
/// interval (2nd to 8th order statistic) is `center × (1 ± spread)`. Each cell takes the `p` in another
/// order (rotated by `shift`), so repeat i of two cells differ as independent noise would, and speedups
/// (paired repeat by repeat) carry an interval of their own.
enum GuideFixture {
    static let pattern: [Double] = [0, -1, 1, -0.5, 0.5, -1.5, 1.5, 0.25, -0.25]

    static func samples(_ center: Double, _ spread: Double, shift: Int = 0) -> [Double] {
        let start = shift % pattern.count
        let rotated: [Double] = Array(pattern[start...]) + Array(pattern[..<start])
        return rotated.map { (p: Double) -> Double in center * (1 + spread * p) }
    }

    static var host: HostFacts {
        HostFacts(hostname: "testbox", cpuModel: "Test CPU 2000", logicalCPUs: 2, physicalCores: 2, smt: false,
                  affinityCPUs: 2, cgroupCPUQuota: nil, effectiveCPUs: 2, memoryBytes: 4 << 30,
                  os: "Debian GNU/Linux 12 (bookworm)", kernel: "6.1.0", architecture: "x86_64", virtualization: nil)
    }

    static func interpreter(gil: Bool = true, freeThreaded: Bool = false, version: String = "3.12.3") -> PythonFacts {
        let json: [String: Any] = [
            "executable": "/usr/bin/python3", "version": version, "implementation": "CPython", "buildFlags": "",
            "freeThreadedBuild": freeThreaded, "gilEnabled": gil, "defaultStartMethod": "fork",
            "startMethods": ["fork", "forkserver", "spawn"], "switchIntervalS": 0.005, "cpuCount": 2, "processCpuCount": 2,
            "hasInterpreterPool": false, "threadPoolDefaultWorkers": 6, "platform": "linux",
        ]
        let data = try! JSONSerialization.data(withJSONObject: json)
        return try! JSONDecoder().decode(PythonFacts.self, from: data)
    }

    static func cell(_ workload: String, _ variant: String, _ model: String, workers: Int?, start: String? = nil,
                     wall: Double, spread: Double = 0.01, parallelism: Double = 1, unit: String = "s",
                     metric: Double? = nil, status: SiteGenKit.Measurement.Status = .ok, error: String? = nil) -> SiteGenKit.Measurement {
        guard status == .ok else {
            return SiteGenKit.Measurement(workload: workload, variant: variant, model: model, startMethod: start, workers: workers,
                               status: status, error: error, unit: unit)
        }
        // A shift that differs between the cells of one variant, and is the same in every run.
        let shift = model.count + (workers ?? 0) + (start?.count ?? 0)
        let walls = samples(wall, spread, shift: shift)
        return SiteGenKit.Measurement(workload: workload, variant: variant, model: model, startMethod: start, workers: workers,
                           unit: unit, wall: walls, cpu: walls.map { $0 * parallelism },
                           metric: metric.map { samples($0, spread, shift: shift) } ?? walls)
    }

    static func results(gil: Bool = true, freeThreaded: Bool = false, version: String = "3.12.3") -> ResultsFile {
        var cells: [SiteGenKit.Measurement] = [
            cell("cpu_python", "loop", "sequential", workers: nil, wall: 1.00),
            cell("cpu_python", "loop", "threads", workers: 1, wall: 1.00),
            cell("cpu_python", "loop", "threads", workers: 2, wall: 1.03),
            cell("cpu_python", "loop", "threads", workers: 4, wall: 1.05, spread: 0.2),
            cell("cpu_python", "loop", "process_pool", workers: 1, start: "fork", wall: 1.05, parallelism: 1),
            cell("cpu_python", "loop", "process_pool", workers: 2, start: "fork", wall: 0.52, spread: 0.02, parallelism: 1.9),
            cell("cpu_python", "loop", "process_pool", workers: 4, start: "fork", wall: 0.55, spread: 0.02, parallelism: 1.95),
            cell("cpu_python", "loop", "process_pool", workers: 2, start: "spawn", wall: 0, status: .timeout,
                 error: "killed after 60 s"),
            cell("cpu_python", "loop", "interpreter_pool", workers: 2, wall: 0, status: .unavailable,
                 error: "needs Python 3.14"),
            cell("overhead", "start_thread", "threads", workers: nil, wall: 0.1, spread: 0.03, unit: "us_per_unit", metric: 85),
            cell("overhead", "start_task", "asyncio", workers: nil, wall: 0.01, spread: 0.05, unit: "us_per_unit", metric: 6),
            cell("overhead", "start_process", "process_pool", workers: nil, start: "fork", wall: 1, spread: 0.05,
                 unit: "us_per_unit", metric: 3000),
            cell("overhead", "start_process", "process_pool", workers: nil, start: "spawn", wall: 10, spread: 0.05,
                 unit: "us_per_unit", metric: 90000),
            cell("io_sleep", "sleep", "sequential", workers: nil, wall: 2.0),
            cell("io_sleep", "sleep", "threads", workers: 10, wall: 0.21, parallelism: 0.05),
            cell("io_sleep", "sleep", "threads", workers: 100, wall: 0.025, spread: 0.04, parallelism: 0.2),
            cell("io_sleep", "sleep", "asyncio", workers: 100, wall: 0.022, spread: 0.04, parallelism: 0.3),
        ]
        let kinds = ["cpu_python": "cpu", "overhead": "overhead", "io_sleep": "wait"]
        for index in cells.indices {
            let cell = cells[index]
            let baseline = cells.first { $0.workload == cell.workload && $0.variant == cell.variant && $0.model == "sequential" }
            cells[index].deriveStatistics(baseline: baseline, effectiveCPUs: 2, kind: kinds[cell.workload]!)
        }
        let workloads = kinds.keys.sorted().map {
            WorkloadRecord(name: $0, file: "\($0).py", sourceHash: String(repeating: "ab", count: 32), summary: "", kind: kinds[$0]!)
        }
        return ResultsFile(profile: .quick, startedAt: "2026-01-01T00:00:00Z", host: host,
                           interpreter: interpreter(gil: gil, freeThreaded: freeThreaded, version: version),
                           workloads: workloads, measurements: cells)
    }

    static var index: ResultsIndex { ResultsIndex(results: results()) }

    /// A context for resolving directives against the fixture.
    static func context(page: String = "Content/guide.md", results: ResultsIndex? = GuideFixture.index,
                        root: String = "/nonexistent", findings: DiagnosticSink = DiagnosticSink()) -> DirectiveContext {
        // The site's pages, as a build reads them once for directives about the whole site.
        let pages = (try? ContentLoader(root: root).load()) ?? []
        return DirectiveContext(root: root, page: page, host: host, python: PythonInterpreter(command: "/nonexistent/python3"),
                                results: results, pages: pages, findings: findings)
    }

    /// The first directive of a page's text, positioned as the scanner positions it.
    static func directive(_ text: String, file: String = "Content/guide.md") throws -> Directive {
        for segment in try DirectiveScanner(file: file).scan(text) {
            if case let .directive(directive) = segment { return directive }
        }
        fatalError("no directive in \(text)")
    }

    /// Resolves the first directive of a text through the standard registry.
    static func resolve(_ text: String, context: DirectiveContext = GuideFixture.context()) throws -> String {
        switch try DirectiveRegistry.standard.resolve(directive(text), in: context) {
        case let .block(html): return html
        case let .inline(html, _): return html
        }
    }

    /// The message of the first diagnostic a closure throws.
    static func diagnostic(_ body: () throws -> Void) -> Diagnostic? {
        do {
            try body()
            return nil
        } catch let error as DiagnosticError {
            return error.diagnostics.first
        } catch {
            return nil
        }
    }
}

@Suite struct TableFixtureTests {
    @Test func fixtureSurvivesAJSONRoundTrip() throws {
        let results = GuideFixture.results()
        let data = try JSONEncoder().encode(results)
        #expect(try JSONDecoder().decode(ResultsFile.self, from: data) == results)
    }

    @Test func fixtureMediansAndIntervalsAreAsDesigned() throws {
        let index = GuideFixture.index
        guard case let .success(cell) = index.find(.init(workload: "cpu_python", model: "process_pool", workers: "2")) else {
            Issue.record("process_pool ×2 not found")
            return
        }
        let wall = try #require(cell.median)
        #expect(abs(wall.median - 0.52) < 1e-9)
        #expect(abs(wall.low - 0.52 * 0.98) < 1e-9)
        #expect(abs(wall.high - 0.52 * 1.02) < 1e-9)
        #expect(try #require(cell.speedup).median > 1.9)
    }
}
