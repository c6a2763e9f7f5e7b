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

/// The quick profile measured for real on this machine's python3, checked against physics. Slow (about
/// a minute) and sensitive to other load, so it runs on its own: `SITEGEN_SLOW_TESTS=1 swift test
/// --filter BenchQuickProfileTests`.
@Suite("Quick profile, for real", .serialized)
struct BenchQuickProfileTests {
    static let enabled = ProcessInfo.processInfo.environment["SITEGEN_SLOW_TESTS"] == "1" && MeasureTestSupport.python3 != nil

    @Test(.enabled(if: enabled), .timeLimit(.minutes(5)))
    func theQuickProfileAgreesWithPhysics() throws {
        let host = HostProbe.current()
        let started = Date()
        let results = try Benchmark(python: PythonInterpreter(), host: host, profile: .quick).run()
        let elapsed = Date().timeIntervalSince(started)
        let index = ResultsIndex(results: results)
        let problems = results.measurements.filter { $0.status == .failed || $0.status == .timeout }
        #expect(problems.isEmpty, "\(problems.map { "\($0.workload)/\($0.variant) \($0.modelLabel): \($0.error ?? "")" })")

        func cell(_ workload: String, _ model: String, _ workers: String, variant: String? = nil) throws -> SiteGenKit.Measurement {
            try index.find(ResultsIndex.Selector(workload: workload, variant: variant, model: model, workers: workers)).get()
        }
        // Threads on pure Python hold the GIL in turn: about one CPU busy, never two.
        for workers in ["2", "4"] {
            let parallelism = try #require(try cell("cpu_python", "threads", workers).parallelism)
            #expect(parallelism.median < 1.3, "threads ×\(workers) kept \(parallelism.median) CPUs busy")
        }
        // What needs a second CPU is checked only when one was free: other work on the machine takes it.
        let idle = results.busyHostWarning == nil
        if !idle { print("\(results.busyHostWarning!.message): the checks that need two free CPUs are skipped") }
        // The budget (the issue's 60 s on an idle 2-CPU machine), with slack for a slower one.
        if idle { #expect(elapsed < 90, "quick took \(Int(elapsed)) s") }
        // Processes run it in parallel where there are CPUs to run on. The parallelism is the physics;
        // the wall-time speed-up is not asserted: on a 2-vCPU virtual machine whose two CPUs may share a
        // core on the host, per-round speed-ups of 2 processes ranged from 1.16× to 2.13× at parallelism
        // 1.84 to 1.94, so a speed-up threshold tests the host's scheduling, not this code.
        if host.effectiveCPUs >= 2 && idle {
            let parallelism = try #require(try cell("cpu_python", "process_pool", "2").parallelism)
            #expect(parallelism.median > 1.2, "2 processes kept only \(parallelism.median) CPUs busy")
        }
        // Threads scale C code that releases the GIL (large hashlib buffers), not small chunks that keep it.
        if host.effectiveCPUs >= 2 && idle {
            let large = try #require(try cell("cpu_release", "threads", "2", variant: "sha256_large").parallelism)
            #expect(large.median > 1.2, "threads hashing large buffers kept only \(large.median) CPUs busy")
        }
        let small = try #require(try cell("cpu_release", "threads", "2", variant: "sha256_small_chunks").parallelism)
        #expect(small.median < 1.3, "threads hashing small chunks kept \(small.median) CPUs busy")
        // Waiting overlaps: asyncio finishes all the waits in about one wait (10 ms each).
        let asyncio = try #require(try cell("io_sleep", "asyncio", "per_task").median)
        #expect(asyncio.median < 0.020, "asyncio took \(asyncio.median) s for waits of 10 ms")
    }
}
