import Foundation

/// Two results files compared cell by cell (`sitegen compare OLD NEW`): each cell's primary metric
/// (wall seconds for timed workloads, µs, KiB or ms per unit for probes; lower is better for all of
/// them) as a `MedianRatio` of the clean samples, new over old.
public struct ResultsComparison: Sendable, Codable, Equatable {
    /// What happened to a cell.
    public enum Change: String, Sendable, Codable, CaseIterable {
        /// Significantly higher: slower, or costlier.
        case worse
        /// Significantly lower.
        case better
        /// Within the noise of the samples.
        case unchanged
        /// In one file only.
        case added, removed
        /// Not measured in one of them (failed, timed out, unavailable), or measured at another profile.
        case notComparable = "not comparable"
    }

    /// One cell in both files.
    public struct Cell: Sendable, Codable, Equatable {
        /// `io_sleep/sleep · threads ×per_task`.
        public var name: String
        public var workload: String
        public var unit: String
        public var oldMedian: Double?
        public var newMedian: Double?
        public var ratio: MedianRatio?
        public var change: Change
        /// Why a cell is not comparable.
        public var note: String?
        /// How far each run's own interval reaches from its median, in per cent (the wider of the two
        /// runs): a change smaller than that is within what one run alone can't tell apart.
        public var noisePercent: Double?
    }

    public var old: String
    public var new: String
    /// A figure counts as a regression when it got significantly worse by more than this many per cent.
    public var thresholdPercent: Double
    public var cells: [Cell]
    /// What makes the files compare less well: another profile, other workload sources, other machines.
    public var notes: [String]

    /// Significantly worse by more than the threshold, what makes `compare` exit 1: the whole interval
    /// of the ratio lies beyond the threshold. A change that is significant but whose interval reaches
    /// back below the threshold may be smaller than it: with the few samples of a quick run, two runs
    /// of the same code often differ significantly by a few per cent, and that must not fail a build.
    ///
    /// The threshold rises to a cell's own noise: two runs of the same code put a cell whose samples
    /// spread by ±20 % within each run at +74 % [+14 %, +146 %] here, three samples a side that didn't
    /// overlap. A slowdown that clears the spread of each run's samples is one no rerun would undo.
    public var regressions: [Cell] {
        cells.filter(isRegression)
    }

    /// Whether a cell is one of `regressions`.
    public func isRegression(_ cell: Cell) -> Bool {
        guard cell.change == .worse, let ratio = cell.ratio else { return false }
        return (ratio.low - 1) * 100 > max(thresholdPercent, cell.noisePercent ?? 0)
    }

    /// The extra a workload reports when it sizes its work by duration on each run (`mixed`'s passes
    /// per reply, `latency`'s job): two runs that sized it differently timed different work.
    public static let workSizeExtra = "work_size"

    /// Compares `new` against `old`; `oldName` and `newName` say which file is which in reports.
    public static func compare(old: ResultsFile, new: ResultsFile, oldName: String, newName: String,
                               thresholdPercent: Double) -> ResultsComparison {
        var notes: [String] = []
        let sameProfile = old.profile == new.profile
        if !sameProfile {
            notes.append("the files were measured at different profiles (\(old.profile) and \(new.profile)), so their sizes differ and no cell compares")
        }
        if old.machineName != new.machineName || old.interpreterLabel != new.interpreterLabel {
            notes.append("different machines or interpreters: \(old.machineName) · \(old.interpreterLabel) and \(new.machineName) · \(new.interpreterLabel)")
        }
        let oldHashes = Dictionary(old.workloads.map { ($0.name, $0.sourceHash) }, uniquingKeysWith: { a, _ in a })
        let changedSources = new.workloads.filter { record in oldHashes[record.name].map { $0 != record.sourceHash } ?? false }.map(\.name)
        if !changedSources.isEmpty {
            notes.append("the source of \(changedSources.joined(separator: ", ")) changed between the runs (what is compared, or a change of the harness)")
        }
        let oldCells = Dictionary(old.measurements.map { (key($0), $0) }, uniquingKeysWith: { a, _ in a })
        let newKeys = Set(new.measurements.map(key))
        // What the bootstrap will resample in all, to size its resamples (MedianRatio.resamplingBudget).
        let resampled = new.measurements.reduce(0) { total, cell in
            guard let before = oldCells[key(cell)] else { return total }
            let sizes = (before.metric.count, cell.metric.count)
            return sizes.0 <= MedianRatio.bootstrapLimit && sizes.1 <= MedianRatio.bootstrapLimit ? total + sizes.0 + sizes.1 : total
        }
        let resamples = MedianRatio.resamples(forTotal: resampled)
        var cells: [Cell] = new.measurements.map { cell in
            compare(oldCells[key(cell)], cell, comparable: sameProfile, resamples: resamples)
        }
        for cell in old.measurements where !newKeys.contains(key(cell)) {
            cells.append(Cell(name: name(cell), workload: cell.workload, unit: cell.unit, oldMedian: median(cell), newMedian: nil,
                              ratio: nil, change: .removed, note: nil))
        }
        return ResultsComparison(old: oldName, new: newName, thresholdPercent: thresholdPercent, cells: cells, notes: notes)
    }

    static func compare(_ old: Measurement?, _ new: Measurement, comparable: Bool, resamples: Int) -> Cell {
        var cell = Cell(name: name(new), workload: new.workload, unit: new.unit, oldMedian: old.flatMap(median), newMedian: median(new),
                        ratio: nil, change: .added, note: nil)
        guard let old else { return cell }
        cell.change = .notComparable
        if !comparable {
            cell.note = "another profile"
        } else if old.status != .ok || new.status != .ok {
            cell.note = "old \(old.status.rawValue), new \(new.status.rawValue)"
        } else if old.unit != new.unit {
            cell.note = "the unit changed (\(old.unit) to \(new.unit))"
        } else if let sizes = differentWorkSizes(old, new) {
            cell.note = "the work was sized on each run (\(workSizeExtra) \(sizes.old) → \(sizes.new)): compare speed-ups within each run instead"
        } else if let ratio = MedianRatio.estimate(old: old.clean.metric, new: new.clean.metric, seed: key(new), resamples: resamples) {
            cell.ratio = ratio
            cell.noisePercent = [old, new].compactMap(noisePercent).max()
            cell.change = !ratio.isSignificant ? .unchanged : ratio.ratio > 1 ? .worse : .better
        } else {
            cell.note = "no samples to compare"
        }
        return cell
    }

    /// How far a cell's interval of its median reaches from the median, in per cent (the larger side).
    static func noisePercent(_ cell: Measurement) -> Double? {
        guard let estimate = cell.metricEstimate ?? cell.median, estimate.median > 0 else { return nil }
        return max(estimate.high - estimate.median, estimate.median - estimate.low) / estimate.median * 100
    }

    /// The medians of the two runs' work sizes, when both report one and they differ by more than rounding.
    static func differentWorkSizes(_ old: Measurement, _ new: Measurement) -> (old: String, new: String)? {
        guard let before = old.extra[workSizeExtra], let after = new.extra[workSizeExtra], !before.isEmpty, !after.isEmpty else {
            return nil
        }
        let (a, b) = (Statistics.median(before), Statistics.median(after))
        guard abs(a - b) > 0.005 * max(abs(a), abs(b)) else { return nil }
        return (String(format: "%.0f", a), String(format: "%.0f", b))
    }

    static func key(_ cell: Measurement) -> String {
        [cell.workload, cell.variant, cell.model, cell.startMethod ?? "", cell.workersLabel ?? cell.workers.map(String.init) ?? ""]
            .joined(separator: "\u{0}")
    }

    static func name(_ cell: Measurement) -> String {
        let workers = cell.workersLabel ?? cell.workers.map(String.init)
        return "\(cell.workload)/\(cell.variant) · \(cell.modelLabel)" + (workers.map { " ×\($0)" } ?? "")
    }

    static func median(_ cell: Measurement) -> Double? {
        let samples = cell.clean.metric
        return cell.status == .ok && !samples.isEmpty ? Statistics.median(samples) : nil
    }
}
