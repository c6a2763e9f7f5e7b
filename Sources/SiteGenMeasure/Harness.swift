import Foundation
import SiteGenCore
import SiteGenResults
import SiteGenProcess

/// Talks to `harness.py` (the protocol is documented in the workloads folder's README.md): every call is
/// `python -I -B harness.py …` in a fresh process of its own group, with a working folder of ours.
public struct Harness: Sendable {
    /// The interpreter's real executable (not a shim such as pyenv's, whose start-up would be measured).
    public var python: String
    public var folder: WorkloadFolder
    /// The working folder the harness runs in; workloads put their temporary files below it.
    public var workingDirectory: String?

    public init(python: String, folder: WorkloadFolder = .bundled, workingDirectory: String? = nil) {
        self.python = python
        self.folder = folder
        self.workingDirectory = workingDirectory
    }

    /// The command line of one harness call.
    public func arguments(_ command: [String]) -> [String] {
        ["-I", "-B", folder.harnessPath] + folder.userFolders.flatMap { ["--workloads", $0] } + command
    }

    /// Runs a harness command and returns how it went.
    public func call(_ command: [String], timeout: Double?, cancellation: Cancellation? = nil) throws -> ProcessOutcome {
        try GroupProcess.run(python, arguments(command), directory: workingDirectory ?? FileManager.default.temporaryDirectory.path,
                             timeout: timeout, cancellation: cancellation)
    }

    /// Runs a command that answers with one JSON object and decodes it.
    func query<T: Decodable>(_ command: String, as type: T.Type, decoder: JSONDecoder = JSONDecoder(),
                             cancellation: Cancellation? = nil) throws -> T {
        let outcome = try call([command], timeout: 120, cancellation: cancellation)
        if outcome.ending == .cancelled { throw MeasurementInterrupted() }
        guard outcome.succeeded, let line = Self.lastLine(outcome.stdout) else {
            throw DiagnosticError(.error("`\(python) \(arguments([command]).joined(separator: " "))` failed (\(Self.describe(outcome.ending))): \(Self.tail(outcome.stderrText))"),
                                  isEnvironmental: true)
        }
        do {
            return try decoder.decode(T.self, from: Data(line.utf8))
        } catch {
            throw DiagnosticError(.error("`harness.py \(command)` answered something sitegen can't read (\(error)); is \(folder.path) from this version of sitegen?"),
                                  isEnvironmental: true)
        }
    }

    /// The interpreter's facts (`harness.py interpreter`).
    public func interpreterFacts(cancellation: Cancellation? = nil) throws -> PythonFacts {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try query("interpreter", as: PythonFacts.self, decoder: decoder, cancellation: cancellation)
    }

    /// The workloads and their sweeps (`harness.py catalogue`).
    public func catalogue(cancellation: Cancellation? = nil) throws -> Catalogue {
        try query("catalogue", as: Catalogue.self, cancellation: cancellation)
    }

    /// Measures one repeat of one cell in a fresh interpreter (`harness.py run`). The runner uses a
    /// `CellServer` instead, which forks each run from one interpreter; this is its fallback.
    public func run(_ cell: Cell, timeout: Double, cancellation: Cancellation?) throws -> CellRun {
        var command = ["run", "--workload", cell.workload, "--variant", cell.variant, "--model", cell.model,
                       "--size", String(cell.size)]
        if let workers = cell.workers { command += ["--workers", workers.description] }
        if let method = cell.startMethod { command += ["--start-method", method] }
        let outcome = try call(command, timeout: timeout, cancellation: cancellation)
        return CellRun(outcome: outcome)
    }

    // MARK: - Output

    /// The last non-empty line of some output: the harness's answer comes after anything a workload printed.
    static func lastLine(_ data: Data) -> String? {
        String(decoding: data, as: UTF8.self).split(separator: "\n").last { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.map(String.init)
    }

    /// The end of some output, for an error message: the last few lines, trimmed.
    static func tail(_ text: String, lines: Int = 6) -> String {
        let all = text.split(separator: "\n").map(String.init)
        let kept = all.suffix(lines).joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        return kept.isEmpty ? "no output" : kept
    }

    static func describe(_ ending: ProcessOutcome.Ending) -> String {
        switch ending {
        case .exited(let code): return "exit status \(code)"
        case .signalled(let signal): return "killed by signal \(signal)"
        case .timedOut(let seconds): return "no answer within \(Int(seconds)) s"
        case .cancelled: return "interrupted"
        }
    }
}

/// One repeat of one cell: what the harness reported, or why there is nothing to report.
public struct CellRun: Sendable {
    public enum Result: Sendable {
        case ok(Sample)
        case failed(String)
        case timedOut(String)
        case unavailable(String)
        case cancelled
    }

    /// The numbers of one successful repeat.
    public struct Sample: Sendable, Equatable {
        public var workers: Int?
        public var wall: Double
        public var cpu: Double
        public var metric: Double
        public var extra: [String: Double]
        public var gilEnabled: Bool?
        public var startMethod: String?
        /// What else the machine did during the timed region (harnesses before it report none).
        public var contamination: Contamination?
    }

    public var result: Result
    /// Wall seconds of the whole process, start-up and warm-up included.
    public var processSeconds: Double
    public var processGroup: Int32

    public init(result: Result, processSeconds: Double, processGroup: Int32 = 0) {
        self.result = result
        self.processSeconds = processSeconds
        self.processGroup = processGroup
    }

    init(outcome: ProcessOutcome) {
        processSeconds = outcome.seconds
        processGroup = outcome.processGroup
        switch outcome.ending {
        case .cancelled:
            result = .cancelled
            return
        case .timedOut(let seconds):
            result = .timedOut("no result within the cell's timeout of \(Self.seconds(seconds)); its whole process group was killed")
            return
        default:
            break
        }
        let answer = Harness.lastLine(outcome.stdout).flatMap { try? JSONDecoder().decode(Answer.self, from: Data($0.utf8)) }
        if let answer, answer.ok == true, let wall = answer.wallS, let cpu = answer.cpuS {
            let extra = (answer.extra ?? [:]).compactMapValues(\.number)
            result = .ok(Sample(workers: answer.workers, wall: wall, cpu: cpu, metric: answer.metric ?? wall, extra: extra,
                                gilEnabled: answer.gilEnabledAtEnd, startMethod: answer.startMethod,
                                contamination: answer.contamination.map(\.reading)))
        } else if let answer, answer.unavailable == true {
            result = .unavailable(answer.error ?? "the interpreter lacks this model")
        } else if let answer, let error = answer.error {
            result = .failed(FailureLocation(file: answer.file, line: answer.line).map { "\(error) \($0.suffix)" } ?? error)
        } else {
            let stderr = Harness.tail(outcome.stderrText, lines: 3)
            result = .failed("the harness ended with \(Harness.describe(outcome.ending)) and no result: \(stderr)")
        }
    }

    static func seconds(_ value: Double) -> String {
        value >= 10 ? "\(Int(value.rounded())) s" : String(format: "%.1f s", value)
    }

    /// The harness's JSON answer to `run`.
    struct Answer: Decodable {
        var ok: Bool?
        var unavailable: Bool?
        var error: String?
        var workers: Int?
        var wallS: Double?
        var cpuS: Double?
        var metric: Double?
        var extra: [String: JSONScalar]?
        var gilEnabledAtEnd: Bool?
        var startMethod: String?
        var contamination: ContaminationAnswer?
        /// Where a failure happened: the innermost frame in a workload's module.
        var file: String?
        var line: Int?

        enum CodingKeys: String, CodingKey {
            case ok, unavailable, error, workers, metric, extra, contamination, file, line
            case wallS = "wall_s", cpuS = "cpu_s", gilEnabledAtEnd = "gil_enabled_at_end", startMethod = "start_method"
        }
    }

    /// The harness's `contamination` object; a field the platform can't read is null.
    struct ContaminationAnswer: Decodable {
        var otherCPUS: Double?
        var stealS: Double?
        var involuntarySwitches: Double?
        var cpuMHz: Double?

        enum CodingKeys: String, CodingKey {
            case otherCPUS = "other_cpu_s", stealS = "steal_s", involuntarySwitches = "involuntary_switches", cpuMHz = "cpu_mhz"
        }

        var reading: Contamination {
            Contamination(otherCPUSeconds: otherCPUS, stealSeconds: stealS, involuntarySwitches: involuntarySwitches, cpuMHz: cpuMHz)
        }
    }

    /// A JSON value of which only numbers are kept (workloads also report labels and flags).
    enum JSONScalar: Decodable {
        case number(Double)
        case other

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let value = try? container.decode(Double.self) { self = .number(value) } else { self = .other }
        }

        var number: Double? {
            if case .number(let value) = self { return value }
            return nil
        }
    }
}
