import Foundation
import SiteGenCore
import SiteGenResults
import SiteGenProcess

/// One measurement run on one interpreter: plan the cells, run them, derive the statistics, and
/// return the results file's contents. Writes nothing; callers write the file and the cache.
package struct Benchmark: Sendable {
    public var python: PythonInterpreter
    public var host: HostFacts
    public var profile: Profile
    /// Measure only these workloads (names from the catalogue; hidden ones too); nil for all visible.
    public var only: [String]?
    /// Overrides of the profile's repeats and cell timeout (tests use short timeouts).
    public var repeats: Int?
    public var timeout: Double?
    public var cancellation: Cancellation?
    public var progress: (@Sendable (ProgressEvent) -> Void)?
    /// Asks for extra rounds after the planned ones (the cells of claims still undecided); nil: none.
    public var decider: (any ExtraRoundsPlanner)?

    public init(python: PythonInterpreter, host: HostFacts, profile: Profile, only: [String]? = nil, repeats: Int? = nil,
                timeout: Double? = nil, cancellation: Cancellation? = nil, progress: (@Sendable (ProgressEvent) -> Void)? = nil,
                decider: (any ExtraRoundsPlanner)? = nil) {
        self.python = python
        self.host = host
        self.profile = profile
        self.only = only
        self.repeats = repeats
        self.timeout = timeout
        self.cancellation = cancellation
        self.progress = progress
        self.decider = decider
    }

    /// Plans without running: what `run()` would measure.
    public func plan() throws -> MeasurementPlan {
        let facts = try python.facts()
        return try MeasurementPlan.make(catalogue: try python.catalogue(), facts: facts, effectiveCPUs: host.effectiveCPUs,
                                        profile: profile, only: only)
    }

    public func run() throws -> ResultsFile {
        let facts = try python.facts()
        let catalogue = try python.catalogue()
        let plan = try MeasurementPlan.make(catalogue: catalogue, facts: facts, effectiveCPUs: host.effectiveCPUs,
                                            profile: profile, only: only)
        let workingDirectory = FileManager.default.temporaryDirectory
            .appendingPathComponent("sitegen-measure-\(UUID().uuidString.prefix(8))", isDirectory: true)
        try FileManager.default.createDirectory(at: workingDirectory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: workingDirectory) }

        // Hashed before measuring: the hash must describe the source that produced the numbers.
        let records = zip(plan.workloads, try python.workloads.sourceHashes(of: plan.workloads)).map { workload, sourceHash in
            WorkloadRecord(name: workload.name, file: workload.file, sourceHash: sourceHash, summary: workload.summary, kind: workload.kind)
        }
        let startedAt = Versions.timestamp()
        let loadBefore = Self.loadAverage()
        let cpuBefore = CompetingCPU.read()
        let runner = MeasurementRunner(harness: try python.harness(workingDirectory: workingDirectory.path),
                                       repeats: repeats ?? profile.repeats, timeout: timeout ?? profile.cellTimeout,
                                       cpus: host.affinityCPUs, cancellation: cancellation, progress: progress)
        let kinds = Dictionary(plan.workloads.map { ($0.name, $0.kind) }, uniquingKeysWith: { first, _ in first })
        func file(from record: MeasurementRunner.Record) -> ResultsFile {
            var measurements = Self.measurements(from: record, repeats: runner.repeats) + plan.unavailable
            measurements = Self.derive(measurements, order: plan.workloads, effectiveCPUs: host.effectiveCPUs, kinds: kinds)
            return ResultsFile(profile: profile, startedAt: startedAt, host: host, interpreter: facts,
                               workloads: records, measurements: measurements)
        }
        let decider = self.decider
        let record = try runner.run(plan.cells, extraRounds: decider.map { decider in
            { record in decider.extraRounds(for: file(from: record), record: record) }
        })
        let loadAfter = Self.loadAverage()
        // Read after the runner has reaped its cell server, so every cell's CPU time counts as ours.
        let cpuAfter = CompetingCPU.read()

        var file = file(from: record)
        file.adaptation = ResultsFile.Adaptation(
            contaminatedRuns: record.contaminatedRuns, reruns: record.reruns, worstContaminationShare: record.worstContamination,
            rounds: record.roundsRun, extraSeconds: record.extraSeconds, extraBudgetSeconds: decider?.budgetSeconds ?? 0,
            extraPurposes: record.extraPurposes)
        file.loadBefore = loadBefore
        file.loadAfter = loadAfter
        if let cpuBefore, let cpuAfter { file.otherCPUShare = CompetingCPU.share(from: cpuBefore, to: cpuAfter) }
        file.suiteSeconds = record.suiteSeconds
        file.outsideTimedShare = record.outsideTimedShare
        file.repeats = runner.repeats
        file.cellTimeoutSeconds = runner.timeout
        file.harnessProtocol = catalogue.protocolVersion
        return file
    }

    /// One measurement per cell, with its raw samples and, for a cell that didn't finish, why.
    static func measurements(from record: MeasurementRunner.Record, repeats: Int) -> [Measurement] {
        record.cells.indices.map { index in
            let cell = record.cells[index]
            let samples = record.samples[index]
            var measurement = Measurement(
                workload: cell.workload, variant: cell.variant, model: cell.model, startMethod: cell.startMethod,
                workers: samples.last?.workers ?? cell.workers?.number,
                workersLabel: cell.workers.flatMap { $0.number == nil ? $0.description : nil },
                status: record.problems[index]?.status ?? .ok, error: record.problems[index]?.message, unit: cell.unit,
                wall: samples.map(\.wall), cpu: samples.map(\.cpu), metric: samples.map(\.metric),
                extra: Self.extras(samples), gilEnabled: samples.last?.gilEnabled)
            measurement.size = cell.size
            measurement.runSeconds = record.runSeconds[index]
            measurement.repeats = repeats
            measurement.rounds = record.rounds[index]
            if samples.contains(where: { $0.contamination != nil }) {
                measurement.contamination = samples.map { $0.contamination ?? Contamination() }
            }
            return measurement
        }
    }

    /// Per-name lists of the extra numbers, keeping only names every sample reported (so index i is repeat i).
    static func extras(_ samples: [CellRun.Sample]) -> [String: [Double]] {
        guard let first = samples.first else { return [:] }
        var extras: [String: [Double]] = [:]
        for name in first.extra.keys where samples.allSatisfy({ $0.extra[name] != nil }) {
            extras[name] = samples.map { $0.extra[name]! }
        }
        return extras
    }

    /// Sorts measurements into catalogue order and derives each one's statistics against the
    /// sequential baseline of its variant.
    public static func derive(_ measurements: [SiteGenResults.Measurement], order: [Catalogue.Workload], effectiveCPUs: Int,
                              kinds: [String: String]) -> [SiteGenResults.Measurement] {
        var rank: [String: Int] = [:]
        for (w, workload) in order.enumerated() {
            for (v, variant) in workload.variants.enumerated() { rank["\(workload.name)/\(variant.name)"] = w * 1000 + v }
        }
        let sorted = measurements.enumerated().sorted { a, b in
            let ra = rank["\(a.element.workload)/\(a.element.variant)"] ?? Int.max
            let rb = rank["\(b.element.workload)/\(b.element.variant)"] ?? Int.max
            return ra != rb ? ra < rb : a.offset < b.offset
        }.map(\.element)
        return Measurement.derivingStatistics(of: sorted, effectiveCPUs: effectiveCPUs, kinds: kinds)
    }

    /// The 1, 5 and 15-minute load averages, where the platform has them.
    public static func loadAverage() -> [Double]? {
        var loads = [Double](repeating: 0, count: 3)
        return getloadavg(&loads, 3) == 3 ? loads : nil
    }
}
