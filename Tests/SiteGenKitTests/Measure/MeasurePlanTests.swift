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

/// Building the cell list from a catalogue, and a whole run against the fake harness.
@Suite("Measurement plan")
struct MeasurePlanTests {
    static let hasPython = MeasureTestSupport.python3 != nil

    @Test func doublingSweepsReachTwiceTheEffectiveCPUs() {
        let sweep: [WorkerCount] = [.count(1), .count(2), .count(4), .perTask, .poolDefault]
        #expect(MeasurementPlan.expand(sweep, effectiveCPUs: 2) == sweep)
        #expect(MeasurementPlan.expand(sweep, effectiveCPUs: 8)
                == [.count(1), .count(2), .count(4), .count(8), .count(16), .perTask, .poolDefault])
        // A single count or a list that doesn't start 1, 2 is what the workload asked for.
        #expect(MeasurementPlan.expand([.count(4)], effectiveCPUs: 16) == [.count(4)])
        #expect(MeasurementPlan.expand([.count(4), .poolDefault], effectiveCPUs: 16) == [.count(4), .poolDefault])
    }

    /// The harness lists each variant's cells for its interpreter (start methods chosen); the plan
    /// runs them as listed, extends doubling sweeps, and records unavailable ones.
    @Test func theHarnessesCellListIsThePlan() throws {
        let json = #"""
            {"protocol": 1,
             "workloads": [{"name": "cpu_python", "summary": "s", "kind": "cpu", "file": "cpu_python.py", "support_files": [], "hidden": false,
               "variants": [{"name": "loop", "description": "d", "unit": "s", "models": ["sequential", "threads", "processes", "interpreter_pool"],
                 "sizes": {"quick": 8, "standard": 40, "full": 160}, "workers": [1, 2, 4],
                 "workers_by_model": {"sequential": null, "threads": [1, 2, 4], "processes": [2], "interpreter_pool": [1, 2]},
                 "cells": [{"model": "sequential", "workers": null, "start_method": null},
                           {"model": "threads", "workers": 1, "start_method": null},
                           {"model": "threads", "workers": 2, "start_method": null},
                           {"model": "threads", "workers": 4, "start_method": null},
                           {"model": "processes", "workers": 2, "start_method": "fork"},
                           {"model": "processes", "workers": 2, "start_method": "spawn"},
                           {"model": "interpreter_pool", "workers": null, "start_method": null, "unavailable": "needs 3.14"}]}]}],
             "models": [{"id": "processes", "description": "p", "needs": "start_method"}],
             "unavailable": [{"model": "interpreter_pool", "reason": "needs 3.14"}]}
            """#
        let catalogue = try JSONDecoder().decode(Catalogue.self, from: Data(json.utf8))
        let facts = FixtureResults.interpreter
        let small = try MeasurementPlan.make(catalogue: catalogue, facts: facts, effectiveCPUs: 2, profile: .quick)
        #expect(small.cells.map(\.description) == [
            "cpu_python/loop · sequential",
            "cpu_python/loop · threads · 1 worker",
            "cpu_python/loop · threads · 2 workers",
            "cpu_python/loop · threads · 4 workers",
            "cpu_python/loop · processes[fork] · 2 workers",
            "cpu_python/loop · processes[spawn] · 2 workers",
        ])
        #expect(small.unavailable.map(\.model) == ["interpreter_pool"])
        #expect(small.unavailable[0].error == "needs 3.14")
        // On eight CPUs the threads sweep goes on to 16.
        let large = try MeasurementPlan.make(catalogue: catalogue, facts: facts, effectiveCPUs: 8, profile: .quick)
        #expect(large.cells.filter { $0.model == "threads" }.compactMap { $0.workers?.number } == [1, 2, 4, 8, 16])
        #expect(large.cells.last?.model == "processes")
    }

    @Test func workerCountsDecodeFromNumbersAndWords() throws {
        let decoded = try JSONDecoder().decode([WorkerCount].self, from: Data(#"[1, 8, "per_task", "default"]"#.utf8))
        #expect(decoded == [.count(1), .count(8), .perTask, .poolDefault])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([WorkerCount].self, from: Data(#"["many"]"#.utf8)) }
    }

    @Test(.enabled(if: hasPython))
    func everyModelStartMethodAndWorkerCountBecomesACell() throws {
        let fake = try FakeHarness()
        let python = fake.interpreter()
        let plan = try MeasurementPlan.make(catalogue: try python.catalogue(), facts: try python.facts(), effectiveCPUs: 2, profile: .quick)
        #expect(plan.cells.map(\.description).prefix(4) == [
            "alpha/loop · sequential",
            "alpha/loop · threads · 1 worker",
            "alpha/loop · threads · 2 workers",
            "alpha/loop · threads · 4 workers",
        ])
        // threads 1, 2 extend to 4 (2 × 2 CPUs); process_pool runs once per start method.
        #expect(plan.cells.filter { $0.workload == "alpha" && $0.model == "threads" }.compactMap { $0.workers?.number } == [1, 2, 4])
        #expect(plan.cells.filter { $0.model == "process_pool" }.map(\.startMethod) == ["fork", "spawn"])
        #expect(plan.cells.first { $0.workload == "alpha" }?.size == 4)
        #expect(plan.cells.first { $0.workload == "beta" && $0.model == "asyncio" }?.workers == .perTask)
        // The hidden workload stays out unless asked for; the unavailable model is recorded, not dropped.
        #expect(!plan.cells.contains { $0.workload == "broken" })
        #expect(plan.unavailable.count == 1)
        #expect(plan.unavailable[0].model == "interpreter_pool")
        #expect(plan.unavailable[0].status == .unavailable)
        #expect(plan.unavailable[0].error == "needs Python 3.14")
    }

    @Test(.enabled(if: hasPython))
    func onlyPicksWorkloadsAndRejectsUnknownOnesWithASuggestion() throws {
        let fake = try FakeHarness()
        let python = fake.interpreter()
        let plan = try MeasurementPlan.make(catalogue: try python.catalogue(), facts: try python.facts(), effectiveCPUs: 2,
                                            profile: .standard, only: ["beta", "broken"])
        #expect(Set(plan.cells.map(\.workload)) == ["beta", "broken"])
        #expect(plan.cells.first { $0.workload == "beta" }?.size == 20)
        let error = try #require(throws: DiagnosticError.self) {
            try MeasurementPlan.make(catalogue: try python.catalogue(), facts: try python.facts(), effectiveCPUs: 2,
                                     profile: .quick, only: ["alpah"])
        }
        #expect(error.diagnostics[0].message.contains("did you mean `alpha`?"))
    }

    @Test(.enabled(if: hasPython))
    func repeatsRunRoundRobinAcrossCells() throws {
        let fake = try FakeHarness()
        let benchmark = Benchmark(python: fake.interpreter(), host: TestHost.facts, profile: .quick, only: ["beta"], repeats: 3)
        _ = try benchmark.run()
        let models = fake.runs.map { line in line.components(separatedBy: "--model ")[1].split(separator: " ")[0] }
        #expect(models == ["sequential", "asyncio", "sequential", "asyncio", "sequential", "asyncio"])
    }

    @Test(.enabled(if: hasPython))
    func aRunProducesEverySampleAndTheDerivedStatistics() throws {
        let fake = try FakeHarness()
        let results = try Benchmark(python: fake.interpreter(), host: TestHost.facts, profile: .quick, repeats: 3).run()
        #expect(results.profile == .quick)
        #expect(results.repeats == 3)
        #expect(results.interpreter.version == "3.12.1")
        #expect(results.workloads.map(\.name) == ["alpha", "beta"])
        #expect(results.workloads.allSatisfy { $0.sourceHash.count == 64 })
        #expect(results.loadBefore?.count == 3)
        #expect(try #require(results.suiteSeconds) > 0)
        let pool = try #require(results.measurements.first { $0.model == "process_pool" && $0.startMethod == "fork" })
        #expect(pool.wall.count == 3)
        #expect(pool.cpu.count == 3)
        #expect(pool.runSeconds?.count == 3)
        #expect(pool.extra["tasks"] == [4, 4, 4])
        #expect(pool.extra["workers_spec"] == nil, "labels are not numbers")
        // 0.2 s sequential, 0.105 s on two workers: speedup 1.90; the ideal is min(2 workers, 3 effective CPUs).
        #expect(abs(try #require(pool.speedup).median - 0.2 / 0.105) < 1e-9)
        #expect(pool.idealSpeedup == 2)
        #expect(abs(try #require(pool.parallelism).median - 0.21 / 0.105) < 1e-9)
        let asyncio = try #require(results.measurements.first { $0.workload == "beta" && $0.model == "asyncio" })
        #expect(asyncio.workersLabel == "per_task")
        #expect(asyncio.workers == 10)
        #expect(asyncio.idealSpeedup == 10, "waiting isn't capped by CPUs")
        let unavailable = try #require(results.measurements.first { $0.model == "interpreter_pool" })
        #expect(unavailable.status == .unavailable)
        // Measurements come in catalogue order, the unavailable one inside its workload.
        let order = results.measurements.map(\.workload)
        #expect(order == Array(repeating: "alpha", count: order.filter { $0 == "alpha" }.count) + Array(repeating: "beta", count: order.filter { $0 == "beta" }.count))
    }

    @Test(.enabled(if: hasPython))
    func theSummaryTableShowsEveryCellAndTheSuiteTime() throws {
        let fake = try FakeHarness()
        let results = try Benchmark(python: fake.interpreter(), host: TestHost.facts, profile: .quick, only: ["alpha", "broken"], repeats: 3).run()
        let table = BenchSummary.table(results)
        #expect(table.contains("process_pool[spawn]"))
        #expect(table.contains("1.90×"))
        #expect(table.contains("unavailable: needs Python 3.14"))
        #expect(table.contains("failed: RuntimeError: broken on purpose"))
        #expect(table.contains("outside timed regions"))
    }
}
