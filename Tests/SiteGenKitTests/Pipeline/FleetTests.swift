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

/// Results of several machines and interpreters, made in code from `GuideFixture`: a 2-CPU machine
/// with the GIL, an 8-CPU macOS arm64 machine measured with another profile, and a free-threaded
/// interpreter on the first machine whose threads scale.
enum FleetFixture {
    static func gilMachine() -> ResultsFile { GuideFixture.results() }

    static func bigMachine(profile: Profile = .standard) -> ResultsFile {
        var results = GuideFixture.results()
        results.profile = profile
        results.host.hostname = "bigbox"
        results.host.cpuModel = "Apple M2 Pro"
        results.host.logicalCPUs = 8
        results.host.affinityCPUs = 8
        results.host.effectiveCPUs = 8
        results.host.os = "macOS 14.5"
        results.host.architecture = "arm64"
        results.interpreter.platform = "darwin"
        results.interpreter.defaultStartMethod = "spawn"
        results.startedAt = "2026-01-02T00:00:00Z"
        return results
    }

    static func freeThreaded() -> ResultsFile {
        var results = GuideFixture.results(gil: false, freeThreaded: true, version: "3.13.0")
        // Threads scale without the GIL: two threads halve the time.
        let sequential = results.measurements.first { $0.workload == "cpu_python" && $0.model == "sequential" }
        for index in results.measurements.indices where results.measurements[index].workload == "cpu_python"
            && results.measurements[index].model == "threads" && results.measurements[index].workers == 2 {
            var cell = GuideFixture.cell("cpu_python", "loop", "threads", workers: 2, wall: 0.52, spread: 0.02, parallelism: 1.9)
            cell.deriveStatistics(baseline: sequential, effectiveCPUs: 2, kind: "cpu")
            results.measurements[index] = cell
        }
        return results
    }

    /// A small site whose pages show host facts, a value and a claim that holds with the GIL and is
    /// contradicted without it.
    static func site() throws -> TemporarySite {
        try TemporarySite([
            "Content/index.md": """
                ---
                title: Guide
                ---
                # Guide

                Measured on {{< host cpu_model >}} with {{< host python >}}; {{< host effective_cpus >}} CPUs.

                Two processes: {{< value cpu_python model=process_pool workers=2 metric=speedup >}}.

                {{< claim expr="speedup(cpu_python, model=threads, workers=2) < 1.2" >}}
                Threads don't speed up pure-Python work.
                {{< /claim >}}

                See [the method](methodology.md) and {{< results-file >}}.
                """,
            "Content/methodology.md": MeasureTestSupport.methodologyPage(["cpu_python", "io_sleep", "overhead"]),
            "Templates/page.mustache": "<title>{{title}}</title>\n{{#guide}}<p class=\"guide-banner\">Guide for {{label}}: {{machine}} · {{interpreter}} · <a href=\"{{landing}}\">All machines</a> · <a href=\"{{compare}}\">Comparison</a></p>{{/guide}}\n{{{content}}}",
        ])
    }

    /// Writes results files into a folder below the site's container, returning their paths.
    static func write(_ files: [String: ResultsFile], in site: TemporarySite, folder: String = "results") throws -> String {
        let directory = site.container.appendingPathComponent(folder)
        for (name, results) in files {
            try results.write(to: directory.appendingPathComponent(name).path)
        }
        return directory.path
    }

    /// Build options that measure nothing and read the given results paths.
    static func options(_ site: TemporarySite, results: [String], output: String? = nil) -> SiteBuilder.Options {
        var options = site.options(output: output)
        options.measure = MeasureStep.Request(profile: .quick, resultsPaths: results, measuresLocally: false)
        options.highlightsCode = false
        return options
    }

    /// Every file below a folder, relative path → text.
    static func texts(below folder: String) -> [String: String] {
        var texts: [String: String] = [:]
        for relative in (FileManager.default.enumerator(atPath: folder)?.allObjects as? [String]) ?? [] {
            if let data = FileManager.default.contents(atPath: (folder as NSString).appendingPathComponent(relative)) {
                texts[relative] = String(decoding: data, as: UTF8.self)
            }
        }
        return texts
    }
}

@Suite("Fleet sites: a guide per machine and interpreter")
struct FleetTests {
    @Test func threeResultSetsMakeGuidesALandingAndAComparisonPage() throws {
        let site = try FleetFixture.site()
        let folder = try FleetFixture.write(["a-gil.json": FleetFixture.gilMachine(), "b-big.json": FleetFixture.bigMachine(),
                                            "c-ft.json": FleetFixture.freeThreaded()], in: site)
        let summary = try SiteBuilder(options: FleetFixture.options(site, results: [folder])).build()
        #expect(summary.guides == 3)
        let slugs = ["bigbox-arm64-py3.12.3", "testbox-x86_64-py3.12.3", "testbox-x86_64-py3.13.0t"]
        for slug in slugs {
            let page = try site.built("\(slug)/index.html")
            #expect(page.contains("class=\"guide-banner\""), "\(slug) has no banner")
            #expect(page.contains("<a href=\"../index.html\">All machines</a> · <a href=\"../compare.html\">Comparison</a>"))
            #expect(FileManager.default.fileExists(atPath: site.path("Site/\(slug)/methodology.html")))
        }
        // Each guide shows its own machine's facts and numbers.
        #expect(try site.built("bigbox-arm64-py3.12.3/index.html").contains("Apple M2 Pro"))
        #expect(try site.built("testbox-x86_64-py3.13.0t/index.html").contains("CPython 3.13.0"))
        #expect(try site.built("testbox-x86_64-py3.13.0t/index.html").contains("claim contradicted"))
        // The landing page links every guide and shows their facts.
        let landing = try site.built("index.html")
        for slug in slugs { #expect(landing.contains("href=\"\(slug)/index.html\"")) }
        #expect(landing.contains("off (free-threaded build)"))
        #expect(landing.contains("spawn"))
        // The comparison: the claim that differs, with the GIL as the reason; the other profile marked.
        let compare = try site.built("compare.html")
        #expect(compare.contains("Threads don’t speed up pure-Python work.") || compare.contains("Threads don&#39;t speed up pure-Python work."))
        #expect(compare.contains("GIL: GIL on where holds, GIL off where contradicted"))
        #expect(compare.contains("not comparable: profile standard, not quick"))
        // Foreign contradictions are warnings, named with their guide.
        #expect(summary.warnings.contains { $0.message.hasPrefix("[guide testbox-x86_64-py3.13.0t, from ") && $0.message.contains("measured on another machine") })
        // check accepts the same inputs: foreign contradictions don't fail it.
        #expect(throws: Never.self) { try SiteBuilder(options: FleetFixture.options(site, results: [folder])).check() }
    }

    /// The fleet pages' bodies come from view models through templates, so a site themes them with
    /// its own; a template's `{{…}}` escapes what a results file says, whatever the theme.
    @Test func aSitesOwnFleetTemplatesReplaceTheDefaults() throws {
        let site = try FleetFixture.site()
        try site.write("Templates/fleet-machines.mustache",
                       "<ol class=\"my-machines\">{{#machines}}<li>{{label}}{{#facts}}|{{term}}={{value}}{{/facts}}</li>{{/machines}}</ol>\n")
        try site.write("Templates/fleet-compare.mustache", "<p class=\"my-compare\">{{profile}}{{#guides}};{{label}}{{/guides}}</p>\n")
        var evil = FleetFixture.bigMachine()
        evil.host.cpuModel = "<script>alert(1)</script>"
        let folder = try FleetFixture.write(["a.json": FleetFixture.gilMachine(), "b.json": evil], in: site)
        try SiteBuilder(options: FleetFixture.options(site, results: [folder])).build()
        let landing = try site.built("index.html")
        #expect(landing.contains("<ol class=\"my-machines\"><li>bigbox · CPython 3.12.3|CPU=") && landing.contains("<li>testbox · CPython 3.12.3|CPU=Test CPU 2000"))
        #expect(landing.contains("|CPU=&lt;script&gt;alert(1)&lt;/script&gt;|"))
        #expect(!landing.contains("<script>"))
        #expect(!landing.contains("fleet-machines"))
        let compare = try site.built("compare.html")
        #expect(compare.contains("<p class=\"my-compare\">quick;bigbox · CPython 3.12.3;testbox"), "\(compare)")
    }

    @Test func oneResultSetKeepsTheSingleGuideAtTheRoot() throws {
        let site = try FleetFixture.site()
        let folder = try FleetFixture.write(["a.json": FleetFixture.gilMachine()], in: site)
        let summary = try SiteBuilder(options: FleetFixture.options(site, results: [folder])).build()
        #expect(summary.guides == 1)
        let home = try site.built("index.html")
        #expect(home.contains("Test CPU 2000"))
        #expect(!FileManager.default.fileExists(atPath: site.path("Site/compare.html")))
    }

    @Test func markupInHostStringsIsEscapedEverywhere() throws {
        let site = try FleetFixture.site()
        let evil = "<script>alert(1)</script>\"'&"
        var first = FleetFixture.gilMachine()
        first.host.hostname = evil
        first.host.cpuModel = "CPU \(evil)"
        first.host.os = "OS \(evil)"
        first.interpreter.executable = "/opt/\(evil)/python3"
        first.host.architecture = "x86<b>64"
        let folder = try FleetFixture.write(["evil.json": first, "b.json": FleetFixture.bigMachine(profile: .quick)], in: site)
        try SiteBuilder(options: FleetFixture.options(site, results: [folder])).build()
        let texts = FleetFixture.texts(below: site.output)
        #expect(texts.count > 5)
        for (path, text) in texts {
            #expect(!text.lowercased().contains("<script"), "raw <script in \(path)")
            #expect(!text.contains("<b>64"), "raw markup in \(path)")
        }
        #expect(texts.contains { $0.value.contains("&lt;script&gt;alert(1)&lt;/script&gt;") })
        // Folder names stay safe path segments.
        let folders = try FileManager.default.contentsOfDirectory(atPath: site.output).filter { $0.contains("script") }
        #expect(folders == ["script-alert-1-script-x86-b-64-py3.12.3"])
    }

    @Test func sameInputsGiveAByteIdenticalSiteWhateverTheArgumentOrder() throws {
        let site = try FleetFixture.site()
        let a = try FleetFixture.write(["a.json": FleetFixture.gilMachine()], in: site, folder: "one")
        let b = try FleetFixture.write(["b.json": FleetFixture.bigMachine(), "c.json": FleetFixture.freeThreaded()], in: site, folder: "two")
        let outputs = ["first", "second", "reversed"].map { site.container.appendingPathComponent($0).path }
        try SiteBuilder(options: FleetFixture.options(site, results: [a, b], output: outputs[0])).build()
        try SiteBuilder(options: FleetFixture.options(site, results: [a, b], output: outputs[1])).build()
        try SiteBuilder(options: FleetFixture.options(site, results: [b + "/c.json", a, b + "/b.json"], output: outputs[2])).build()
        let first = FolderSnapshot(outputs[0])
        #expect(first.files.count > 10)
        #expect(FolderSnapshot(outputs[1]) == first)
        #expect(FolderSnapshot(outputs[2]) == first)
    }

    @Test func earlierRunsBecomeTheNewestRunsHistoryAndTiesWarnNamingBothFiles() throws {
        var older = FleetFixture.gilMachine()
        older.startedAt = "2026-01-01T00:00:00Z"
        var newer = FleetFixture.gilMachine()
        newer.startedAt = "2026-03-01T00:00:00Z"
        let sets = [ResultSet(results: older, origin: .file("x/a.json")), ResultSet(results: newer, origin: .file("x/b.json")),
                    ResultSet(results: FleetFixture.bigMachine(), origin: .file("x/c.json"))]
        let forward = ResultSetMerger.merge(local: [], files: sets)
        let backward = ResultSetMerger.merge(local: [], files: sets.reversed())
        #expect(forward.sets.map(\.origin) == [.file("x/c.json"), .file("x/b.json")])
        #expect(backward.sets.map(\.origin) == forward.sets.map(\.origin))
        // The older run is not dropped: it is the guide's history.
        #expect(forward.warnings.isEmpty)
        #expect(forward.sets[1].history.map(\.origin) == [.file("x/a.json")])
        #expect(backward.sets[1].history.map(\.origin) == [.file("x/a.json")])
        #expect(forward.sets[0].history.isEmpty)
        // Same time: the path that sorts first wins, and the other is a duplicate, named in a warning.
        let tie = ResultSetMerger.merge(local: [], files: [ResultSet(results: older, origin: .file("z.json")),
                                                           ResultSet(results: older, origin: .file("y.json"))])
        #expect(tie.sets.map(\.origin) == [.file("y.json")])
        #expect(tie.sets[0].history.isEmpty)
        let warning = try #require(tie.warnings.first)
        #expect(tie.warnings.count == 1)
        #expect(warning.file == "z.json" && warning.message.contains("y.json") && warning.severity == .warning)
        // This machine's own measurement is the guide, whatever the dates of the files.
        var future = FleetFixture.gilMachine()
        future.startedAt = "2099-01-01T00:00:00Z"
        let local = ResultSetMerger.merge(local: [ResultSet(results: older, origin: .local)], files: [ResultSet(results: future, origin: .file("f.json"))])
        #expect(local.sets.map(\.origin) == [.local] && local.sets[0].history.map(\.origin) == [.file("f.json")])
    }

    @Test func slugsAreUniqueWhenOnlyTheProfileOrTheCPUDiffers() {
        var other = FleetFixture.gilMachine()
        other.profile = .full
        var otherCPU = FleetFixture.gilMachine()
        otherCPU.host.cpuModel = "Another CPU"
        let merged = ResultSetMerger.merge(local: [], files: [ResultSet(results: FleetFixture.gilMachine(), origin: .file("a.json")),
                                                              ResultSet(results: other, origin: .file("b.json")),
                                                              ResultSet(results: otherCPU, origin: .file("c.json"))])
        let slugs = merged.sets.map(\.slug)
        #expect(Set(slugs).count == 3)
        #expect(slugs.contains("testbox-x86_64-py3.12.3-full"))
    }

    @Test func aFreeThreadedBuildWhoseGILCameBackIsLabelledSo() {
        var results = FleetFixture.freeThreaded()
        #expect(results.gilState == .off)
        results.measurements[0].gilEnabled = true
        #expect(results.gilState == .reEnabled)
        #expect(results.interpreterLabel == "CPython 3.13.0 free-threaded (GIL re-enabled at run time)")
        #expect(ClaimCondition(results: results).describe("gil") == "gil = on")
    }

    @Test func localContradictionsStayErrorsAndForeignOnesBecomeWarnings() throws {
        let finding = Diagnostic.error("claim contradicted on this machine: …", file: "Content/index.md", line: 3, column: 1)
        let local = Guide(set: ResultSet(results: FleetFixture.gilMachine(), origin: .local), inFolder: true,
                              host: TestHost.facts, python: TestHost.noPython)
        let foreign = Guide(set: ResultSet(results: FleetFixture.gilMachine(), origin: .file("a.json")), inFolder: true,
                                host: TestHost.facts, python: TestHost.noPython)
        #expect(local.adjust([finding]).first?.severity == .error)
        #expect(foreign.adjust([finding]).first?.severity == .warning)
    }
}

@Suite("Results files from elsewhere are untrusted")
struct ResultsInputTests {
    func folder() throws -> URL { try MeasureTestSupport.temporaryFolder("inputs") }

    func schema(_ version: Int, in folder: URL) throws -> String {
        var json = String(decoding: try FleetFixture.gilMachine().encoded(), as: UTF8.self)
        json = json.replacingOccurrences(of: "\"schemaVersion\" : \(ResultsFile.currentSchemaVersion)", with: "\"schemaVersion\" : \(version)")
        json = json.replacingOccurrences(of: "\"toolVersion\" : \"\(SiteGenVersion.current)\"", with: "\"toolVersion\" : \"9.9.9\"")
        let path = folder.appendingPathComponent("v\(version).json").path
        try Data(json.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func olderAndNewerSchemaVersionsSayWhoWroteThemAndWhatToDo() throws {
        let folder = try folder()
        defer { MeasureTestSupport.remove(folder) }
        let old = try #require(throws: DiagnosticError.self) { try ResultsInputs.load(try schema(0, in: folder)) }
        #expect(old.diagnostics[0].file?.hasSuffix("v0.json") == true)
        #expect(old.diagnostics[0].message.contains("written by sitegen 9.9.9"))
        #expect(old.diagnostics[0].message.contains("older format") && old.diagnostics[0].message.contains("sitegen bench"))
        let new = try #require(throws: DiagnosticError.self) { try ResultsInputs.load(try schema(7, in: folder)) }
        #expect(new.diagnostics[0].message.contains("newer format") && new.diagnostics[0].message.contains("update sitegen"))
    }

    @Test func anOversizedFileIsRefusedUnread() throws {
        let folder = try folder()
        defer { MeasureTestSupport.remove(folder) }
        let path = folder.appendingPathComponent("huge.json").path
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        #expect(truncate(path, off_t(ResultsInputs.maximumFileSize + 1)) == 0)
        let error = try #require(throws: DiagnosticError.self) { try ResultsInputs.load(path) }
        #expect(error.diagnostics[0].file == path && error.diagnostics[0].message.contains("32 MiB"))
    }

    @Test func malformedJSONIsADiagnosticWithItsPosition() throws {
        let folder = try folder()
        defer { MeasureTestSupport.remove(folder) }
        let path = folder.appendingPathComponent("bad.json").path
        try Data("{\n  \"tool\": \"sitegen\",\n  \"b\": [1, 2,, 3]\n}\n".utf8).write(to: URL(fileURLWithPath: path))
        let error = try #require(throws: DiagnosticError.self) { try ResultsInputs.load(path) }
        let diagnostic = error.diagnostics[0]
        #expect(diagnostic.file == path && diagnostic.message.contains("not valid JSON"))
        #expect(diagnostic.line == 3)
        #expect(!error.isEnvironmental)
    }

    @Test func insaneCountsAreRefused() throws {
        let folder = try folder()
        defer { MeasureTestSupport.remove(folder) }
        var results = FleetFixture.gilMachine()
        results.host.effectiveCPUs = 0
        let path = folder.appendingPathComponent("zero.json").path
        try results.write(to: path)
        let error = try #require(throws: DiagnosticError.self) { try ResultsInputs.load(path) }
        #expect(error.diagnostics[0].message.hasPrefix("host.effectiveCPUs: 0 CPUs, out of the range 1 to"))
    }

    @Test func foldersExpandToEveryJSONFileBelowThemSortedByPath() throws {
        let folder = try folder()
        defer { MeasureTestSupport.remove(folder) }
        for name in ["b/z.json", "a.json", "b/a.json", "notes.txt"] {
            let url = folder.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("{}".utf8).write(to: url)
        }
        let files = try ResultsInputs.expand([folder.path, folder.appendingPathComponent("a.json").path])
        #expect(files.map { String($0.dropFirst(folder.path.count + 1)) } == ["a.json", "b/a.json", "b/z.json"])
        let missing = try #require(throws: DiagnosticError.self) { try ResultsInputs.expand([folder.appendingPathComponent("nope").path]) }
        #expect(missing.isEnvironmental)
    }
}

@Suite("--python auto")
struct PythonDiscoveryTests {
    @Test func findsEachInterpreterOnceSkippingOldOnesWithANote() throws {
        let folder = try MeasureTestSupport.temporaryFolder("discovery")
        defer { MeasureTestSupport.remove(folder) }
        let bin = folder.appendingPathComponent("bin"), other = folder.appendingPathComponent("other")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        let python312 = try MeasureTestSupport.script("python3.12", in: bin, "echo 3.12.1")
        try MeasureTestSupport.script("python3.8", in: bin, "echo 3.8.18")
        try MeasureTestSupport.script("python3.13t", in: bin, "echo 3.13.0")
        try MeasureTestSupport.script("python3-config", in: bin, "echo 3.12.1")
        try MeasureTestSupport.script("python3.11", in: other, "exit 1")
        try FileManager.default.createSymbolicLink(atPath: bin.appendingPathComponent("python3").path, withDestinationPath: python312)
        // The same binary again, later on PATH.
        try FileManager.default.createSymbolicLink(atPath: other.appendingPathComponent("python3.12").path, withDestinationPath: python312)
        let outcome = PythonDiscovery.find(path: "\(bin.path):\(other.path):\(folder.appendingPathComponent("missing").path)")
        #expect(outcome.interpreters.map { ($0 as NSString).lastPathComponent } == ["python3", "python3.13t"])
        #expect(outcome.notes.contains { $0.message.contains("python3.8") && $0.message.contains("3.8.18") })
        #expect(outcome.notes.contains { $0.message.contains("python3.11") && $0.message.contains("did not run") })
        // Launcher scripts (like pyenv's shims) that run one binary under two names count once.
        let shims = folder.appendingPathComponent("shims")
        try FileManager.default.createDirectory(at: shims, withIntermediateDirectories: true)
        for name in ["python3", "python3.12"] {
            try MeasureTestSupport.script(name, in: shims, "echo \(python312); echo 3.12.1")
        }
        let viaShims = PythonDiscovery.find(path: "\(shims.path):\(bin.path)")
        #expect(viaShims.interpreters.map { ($0 as NSString).lastPathComponent } == ["python3", "python3.13t"])
        let expanded = try PythonDiscovery.expand(["/usr/bin/python3", "auto"], path: bin.path)
        #expect(expanded.interpreters.first == "/usr/bin/python3" && expanded.interpreters.count == 3)
        #expect(throws: DiagnosticError.self) { try PythonDiscovery.expand(["auto"], path: other.appendingPathComponent("none").path) }
    }
}
