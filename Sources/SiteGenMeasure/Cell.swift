import SiteGenCore
import SiteGenResults
import SiteGenProcess

/// One thing to measure: a workload variant under one model, start method and worker count, at the
/// profile's size. Every repeat runs in a fresh process.
public struct Cell: Sendable, Hashable, CustomStringConvertible {
    public var workload: String
    public var variant: String
    public var model: String
    public var startMethod: String?
    /// nil when the model takes no worker count (sequential, single-model probes).
    public var workers: WorkerCount?
    public var size: Int
    public var unit: String
    /// The workload's kind (`wait`, `cpu`, `mixed`, `overhead`, …), which decides the ideal speedup.
    public var kind: String

    public init(workload: String, variant: String, model: String, startMethod: String? = nil, workers: WorkerCount? = nil,
                size: Int, unit: String = "s", kind: String = "cpu") {
        self.workload = workload
        self.variant = variant
        self.model = model
        self.startMethod = startMethod
        self.workers = workers
        self.size = size
        self.unit = unit
        self.kind = kind
    }

    /// `cpu_python/loop · process_pool[fork] · 2 workers`.
    public var description: String {
        var text = "\(workload)/\(variant) · \(model)"
        if let startMethod { text += "[\(startMethod)]" }
        if let workers {
            switch workers {
            case .count(let number): text += " · \(number) worker\(number == 1 ? "" : "s")"
            case .perTask: text += " · 1 per task"
            case .poolDefault: text += " · default pool"
            }
        }
        return text
    }
}
