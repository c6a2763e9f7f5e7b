import Foundation
import SiteGenCore
import SiteGenResults
import SiteGenProcess

/// Runs a plan: every cell once per round, round-robin (round 1 of every cell, then round 2 …) so
/// that drift in the machine's speed hits every model alike; each run in a fresh process of its own
/// group (forked by a `CellServer`), killed with the group at the timeout.
///
/// After the planned rounds, `extraRounds` may ask for more rounds of some cells (the claims still
/// undecided); they run the same way, with the same server. A run whose timed region was
/// contaminated (`Contamination.Rule`) is flagged and measured again at once, in the same round,
/// while the re-run budget lasts.
///
/// A cell that fails or times out is recorded with its reason and not run again; the rest go on.
/// Cancellation (Ctrl-C) kills the running group and throws `MeasurementInterrupted` — nothing is
/// returned, so nothing half-measured is ever written.
package struct MeasurementRunner: Sendable {
    public var harness: Harness
    public var repeats: Int
    /// Seconds one run of one cell may take.
    public var timeout: Double
    /// The CPUs the harness's contamination readings cover (the affinity set).
    public var cpus: Int
    /// Re-runs after contamination, as a share of the planned runs: bounded, so that a machine busy
    /// throughout costs at most this much more time, and its samples are kept flagged.
    public var rerunShare: Double
    public var cancellation: Cancellation?
    public var progress: (@Sendable (ProgressEvent) -> Void)?

    public init(harness: Harness, repeats: Int, timeout: Double, cpus: Int = 1, rerunShare: Double = 0.25,
                cancellation: Cancellation? = nil, progress: (@Sendable (ProgressEvent) -> Void)? = nil) {
        self.harness = harness
        self.repeats = max(1, repeats)
        self.timeout = timeout
        self.cpus = max(1, cpus)
        self.rerunShare = rerunShare
        self.cancellation = cancellation
        self.progress = progress
    }

    /// More rounds of some cells, as asked for after the planned rounds.
    public struct ExtraRounds: Sendable {
        /// Indices into the record's cells.
        public var cells: [Int]
        public var rounds: Int
        /// What the rounds are for, for the progress line: "deciding 3 claims: …".
        public var purpose: String

        public init(cells: [Int], rounds: Int, purpose: String) {
            self.cells = cells
            self.rounds = rounds
            self.purpose = purpose
        }
    }

    /// What a run produced: per cell, its samples and how it ended, plus the suite's timings.
    public struct Record: Sendable {
        public var cells: [Cell]
        public var samples: [[CellRun.Sample]]
        /// Per cell: the round of each sample.
        public var rounds: [[Int]]
        /// Per cell: wall seconds of each run's whole process, failed runs included.
        public var runSeconds: [[Double]]
        /// Per cell: nil while ok, else how it failed.
        public var problems: [(status: SiteGenResults.Measurement.Status, message: String)?]
        /// Wall seconds of the whole run, as seen from here.
        public var suiteSeconds: Double
        /// The sum of the timed regions the harness reported.
        public var timedSeconds: Double
        /// Rounds run so far (planned and extra).
        public var roundsRun: Int = 0
        /// Runs flagged as contaminated, and how many of them were measured again.
        public var contaminatedRuns = 0
        public var reruns = 0
        /// The largest share of the CPUs that other processes and steal took from a flagged run.
        public var worstContamination = 0.0
        /// Wall seconds spent in extra rounds, and what they were for.
        public var extraSeconds = 0.0
        public var extraPurposes: [String] = []

        /// The share of the suite spent outside timed regions: starting each run's process, setup
        /// (files, loopback servers), warm-up, checking the answers, and this tool.
        public var outsideTimedShare: Double {
            suiteSeconds > 0 ? max(0, 1 - timedSeconds / suiteSeconds) : 0
        }

        /// Per cell: the mean wall seconds of one run's process, for planning extra rounds.
        public func meanRunSeconds(_ index: Int) -> Double {
            let runs = runSeconds[index]
            return runs.isEmpty ? 0 : runs.reduce(0, +) / Double(runs.count)
        }
    }

    public func run(_ cells: [Cell], extraRounds: ((Record) -> ExtraRounds?)? = nil) throws -> Record {
        let started = DispatchTime.now()
        var record = Record(cells: cells, samples: Array(repeating: [], count: cells.count), rounds: Array(repeating: [], count: cells.count),
                            runSeconds: Array(repeating: [], count: cells.count),
                            problems: Array(repeating: nil, count: cells.count), suiteSeconds: 0, timedSeconds: 0)
        // One server per run of the runner: it imports the workloads once and forks every run from there.
        let server = CellServer(harness: harness)
        defer { server.stop() }
        var rerunsLeft = Int((Double(cells.count * repeats) * rerunShare).rounded(.up))
        progress?(.began(cells: cells, repeats: repeats))
        for round in 1...repeats {
            try runRound(round, of: Array(cells.indices), record: &record, server: server, rerunsLeft: &rerunsLeft, started: started)
        }
        while let extra = extraRounds?(record), !extra.cells.isEmpty, extra.rounds > 0 {
            let extraStarted = DispatchTime.now()
            progress?(.extraRounds(purpose: extra.purpose, cells: extra.cells.map { cells[$0] }, rounds: extra.rounds))
            record.extraPurposes.append(extra.purpose)
            for _ in 0..<extra.rounds {
                try runRound(record.roundsRun + 1, of: extra.cells, record: &record, server: server, rerunsLeft: &rerunsLeft, started: started)
            }
            record.extraSeconds += GroupProcess.elapsed(since: extraStarted)
        }
        record.suiteSeconds = GroupProcess.elapsed(since: started)
        progress?(.ended(elapsed: record.suiteSeconds))
        return record
    }

    /// One round of the given cells, each run once (again while contaminated and the budget lasts).
    private func runRound(_ round: Int, of indices: [Int], record: inout Record, server: CellServer, rerunsLeft: inout Int,
                          started: DispatchTime) throws {
        record.roundsRun = round
        for index in indices where record.problems[index] == nil {
            let cell = record.cells[index]
            var attempt = 0
            while true {
                if cancellation?.isCancelled == true { throw MeasurementInterrupted() }
                progress?(.started(cell: cell, index: index, repeat: round, elapsed: GroupProcess.elapsed(since: started)))
                let run = try server.run(cell, timeout: timeout, cancellation: cancellation)
                record.runSeconds[index].append(run.processSeconds)
                var again = false
                switch run.result {
                case .ok(var sample):
                    if var reading = sample.contamination {
                        reading.flagged = Contamination.Rule.isContaminated(reading, wall: sample.wall, cpus: cpus)
                        sample.contamination = reading
                        if reading.flagged {
                            record.contaminatedRuns += 1
                            record.worstContamination = max(record.worstContamination, reading.share(wall: sample.wall, cpus: cpus) ?? 0)
                            // One more try per run: contamination that lasts longer than that is the
                            // machine's state, which re-running can't wait out.
                            if attempt == 0, rerunsLeft > 0 {
                                again = true
                                rerunsLeft -= 1
                                record.reruns += 1
                            }
                        }
                    }
                    record.samples[index].append(sample)
                    record.rounds[index].append(round)
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
                guard again else { break }
                attempt += 1
            }
        }
    }
}

/// What the runner tells a progress display.
public enum ProgressEvent: Sendable {
    /// The run starts: these cells, this many repeats each.
    case began(cells: [Cell], repeats: Int)
    case started(cell: Cell, index: Int, repeat: Int, elapsed: Double)
    case finished(cell: Cell, index: Int, repeat: Int, run: CellRun, elapsed: Double)
    /// After the planned rounds: more rounds of some cells, and why.
    case extraRounds(purpose: String, cells: [Cell], rounds: Int)
    case ended(elapsed: Double)
}
