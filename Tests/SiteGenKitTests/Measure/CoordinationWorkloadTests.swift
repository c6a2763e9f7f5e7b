import Foundation
import Testing
@testable import SiteGenKit
@testable import SiteGenResults
@testable import SiteGenCore
@testable import SiteGenProcess
@testable import SiteGenMeasure

/// The coordination workloads (`sync`, `queues`, `transfer`): every cell of the catalogue runs at a
/// tiny size through the cell server and reports the figures the coordination page reads, and the
/// facts that hold on every machine and build hold (a forced lost update loses exactly half).
@Suite("Coordination workloads", .serialized)
struct CoordinationWorkloadTests {
    static let hasPython = MeasureTestSupport.python3 != nil

    /// What each variant must report beside its metric.
    static let expectedExtras: [String: [String: [String]]] = [
        "sync": [
            "primitives": ["lock_us", "rlock_us", "semaphore_us", "condition_us", "mp_lock_us"],
            "lock_contended": ["threads"],
            "mp_lock_contended": ["processes"],
            "condition_round_trip": [],
            "event_wake": ["p90_us", "busy_setter_us", "samples"],
            "barrier_cycle": ["four_parties_us"],
            "counter": ["forced_lost_fraction", "sleep0_lost_fraction", "locked_lost_updates", "plain_lost_fraction"],
        ],
        "queues": Dictionary(uniqueKeysWithValues: ["queue", "simple_queue", "asyncio_queue", "mp_queue", "mp_simple_queue",
                                                    "mp_pipe", "manager_queue"].map { ($0, ["latency_us", "latency_p90_us", "mib_per_second"]) }),
        "transfer": [
            "pickle": ["per_mib_us", "results_us", "dumps_us", "loads_us"],
            "shared_memory": ["per_mib_us"],
            "shared_array": ["per_mib_us"],
            "fork_inherit": ["per_mib_us"],
            "proxy_access": ["value_us", "array_item_us", "manager_value_us", "manager_dict_us"],
            "pool_break_even": ["speedup_64kib", "speedup_1024kib", "speedup_4096kib", "work_ms"],
        ],
    ]

    /// A size small enough for a test, large enough for every variant's own arithmetic.
    static func tinySize(_ workload: String, _ variant: String) -> Int {
        switch workload {
        case "transfer": return variant == "proxy_access" ? 20 : 2
        case "queues": return variant == "manager_queue" ? 40 : 200
        default: return variant == "counter" ? 20 : 40
        }
    }

    func samples(of workload: String) throws -> [String: [CellRun.Sample]] {
        let harness = try PythonInterpreter(workloads: .bundled).harness()
        let catalogue = try harness.catalogue()
        let entry = try #require(catalogue.workloads.first { $0.name == workload }, "\(workload) is not in the catalogue")
        #expect(Set(entry.variants.map(\.name)) == Set(Self.expectedExtras[workload]!.keys))
        let server = CellServer(harness: harness)
        defer { server.stop() }
        var results: [String: [CellRun.Sample]] = [:]
        for variant in entry.variants {
            for planned in variant.cells ?? [] where planned.unavailable == nil {
                let cell = Cell(workload: workload, variant: variant.name, model: planned.model, startMethod: planned.startMethod,
                                workers: planned.workers, size: Self.tinySize(workload, variant.name), unit: variant.unit,
                                kind: entry.kind)
                let run = try server.run(cell, timeout: 60, cancellation: nil)
                guard case .ok(let sample) = run.result else {
                    Issue.record("\(cell) did not run: \(run.result)")
                    continue
                }
                #expect(sample.metric > 0 && sample.metric.isFinite, "\(cell): metric \(sample.metric)")
                for name in Self.expectedExtras[workload]![variant.name] ?? [] {
                    #expect(sample.extra[name] != nil, "\(cell) reported no \(name)")
                }
                results[variant.name, default: []].append(sample)
            }
        }
        return results
    }

    @Test(.enabled(if: hasPython), .timeLimit(.minutes(3)))
    func syncReportsEveryFigureAndLosesExactlyHalfWhenForced() throws {
        let results = try samples(of: "sync")
        let counter = try #require(results["counter"]?.first)
        // The barrier between read and write makes both threads read the same value every time.
        #expect(counter.extra["forced_lost_fraction"] == 0.5)
        #expect(counter.extra["locked_lost_updates"] == 0)
        #expect(results["lock_contended"]?.count == 3, "threads 1, 2 and 4")
        let wake = try #require(results["event_wake"]?.first)
        #expect(wake.extra["samples"] == 40)
    }

    @Test(.enabled(if: hasPython), .timeLimit(.minutes(3)))
    func queuesCarryEveryItemThroughEveryChannel() throws {
        let results = try samples(of: "queues")
        #expect(results.count == 7)
        for (variant, runs) in results {
            let latency = try #require(runs.first?.extra["latency_us"])
            #expect(latency > 0 && latency < 1_000_000, "\(variant): one item took \(latency) µs")
        }
    }

    @Test(.enabled(if: hasPython), .timeLimit(.minutes(3)))
    func transferDeliversEveryPayload() throws {
        let results = try samples(of: "transfer")
        for variant in ["pickle", "shared_memory", "shared_array", "fork_inherit"] {
            let sample = try #require(results[variant]?.first, "\(variant) did not run")
            // The metric is one 2 MiB delivery; per MiB is half of it.
            let perMiB = try #require(sample.extra["per_mib_us"])
            #expect(abs(perMiB * 2 - sample.metric) < 1e-6 * sample.metric, "\(variant): \(perMiB) µs per MiB")
        }
        let breakEven = try #require(results["pool_break_even"]?.first)
        #expect([64.0, 4096.0].contains(breakEven.metric) || (breakEven.metric > 64 && breakEven.metric < 4096))
    }

    /// The coordination page shows the counter's functions by line numbers: they must still be those
    /// functions, from the first one's `def` to the plain `+=`, or the page shows other code.
    @Test func theCounterExcerptShowsTheCounterFunctions() throws {
        let page = try String(contentsOf: Repository.root.appendingPathComponent("Content/coordination.md"), encoding: .utf8)
        let marker = "{{< source sync lines=\""
        let start = try #require(page.range(of: marker), "the page no longer shows the excerpt")
        let range = page[start.upperBound...].prefix { $0 != "\"" }.split(separator: "-").compactMap { Int($0) }
        #expect(range.count == 2)
        let module = try String(contentsOf: Repository.root.appendingPathComponent("Sources/SiteGenMeasure/Workloads/sync.py"),
                                encoding: .utf8)
        let lines = module.components(separatedBy: "\n")
        guard range.count == 2, range[0] >= 1, range[1] <= lines.count else { return }
        #expect(lines[range[0] - 1].hasPrefix("def add_with_a_call_between("))
        #expect(lines[range[1] - 1].contains("counter.value += 1"))
    }
}
