import Foundation
@testable import SiteGenKit
@testable import SiteGenResults
@testable import SiteGenCore
@testable import SiteGenProcess
@testable import SiteGenMeasure
@testable import SiteGenRender
@testable import SiteGenContent
@testable import SiteGenDirectives

/// Helpers of the measurement tests: a fake harness in a temporary folder, fake interpreters, and
/// checks that processes are gone.
enum MeasureTestSupport {
    /// A fresh temporary folder, removed by the caller with `remove`.
    static func temporaryFolder(_ label: String = "measure") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-\(label)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func remove(_ url: URL) { try? FileManager.default.removeItem(at: url) }

    /// The page measured numbers link to (`MeasurementLink`), with the anchors of the given workloads,
    /// so a test site that shows numbers passes the link check.
    static func methodologyPage(_ workloads: [String]) -> String {
        "---\ntitle: Methodology\n---\n# Methodology\n\n" + workloads.map { "<p id=\"source-\($0)\">\($0)</p>\n" }.joined()
    }

    /// The python3 these tests run the harness with.
    static var python3: String? { ExecutableLookup.path(of: "python3") }

    /// The bundled workloads (the real harness with its hidden `selftest` workload).
    static var bundledWorkloads: WorkloadFolder { .bundled }

    /// An executable shell script in `folder`, standing in for an interpreter.
    @discardableResult
    static func script(_ name: String, in folder: URL, _ body: String) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try Data(("#!/bin/sh\n" + body + "\n").utf8).write(to: URL(fileURLWithPath: path))
        chmod(path, 0o755)
        return path
    }

    /// Whether a process is still running (a zombie waiting for its parent counts as gone).
    static func isRunning(_ pid: pid_t) -> Bool {
        guard pid > 0 else { return false }
        #if os(Linux)
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
        // The state follows the command name in parentheses, which may itself contain spaces.
        guard let close = stat.lastIndex(of: ")") else { return false }
        let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
        return !(state == "Z" || state == "X")
        #else
        return kill(pid, 0) == 0 || errno == EPERM
        #endif
    }

    /// Whether any running process still belongs to a process group.
    static func groupIsRunning(_ group: pid_t) -> Bool {
        #if os(Linux)
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return false }
        for entry in entries {
            guard let pid = Int32(entry), let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            // Fields after the name: state, ppid, pgrp, …
            if fields.count > 2, Int32(fields[2]) == group, isRunning(pid) { return true }
        }
        return false
        #else
        return ProcessGroups.exists(group: group)
        #endif
    }

    /// Waits up to `seconds` for a condition (orphans are reaped by init a moment after they die).
    static func eventually(within seconds: Double = 3, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(20_000)
        }
        return condition()
    }
}

/// The fake harness fixture copied into a temporary folder, so each test counts its own runs.
final class FakeHarness {
    let folder: URL
    let workloads: WorkloadFolder

    init() throws {
        folder = try MeasureTestSupport.temporaryFolder("fake-harness")
        let source = Fixtures.url("measure-fake-harness")
        for name in try FileManager.default.contentsOfDirectory(atPath: source.path) where name.hasSuffix(".py") {
            try FileManager.default.copyItem(at: source.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        workloads = WorkloadFolder(path: folder.path)
    }

    deinit { MeasureTestSupport.remove(folder) }

    /// An interpreter (the machine's python3) that runs this fake harness.
    func interpreter() -> PythonInterpreter {
        PythonInterpreter(command: "python3", workloads: workloads)
    }

    /// The `run` command lines the harness received, one per line.
    var runs: [String] {
        let text = (try? String(contentsOf: folder.appendingPathComponent("runs.log"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
    }

    /// Changes a workload's source, which changes its hash.
    func touch(_ file: String) throws {
        let url = folder.appendingPathComponent(file)
        let text = try String(contentsOf: url, encoding: .utf8)
        try (text + "# changed\n").write(to: url, atomically: true, encoding: .utf8)
    }
}

/// A small results file made in code: known numbers for the directive and CLI tests. Its JSON is also
/// the committed fixture `Fixtures/measure-results/results.json` (see `ResultsFixtureTests`).
enum FixtureResults {
    static let interpreter = PythonFacts(
        executable: "/usr/bin/python3", version: "3.12.3", implementation: "CPython", buildFlags: "--enable-optimizations",
        freeThreadedBuild: false, gilEnabled: true, defaultStartMethod: "fork", startMethods: ["fork", "spawn", "forkserver"],
        switchIntervalS: 0.005, cpuCount: 8, processCpuCount: 6, hasInterpreterPool: false, threadPoolDefaultWorkers: 10,
        platform: "linux")

    static func make() -> ResultsFile {
        func cell(_ workload: String, _ variant: String, _ model: String, start: String? = nil, workers: Int? = nil, label: String? = nil,
                  wall: [Double], cpu: [Double]? = nil, metric: [Double]? = nil, unit: String = "s") -> SiteGenKit.Measurement {
            var m = SiteGenKit.Measurement(workload: workload, variant: variant, model: model, startMethod: start, workers: workers,
                                workersLabel: label, unit: unit, wall: wall, cpu: cpu ?? wall, metric: metric ?? wall)
            m.size = 40
            m.repeats = wall.count
            return m
        }
        var failed = SiteGenKit.Measurement(workload: "cpu_python", variant: "loop", model: "threads", workers: 8, status: .timeout,
                                 error: "no result within the cell's timeout of 60 s; its whole process group was killed")
        failed.repeats = 5
        let measurements: [SiteGenKit.Measurement] = [
            cell("cpu_python", "loop", "sequential", workers: 1, wall: [1.00, 1.02, 0.98, 1.01, 0.99]),
            cell("cpu_python", "loop", "threads", workers: 2, wall: [1.05, 1.07, 1.04, 1.06, 1.05], cpu: [1.05, 1.07, 1.04, 1.06, 1.05]),
            failed,
            cell("cpu_python", "loop", "process_pool", start: "fork", workers: 2, wall: [0.52, 0.51, 0.53, 0.52, 0.52],
                 cpu: [1.02, 1.01, 1.03, 1.02, 1.02]),
            cell("cpu_python", "loop", "process_pool", start: "spawn", workers: 2, wall: [0.61, 0.60, 0.62, 0.61, 0.64],
                 cpu: [1.10, 1.09, 1.12, 1.10, 1.13]),
            SiteGenKit.Measurement(workload: "cpu_python", variant: "loop", model: "interpreter_pool", status: .unavailable,
                        error: "InterpreterPoolExecutor needs Python 3.14; this is 3.12.3"),
            cell("io_sleep", "sleep", "sequential", workers: 1, wall: [2.01, 2.02, 2.01, 2.03, 2.02], cpu: [0.01, 0.01, 0.01, 0.01, 0.01]),
            cell("io_sleep", "sleep", "asyncio", workers: 100, label: "per_task", wall: [0.022, 0.023, 0.022, 0.024, 0.022],
                 cpu: [0.004, 0.004, 0.004, 0.005, 0.004]),
            cell("io_sleep", "sleep", "thread_pool", workers: 10, label: "default", wall: [0.21, 0.25, 0.20, 0.33, 0.21],
                 cpu: [0.01, 0.01, 0.01, 0.01, 0.01]),
            cell("overhead", "start_task", "asyncio", wall: [0.05, 0.05, 0.05, 0.05, 0.05], metric: [7.1, 7.3, 7.0, 7.2, 7.1],
                 unit: "us_per_unit"),
        ]
        let workloads = [
            WorkloadRecord(name: "cpu_python", file: "cpu_python.py", sourceHash: String(repeating: "a", count: 64),
                           summary: "A pure-Python CPU loop split into independent jobs.", kind: "cpu"),
            WorkloadRecord(name: "io_sleep", file: "io_sleep.py", sourceHash: String(repeating: "b", count: 64),
                           summary: "Pure waiting.", kind: "wait"),
            WorkloadRecord(name: "overhead", file: "overhead.py", sourceHash: String(repeating: "c", count: 64),
                           summary: "Start-up costs.", kind: "overhead"),
        ]
        let catalogue = workloads.map { record in
            Catalogue.Workload(name: record.name, summary: record.summary, kind: record.kind, file: record.file, supportFiles: nil,
                               hidden: nil, variants: [])
        }
        var results = ResultsFile(profile: .standard, startedAt: "2026-01-01T00:00:00Z", host: TestHost.facts, interpreter: interpreter,
                                  workloads: workloads,
                                  measurements: Benchmark.derive(measurements, order: catalogue, effectiveCPUs: TestHost.facts.effectiveCPUs,
                                                                 kinds: Dictionary(uniqueKeysWithValues: workloads.map { ($0.name, $0.kind) })))
        results.toolVersion = "0.0.0-test"
        results.loadBefore = [0.1, 0.2, 0.3]
        results.loadAfter = [0.4, 0.3, 0.3]
        results.suiteSeconds = 120
        results.outsideTimedShare = 0.12
        results.repeats = 5
        results.cellTimeoutSeconds = 180
        results.harnessProtocol = 1
        return results
    }
}
