import SiteGenCore

/// A quantity derived from one measured cell, as tables, charts and claims name it.
///
/// The statistics themselves are derived in one place, `Measurement.deriveStatistics`, which
/// `ResultsIndex` applies to every file it is given (whatever statistics the file carries); a metric
/// reads them. CPU time and the other reported numbers, which tables and claims read less often, are
/// estimated here from the same samples the derived statistics use (`Measurement.clean`).
public enum Metric: String, CaseIterable, Sendable {
    /// The variant's primary metric (wall seconds for throughput workloads, µs per unit for overheads).
    case median
    /// Wall-clock seconds of the timed region.
    case wall
    /// CPU seconds of the whole process tree during the timed region.
    case cpu
    /// Sequential wall time / this cell's wall time.
    case speedup
    /// CPU seconds / wall seconds: how many CPUs the cell kept busy.
    case parallelism
    /// Speedup / min(workers, effective CPUs): the share of the ideal speedup reached.
    case efficiency
    /// The primary metric, or with `name=` one of the other numbers the workload reports.
    case metric

    /// What the metric is, for the reference page and error messages.
    public var summary: String {
        switch self {
        case .median: return "the median of the variant's own metric, in its unit"
        case .wall: return "the median wall time, seconds"
        case .cpu: return "the median CPU time of the process tree, seconds"
        case .speedup: return "sequential wall time ÷ this cell's wall time (×)"
        case .parallelism: return "CPU seconds ÷ wall seconds (CPUs kept busy)"
        case .efficiency: return "speedup ÷ the ideal speedup (min(workers, effective CPUs); workers for waiting)"
        case .metric: return "the variant's metric, or with name=… another reported number"
        }
    }

    /// The unit its figures are written in (see `Formatting.figure`).
    public func unit(of measurement: Measurement) -> String {
        switch self {
        case .median, .metric: return measurement.unit
        case .wall, .cpu: return "s"
        case .speedup: return "×"
        case .parallelism: return "∥"
        case .efficiency: return "%"
        }
    }

    /// How the figure is introduced in claim evidence: "speedup", "parallelism", "median", …
    public var noun: String {
        switch self {
        case .median, .metric: return "median"
        case .wall: return "wall time"
        case .cpu: return "CPU time"
        case .speedup: return "speedup"
        case .parallelism: return "parallelism"
        case .efficiency: return "efficiency"
        }
    }

    /// The estimate of this metric for a cell, or nil when the cell has no samples to give it.
    /// `extra` names another reported number (only for `.metric`).
    public func estimate(of measurement: Measurement, in index: ResultsIndex, extra: String? = nil) -> Estimate? {
        guard measurement.status == .ok else { return nil }
        switch self {
        case .median: return Self.primary(measurement)
        case .metric:
            if let extra {
                guard let samples = measurement.clean.extra[extra], !samples.isEmpty else { return nil }
                return Statistics.medianInterval(samples)
            }
            return Self.primary(measurement)
        case .wall: return measurement.median
        case .cpu:
            let cpu = measurement.clean.cpu
            return cpu.isEmpty ? nil : Statistics.medianInterval(cpu)
        case .speedup: return measurement.speedup
        case .parallelism: return measurement.parallelism
        case .efficiency:
            guard let speedup = measurement.speedup else { return nil }
            let ideal = Self.idealSpeedup(measurement, in: index.results)
            guard ideal > 0 else { return nil }
            return Estimate(median: speedup.median / ideal, low: speedup.low / ideal, high: speedup.high / ideal,
                            confidence: speedup.confidence)
        }
    }

    /// The primary metric with its interval (wall time when the cell reports no separate metric).
    public static func primary(_ measurement: Measurement) -> Estimate? {
        if let estimate = measurement.metricEstimate { return estimate }
        return measurement.unit == "s" ? measurement.median : nil
    }

    /// The speedup a perfect model would reach: min(workers, effective CPUs) for CPU-bound workloads,
    /// the number of workers for wait-bound ones (waits overlap without using CPUs).
    public static func idealSpeedup(_ measurement: Measurement, in results: ResultsFile) -> Double {
        if let ideal = measurement.idealSpeedup { return ideal }
        // A cell without a baseline has no derived ideal; the formula is `deriveStatistics`'s.
        let workers = Double(measurement.workers ?? 1)
        return isWaitBound(measurement.workload, in: results) ? workers : min(workers, Double(max(1, results.host.effectiveCPUs)))
    }

    /// Whether a workload's work is waiting (its `kind` is `wait`), so its ideal speedup is not capped
    /// by CPUs.
    public static func isWaitBound(_ workload: String, in results: ResultsFile) -> Bool {
        results.workloads.first { $0.name == workload }?.kind == "wait"
    }

}
