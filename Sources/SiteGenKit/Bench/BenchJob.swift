import Foundation

/// `sitegen bench`: measure every workload (or some) on one or more interpreters and write one results
/// file per interpreter, plus cache entries that later builds reuse.
///
/// Everything that can fail for environmental reasons — no interpreter, an old one, an unwritable output
/// path — is checked before the first cell runs, so minutes of measuring are never thrown away.
public struct BenchJob: Sendable {
    public var root: String
    /// Interpreter names or paths; `python3` when empty.
    public var pythons: [String]
    public var profile: Profile
    public var only: [String]?
    /// A file (one interpreter) or a folder for the results; nil for `ROOT/.sitegen/results/`.
    public var out: String?
    public var repeats: Int?
    public var timeout: Double?
    /// Also store the results as cache entries, so `sitegen build` reuses them.
    public var updateCache: Bool
    public var host: HostFacts
    public var workloads: WorkloadFolder?
    /// The machine's label, stored in the results file and naming it (nil: the host name).
    public var machine: String?
    /// Seconds of extra rounds for the claims of `ROOT/Content/` (nil: the profile's; 0: none), so that
    /// a results file carried to another machine's build decides the guide's claims as a local build would.
    public var extraBudget: Double?

    public init(root: String = ".", pythons: [String] = [], profile: Profile = .standard, only: [String]? = nil,
                out: String? = nil, repeats: Int? = nil, timeout: Double? = nil, updateCache: Bool = true,
                host: HostFacts = HostProbe.current(), workloads: WorkloadFolder? = nil, extraBudget: Double? = nil) {
        self.extraBudget = extraBudget
        self.root = URL(fileURLWithPath: root).standardizedFileURL.path
        self.pythons = pythons.isEmpty ? ["python3"] : pythons
        self.profile = profile
        self.only = only
        self.out = out
        self.repeats = repeats
        self.timeout = timeout
        self.updateCache = updateCache
        self.host = host
        self.workloads = workloads
    }

    /// One interpreter's results and where they went.
    public struct Written: Sendable {
        public var results: ResultsFile
        public var path: String
        public var warnings: [Diagnostic]
        /// Workload modules left out (a user's broken module) and cells that failed or timed out, each
        /// at its module's file and line.
        public var problems: [Diagnostic] = []
        /// Whether any cell failed or timed out, or a module was left out (the command then exits 1):
        /// `problems` holds one error for each of those.
        public var hasProblems: Bool { !problems.isEmpty }
    }

    /// The default folder for results files.
    public var defaultFolder: String { (root as NSString).appendingPathComponent(".sitegen/results") }

    /// Where the results of an interpreter go: `--out` as a file for a single interpreter, else a file
    /// named `host-python-profile.json` in `--out` (a folder) or in `ROOT/.sitegen/results/`.
    public func outputPath(fileName: String) -> String {
        guard let out else { return (defaultFolder as NSString).appendingPathComponent(fileName) }
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: out, isDirectory: &isDirectory)
        if pythons.count > 1 || out.hasSuffix("/") || (exists && isDirectory.boolValue) {
            return (out as NSString).appendingPathComponent(fileName)
        }
        return out
    }

    public func run(cancellation: Cancellation? = nil, progress: (@Sendable (ProgressEvent) -> Void)? = nil,
                    each: (Written) -> Void = { _ in }) throws -> [Written] {
        // Check every interpreter and output path first.
        var prepared: [(PythonInterpreter, String)] = []
        try workloads?.checkUserFolders()
        for command in pythons {
            let python = PythonInterpreter(command: command, workloads: workloads)
            let facts = try python.facts()
            let name = ResultsFile.fileName(host: host, interpreter: facts, profile: profile, machine: machine)
            if let only {
                _ = try MeasurementPlan.make(catalogue: try python.catalogue(), facts: facts, effectiveCPUs: host.effectiveCPUs,
                                             profile: profile, only: only)
            }
            let path = outputPath(fileName: name)
            try AtomicFile.checkWritable(path)
            prepared.append((python, path))
        }
        // The guide's claims, when there is a guide here: pages that don't load decide nothing.
        let claims = (try? ContentLoader(root: root).load()).map(ClaimRounds.claims(in:)) ?? []
        let budget = extraBudget ?? profile.extraRoundsBudget
        let decider = budget > 0 && !claims.isEmpty ? ClaimRounds(claims: claims, budgetSeconds: budget) : nil
        var written: [Written] = []
        for (python, path) in prepared {
            var results = try Benchmark(python: python, host: host, profile: profile, only: only, repeats: repeats,
                                        timeout: timeout, cancellation: cancellation, progress: progress, decider: decider).run()
            results.machine = machine
            var warnings: [Diagnostic] = [results.busyHostWarning, results.contaminationReport].compactMap { $0 }
            do {
                try results.write(to: path)
            } catch let error as DiagnosticError {
                // Keep the numbers somewhere before reporting the failure: minutes of measuring must not be lost.
                let rescue = (FileManager.default.temporaryDirectory.path as NSString).appendingPathComponent(results.defaultFileName)
                if (try? results.write(to: rescue)) != nil {
                    throw DiagnosticError(error.diagnostics.map { Diagnostic($0.severity, "\($0.message); the results were saved to \(rescue) instead", file: $0.file) },
                                          isEnvironmental: true)
                }
                throw error
            }
            if updateCache {
                do { try ResultsCache(root: root).store(results) } catch let error as DiagnosticError {
                    warnings += error.diagnostics.map { Diagnostic(.warning, "not cached: \($0.message)", file: $0.file) }
                }
            }
            let catalogue = try? python.catalogue()
            let problems = (catalogue.map { WorkloadProblems.modules($0) } ?? [])
                + WorkloadProblems.cells(in: results, catalogue: catalogue, folder: python.workloads, severity: .error)
            let item = Written(results: results, path: path, warnings: warnings, problems: problems)
            each(item)
            written.append(item)
        }
        return written
    }
}

extension AtomicFile {
    /// Checks that a file can be written at `path` (its folder is created if needed) without touching
    /// an existing file there.
    public static func checkWritable(_ path: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw DiagnosticError(.error("\(path) is a folder; pass a file path to --out, or a folder ending in /"), isEnvironmental: true)
        }
        let folder = try prepareFolder(for: path)
        let probe = folder.appendingPathComponent(".sitegen-write-test-\(UUID().uuidString.prefix(8))")
        do {
            try Data().write(to: probe)
        } catch {
            throw DiagnosticError(.error("can't write \(path): \(reason(error)); choose a writable path"), isEnvironmental: true)
        }
        try? FileManager.default.removeItem(at: probe)
    }
}
