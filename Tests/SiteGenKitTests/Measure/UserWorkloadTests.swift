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

/// A user's own workloads (`--workloads DIR`): added beside the bundled ones, checked against the
/// contract, and every broken module reported at its file and line without costing the others.
@Suite("User workloads")
struct UserWorkloadTests {
    static let ready = MeasureTestSupport.python3 != nil && CommandRunner.sitegen != nil
    static var broken: String { Fixtures.url("broken-workloads").path }
    static var example: String { Fixtures.url("user-workloads").appendingPathComponent("Workloads").path }

    @Test(.enabled(if: MeasureTestSupport.python3 != nil))
    func theCatalogueAddsGoodModulesAndReportsBrokenOnesAtTheirLine() throws {
        let folder = WorkloadFolder.bundled.adding(userFolders: [Self.broken])
        let catalogue = try PythonInterpreter(workloads: folder).catalogue()
        let names = catalogue.workloads.map(\.name)
        #expect(names.contains("io_sleep") && names.contains("cpu_python"), "the bundled workloads stay")
        #expect(["check_fails", "fine", "hangs", "main_raises"].allSatisfy(names.contains))
        #expect(catalogue.workload(named: "fine")?.folder == URL(fileURLWithPath: Self.broken).resolvingSymlinksInPath().path)
        let problems = Dictionary(uniqueKeysWithValues: (catalogue.problems ?? []).map { (($0.file as NSString).lastPathComponent, $0) })
        #expect(Set(problems.keys) == ["io_sleep.py", "json.py", "bad_sizes.py", "import_fails.py", "no_compile.py", "no_variants.py", "exits.py"])
        #expect(problems["exits.py"]?.message == "importing it called sys.exit(3)" && problems["exits.py"]?.line == 5)
        #expect(problems["io_sleep.py"]?.message.contains("a bundled workload is called `io_sleep`") == true)
        #expect(problems["json.py"]?.message.contains("a module Python already has") == true)
        #expect(problems["bad_sizes.py"]?.line == 9)
        #expect(problems["bad_sizes.py"]?.message.contains("the quick size must be a whole number of at least 1, not 0") == true)
        #expect(problems["import_fails.py"]?.line == 4)
        #expect(problems["no_compile.py"]?.line == 4)
        #expect(problems["no_variants.py"]?.message.hasPrefix("no VARIANTS") == true)
        #expect(!names.contains("_shared"), "a helper module is not a workload")
        // The bundled workloads' own hashes don't depend on the user's folder.
        let bundled = try PythonInterpreter().catalogue().workload(named: "io_sleep")!
        #expect(try WorkloadFolder.bundled.sourceHash(of: bundled) == folder.sourceHash(of: bundled))
    }

    /// A module whose import never ends is given up after the harness's import deadline (10 s).
    @Test(.enabled(if: MeasureTestSupport.python3 != nil), .timeLimit(.minutes(1)))
    func aModuleWhoseImportHangsIsLeftOutAfterTheDeadline() throws {
        let slow = Fixtures.url("slow-import-workloads").path
        let started = Date()
        let catalogue = try PythonInterpreter(workloads: WorkloadFolder.bundled.adding(userFolders: [slow])).catalogue()
        #expect(Date().timeIntervalSince(started) < 30)
        #expect(catalogue.workload(named: "cpu_python") != nil)
        let problem = try #require(catalogue.problems?.first)
        #expect(problem.file.hasSuffix("slow-import-workloads/import_hangs.py") && problem.line == 7)
        #expect(problem.message.hasPrefix("importing it took more than 10 s"))
    }

    @Test(.enabled(if: ready), .timeLimit(.minutes(1)))
    func benchMeasuresTheRestAndReportsEachBrokenModuleAtItsFileAndLine() throws {
        let folder = try MeasureTestSupport.temporaryFolder("user-bench")
        defer { MeasureTestSupport.remove(folder) }
        let result = try CommandRunner.sitegen(["bench", "--profile", "quick", "--workloads", Self.broken, "--only", "fine", "main_raises",
                                                "check_fails", "hangs", "--timeout", "2", "--repeats", "1", "--quiet", "--no-cache",
                                                "--out", "r.json", "--extra-budget", "0"], in: folder)
        #expect(result.status == 1)
        let statuses = Dictionary(uniqueKeysWithValues: try ResultsFile.load(folder.appendingPathComponent("r.json").path)
            .measurements.map { ($0.workload, $0.status) })
        #expect(statuses == ["fine": .ok, "main_raises": .failed, "check_fails": .failed, "hangs": .timeout])
        let lines = result.stderr.split(separator: "\n").map(String.init)
        func line(_ file: String) -> String? { lines.first { $0.contains("broken-workloads/\(file)") } }
        #expect(line("main_raises.py:10: error:")?.contains("RuntimeError: main raised on purpose") == true, "\(result.stderr)")
        #expect(line("check_fails.py:15: error:")?.contains("AssertionError: expected 2 results, got 1") == true)
        #expect(line("hangs.py: error:")?.contains("timeout") == true)
        #expect(line("bad_sizes.py:9: error:") != nil)
        #expect(line("no_variants.py:1: error:") != nil)
    }

    /// The README's example module, measured for real on the quick profile and shown in a table of a page.
    @Test(.enabled(if: ready), .timeLimit(.minutes(1)))
    func theExampleModuleIsMeasuredAndShownOnAPage() throws {
        let site = try TemporarySite(fixture: "user-workloads")
        try site.write("Templates/page.mustache", TemporarySite.pageTemplate)
        let result = try CommandRunner.sitegen(["build", "--root", site.root.path, "--workloads", site.root.appendingPathComponent("Workloads").path,
                                                "--profile", "quick", "--extra-budget", "0"], in: site.container)
        #expect(result.status == 0, "\(result.stderr)")
        let page = try site.built("index.html")
        #expect(page.contains("word_count"))
        #expect(page.contains("process_pool"))
        #expect(page.range(of: #"one thread took <a [^>]*>\d+(\.\d+)? ms"#, options: .regularExpression) != nil)
        // The methodology page shows the module with `source`, which gives the anchor the numbers link to.
        let methodology = try site.built("methodology.html")
        #expect(methodology.contains("id=\"source-word_count\"") && methodology.contains("Workloads/word_count.py"))
        #expect(methodology.contains("count_words"))
        let cached = try FileManager.default.contentsOfDirectory(atPath: site.root.appendingPathComponent(".sitegen/cache/quick").path)
        #expect(cached.contains { $0.hasPrefix("word_count-") })
    }

    @Test(.enabled(if: ready))
    func aPageThatNeedsABrokenModuleFailsAtTheModulesLine() throws {
        let site = try TemporarySite(["Content/index.md": "---\ntitle: T\n---\n{{< table bad_sizes >}}\n"])
        let result = try CommandRunner.sitegen(["check", "--root", site.root.path, "--workloads", Self.broken, "--profile", "quick"],
                                               in: site.container)
        #expect(result.status == 1)
        #expect(result.stderr.contains("broken-workloads/bad_sizes.py:9: error: workload module bad_sizes.py"), "\(result.stderr)")
        // Modules no page uses are only warnings, beside a module that works.
        try site.write("Content/index.md", "---\ntitle: T\n---\n{{< value fine model=sequential metric=wall >}}\n")
        try site.write("Content/methodology.md", MeasureTestSupport.methodologyPage(["fine"]))
        let fine = try CommandRunner.sitegen(["check", "--root", site.root.path, "--workloads", Self.broken, "--profile", "quick",
                                              "--extra-budget", "0"], in: site.container)
        #expect(fine.status == 0, "\(fine.stderr)")
        #expect(fine.stderr.contains("broken-workloads/no_variants.py:1: warning: workload module no_variants.py"), "\(fine.stderr)")
    }

    @Test(.enabled(if: CommandRunner.sitegen != nil))
    func aMissingWorkloadsFolderIsAUsageErrorBeforeMeasuring() throws {
        let folder = try MeasureTestSupport.temporaryFolder("user-missing")
        defer { MeasureTestSupport.remove(folder) }
        for command in ["bench", "check"] {
            let result = try CommandRunner.sitegen([command, "--workloads", "no-such-folder", "--profile", "quick"], in: folder)
            #expect(result.status == 2, "\(command): \(result.stderr)")
            #expect(result.stderr.contains("no-such-folder doesn't exist or is not a folder"), "\(command): \(result.stderr)")
        }
    }

    @Test
    func aFailureLocationRoundTripsThroughTheErrorMessage() {
        let location = FailureLocation(file: "/w/my (work).py", line: 12)
        let (message, parsed) = FailureLocation.split("RuntimeError: boom \(location.suffix)")
        #expect(message == "RuntimeError: boom")
        #expect(parsed == location)
        #expect(FailureLocation.split("ValueError: (at most 3)").location == nil)
        #expect(FailureLocation.split("no result (at /w/hang.py)").location == FailureLocation(file: "/w/hang.py", line: nil))
    }

    @Test
    func theReadmeShowsTheExampleModuleVerbatim() throws {
        let readme = try String(contentsOf: Repository.root.appendingPathComponent("README.md"), encoding: .utf8)
        let module = try String(contentsOf: Fixtures.sourceURL("user-workloads").appendingPathComponent("Workloads/word_count.py"), encoding: .utf8)
        #expect(readme.contains("```python\n" + module + "```"), "README's example differs from Fixtures/user-workloads/Workloads/word_count.py")
    }
}
