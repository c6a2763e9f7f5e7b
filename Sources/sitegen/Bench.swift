import ArgumentParser
import Foundation
import SiteGenKit

extension Profile: ExpressibleByArgument {}

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure the bundled Python workloads (and yours, with --workloads) under every concurrency model and write a results file.",
        discussion: """
            Every cell (workload, variant, model, start method, workers) runs in a fresh process in its own \
            process group (forked from a harness process that has only imported the workloads), once per \
            repeat, repeats interleaved round-robin. Profiles fix the sizes so \
            machines compare: quick (CI, about a minute; 3 repeats), standard (a few minutes; 5 repeats), \
            full (publishing; 10 repeats). Claims of ROOT/Content/ still undecided after the planned repeats \
            get extra rounds of the cells they read, within --extra-budget; a repeat contaminated by other \
            processes or steal time is measured again. A cell that raises is recorded as failed, one that runs past its \
            timeout (quick 60 s, standard 180 s, full 600 s) is killed with its whole process group and \
            recorded as timeout; the run goes on.

            Results go to ROOT/.sitegen/results/HOST-PYTHON-PROFILE.json (or --out) and into the cache \
            ROOT/.sitegen/cache/, so a later `sitegen build` with the same profile reuses them.

            Exit codes: 0 every cell measured; 1 some cells failed or timed out (the file is still \
            written); 2 usage or environment problems (no python3, Python older than 3.9, unwritable \
            output path — checked before measuring); 130 interrupted (every child stopped, nothing written).
            """)

    @OptionGroup var root: RootOption

    @Option(name: .long, help: "quick, standard or full (default: sitegen.yml's, else standard).")
    var profile: Profile?

    @Option(name: .long, help: ArgumentHelp("An interpreter to measure (repeat for several; default: python3 on PATH). `auto`: every python3, python3.X and python3.Xt on PATH, once each, 3.9 or newer.", valueName: "PATH|auto"))
    var python: [String] = []

    @Option(name: .long, parsing: .upToNextOption, help: ArgumentHelp("Measure only these workloads.", valueName: "WORKLOAD"))
    var only: [String] = []

    @Option(name: .long, help: ArgumentHelp("Where to write the results: a file, or a folder (ending in /, or with several --python). Default: ROOT/.sitegen/results/.", valueName: "FILE"))
    var out: String?

    @Option(name: .long, help: ArgumentHelp("Repeats per cell (default: quick 3, standard 5, full 10).", valueName: "N"))
    var repeats: Int?

    @Option(name: .long, help: ArgumentHelp("Seconds one run of one cell may take before its process group is killed (default by profile).", valueName: "SECONDS"))
    var timeout: Double?

    @Option(name: .long, help: ArgumentHelp("Seconds of extra rounds for the cells of claims in ROOT/Content/ still undecided after the planned repeats (default: quick 45, standard 120, full 600; 0: none).", valueName: "SECONDS"))
    var extraBudget: Double?

    @Option(name: .long, help: ArgumentHelp("A stable name for this machine, stored in the results file and naming its guide and file (default: the host name, which on CI runners changes every run).", valueName: "LABEL"))
    var machine: String?

    @Flag(name: .long, help: "Don't store the results in the cache.")
    var noCache = false

    @Flag(name: .shortAndLong, help: "Print no progress and no summary table: only problems and the path written.")
    var quiet = false

    @Option(name: .long, help: ArgumentHelp("A folder of your own workload modules, measured beside the bundled ones (repeat for several; see the README's \"Measure your own code\").",
                                            valueName: "DIR"))
    var workloads: [String] = []

    @Option(name: .long, help: ArgumentHelp("A folder with harness.py and workloads to use instead of the bundled ones (for development and tests).",
                                            valueName: "DIR", visibility: .hidden))
    var harnessFolder: String?

    func validate() throws {
        if let repeats, repeats < 1 { throw ValidationError("--repeats must be at least 1") }
        if let timeout, timeout <= 0 { throw ValidationError("--timeout must be a positive number of seconds") }
        if let extraBudget, extraBudget < 0 { throw ValidationError("--extra-budget must be 0 or more seconds") }
        if let machine, let problem = ResultsFile.labelProblem(machine) { throw ValidationError("--machine: \(problem)") }
        if let out, python.count > 1 || python.contains(PythonDiscovery.keyword), out.hasSuffix(".json") {
            throw ValidationError("--out \(out) names one file, but \(python.count) interpreters write one file each; pass a folder")
        }
    }

    func run() throws {
        let config = try root.config()
        let python = self.python.isEmpty ? config.interpreters ?? [] : self.python
        let workloads = self.workloads.isEmpty ? (config.workloads ?? []).map { config.resolve($0, root: root.root) } : self.workloads
        let machine = self.machine ?? config.machine
        let cancellation = Interrupts.install()
        let display = ProgressDisplay(style: ProgressDisplay.automaticStyle(quiet: quiet))
        let (pythons, notes) = try Reporter.run { try PythonDiscovery.expand(python) }
        Reporter.print(notes)
        if python.contains(PythonDiscovery.keyword), !quiet {
            print("measuring \(pythons.count) interpreter\(pythons.count == 1 ? "" : "s"): \(pythons.joined(separator: ", "))")
        }
        // Several interpreters write one file each, so --out names a folder then.
        let out = pythons.count > 1 && self.out != nil && !self.out!.hasSuffix("/") ? self.out! + "/" : self.out
        var job = BenchJob(root: root.root, pythons: pythons, profile: profile ?? config.profile ?? .standard, only: only.isEmpty ? nil : only, out: out,
                           repeats: repeats, timeout: timeout, updateCache: !noCache, workloads: (harnessFolder.map { WorkloadFolder(path: $0) } ?? .bundled).adding(userFolders: workloads),
                           extraBudget: extraBudget)
        job.machine = machine
        let written = try MeasureOptions.interruptible {
            try Reporter.run {
                try job.run(cancellation: cancellation, progress: { display.handle($0) }) { item in
                    Reporter.print(item.warnings + item.problems)
                    if !quiet {
                        print("")
                        print(BenchSummary.table(item.results), terminator: "")
                    }
                    print("wrote \(Build.displayPath(item.path))")
                }
            }
        }
        // Every problem was printed with its interpreter's results (the file is written all the same).
        if written.contains(where: \.hasProblems) { throw ExitCode(1) }
    }
}

/// The measurement flags `build`, `check` and `render` share.
struct MeasureOptions: ParsableArguments {
    @Option(name: .long, help: "Measurement profile for the pages' numbers: quick, standard or full (default: sitegen.yml's, else standard).")
    var profile: Profile?

    @Flag(name: .long, help: "Measure again even what the cache (ROOT/.sitegen/cache/) holds.")
    var remeasure = false

    @Option(name: .long, help: ArgumentHelp("A results file from `sitegen bench`, or a folder of them (every *.json below it); repeat for several. Each machine and interpreter gets its own guide, with a landing and a comparison page; this machine is measured too unless --no-measure.", valueName: "FILE|DIR"))
    var results: [String] = []

    @Flag(name: .long, help: "Don't measure this machine: with --results, build from the files only; without, pages that show measurements fail.")
    var noMeasure = false

    @Option(name: .long, help: ArgumentHelp("Seconds of extra rounds for the cells of claims still undecided after the planned repeats (default: quick 45, standard 120, full 600; 0: none).", valueName: "SECONDS"))
    var extraBudget: Double?

    @Option(name: .long, help: ArgumentHelp("The interpreter the guide is about, a name on PATH or a path; repeat for a guide per interpreter. `auto`: every python3, python3.X and python3.Xt on PATH, 3.9 or newer.", valueName: "PATH|auto"))
    var python: [String] = []

    @Option(name: .long, help: ArgumentHelp("A folder of your own workload modules, measured beside the bundled ones for the pages that use them (repeat for several).", valueName: "DIR"))
    var workloads: [String] = []

    @Option(name: .long, help: ArgumentHelp("A stable name for this machine's guides (default: the host name).", valueName: "LABEL"))
    var machine: String?

    func validate() throws {
        if noMeasure && remeasure { throw ValidationError("--no-measure and --remeasure contradict each other; give one of them") }
        if let machine, let problem = ResultsFile.labelProblem(machine) { throw ValidationError("--machine: \(problem)") }
        if let extraBudget, extraBudget < 0 { throw ValidationError("--extra-budget must be 0 or more seconds") }
    }

    /// The interpreters of this machine: `--python` as given (`auto` expanded), or python3. Prints the
    /// notes of `auto` on standard error.
    func interpreters(_ config: SiteConfig, root: String) throws -> [PythonInterpreter] {
        let asked = python.isEmpty ? config.interpreters ?? ["python3"] : python
        let (commands, notes) = try Reporter.run { try PythonDiscovery.expand(asked) }
        Reporter.print(notes)
        let folders = workloads.isEmpty ? (config.workloads ?? []).map { config.resolve($0, root: root) } : workloads
        let folder = WorkloadFolder.bundled.adding(userFolders: folders)
        try Reporter.run { try folder.checkUserFolders() }
        return commands.map { PythonInterpreter(command: $0, workloads: folder) }
    }

    /// The build's measure step, with Ctrl-C handling and progress on standard error; nil with
    /// --no-measure and no --results.
    func request(_ config: SiteConfig, root: String, quiet: Bool = false, extraPythons: [PythonInterpreter] = []) -> MeasureStep.Request? {
        // Flags override sitegen.yml, each as a whole.
        let results = self.results.isEmpty ? (config.results ?? []).map { config.resolve($0, root: root) } : self.results
        let profile = self.profile ?? config.profile ?? .standard
        let machine = self.machine ?? config.machine
        if noMeasure && results.isEmpty { return nil }
        let cancellation = Interrupts.install()
        let display = ProgressDisplay(style: ProgressDisplay.automaticStyle(quiet: quiet))
        var request = MeasureStep.Request(profile: profile, remeasure: remeasure, resultsPaths: results, measuresLocally: !noMeasure,
                                   extraPythons: extraPythons, extraBudget: extraBudget, cancellation: cancellation,
                                   progress: { display.handle($0) })
        request.machine = machine
        return request
    }

    /// Runs a command body, turning an interrupted measurement or build — or an interrupt that arrived
    /// while the body finished other work — into exit status 130 (SIGINT) or 143 (SIGTERM).
    ///
    /// - Parameter published: the body's success means its output is in place for good (a build's
    ///   site, swapped in whole), so an interrupt that arrived after that point doesn't fail it.
    static func interruptible<T>(published: Bool = false, _ body: () throws -> T) throws -> T {
        let value: T
        do {
            value = try body()
        } catch is MeasurementInterrupted {
            throw ExitCode(Interrupts.exitStatus)
        } catch is BuildInterrupted {
            FileHandle.standardError.write(Data("\(BuildInterrupted())\n".utf8))
            throw ExitCode(Interrupts.exitStatus)
        }
        if Interrupts.wasInterrupted && !published { throw ExitCode(Interrupts.exitStatus) }
        return value
    }
}
