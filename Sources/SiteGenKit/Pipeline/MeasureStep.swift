import Foundation

/// The build's first step: find the workloads the pages reference, reuse what the cache holds for
/// them, measure the rest, and hand the build the result sets its guides show (each guide publishes
/// its raw results itself).
public struct MeasureStep: Sendable {
    /// How a build gets its measurements.
    public struct Request: Sendable {
        public var profile: Profile
        /// Measure even what the cache holds.
        public var remeasure: Bool
        /// Results files, or folders of them, from other machines and interpreters, merged with this
        /// machine's measurements into one guide per machine and interpreter (`--results`).
        public var resultsPaths: [String]
        /// Whether this machine is measured too (false with `--no-measure`, or for `resultsFile:`).
        public var measuresLocally: Bool
        /// More interpreters of this machine to measure beside the builder's own (`--python` repeated,
        /// or `--python auto`), each its own guide.
        public var extraPythons: [PythonInterpreter]
        /// The one results file rendered instead of measuring, when that is all there is.
        public var resultsFile: String? { measuresLocally || resultsPaths.count != 1 ? nil : resultsPaths[0] }
        /// Where cache entries live; nil for `ROOT/.sitegen/cache`.
        public var cacheDirectory: String?
        public var repeats: Int?
        public var timeout: Double?
        /// Seconds of extra rounds to decide claims (nil: the profile's; 0: none).
        public var extraBudget: Double?
        /// This machine's label for its guides (nil: the host name).
        public var machine: String?
        public var cancellation: Cancellation?
        public var progress: (@Sendable (ProgressEvent) -> Void)?

        /// - Parameters:
        ///   - resultsFile: render from this one file instead of measuring (the library's shorthand for
        ///     `resultsPaths: [file], measuresLocally: false`).
        public init(profile: Profile = .standard, remeasure: Bool = false, resultsFile: String? = nil,
                    resultsPaths: [String] = [], measuresLocally: Bool? = nil, extraPythons: [PythonInterpreter] = [],
                    cacheDirectory: String? = nil, repeats: Int? = nil, timeout: Double? = nil, extraBudget: Double? = nil,
                    cancellation: Cancellation? = nil, progress: (@Sendable (ProgressEvent) -> Void)? = nil) {
            self.profile = profile
            self.remeasure = remeasure
            self.resultsPaths = resultsPaths + (resultsFile.map { [$0] } ?? [])
            self.measuresLocally = measuresLocally ?? (resultsFile == nil)
            self.extraPythons = extraPythons
            self.cacheDirectory = cacheDirectory
            self.repeats = repeats
            self.timeout = timeout
            self.extraBudget = extraBudget
            self.cancellation = cancellation
            self.progress = progress
        }
    }

    /// What the step produced.
    public struct Outcome: Sendable {
        /// Of a local measurement, its results; of the whole step, only a catalogue when nothing was
        /// measured (so directives can say a name wasn't measured rather than unknown). The guides'
        /// results are `sets`.
        public var results: ResultsIndex?
        /// Every guide's results, in site order; one or none for a single-guide site.
        public var sets: [ResultSet] = []
        public var warnings: [Diagnostic] = []
        /// Workloads measured now, and those taken from the cache.
        public var measured: [String] = []
        public var reused: [String] = []
    }

    public var request: Request
    public var root: String
    public var host: HostFacts
    public var python: PythonInterpreter
    public var registry: DirectiveRegistry

    public init(request: Request, root: String, host: HostFacts, python: PythonInterpreter, registry: DirectiveRegistry) {
        self.request = request
        self.root = root
        self.host = host
        self.python = python
        self.registry = registry
    }

    public func run(pages: [Page]) throws -> Outcome {
        var outcome = Outcome()
        var local: [ResultSet] = []
        if request.measuresLocally {
            for python in [python] + request.extraPythons {
                let measured = try measureLocally(pages: pages, python: python)
                outcome.warnings += measured.warnings
                outcome.measured += measured.measured
                outcome.reused += measured.reused
                if let index = measured.results, !index.results.measurements.isEmpty {
                    local.append(ResultSet(results: index.results, index: index, origin: .local))
                } else if outcome.results == nil {
                    // Only a catalogue (the pages cite names it doesn't know): directives report them.
                    outcome.results = measured.results
                }
            }
        }
        // Every unreadable results file is reported, not just the first.
        var problems = DiagnosticCollector()
        let files = try ResultsInputs.expand(request.resultsPaths).compactMap { path in
            problems.attempt(file: path) { ResultSet(results: try ResultsInputs.load(path), origin: .file(path)) }
        }
        try problems.throwIfErrors()
        let merged = ResultSetMerger.merge(local: local, files: files)
        outcome.warnings += merged.warnings
        outcome.sets = merged.sets
        return outcome
    }

    /// Measures the workloads the pages reference with one interpreter of this machine, reusing the cache.
    private func measureLocally(pages: [Page], python: PythonInterpreter) throws -> Outcome {
        var outcome = Outcome()
        let referenced = Self.requiredWorkloads(pages: pages, registry: registry)
        guard !referenced.isEmpty else { return outcome }

        let facts = try python.facts()
        let catalogue = try python.catalogue()
        // A user's module the harness left out: an error when a page needs it, else a warning.
        outcome.warnings += WorkloadProblems.modules(catalogue, referenced: referenced)
        // A name the catalogue doesn't know is left to its directive, which reports it at its position.
        let known = referenced.filter { catalogue.workload(named: $0) != nil }
        let cache = request.cacheDirectory.map(ResultsCache.init(directory:)) ?? ResultsCache(root: root)
        var parts: [ResultsFile] = []
        var missing: [String] = []
        let budget = request.extraBudget ?? request.profile.extraRoundsBudget
        let claims = ClaimRounds.claims(in: pages)
        let sourceHashes = try python.workloads.sourceHashes(of: known.map { catalogue.workload(named: $0)! })
        let keys = zip(known, sourceHashes).map { name, sourceHash in
            ResultsCache.Key(workload: name, sourceHash: sourceHash, host: host, interpreter: facts, profile: request.profile)
        }
        // Each entry is a results file to decode, the measure step's main cost when everything is cached.
        let lookups = request.remeasure ? [] : keys.concurrentMap { cache.lookup($0) }
        for (position, name) in known.enumerated() {
            if request.remeasure {
                missing.append(name)
                continue
            }
            switch lookups[position] {
            case .hit(let results) where !claims.isEmpty && (results.adaptation?.extraBudgetSeconds ?? 0) < budget:
                // Measured with a smaller budget for extra rounds (`--extra-budget 0`, or by `bench`
                // without pages): its claims may be undecided for want of rounds this build would run.
                missing.append(name)
            case .hit(let results):
                parts.append(results)
                outcome.reused.append(name)
            case .miss:
                missing.append(name)
            case .invalid(let warning):
                outcome.warnings.append(warning)
                missing.append(name)
            }
        }
        if !missing.isEmpty {
            let decider = budget > 0 && !claims.isEmpty ? ClaimRounds(claims: claims, budgetSeconds: budget, otherParts: parts) : nil
            let benchmark = Benchmark(python: python, host: host, profile: request.profile, only: missing, repeats: request.repeats,
                                      timeout: request.timeout, cancellation: request.cancellation, progress: request.progress,
                                      decider: decider)
            let measured = try benchmark.run()
            do {
                try cache.store(measured)
            } catch let error as DiagnosticError {
                // The build can go on without a cache; say why the next one will measure again.
                outcome.warnings += error.diagnostics.map { Diagnostic(.warning, "not cached: \($0.message)", file: $0.file) }
            }
            parts.append(measured)
            outcome.measured = missing
            outcome.warnings += WorkloadProblems.cells(in: measured, catalogue: catalogue, folder: python.workloads, severity: .warning)
            if let busy = measured.busyHostWarning { outcome.warnings.append(busy) }
            if let report = measured.contaminationReport { outcome.warnings.append(report) }
        }
        let visible = catalogue.workloads.filter { $0.hidden != true }.map(\.name)
        guard !parts.isEmpty else {
            // Only names the catalogue doesn't know: no numbers, but directives can still say what exists.
            let empty = ResultsFile(profile: request.profile, startedAt: Versions.timestamp(), host: host, interpreter: facts,
                                    workloads: [], measurements: [])
            outcome.results = ResultsIndex(results: empty, catalogue: visible)
            return outcome
        }
        var merged = ResultsFile.merging(parts, order: known)
        merged.machine = request.machine
        outcome.results = ResultsIndex(results: merged, catalogue: visible)
        return outcome
    }

    /// Every workload the pages' directives ask for (bodies of block directives included), in first-use order.
    public static func requiredWorkloads(pages: [Page], registry: DirectiveRegistry) -> [String] {
        var names: [String] = []
        var seen = Set<String>()
        for directive in pages.flatMap(\.allDirectives) {
            for name in registry.handler(named: directive.name)?.requiredWorkloads(directive) ?? [] where seen.insert(name).inserted {
                names.append(name)
            }
        }
        return names
    }
}

extension Build {
    /// Measure: the guides and their numbers. With `options.measure`, the workloads the pages
    /// reference are measured (or taken from the cache and the results files given); otherwise the one
    /// guide shows `options.results` as given.
    mutating func measure(for pages: [Page]) throws {
        guard let request = options.measure else {
            guides = [Guide(results: options.results, host: options.host, python: options.python, files: [:])]
            return
        }
        let outcome = try MeasureStep(request: request, root: options.root, host: options.host, python: options.python,
                                      registry: options.registry).run(pages: pages)
        diagnostics.add(outcome.warnings)
        measured = outcome.measured
        if outcome.sets.count > 1 {
            guides = outcome.sets.map { Guide(set: $0, inFolder: true, host: options.host, python: options.python, publishes: writing) }
        } else if let set = outcome.sets.first {
            guides = [Guide(set: set, inFolder: false, host: options.host, python: options.python, publishes: writing)]
        } else {
            // Nothing measured: at most a catalogue, whose names let directives say what is missing.
            guides = [Guide(results: outcome.results ?? options.results, host: options.host, python: options.python,
                            files: [:])]
        }
    }
}
