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

/// Ctrl-C: every child ends, nothing half-measured is written, the cache keeps its last good state.
@Suite("Interrupts")
struct MeasureInterruptTests {
    static let hasPython = MeasureTestSupport.python3 != nil

    #if os(Linux)
    /// The process groups of running processes whose command line contains every given word.
    static func groups(running words: [String]) -> Set<pid_t> {
        var groups = Set<pid_t>()
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = Int32(entry), MeasureTestSupport.isRunning(pid),
                  let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline") else { continue }
            let arguments = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            guard words.allSatisfy({ arguments.contains($0) }) else { continue }
            let group = getpgid(pid)
            if group > 0 { groups.insert(group) }
        }
        return groups
    }
    #endif

    @Test(.enabled(if: hasPython))
    func cancellingTheRunnerKillsTheRunningCellsWholeGroup() throws {
        #if os(Linux)
        let harness = try PythonInterpreter(workloads: .bundled).harness()
        // A size no other test uses marks this test's hanging process: the hang's child has it on its
        // command line, and shares the cell's process group.
        let marker = "7771"
        let cell = Cell(workload: "selftest", variant: "hang", model: "sequential", size: 7771, unit: "s", kind: "overhead")
        let cancellation = Cancellation()
        let seen = ConcurrentResults<Set<pid_t>>(count: 1)
        DispatchQueue.global().async {
            // Wait until the hang runs, remember its group, then press "Ctrl-C".
            _ = MeasureTestSupport.eventually(within: 30) { !Self.groups(running: ["hang", marker]).isEmpty }
            seen.set(0, Self.groups(running: ["hang", marker]))
            usleep(300_000)  // let it start its child too
            cancellation.cancel()
        }
        let started = Date()
        #expect(throws: MeasurementInterrupted.self) {
            try MeasurementRunner(harness: harness, repeats: 3, timeout: 120, cancellation: cancellation).run([cell])
        }
        #expect(Date().timeIntervalSince(started) < 40)
        let groups = try #require(seen.values.first)
        #expect(!groups.isEmpty)
        for group in groups {
            #expect(MeasureTestSupport.eventually { !MeasureTestSupport.groupIsRunning(group) }, "group \(group) survived")
        }
        #endif
    }

    @Test(.enabled(if: hasPython))
    func anInterruptedBuildLeavesTheCacheAndTheSiteAsTheyWere() throws {
        let site = try TemporarySite(["Content/index.md": "---\ntitle: Guide\n---\n# Guide\n\n{{< value beta model=asyncio metric=wall >}}\n",
                                      "Content/methodology.md": MeasureTestSupport.methodologyPage(["beta"])])
        let fake = try FakeHarness()
        var options = site.options()
        options.python = fake.interpreter()
        options.measure = MeasureStep.Request(profile: .quick, repeats: 3)
        try SiteBuilder(options: options).build()
        let cacheBefore = FolderSnapshot(site.path(".sitegen"))
        let siteBefore = FolderSnapshot(site.output)
        let runsBefore = fake.runs.count

        let cancellation = Cancellation()
        cancellation.cancel()
        options.measure = MeasureStep.Request(profile: .quick, remeasure: true, repeats: 3, cancellation: cancellation)
        #expect(throws: MeasurementInterrupted.self) { try SiteBuilder(options: options).build() }
        #expect(fake.runs.count == runsBefore)
        #expect(FolderSnapshot(site.path(".sitegen")) == cacheBefore)
        #expect(FolderSnapshot(site.output) == siteBefore)
    }
}
