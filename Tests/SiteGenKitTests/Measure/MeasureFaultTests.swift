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

/// Bad input and faults: each with a clear message, nothing lost, no process left behind. The workload
/// faults use the real harness's hidden `selftest` workload.
@Suite("Measurement faults")
struct MeasureFaultTests {
    static let hasPython = MeasureTestSupport.python3 != nil

    func selftest(_ variant: String, size: Int = 1) -> Cell {
        Cell(workload: "selftest", variant: variant, model: "sequential", size: size, unit: "s", kind: "overhead")
    }

    @Test(.enabled(if: hasPython))
    func aWorkloadThatRaisesIsRecordedAsFailedAndTheRunGoesOn() throws {
        let harness = try PythonInterpreter(workloads: .bundled).harness()
        let record = try MeasurementRunner(harness: harness, repeats: 2, timeout: 60).run([selftest("raise"), selftest("ok")])
        let problem = try #require(record.problems[0])
        #expect(problem.status == .failed)
        #expect(problem.message.contains("RuntimeError: selftest: raised on purpose"))
        // A failed cell isn't run again; the others finish every repeat.
        #expect(record.runSeconds[0].count == 1)
        #expect(record.problems[1] == nil)
        // Every round; a run contaminated by the tests running beside this one is measured again in its round.
        #expect(Set(record.rounds[1]) == [1, 2])
    }

    @Test(.enabled(if: hasPython))
    func aHangingWorkloadIsKilledWithItsWholeProcessGroup() throws {
        let harness = try PythonInterpreter(workloads: .bundled).harness()
        let started = Date()
        let outcome = try harness.call(["run", "--workload", "selftest", "--variant", "hang", "--model", "sequential", "--size", "1"],
                                       timeout: 3)
        #expect(outcome.ending == .timedOut(3))
        #expect(Date().timeIntervalSince(started) < 15)
        // The hang reports its own pid and its child's before it hangs.
        struct Pids: Decodable { var hang_pid: Int32; var hang_child_pid: Int32 }
        let line = try #require(outcome.stdoutText.split(separator: "\n").first { $0.contains("hang_pid") })
        let pids = try JSONDecoder().decode(Pids.self, from: Data(line.utf8))
        #expect(MeasureTestSupport.eventually { !MeasureTestSupport.isRunning(pids.hang_pid) }, "hang \(pids.hang_pid) survived")
        #expect(MeasureTestSupport.eventually { !MeasureTestSupport.isRunning(pids.hang_child_pid) }, "its child \(pids.hang_child_pid) survived")
        #expect(MeasureTestSupport.eventually { !MeasureTestSupport.groupIsRunning(outcome.processGroup) })
    }

    @Test(.enabled(if: hasPython))
    func aTimedOutCellIsRecordedWithItsReasonAndTheRunGoesOn() throws {
        let harness = try PythonInterpreter(workloads: .bundled).harness()
        let record = try MeasurementRunner(harness: harness, repeats: 2, timeout: 2).run([selftest("hang"), selftest("ok")])
        let problem = try #require(record.problems[0])
        #expect(problem.status == .timeout)
        #expect(problem.message.contains("timeout of 2.0 s"))
        #expect(problem.message.contains("process group was killed"))
        #expect(Set(record.rounds[1]) == [1, 2])
        let measurements = Benchmark.measurements(from: record, repeats: 2)
        #expect(measurements[0].status == .timeout)
        #expect(measurements[1].status == .ok)
    }

    @Test func noInterpreterIsAnEnvironmentErrorSayingWhatToInstall() throws {
        let error = try #require(throws: DiagnosticError.self) {
            try PythonInterpreter(command: "python3-that-does-not-exist-\(UUID().uuidString.prefix(6))").facts()
        }
        #expect(error.isEnvironmental)
        let message = error.diagnostics.map(\.message).joined()
        #expect(message.contains("not found on PATH"))
        #expect(message.contains("install Python 3.9 or newer"))
    }

    @Test func anInterpreterOlderThan39IsRefused() throws {
        let folder = try MeasureTestSupport.temporaryFolder("old-python")
        defer { MeasureTestSupport.remove(folder) }
        // Answers the harness like a real 3.8 would.
        let python = try MeasureTestSupport.script("python3", in: folder, """
            echo '{"executable": "/usr/bin/python3.8", "version": "3.8.10", "implementation": "CPython", "build_flags": "", "free_threaded_build": false, "gil_enabled": true, "default_start_method": "fork", "start_methods": ["fork"], "switch_interval_s": 0.005, "cpu_count": 2, "process_cpu_count": 2, "has_interpreter_pool": false, "thread_pool_default_workers": 6}'
            """)
        let error = try #require(throws: DiagnosticError.self) { try PythonInterpreter(command: python).facts() }
        #expect(error.isEnvironmental)
        #expect(error.diagnostics[0].message.contains("is Python 3.8.10"))
        #expect(error.diagnostics[0].message.contains("3.9 or newer"))
    }

    @Test func anInterpreterTooOldToRunTheHarnessIsNamedByItsVersion() throws {
        let folder = try MeasureTestSupport.temporaryFolder("ancient-python")
        defer { MeasureTestSupport.remove(folder) }
        // Fails on the harness (a syntax error in an old Python), answers a plain version query.
        let python = try MeasureTestSupport.script("python3", in: folder, """
            if [ "$1" = "-c" ]; then echo 3.6.9; exit 0; fi
            echo 'SyntaxError: invalid syntax' >&2; exit 1
            """)
        let error = try #require(throws: DiagnosticError.self) { try PythonInterpreter(command: python).facts() }
        #expect(error.isEnvironmental)
        #expect(error.diagnostics[0].message.contains("is Python 3.6.9"))
    }

    @Test func versionComparison() {
        #expect(PythonInterpreter.isSupported("3.9.0"))
        #expect(PythonInterpreter.isSupported("3.13.0rc1"))
        #expect(PythonInterpreter.isSupported("4.0"))
        #expect(!PythonInterpreter.isSupported("3.8.18"))
        #expect(!PythonInterpreter.isSupported("2.7.18"))
        #expect(!PythonInterpreter.isSupported("garbage"))
    }

    @Test(.enabled(if: hasPython))
    func anUnwritableOutputPathStopsBeforeAnythingIsMeasured() throws {
        let fake = try FakeHarness()
        let folder = try MeasureTestSupport.temporaryFolder("unwritable")
        defer { MeasureTestSupport.remove(folder) }
        // A path below a regular file can't be created, even by root.
        let blocker = folder.appendingPathComponent("a-file")
        try Data("x".utf8).write(to: blocker)
        let job = BenchJob(root: folder.path, profile: .quick, out: blocker.appendingPathComponent("results.json").path,
                           host: TestHost.facts, workloads: fake.workloads)
        let error = try #require(throws: DiagnosticError.self) { try job.run() }
        #expect(error.isEnvironmental)
        #expect(error.diagnostics[0].message.contains(blocker.path))
        #expect(fake.runs.isEmpty, "measured before finding out the output can't be written")
        #expect(try String(contentsOf: blocker, encoding: .utf8) == "x")
    }

    /// The loopback server of io_socket binds port 0, so the system picks a free port and a taken one
    /// can't collide with it. Holding a port while the cell runs shows the cell doesn't care.
    @Test(.enabled(if: hasPython))
    func aTakenLoopbackPortDoesNotStopTheSocketWorkload() throws {
        let source = try String(contentsOfFile: WorkloadFolder.bundled.file("loopback.py"), encoding: .utf8)
        #expect(source.contains("(HOST, 0)"), "the loopback server must let the system pick its port")
        let listener = try LoopbackListener()
        defer { listener.close() }
        let harness = try PythonInterpreter(workloads: .bundled).harness()
        let cell = Cell(workload: "io_socket", variant: "request", model: "sequential", size: 3, unit: "s", kind: "wait")
        let run = try harness.run(cell, timeout: 60, cancellation: nil)
        guard case .ok(let sample) = run.result else {
            Issue.record("io_socket failed while port \(listener.port) was taken: \(run.result)")
            return
        }
        #expect(sample.wall > 0)
    }
}

/// A TCP socket listening on 127.0.0.1 on a port the system picks: a port that is taken.
final class LoopbackListener {
    let fd: Int32
    let port: UInt16

    init() throws {
        #if os(Linux)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 1) == 0 else { throw RunnerError("can't listen on 127.0.0.1") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        self.fd = fd
        port = UInt16(bigEndian: address.sin_port)
    }

    func close() {
        #if os(Linux)
        _ = Glibc.close(fd)
        #else
        _ = Darwin.close(fd)
        #endif
    }
}
