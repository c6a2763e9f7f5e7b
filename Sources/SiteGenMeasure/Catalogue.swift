import Foundation
import SiteGenCore
import SiteGenResults
import SiteGenProcess

/// The workloads the harness offers and how to sweep them (`harness.py catalogue`).
public struct Catalogue: Sendable, Codable, Equatable {
    public var protocolVersion: Int?
    public var workloads: [Workload]
    public var models: [Model]
    /// Models this interpreter can't run, each with the reason; recorded, never silently skipped.
    public var unavailable: [Unavailable]
    /// User workload modules left out because they break the contract or their name is taken, each
    /// with its file and line (`harness.py --workloads DIR catalogue`); nil from older harnesses.
    public var problems: [Problem]?

    public struct Workload: Sendable, Codable, Equatable {
        public var name: String
        public var summary: String
        /// `wait`, `cpu`, `mixed` (throughput: the metric is wall time), `overhead`, `latency`, …
        public var kind: String
        /// The module's file name inside the workloads folder.
        public var file: String
        /// The user's folder the module is in; nil for a bundled workload.
        public var folder: String?
        /// Other modules it imports from the workloads folder; part of its source hash.
        public var supportFiles: [String]?
        /// Hidden workloads (the fault-injecting `selftest`) run only when asked for by name.
        public var hidden: Bool?
        public var variants: [Variant]

        enum CodingKeys: String, CodingKey {
            case name, summary, kind, file, folder, hidden, variants
            case supportFiles = "support_files"
        }
    }

    public struct Variant: Sendable, Codable, Equatable {
        public var name: String
        public var description: String
        public var unit: String
        public var models: [String]
        /// Problem size per profile name.
        public var sizes: [String: Int]
        /// Every worker count any model sweeps, or nil when workers don't apply.
        public var workers: [WorkerCount]?
        /// The sweep per model (nil for a model that takes no worker count). Preferred over `workers`.
        public var workersByModel: [String: [WorkerCount]?]?
        /// The cells to run on this interpreter, as the harness expanded them (start methods included);
        /// preferred over `workersByModel` when present.
        public var cells: [PlannedCell]?

        enum CodingKeys: String, CodingKey {
            case name, description, unit, models, sizes, workers, cells
            case workersByModel = "workers_by_model"
        }

        /// The worker counts to run `model` with, as the catalogue gives them.
        public func sweep(for model: String) -> [WorkerCount]? {
            if let byModel = workersByModel {
                guard let entry = byModel[model] else { return nil }
                return entry
            }
            return model == Models.sequential ? nil : workers
        }
    }

    /// One cell of a variant's sweep as the harness lists it.
    public struct PlannedCell: Sendable, Codable, Equatable {
        public var model: String
        public var workers: WorkerCount?
        public var startMethod: String?
        /// Set when the interpreter lacks the model: the reason, to record instead of running.
        public var unavailable: String?

        enum CodingKeys: String, CodingKey {
            case model, workers, unavailable
            case startMethod = "start_method"
        }
    }

    public struct Model: Sendable, Codable, Equatable {
        public var id: String
        public var description: String
        /// What else the model needs, e.g. `start_method` for process models.
        public var needs: String?
    }

    /// A user workload module the harness left out, and why.
    public struct Problem: Sendable, Codable, Equatable {
        public var file: String
        public var line: Int?
        public var message: String
        /// The workload the module would have been (its file's name).
        public var workload: String?

        /// The problem as a diagnostic at the module's file and line.
        public func diagnostic(_ severity: Diagnostic.Severity = .error) -> Diagnostic {
            Diagnostic(severity, "workload module \((file as NSString).lastPathComponent): \(message)", file: file, line: line)
        }
    }

    public struct Unavailable: Sendable, Codable, Equatable {
        public var model: String
        public var reason: String
    }

    enum CodingKeys: String, CodingKey {
        case workloads, models, unavailable, problems
        case protocolVersion = "protocol"
    }

    public func workload(named name: String) -> Workload? { workloads.first { $0.name == name } }

    /// Whether a model runs once per multiprocessing start method.
    public func needsStartMethod(_ model: String) -> Bool {
        models.first { $0.id == model }?.needs == "start_method"
    }
}

/// A worker count as the catalogue writes it: a number, one worker per task, or a pool's default size.
public enum WorkerCount: Sendable, Hashable, Codable, CustomStringConvertible {
    case count(Int)
    case perTask
    case poolDefault

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self) {
            self = .count(number)
            return
        }
        let text = try container.decode(String.self)
        guard let value = WorkerCount(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "unknown worker count `\(text)`")
        }
        self = value
    }

    public init?(_ text: String) {
        switch text {
        case "per_task": self = .perTask
        case "default": self = .poolDefault
        default:
            guard let number = Int(text), number > 0 else { return nil }
            self = .count(number)
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .count(let number): try container.encode(number)
        default: try container.encode(description)
        }
    }

    /// The harness's spelling: `2`, `per_task`, `default`.
    public var description: String {
        switch self {
        case .count(let number): return String(number)
        case .perTask: return "per_task"
        case .poolDefault: return "default"
        }
    }

    public var number: Int? {
        if case .count(let number) = self { return number }
        return nil
    }
}
