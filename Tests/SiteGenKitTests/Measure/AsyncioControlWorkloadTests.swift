import Foundation
import Testing
@testable import SiteGenCore
@testable import SiteGenMeasure

/// The asyncio control-flow and socket-throughput workloads, run cell by cell at small sizes through
/// the real harness: every cell the catalogue lists runs, and the figures the guide's claims rest on
/// say what the page says they measure.
@Suite("asyncio control and socket throughput workloads")
struct AsyncioControlWorkloadTests {
    static let hasPython = MeasureTestSupport.python3 != nil

    /// Runs every cell of `workload` at the given size per variant (or `defaultSize`); returns the
    /// good samples by variant and model, recording an issue for any cell that did not run.
    func runAll(_ workload: String, sizes: [String: Int] = [:], defaultSize: Int) throws -> [String: CellRun.Sample] {
        let python = PythonInterpreter(workloads: .bundled)
        let entry = try #require(try python.catalogue().workload(named: workload), "\(workload) is not in the catalogue")
        let server = CellServer(harness: try python.harness())
        defer { server.stop() }
        var samples: [String: CellRun.Sample] = [:]
        for variant in entry.variants {
            for planned in variant.cells ?? [] where planned.unavailable == nil {
                let cell = Cell(workload: workload, variant: variant.name, model: planned.model, workers: planned.workers,
                                size: sizes[variant.name] ?? defaultSize, unit: variant.unit, kind: entry.kind)
                let run = try server.run(cell, timeout: 60, cancellation: nil)
                guard case .ok(let sample) = run.result else {
                    Issue.record("\(cell) did not run: \(run.result)")
                    continue
                }
                samples[key(variant.name, planned.model, planned.workers)] = sample
            }
        }
        return samples
    }

    func key(_ variant: String, _ model: String, _ workers: WorkerCount? = nil) -> String {
        "\(variant)/\(model)/\(workers.map { "\($0)" } ?? "-")"
    }

    @Test(.enabled(if: hasPython))
    func everyAsyncioControlCellRunsAndReportsItsFigures() throws {
        let samples = try runAll("asyncio_control", sizes: ["timeout_idle": 3, "timeout_busy": 3, "timeout_cm_busy": 3,
                                                            "first_result_gather": 2, "first_result_as_completed": 2,
                                                            "subprocess_asyncio": 3, "subprocess_threads": 3,
                                                            "subprocess_sequential": 3],
                                 defaultSize: 200)
        for name in ["gather", "cancel", "timeout_idle", "timeout_busy", "shield", "await_direct", "first_result_gather",
                     "first_result_as_completed", "semaphore", "no_semaphore"] {
            #expect(samples[key(name, "asyncio")] != nil, "no sample for \(name)")
        }
        #expect(samples[key("subprocess_threads", "thread_pool")] != nil)
        #expect(samples[key("subprocess_sequential", "sequential")] != nil)

        // The semaphore caps the tasks running the body at its limit; without one, all of them run at once.
        #expect(samples[key("semaphore", "asyncio")]?.extra["peak_running"] == 4)
        #expect(samples[key("no_semaphore", "asyncio")]?.extra["peak_running"] == 200)
        // A cancelled task that waits on nothing else is done within a pass or two of the loop.
        let cancelToDone = try #require(samples[key("cancel", "asyncio")]?.extra["cancel_to_done_us"])
        #expect(cancelToDone > 0 && cancelToDone < 100_000)
        // A timeout never fires early, and gather hands over nothing before the slowest job (20 ms).
        let idle = try #require(samples[key("timeout_idle", "asyncio")])
        #expect(idle.metric >= -0.1 && idle.extra["samples"] == 3)
        #expect(try #require(samples[key("first_result_gather", "asyncio")]).metric >= 19)
        #expect(try #require(samples[key("first_result_as_completed", "asyncio")]).metric < 19)
    }

    @Test(.enabled(if: hasPython))
    func newerAsyncioVariantsAreOfferedOnlyWhereTheInterpreterHasTheirAPI() throws {
        let python = PythonInterpreter(workloads: .bundled)
        let version = try python.facts().version.split(separator: ".").compactMap { Int($0) }
        let variants = Set(try #require(try python.catalogue().workload(named: "asyncio_control")).variants.map(\.name))
        let minor = version.count > 1 ? version[1] : 0
        #expect(variants.contains("task_group") == (minor >= 11))
        #expect(variants.contains("timeout_cm_busy") == (minor >= 11))
        #expect(variants.contains("eager_gather") == (minor >= 12))
    }

    @Test(.enabled(if: hasPython))
    func everySocketThroughputCellMakesEveryRoundTrip() throws {
        let samples = try runAll("socket_throughput", defaultSize: 120)
        for cell in [key("round_trips", "sequential"), key("round_trips", "asyncio", .count(1)),
                     key("round_trips", "asyncio", .count(4)), key("round_trips", "threads", .count(4))] {
            let sample = try #require(samples[cell], "no sample for \(cell)")
            #expect(sample.extra["tasks"] == 120)
            #expect(sample.cpu > 0 && sample.wall > 0)
        }
    }
}
