import Foundation
import Testing
@testable import SiteGenProcess

/// The recipes under `Content/recipes/` are programs a reader copies, so they are run, not just shown:
/// each must exit 0, print nothing on stderr and end with an `ok:` line, and the recipes page must
/// show every one of them.
@Suite("Recipes")
struct RecipeTests {
    static let hasPython = MeasureTestSupport.python3 != nil

    static let folder = Repository.root.appendingPathComponent("Content/recipes", isDirectory: true)
    static let page = Repository.root.appendingPathComponent("Content/recipes.md")

    /// The recipe files, by name, in a stable order (empty if the folder is missing, which a test reports).
    static let names: [String] = {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return files.filter { $0.hasSuffix(".py") }.sorted()
    }()

    @Test func theFourModelsHaveARecipe() {
        // Guards the tests below against passing vacuously on an empty or renamed folder.
        for name in ["thread_pool_queue.py", "process_pool_chunks.py", "asyncio_semaphore_fetch.py", "asyncio_process_pool.py"] {
            #expect(Self.names.contains(name), "Content/recipes/\(name) is missing")
        }
    }

    @Test(.enabled(if: hasPython), arguments: names)
    func recipeRunsAndChecksItself(name: String) throws {
        let python = try #require(MeasureTestSupport.python3)
        // -I: no user site-packages, no PYTHON* variables, no script folder on sys.path, as a reader's
        // clean interpreter would be. ResourceWarnings are shown, so an unclosed socket or pool shows
        // up on stderr. Run from an unrelated folder: a recipe must not depend on where it starts.
        let outcome = try GroupProcess.run(
            python, ["-I", "-W", "default::ResourceWarning", Self.folder.appendingPathComponent(name).path],
            directory: FileManager.default.temporaryDirectory.path, timeout: 30)
        let report = "stdout:\n\(outcome.stdoutText)\nstderr:\n\(outcome.stderrText)"
        #expect(outcome.ending == .exited(0), "\(name) ended with \(outcome.ending)\n\(report)")
        let lastLine = outcome.stdoutText.split(separator: "\n").last.map(String.init) ?? ""
        #expect(lastLine.hasPrefix("ok: "), "\(name) did not end with an ok: line\n\(report)")
        #expect(outcome.stderrText.isEmpty, "\(name) wrote to stderr\n\(report)")
    }

    @Test func thePageIncludesEveryRecipe() throws {
        let text = try String(contentsOf: Self.page, encoding: .utf8)
        let included = Set(Self.includedPaths(in: text))
        for name in Self.names {
            #expect(included.contains("Content/recipes/\(name)"),
                    "Content/recipes.md does not show Content/recipes/\(name); add an include directive for it")
        }
    }

    @Test func includedPathsAreReadFromIncludeDirectivesOnly() {
        let text = """
        {{< include path="Content/recipes/a.py" lang="python" >}}
        Mentioning Content/recipes/b.py in prose does not count.
        {{< include path=Content/recipes/c.py >}}
        """
        #expect(Self.includedPaths(in: text) == ["Content/recipes/a.py", "Content/recipes/c.py"])
    }

    /// The `path` of every `include` directive in a page, quoted or bare.
    static func includedPaths(in text: String) -> [String] {
        var paths: [String] = []
        for line in text.split(separator: "\n") where line.contains("{{< include ") {
            guard let start = line.range(of: "path=")?.upperBound else { continue }
            let rest = line[start...].drop { $0 == "\"" }
            paths.append(String(rest.prefix { $0 != "\"" && $0 != " " }))
        }
        return paths
    }
}
