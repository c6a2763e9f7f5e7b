import Foundation

/// Runs a plan: every cell once per repeat, round-robin (repeat 1 of every cell, then repeat 2 …) so
/// that drift in the machine's speed hits every model alike; each run in a fresh process of its own
/// group (forked by a `CellServer`), killed with the group at the timeout.
///
/// A cell that fails or times out is recorded with its reason and not run again; the rest go on.
/// Cancellation (Ctrl-C) kills the running group and throws `MeasurementInterrupted` — nothing is
/// returned, so nothing half-measured is ever written.
public struct MeasurementRunner: Sendable {
    public var harness: Harness
    public var repeats: Int
    /// Seconds one run of one cell may take.
    public var timeout: Double
    public var cancellation: Cancellation?
    public var progress: (@Sendable (ProgressEvent) -> Void)?

    public init(harness: Harness, repeats: Int, timeout: Double, cancellation: Cancellation? = nil,
                progress: (@Sendable (ProgressEvent) -> Void)? = nil) {
        self.harness = harness
        self.repeats = max(1, repeats)
        self.timeout = timeout
        self.cancellation = cancellation
        self.progress = progress
    }

    /// What a run produced: per cell, its samples and how it ended, plus the suite's timings.
    public struct Record: Sendable {
        public var cells: [Cell]
        public var samples: [[CellRun.Sample]]
        /// Per cell: wall seconds of each run's whole process, failed runs included.
        public var runSeconds: [[Double]]
        /// Per cell: nil while ok, else how it failed.
        public var problems: [(status: Measurement.Status, message: String)?]
        /// Wall seconds of the whole run, as seen from here.
        public var suiteSeconds: Double
        /// The sum of the timed regions the harness reported.
        public var timedSeconds: Double

        /// The share of the suite spent outside timed regions: starting each run's process, setup
        /// (files, loopback servers), warm-up, checking the answers, and this tool.
        public var outsideTimedShare: Double {
            suiteSeconds > 0 ? max(0, 1 - timedSeconds / suiteSeconds) : 0
        }
    }

    public func run(_ cells: [Cell]) throws -> Record {
        let started = DispatchTime.now()
        var record = Record(cells: cells, samples: Array(repeating: [], count: cells.count),
                            runSeconds: Array(repeating: [], count: cells.count),
                            problems: Array(repeating: nil, count: cells.count), suiteSeconds: 0, timedSeconds: 0)
        // One server per run of the runner: it imports the workloads once and forks every run from there.
        let server = CellServer(harness: harness)
        defer { server.stop() }
        progress?(.began(cells: cells, repeats: repeats))
        var runNumber = 0
        for round in 1...repeats {
            for (index, cell) in cells.enumerated() where record.problems[index] == nil {
                if cancellation?.isCancelled == true { throw MeasurementInterrupted() }
                runNumber += 1
                progress?(.started(cell: cell, index: index, repeat: round, elapsed: GroupProcess.elapsed(since: started)))
                let run = try server.run(cell, timeout: timeout, cancellation: cancellation)
                record.runSeconds[index].append(run.processSeconds)
                switch run.result {
                case .ok(let sample):
                    record.samples[index].append(sample)
                    record.timedSeconds += sample.wall
                case .failed(let message):
                    record.problems[index] = (.failed, message)
                case .timedOut(let message):
                    record.problems[index] = (.timeout, message)
                case .unavailable(let message):
                    record.problems[index] = (.unavailable, message)
                case .cancelled:
                    throw MeasurementInterrupted()
                }
                progress?(.finished(cell: cell, index: index, repeat: round, run: run, elapsed: GroupProcess.elapsed(since: started)))
            }
        }
        record.suiteSeconds = GroupProcess.elapsed(since: started)
        progress?(.ended(elapsed: record.suiteSeconds))
        return record
    }
}

/// What the runner tells a progress display.
public enum ProgressEvent: Sendable {
    /// The run starts: these cells, this many repeats each.
    case began(cells: [Cell], repeats: Int)
    case started(cell: Cell, index: Int, repeat: Int, elapsed: Double)
    case finished(cell: Cell, index: Int, repeat: Int, run: CellRun, elapsed: Double)
    case ended(elapsed: Double)
}
