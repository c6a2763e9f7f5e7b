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

/// The cell server: a fresh forked process per run, nothing left behind, a dead server replaced, and a
/// harness without `serve` still measured a process per run.
@Suite("Cell server")
struct CellServerTests {
    static let hasPython = MeasureTestSupport.python3 != nil

    func selftest(_ variant: String) -> Cell {
        Cell(workload: "selftest", variant: variant, model: "sequential", size: 1, unit: "s", kind: "overhead")
    }

    @Test(.enabled(if: hasPython))
    func everyRunIsAProcessOfItsOwnThatLeavesNothingBehind() throws {
        let server = CellServer(harness: try PythonInterpreter(workloads: .bundled).harness())
        defer { server.stop() }
        let first = try server.run(selftest("ok"), timeout: 60, cancellation: nil)
        let second = try server.run(selftest("ok"), timeout: 60, cancellation: nil)
        guard case .ok(let sample) = first.result, case .ok = second.result else {
            Issue.record("expected two good runs, got \(first.result) and \(second.result)")
            return
        }
        #expect(sample.metric >= 0.01)
        #expect(server.unavailable == nil, "the server should have run these")
        let serverPID = try #require(server.serverPID)
        #expect(Set([first.processGroup, second.processGroup, serverPID]).count == 3)
        for group in [first.processGroup, second.processGroup] {
            #expect(MeasureTestSupport.eventually { !MeasureTestSupport.groupIsRunning(group) }, "group \(group) survived")
        }
        server.stop()
        #expect(MeasureTestSupport.eventually { !MeasureTestSupport.groupIsRunning(serverPID) }, "the server survived")
    }

    @Test(.enabled(if: hasPython))
    func aWorkloadThatRaisesFailsWithItsMessage() throws {
        let server = CellServer(harness: try PythonInterpreter(workloads: .bundled).harness())
        defer { server.stop() }
        let run = try server.run(selftest("raise"), timeout: 60, cancellation: nil)
        guard case .failed(let message) = run.result else {
            Issue.record("expected a failure, got \(run.result)")
            return
        }
        #expect(message.contains("RuntimeError: selftest: raised on purpose"))
    }

    @Test(.enabled(if: hasPython))
    func aServerThatDiesFailsTheRunningCellAndIsStartedAgain() throws {
        let server = CellServer(harness: try PythonInterpreter(workloads: .bundled).harness())
        defer { server.stop() }
        _ = try server.run(selftest("ok"), timeout: 60, cancellation: nil)
        let first = try #require(server.serverPID)
        ProcessGroups.kill(group: first)
        let broken = try server.run(selftest("ok"), timeout: 60, cancellation: nil)
        guard case .failed(let message) = broken.result else {
            Issue.record("expected a failure, got \(broken.result)")
            return
        }
        #expect(message.contains("cell server ended unexpectedly"))
        let again = try server.run(selftest("ok"), timeout: 60, cancellation: nil)
        guard case .ok = again.result else {
            Issue.record("expected a good run from a new server, got \(again.result)")
            return
        }
        #expect(server.serverPID != first)
    }

    @Test(.enabled(if: hasPython))
    func processCellsNeedNoWarmUpInTheServer() throws {
        // The server has done the imports and started the resource tracker spawn needs, so process
        // cells skip the warm-up, yet start their processes.
        let server = CellServer(harness: try PythonInterpreter(workloads: .bundled).harness())
        defer { server.stop() }
        let spawn = Cell(workload: "overhead", variant: "start_process", model: "processes", startMethod: "spawn", size: 2,
                         unit: "us_per_unit", kind: "overhead")
        let run = try server.run(spawn, timeout: 60, cancellation: nil)
        guard case .ok(let sample) = run.result else {
            Issue.record("expected a good run, got \(run.result)")
            return
        }
        #expect(sample.extra["warmup_size"] == 0)
        #expect(sample.metric > 1_000, "starting a process with spawn took only \(sample.metric) µs")
    }

    @Test(.enabled(if: hasPython))
    func aMalformedRequestIsAUsageErrorOfThatRunOnly() throws {
        let server = CellServer(harness: try PythonInterpreter(workloads: .bundled).harness())
        defer { server.stop() }
        let wrong = Cell(workload: "selftest", variant: "ok", model: "no_such_model", size: 1, unit: "s", kind: "overhead")
        let bad = try server.run(wrong, timeout: 60, cancellation: nil)
        guard case .failed(let message) = bad.result else {
            Issue.record("expected a failure, got \(bad.result)")
            return
        }
        #expect(message.contains("unknown model 'no_such_model'"))
        let good = try server.run(selftest("ok"), timeout: 60, cancellation: nil)
        guard case .ok = good.result else {
            Issue.record("the server should go on after a bad request, got \(good.result)")
            return
        }
    }

    @Test(.enabled(if: hasPython))
    func aHarnessWithoutServeIsRunAProcessPerRun() throws {
        let fake = try FakeHarness()
        let server = CellServer(harness: try fake.interpreter().harness())
        defer { server.stop() }
        let cell = Cell(workload: "beta", variant: "main", model: "asyncio", workers: .perTask, size: 4, unit: "s", kind: "wait")
        let run = try server.run(cell, timeout: 60, cancellation: nil)
        guard case .ok = run.result else {
            Issue.record("expected a good run, got \(run.result)")
            return
        }
        #expect(server.unavailable?.contains("serve") == true)
        #expect(fake.runs.count == 1)
    }
}
