import SiteGenCore

/// How much a results file may hold: every list it controls is bounded, so that a file from elsewhere
/// can't make a build slow or huge, and a file over a limit is refused with the JSON path of the list
/// at fault, never cut short in silence. Checked after decoding and before any statistics; the bytes
/// themselves are bounded by `ResultsInputs.maximumFileSize`.
package enum ResultsLimits {
    /// Entries in one list of one cell (`wall`, `cpu`, `metric`, each `extra` list, `rounds`,
    /// `contamination`, `runSeconds`). A real cell has its repeats (3 to 10 by profile), the extra
    /// rounds of claims (up to `DecisionRule.looks.last`, 12) and the repeats measured again after
    /// contamination: a few dozen. Twenty thousand is hundreds of times that; a cell that size costs
    /// its statistics milliseconds (they are O(n log n)), and its five lists of samples fit in the
    /// per-file limit below with room for the rest of a file.
    public static let maximumSamplesPerCell = 20_000
    /// Samples of every cell of a file together, counted as for the per-cell limit. A real file holds a
    /// few tens of thousands at most (a few hundred cells, five lists of a few dozen each). Reading,
    /// deriving and publishing a file cost about a second per 200,000 samples on a 2-CPU machine
    /// (`Benchmarks/hostile-results.sh`), mostly JSON decoding and encoding, so this keeps what one
    /// file can add to a build to about a second.
    public static let maximumSamplesPerFile = 200_000
    /// Cells of one file: the full profile measures a few hundred.
    public static let maximumMeasurements = 10_000
    /// Workloads of one file: the catalogue has about ten.
    public static let maximumWorkloads = 1_000
    /// Names in one cell's `extra`: a workload reports about half a dozen other numbers.
    public static let maximumExtraNames = 100
    /// The short lists (load averages, start methods, purposes of extra rounds): a handful each.
    public static let maximumShortList = 100
    /// The CPU counts a host may claim: 2²⁰, far beyond any machine, so a garbled count is caught.
    public static let maximumCPUs = 1 << 20
    /// Problems reported one by one; any more are counted in one last line.
    public static let maximumReported = 10

    /// What is over a limit, each as `path: what` (`measurements[3].wall: 25000 samples, …`), in file order.
    public static func problems(in results: ResultsFile) -> [String] {
        var problems: [String] = []
        func list(_ path: String, _ count: Int, _ limit: Int, _ what: String) {
            if count > limit { problems.append("\(path): \(count) \(what), more than the \(limit) sitegen reads") }
        }
        list("workloads", results.workloads.count, maximumWorkloads, "workloads")
        list("measurements", results.measurements.count, maximumMeasurements, "cells")
        list("loadBefore", results.loadBefore?.count ?? 0, maximumShortList, "entries")
        list("loadAfter", results.loadAfter?.count ?? 0, maximumShortList, "entries")
        list("interpreter.startMethods", results.interpreter.startMethods.count, maximumShortList, "entries")
        list("adaptation.extraPurposes", results.adaptation?.extraPurposes.count ?? 0, maximumShortList, "entries")
        for (name, count) in [("host.logicalCPUs", results.host.logicalCPUs), ("host.effectiveCPUs", results.host.effectiveCPUs)]
        where count < 1 || count > maximumCPUs {
            problems.append("\(name): \(count) CPUs, out of the range 1 to \(maximumCPUs) sitegen reads")
        }
        var total = 0
        for (index, cell) in results.measurements.enumerated() {
            let path = "measurements[\(index)]"
            let lists: [(String, Int)] = [("wall", cell.wall.count), ("cpu", cell.cpu.count), ("metric", cell.metric.count),
                                          ("rounds", cell.rounds?.count ?? 0), ("contamination", cell.contamination?.count ?? 0),
                                          ("runSeconds", cell.runSeconds?.count ?? 0)]
            for (name, count) in lists {
                list("\(path).\(name)", count, maximumSamplesPerCell, "samples")
                total += count
            }
            list("\(path).extra", cell.extra.count, maximumExtraNames, "names")
            for (name, values) in cell.extra.sorted(by: { $0.key < $1.key }) {
                list("\(path).extra.\(name)", values.count, maximumSamplesPerCell, "samples")
                total += values.count
            }
        }
        list("measurements", total, maximumSamplesPerFile, "samples in all")
        return problems
    }

    /// The problems as errors on `file`, the first `maximumReported` one by one, each saying what to do.
    public static func diagnostics(_ problems: [String], file: String) -> [Diagnostic] {
        let advice = "a results file written by `sitegen bench` holds far less; measure again, or leave the file out"
        var diagnostics = problems.prefix(maximumReported).map { Diagnostic.error("\($0); \(advice)", file: file) }
        if problems.count > maximumReported {
            diagnostics.append(.error("\(problems.count - maximumReported) more lists of this results file are over sitegen's limits", file: file))
        }
        return diagnostics
    }
}
