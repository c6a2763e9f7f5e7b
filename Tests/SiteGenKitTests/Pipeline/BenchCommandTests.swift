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

/// `sitegen bench` end to end: the built executable, run as a user would.
@Suite("sitegen bench")
struct BenchCommandTests {
    static let ready = MeasureTestSupport.python3 != nil && CommandRunner.sitegen != nil

    @Test(.enabled(if: ready))
    func benchWritesResultsTheCacheAndASummary() throws {
        let fake = try FakeHarness()
        let folder = try MeasureTestSupport.temporaryFolder("bench")
        defer { MeasureTestSupport.remove(folder) }
        let result = try CommandRunner.sitegen(["bench", "--profile", "quick", "--harness-folder", fake.folder.path, "--only", "alpha"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("process_pool[spawn]"))
        #expect(result.stdout.contains("unavailable: needs Python 3.14"))
        #expect(result.stdout.contains("outside timed regions"))
        let written = try #require(result.stdout.split(separator: "\n").last { $0.hasPrefix("wrote ") }).dropFirst("wrote ".count)
        #expect(written.hasPrefix(".sitegen/results/") && written.hasSuffix("-cpython-3.12.1-quick.json"))
        let results = try ResultsFile.load(folder.appendingPathComponent(String(written)).path)
        #expect(results.measurements.filter { $0.status == .ok }.allSatisfy { $0.wall.count == 3 })
        let cached = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent(".sitegen/cache/quick").path)
        #expect(cached.count == 1 && cached[0].hasPrefix("alpha-"))
        // Not a terminal: plain progress lines, no carriage returns.
        #expect(result.stderr.range(of: #"measuring \d+ cells × 3 repeats"#, options: .regularExpression) != nil)
        #expect(!result.stderr.contains("\r"))
    }

    @Test(.enabled(if: ready))
    func aFailedCellExitsOneButKeepsTheResults() throws {
        let fake = try FakeHarness()
        let folder = try MeasureTestSupport.temporaryFolder("bench")
        defer { MeasureTestSupport.remove(folder) }
        let out = folder.appendingPathComponent("out.json").path
        let result = try CommandRunner.sitegen(["bench", "--harness-folder", fake.folder.path, "--only", "broken", "--out", out, "--quiet"], in: folder)
        #expect(result.status == 1)
        #expect(result.stderr.contains("broken/raise · sequential failed: RuntimeError: broken on purpose"))
        #expect(try ResultsFile.load(out).measurements[0].status == .failed)
        #expect(!result.stdout.contains("workload  "), "--quiet prints no table")
    }

    @Test(.enabled(if: ready))
    func anUnwritableOutputExitsTwoBeforeMeasuring() throws {
        let fake = try FakeHarness()
        let folder = try MeasureTestSupport.temporaryFolder("bench")
        defer { MeasureTestSupport.remove(folder) }
        try Data("x".utf8).write(to: folder.appendingPathComponent("file"))
        let result = try CommandRunner.sitegen(["bench", "--harness-folder", fake.folder.path, "--out", "file/results.json"], in: folder)
        #expect(result.status == 2)
        #expect(result.stderr.contains("file/results.json: "))
        #expect(result.stderr.contains("is a file, not a folder"))
        #expect(fake.runs.isEmpty)
    }

    @Test(.enabled(if: CommandRunner.sitegen != nil))
    func noInterpreterExitsTwoSayingWhatToInstall() throws {
        let folder = try MeasureTestSupport.temporaryFolder("bench")
        defer { MeasureTestSupport.remove(folder) }
        let result = try CommandRunner.sitegen(["bench", "--python", "/nonexistent/python3"], in: folder)
        #expect(result.status == 2)
        #expect(result.stderr.contains("install Python 3.9 or newer"))
    }

    @Test(.enabled(if: CommandRunner.sitegen != nil))
    func buildRendersFromAGivenResultsFile() throws {
        let site = try TemporarySite(["Content/index.md": "---\ntitle: Guide\n---\n# Guide\n\n{{< value io_sleep model=asyncio metric=wall >}}\n",
                                      "Content/methodology.md": MeasureTestSupport.methodologyPage(["io_sleep"])])
        let fixture = Fixtures.url("measure-results").appendingPathComponent("results.json").path
        let result = try CommandRunner.sitegen(["build", "--root", site.root.path, "--results", fixture, "--no-measure", "--python", "/nonexistent/python3"],
                                               in: site.container)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try site.built("index.html").contains("22.0 ms ±2.0"))
    }

    @Test(.enabled(if: CommandRunner.sitegen != nil))
    func contradictoryMeasurementFlagsAreUsageErrors() throws {
        let folder = try MeasureTestSupport.temporaryFolder("bench")
        defer { MeasureTestSupport.remove(folder) }
        // --results no longer contradicts --remeasure: this machine is measured again beside the files.
        let result = try CommandRunner.sitegen(["build", "--no-measure", "--remeasure"], in: folder)
        #expect(result.status == 2)
        #expect(result.stderr.contains("give one of them"))
    }

    /// Ctrl-C while a cell hangs: exit 130, the hanging process group gone, nothing written.
    @Test(.enabled(if: ready))
    func ctrlCStopsEveryChildAndWritesNothing() throws {
        #if os(Linux)
        let folder = try MeasureTestSupport.temporaryFolder("bench-sigint")
        defer { MeasureTestSupport.remove(folder) }
        let process = Process()
        process.executableURL = CommandRunner.sitegen!
        process.arguments = ["bench", "--only", "selftest", "--profile", "quick", "--timeout", "120", "--root", folder.path]
        process.currentDirectoryURL = folder
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        // Wait for the hanging cell: its child (a process with "hang" on its command line) descends from
        // sitegen, through the cell server and the cell.
        let sitegen = process.processIdentifier
        var hangGroup: pid_t = 0
        func parentAndGroup(_ pid: String) -> (parent: pid_t, group: pid_t)? {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return nil }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 2, let parent = Int32(fields[1]), let group = Int32(fields[2]) else { return nil }
            return (parent, group)
        }
        func descendsFromSitegen(_ pid: pid_t) -> Bool {
            var current = pid
            for _ in 0..<8 {
                guard let parent = parentAndGroup(String(current))?.parent, parent > 1 else { return false }
                if parent == sitegen { return true }
                current = parent
            }
            return false
        }
        let found = MeasureTestSupport.eventually(within: 60) {
            for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
                guard let pid = Int32(entry), let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline") else { continue }
                let arguments = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
                if arguments.contains("hang"), descendsFromSitegen(pid), let group = parentAndGroup(entry)?.group {
                    hangGroup = group
                    return true
                }
            }
            return false
        }
        #expect(found, "the hanging cell never started")
        usleep(500_000)
        kill(sitegen, SIGINT)
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        #expect(!process.isRunning, "sitegen didn't stop after SIGINT")
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        #expect(MeasureTestSupport.eventually { !MeasureTestSupport.groupIsRunning(hangGroup) }, "the hanging group survived")
        // The output folder was checked for writing before measuring; no results file is in it.
        let written = (try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent(".sitegen/results").path)) ?? []
        #expect(written.isEmpty, "\(written)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent(".sitegen/cache").path))
        #endif
    }
}
