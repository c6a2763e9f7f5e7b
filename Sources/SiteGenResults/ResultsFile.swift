import Foundation
import SiteGenCore

/// Everything one `sitegen bench` run measured on one host with one interpreter and one profile.
///
/// Written as JSON (schema: `Sources/SiteGenResults/results.schema.json`); other tools read it, so
/// fields are only added, and any incompatible change bumps `schemaVersion`.
public struct ResultsFile: Sendable, Codable, Equatable {
    /// The version of the file format this tool writes.
    ///
    /// 2 (sitegen 0.2): each measurement may carry `rounds` (the round of each sample) and
    /// `contamination` (what else the machine did during each sample, and whether the sample was
    /// set aside); samples of extra rounds that decided claims and repeats measured again after
    /// contamination make `wall.count` differ from `repeats`. Version 1 files are read as samples
    /// taken one per round, none contaminated.
    public static let currentSchemaVersion = 2
    /// The versions this tool reads.
    public static let readableSchemaVersions = 1...2

    public var schemaVersion: Int
    public var tool: String
    public var toolVersion: String
    public var profile: Profile
    /// When the run started, ISO 8601 in UTC.
    public var startedAt: String
    /// A stable name for the machine (`bench --machine`, or `machine:` in sitegen.yml), used instead of
    /// the host name in guide folders, headings and file names; nil: the host name. Added in schema
    /// version 2 as an optional field: older files and readers do without it.
    public var machine: String?
    public var host: HostFacts
    public var interpreter: PythonFacts
    public var workloads: [WorkloadRecord]
    public var measurements: [Measurement]
    /// 1, 5 and 15-minute load averages before and after the run, where the platform has them.
    public var loadBefore: [Double]?
    public var loadAfter: [Double]?
    /// The share (0…1) of the machine's CPU time that other processes used during the run, where the
    /// platform tells (Linux); the measure the busy-machine warning goes by.
    public var otherCPUShare: Double?
    /// The suite's wall time and the share spent outside timed regions (start-up, warm-up, the tool).
    public var suiteSeconds: Double?
    public var outsideTimedShare: Double?
    /// Repeats asked per cell and the timeout of one run of one cell, in seconds.
    public var repeats: Int?
    public var cellTimeoutSeconds: Double?
    /// The version of the harness protocol that produced the numbers.
    public var harnessProtocol: Int?
    // Added in schema version 2.
    /// How the run handled contamination and undecided claims.
    public var adaptation: Adaptation?

    /// What a run did beyond its planned rounds.
    public struct Adaptation: Sendable, Codable, Equatable {
        /// Runs whose timed region was contaminated, how many of them were measured again, and the
        /// largest share of the CPUs other processes and steal took from one of them.
        public var contaminatedRuns: Int
        public var reruns: Int
        public var worstContaminationShare: Double
        /// Rounds run in all (the planned ones and extra rounds for claims), the seconds the extra
        /// rounds took, the budget they had, and what each batch was for.
        public var rounds: Int
        public var extraSeconds: Double
        public var extraBudgetSeconds: Double
        public var extraPurposes: [String]

        public init(contaminatedRuns: Int, reruns: Int, worstContaminationShare: Double, rounds: Int, extraSeconds: Double,
                    extraBudgetSeconds: Double, extraPurposes: [String]) {
            self.contaminatedRuns = contaminatedRuns
            self.reruns = reruns
            self.worstContaminationShare = worstContaminationShare
            self.rounds = rounds
            self.extraSeconds = extraSeconds
            self.extraBudgetSeconds = extraBudgetSeconds
            self.extraPurposes = extraPurposes
        }
    }

    public init(profile: Profile, startedAt: String, host: HostFacts, interpreter: PythonFacts,
                workloads: [WorkloadRecord], measurements: [Measurement]) {
        self.schemaVersion = Self.currentSchemaVersion
        self.tool = "sitegen"
        self.toolVersion = SiteGenVersion.current
        self.profile = profile
        self.startedAt = startedAt
        self.host = host
        self.interpreter = interpreter
        self.workloads = workloads
        self.measurements = measurements
    }
}

extension ResultsFile {
    /// The machine's name on pages, in folders and file names: its label, else its host name.
    public var machineName: String {
        if let machine, !machine.trimmingCharacters(in: .whitespaces).isEmpty { return machine }
        return host.hostname
    }

    /// Checks a machine label given by the user: something to show and to make a folder name of.
    /// Returns what is wrong, or nil.
    public static func labelProblem(_ label: String) -> String? {
        if label.trimmingCharacters(in: .whitespaces).isEmpty { return "the machine label is empty" }
        if label.count > 64 { return "the machine label is \(label.count) characters long; keep it to 64" }
        if label.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return "the machine label holds a control character"
        }
        if slug(label) == "unknown" && label.lowercased() != "unknown" {
            return "the machine label `\(label)` has no letter or digit to name its folder with; use letters, digits, - or _"
        }
        return nil
    }
}

/// A workload as it was when measured: which source produced the numbers.
public struct WorkloadRecord: Sendable, Codable, Equatable {
    public var name: String
    public var file: String
    /// SHA-256 of the workload module and the harness, hex: results are reused only while it matches.
    public var sourceHash: String
    public var summary: String
    public var kind: String

    public init(name: String, file: String, sourceHash: String, summary: String, kind: String) {
        self.name = name
        self.file = file
        self.sourceHash = sourceHash
        self.summary = summary
        self.kind = kind
    }
}

/// A Python interpreter's facts as the harness reports them (`harness.py interpreter`).
public struct PythonFacts: Sendable, Codable, Equatable {
    public var executable: String
    public var version: String
    public var implementation: String
    public var buildFlags: String
    public var freeThreadedBuild: Bool
    public var gilEnabled: Bool
    public var defaultStartMethod: String?
    public var startMethods: [String]
    public var switchIntervalS: Double
    public var cpuCount: Int?
    public var processCpuCount: Int?
    public var hasInterpreterPool: Bool
    public var threadPoolDefaultWorkers: Int?
    /// `sys.platform`: `linux`, `darwin`, `win32`.
    public var platform: String?
    /// The type of the file system holding `tempfile.gettempdir()` (`ext4`, `tmpfs`, …), where the
    /// file workloads write; nil where it can't be read (only Linux's /proc/self/mounts is read).
    public var tempFilesystem: String?

    /// "CPython 3.12.3": implementation and version. Where the GIL matters, `ResultsFile.interpreterLabel`
    /// adds it as the runs saw it.
    public var name: String { "\(implementation) \(version)" }
}
