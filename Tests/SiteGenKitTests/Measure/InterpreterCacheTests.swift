import Foundation
import Testing
@testable import SiteGenCore
@testable import SiteGenResults
@testable import SiteGenMeasure

/// An interpreter's answers kept between builds: a second build asks no Python while nothing they
/// depend on changed, and asks again when something did.
@Suite struct InterpreterCacheTests {
    /// The fake harness, changed to log every query it answers, run through a python3 of its own.
    final class CountingPython {
        let harness: FakeHarness
        let folder: URL
        let path: String
        let cache: String

        init() throws {
            harness = try FakeHarness()
            let script = harness.folder.appendingPathComponent("harness.py")
            let source = try String(contentsOf: script, encoding: .utf8).replacingOccurrences(
                of: "def main(args):\n",
                with: "def main(args):\n    open(os.path.join(HERE, \"queries.log\"), \"a\").write(args[0] + \"\\n\")\n")
            try source.write(to: script, atomically: true, encoding: .utf8)
            folder = try MeasureTestSupport.temporaryFolder("counting-python")
            path = folder.appendingPathComponent("python3").path
            cache = folder.appendingPathComponent("cache/interpreters").path
            try "#!/bin/sh\nexec python3 \"$@\"\n".write(toFile: path, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        }

        deinit { MeasureTestSupport.remove(folder) }

        /// How many queries (`interpreter`, `catalogue`) the harness answered.
        var launches: Int {
            let text = (try? String(contentsOf: harness.folder.appendingPathComponent("queries.log"), encoding: .utf8)) ?? ""
            return text.split(separator: "\n").count
        }

        /// A new interpreter, as each build makes, caching in the same folder.
        func interpreter() -> PythonInterpreter {
            let python = PythonInterpreter(command: path, workloads: harness.workloads)
            python.cacheQueries(in: cache)
            return python
        }
    }

    @Test func aSecondBuildAsksNoPython() throws {
        let python = try CountingPython()
        let first = python.interpreter()
        let facts = try first.facts(), catalogue = try first.catalogue()
        #expect(python.launches == 2)
        let second = python.interpreter()
        #expect(try second.facts() == facts)
        #expect(try second.catalogue() == catalogue)
        #expect(python.launches == 2)
    }

    @Test func aChangedWorkloadAsksAgain() throws {
        let python = try CountingPython()
        _ = try python.interpreter().catalogue()
        let before = python.launches
        try python.harness.touch("alpha.py")
        _ = try python.interpreter().catalogue()
        #expect(python.launches == before + 2)
        // And the new answers are kept in turn.
        _ = try python.interpreter().catalogue()
        #expect(python.launches == before + 2)
    }

    @Test func aDamagedEntryIsAMiss() throws {
        let python = try CountingPython()
        _ = try python.interpreter().facts()
        for name in try FileManager.default.contentsOfDirectory(atPath: python.cache) {
            try "{not json".write(toFile: (python.cache as NSString).appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let facts = try python.interpreter().facts()
        #expect(python.launches == 2)  // the first interpreter's query, then this one's
        #expect(!facts.version.isEmpty)
    }

    @Test func theKeyFollowsTheExecutableAndTheWorkloads() throws {
        let python = try CountingPython()
        let cache = InterpreterCache(directory: python.cache)
        let key = try #require(cache.key(executable: python.path, workloads: python.harness.workloads))
        #expect(cache.key(executable: python.path, workloads: python.harness.workloads) == key)
        #expect(cache.key(executable: python.folder.appendingPathComponent("missing").path, workloads: python.harness.workloads) == nil)
        // Bytes Python writes beside its sources are not part of it.
        try FileManager.default.createDirectory(at: python.harness.folder.appendingPathComponent("__pycache__"), withIntermediateDirectories: true)
        try "x".write(to: python.harness.folder.appendingPathComponent("__pycache__/alpha.cpython-311.pyc"), atomically: true, encoding: .utf8)
        #expect(cache.key(executable: python.path, workloads: python.harness.workloads) == key)
        try python.harness.touch("beta.py")
        #expect(cache.key(executable: python.path, workloads: python.harness.workloads) != key)
    }

    @Test func theKeyFollowsTheUsersWorkloadFolders() throws {
        let python = try CountingPython()
        let cache = InterpreterCache(directory: python.cache)
        let mine = python.folder.appendingPathComponent("mine")
        try FileManager.default.createDirectory(at: mine, withIntermediateDirectories: true)
        let workloads = python.harness.workloads.adding(userFolders: [mine.path])
        let key = try #require(cache.key(executable: python.path, workloads: workloads))
        #expect(key != cache.key(executable: python.path, workloads: python.harness.workloads))
        // A module added to the user's folder is a new catalogue, so a new key.
        try "VARIANTS = {}\n".write(to: mine.appendingPathComponent("word_count.py"), atomically: true, encoding: .utf8)
        #expect(cache.key(executable: python.path, workloads: workloads) != key)
    }
}
