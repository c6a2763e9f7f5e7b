import Foundation

/// The key figures the comparison page sets side by side, one row each, read from every guide's
/// results with their uncertainty as the guide shows it (`1.92× ±0.08`).
///
/// A figure is only compared between guides whose numbers mean the same thing: the same profile (the
/// sizes of the work) and the same source of the workload (its hash). The comparison page takes the
/// profile and source most guides share as the reference and marks every other cell "not comparable"
/// with the reason, rather than setting it in the same column silently.
struct FleetFigure: Sendable {
    /// One figure of one guide.
    public enum Cell: Sendable, Equatable {
        /// Plain text (already formatted, not yet escaped), and what it is when that varies.
        case value(String, note: String? = nil)
        /// Not measured, or failed, in this guide.
        case missing(String)
    }

    public var title: String
    /// The workload the figure reads, for the source-hash check.
    public var workload: String
    public var read: @Sendable (ResultsFile) -> Cell

    /// Processes' best speedup on pure-Python work, asyncio against threads on sockets, the cost of
    /// starting a process per start method, and the memory a task, thread and process cost.
    public static let standard: [FleetFigure] = [
        FleetFigure(title: "Best speedup of processes on pure-Python work (cpu_python)", workload: "cpu_python") { results in
            let cells = results.measurements.filter {
                $0.workload == "cpu_python" && Models.processBased.contains($0.model) && $0.status == .ok && $0.speedup != nil
            }
            guard let best = cells.max(by: { $0.speedup!.median < $1.speedup!.median }) else { return .missing("not measured") }
            return .value("\(Formatting.figure(best.speedup!, unit: "×").text)", note: Formatting.cellLabel(best))
        },
        FleetFigure(title: "Speedup of asyncio, one task per request (io_socket)", workload: "io_socket") { results in
            speedup(results, workload: "io_socket", model: "asyncio")
        },
        FleetFigure(title: "Speedup of threads, one per request (io_socket)", workload: "io_socket") { results in
            speedup(results, workload: "io_socket", model: "threads")
        },
    ] + startMethods.map { method in
        FleetFigure(title: "Starting a process with \(method) (overhead/start_process)", workload: "overhead") { results in
            metric(results, variant: "start_process", start: method)
        }
    } + [("memory_task", "an asyncio task"), ("memory_thread", "a thread"), ("memory_process", "a process")].map { variant, what in
        FleetFigure(title: "Memory of \(what) (overhead/\(variant))", workload: "overhead") { results in
            metric(results, variant: variant, start: nil)
        }
    }

    static let startMethods: [String] = ["fork", "forkserver", "spawn"]

    static func speedup(_ results: ResultsFile, workload: String, model: String) -> Cell {
        let cells = results.measurements.filter { $0.workload == workload && $0.model == model }
        guard let cell = cells.first(where: { $0.status == .ok && $0.speedup != nil }) else {
            return .missing(cells.first.map { $0.status.rawValue } ?? "not measured")
        }
        return .value(Formatting.figure(cell.speedup!, unit: "×").text)
    }

    /// A variant's primary metric; with `start`, the cell of that start method, and without, the
    /// interpreter's default one when the variant has several.
    static func metric(_ results: ResultsFile, variant: String, start: String?) -> Cell {
        var cells = results.measurements.filter { $0.workload == "overhead" && $0.variant == variant }
        if let start {
            cells = cells.filter { $0.startMethod == start }
        } else if cells.contains(where: { $0.startMethod != nil }) {
            let preferred = cells.filter { $0.startMethod == results.interpreter.defaultStartMethod }
            if !preferred.isEmpty { cells = preferred }
        }
        guard let cell = cells.first else {
            return .missing(start.map { results.interpreter.startMethods.contains($0) ? "not measured" : "no \($0) here" } ?? "not measured")
        }
        guard cell.status == .ok, let estimate = cell.metricEstimate else { return .missing(cell.status.rawValue) }
        return .value(Formatting.figure(estimate, unit: cell.unit).text)
    }
}
