import SiteGenCore
/// One cell's results: a workload variant run under one model with one worker count, every sample kept.
public struct Measurement: Sendable, Codable, Equatable {
    /// What happened to the cell.
    public enum Status: String, Sendable, Codable, CaseIterable {
        /// Every repeat ran.
        case ok
        /// The workload raised or exited non-zero; `error` says how.
        case failed
        /// The cell ran past its timeout and was killed with its whole process group.
        case timeout
        /// The interpreter lacks the model; `error` gives the reason.
        case unavailable

        public init(from decoder: Decoder) throws { self = try Self.decodeCase(from: decoder) }
    }

    public var workload: String
    public var variant: String
    public var model: String
    /// The multiprocessing start method for process models, else nil.
    public var startMethod: String?
    /// The number of workers, resolved (for `per_task` and `default`, the number it came to); nil where
    /// workers don't apply.
    public var workers: Int?
    /// How the worker count was asked for when it was not a plain number: `per_task` or `default`.
    public var workersLabel: String?
    public var status: Status
    public var error: String?
    /// The unit of `metric` (e.g. `s`, `us_per_unit`, `KiB_per_unit`, `ms`).
    public var unit: String
    /// Wall-clock seconds of the timed region, one per repeat.
    public var wall: [Double]
    /// CPU seconds of the whole process tree during the timed region, one per repeat.
    public var cpu: [Double]
    /// The variant's primary metric, one per repeat (wall seconds for throughput workloads).
    public var metric: [Double]
    /// Other numbers a workload reports, one list per name.
    public var extra: [String: [Double]]
    /// Whether the GIL was enabled when the cell finished (a free-threaded build can re-enable it).
    public var gilEnabled: Bool?

    // Derived statistics, stored so other tools can read them without recomputing.
    /// The median wall time with its interval.
    public var median: Estimate?
    /// The median primary metric with its interval.
    public var metricEstimate: Estimate?
    /// Sequential wall time / this cell's wall time (same workload and variant), with its interval.
    public var speedup: Estimate?
    /// CPU seconds / wall seconds: how many CPUs the cell kept busy.
    public var parallelism: Estimate?
    /// Speedup / min(workers, effective CPUs): the share of the ideal speedup reached.
    public var efficiency: Double?
    /// The interquartile range of wall time, in seconds.
    public var iqr: Double?
    /// Whether the median's interval is wider than ± `Statistics.noisyThreshold`.
    public var noisy: Bool

    // Added in schema version 1 as optional fields; older readers ignore them.
    /// The problem size the profile gave the variant (tasks, bytes, units).
    public var size: Int?
    /// How many repeats were asked for; `wall.count` says how many produced a sample.
    public var repeats: Int?
    /// The speedup a perfect model would reach: min(workers, effective CPUs) for CPU-bound kinds, the
    /// number of workers for wait-bound ones (waits overlap without using CPUs). `efficiency` is
    /// `speedup / idealSpeedup`.
    public var idealSpeedup: Double?
    /// Wall seconds of each repeat's whole process — start-up, setup, warm-up, the timed region, the
    /// check and shutdown — so the cost of measuring a cell can be seen beside what it measured.
    public var runSeconds: [Double]?

    // Added in schema version 2.
    /// The round each sample ran in (1-based), parallel to `wall`: repeat i of every cell runs in
    /// round i, extra rounds decide claims, and a repeat measured again after contamination keeps
    /// its round. Nil in older files, whose samples ran one per round in order.
    public var rounds: [Int]?
    /// What else the machine did during each sample's timed region, parallel to `wall`; flagged
    /// samples are left out of the statistics where their round has a clean one (`clean`).
    public var contamination: [Contamination]?

    public init(workload: String, variant: String, model: String, startMethod: String? = nil, workers: Int? = nil,
                workersLabel: String? = nil, status: Status = .ok, error: String? = nil, unit: String = "s",
                wall: [Double] = [], cpu: [Double] = [], metric: [Double] = [], extra: [String: [Double]] = [:],
                gilEnabled: Bool? = nil) {
        self.workload = workload
        self.variant = variant
        self.model = model
        self.startMethod = startMethod
        self.workers = workers
        self.workersLabel = workersLabel
        self.status = status
        self.error = error
        self.unit = unit
        self.wall = wall
        self.cpu = cpu
        self.metric = metric
        self.extra = extra
        self.gilEnabled = gilEnabled
        self.noisy = false
    }

    /// Fills the derived statistics from the raw samples: median wall time and metric with their
    /// intervals, IQR, parallelism per repeat, and — given the sequential baseline of the same variant —
    /// speedup and efficiency. Cells that didn't finish every repeat get none: a partial cell is shown
    /// as failed, never as a number.
    public mutating func deriveStatistics(baseline: Measurement?, effectiveCPUs: Int, kind: String) {
        median = nil; metricEstimate = nil; speedup = nil; parallelism = nil; efficiency = nil; iqr = nil
        idealSpeedup = nil; noisy = false
        guard status == .ok, !wall.isEmpty else { return }
        let usable = clean
        let wall = usable.wall, cpu = usable.cpu, metric = usable.metric
        let wallEstimate = Statistics.medianInterval(wall)
        median = wallEstimate
        iqr = Statistics.interquartileRange(wall)
        if !metric.isEmpty { metricEstimate = Statistics.medianInterval(metric) }
        // Noisy is said of the figure readers see: the wall time for throughput cells, the metric (µs per
        // start, KiB per thread, lag in ms) where the cell reports one. A memory figure that is the same
        // in every repeat is not noisy because the wall time of measuring it varied.
        let shown = unit == "s" ? wallEstimate : metricEstimate ?? wallEstimate
        noisy = shown.relativeHalfWidth > Statistics.noisyThreshold
        let ratios = zip(cpu, wall).compactMap { cpu, wall in wall > 0 ? cpu / wall : nil }
        if !ratios.isEmpty { parallelism = Statistics.medianInterval(ratios) }
        if let baseline, baseline.status == .ok, !baseline.wall.isEmpty {
            speedup = Self.pairedSpeedup(baseline: baseline, cell: self)
            let units = Double(workers ?? 1)
            let ideal = kind == "wait" ? units : min(units, Double(max(1, effectiveCPUs)))
            if let speedup, ideal > 0 {
                idealSpeedup = ideal
                efficiency = speedup.median / ideal
            }
        }
    }

    /// The round of each sample: as recorded, or (older files) one round per sample in order.
    public var sampleRounds: [Int] {
        if let rounds, rounds.count == wall.count { return rounds }
        return wall.indices.map { $0 + 1 }
    }

    /// The samples the statistics use: one per round, the round's clean sample where it has one (a
    /// contaminated repeat measured again has two), else its last. A machine busy throughout leaves
    /// rounds without a clean sample; they keep their contaminated one, so every round still pairs
    /// with the other cells' (the results say so: `contaminatedSamples`).
    public var clean: Measurement {
        guard let contamination, contamination.count == wall.count, contamination.contains(where: \.flagged) else { return self }
        let rounds = sampleRounds
        var chosen: [Int: Int] = [:]
        for (index, round) in rounds.enumerated() {
            if let earlier = chosen[round], !contamination[earlier].flagged, contamination[index].flagged { continue }
            chosen[round] = index
        }
        let kept = chosen.values.sorted()
        guard kept.count != wall.count else { return self }
        var copy = self
        copy.wall = kept.map { wall[$0] }
        copy.cpu = cpu.count == wall.count ? kept.map { cpu[$0] } : cpu
        copy.metric = metric.count == wall.count ? kept.map { metric[$0] } : metric
        copy.extra = extra.mapValues { values in values.count == wall.count ? kept.map { values[$0] } : values }
        copy.rounds = kept.map { rounds[$0] }
        copy.contamination = kept.map { contamination[$0] }
        return copy
    }

    /// How many samples were flagged as contaminated, and whether the statistics had to use any of
    /// them (a round with no clean sample).
    public var contaminatedSamples: (flagged: Int, used: Bool) {
        let flagged = contamination?.filter(\.flagged).count ?? 0
        return (flagged, flagged > 0 && (clean.contamination?.contains(where: \.flagged) ?? false))
    }

    /// Sequential time ÷ this cell's, round by round: the baseline's and the cell's samples of the same
    /// round are paired (older files: by position).
    package static func pairedSpeedup(baseline: Measurement, cell: Measurement) -> Estimate? {
        let base = baseline.clean, this = cell.clean
        let byRound = Dictionary(zip(base.sampleRounds, base.wall), uniquingKeysWith: { _, last in last })
        let pairs = zip(this.sampleRounds, this.wall).compactMap { round, wall in byRound[round].map { ($0, wall) } }
        if pairs.count >= 2, pairs.count >= min(base.wall.count, this.wall.count) {
            return Statistics.pairedRatio(pairs.map(\.0), pairs.map(\.1))
        }
        return Statistics.pairedRatio(base.wall, this.wall)
    }

    /// Every measurement with its statistics derived from its raw samples, against the sequential
    /// baseline of its variant in the same list, in the same order.
    public static func derivingStatistics(of measurements: [Measurement], effectiveCPUs: Int,
                                          kinds: [String: String]) -> [Measurement] {
        var baselines: [String: Measurement] = [:]
        for measurement in measurements where measurement.isBaseline && measurement.status == .ok {
            var baseline = measurement
            baseline.deriveStatistics(baseline: nil, effectiveCPUs: effectiveCPUs, kind: kinds[measurement.workload] ?? "cpu")
            baselines["\(measurement.workload)/\(measurement.variant)"] = baseline
        }
        return measurements.map { measurement in
            var derived = measurement
            derived.deriveStatistics(baseline: baselines["\(measurement.workload)/\(measurement.variant)"],
                                     effectiveCPUs: effectiveCPUs, kind: kinds[measurement.workload] ?? "cpu")
            return derived
        }
    }

    /// The model with its start method, as the guide names it: `process_pool[spawn]`.
    public var modelLabel: String {
        startMethod.map { "\(model)[\($0)]" } ?? model
    }
}
