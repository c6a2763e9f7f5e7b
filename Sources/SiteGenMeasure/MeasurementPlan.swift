import SiteGenCore
import SiteGenResults
import SiteGenProcess

/// The cells one run measures, in the order each repeat runs them, and the models recorded as
/// unavailable instead of run.
package struct MeasurementPlan: Sendable {
    public var profile: Profile
    public var cells: [Cell]
    /// One record per (variant, model) the interpreter can't run, with the reason.
    public var unavailable: [SiteGenResults.Measurement]
    /// The workloads the plan covers, in catalogue order.
    public var workloads: [Catalogue.Workload]

    /// Builds the plan: every visible workload (or just `only`) × variant × the cells the harness lists
    /// for this interpreter (model × start method × workers; with an older harness that lists none,
    /// every start method the interpreter has for process models).
    ///
    /// A sweep of powers of two that starts at 1 (`1, 2, 4`) is extended by doubling until it reaches
    /// at least twice the effective CPUs, so a machine with more CPUs still shows where scaling stops.
    public static func make(catalogue: Catalogue, facts: PythonFacts, effectiveCPUs: Int, profile: Profile,
                            only: [String]? = nil) throws -> MeasurementPlan {
        let chosen: [Catalogue.Workload]
        if let only, !only.isEmpty {
            var picked: [Catalogue.Workload] = []
            for name in only {
                guard let workload = catalogue.workload(named: name) else {
                    let known = catalogue.workloads.filter { $0.hidden != true }.map(\.name)
                    let suggestion = Suggestion.prompt(for: name, among: known)
                    throw DiagnosticError(.error("unknown workload `\(name)`; \(suggestion)known: \(known.joined(separator: ", "))"),
                                          isEnvironmental: true)
                }
                if !picked.contains(where: { $0.name == name }) { picked.append(workload) }
            }
            chosen = picked
        } else {
            chosen = catalogue.workloads.filter { $0.hidden != true }
        }
        let unavailableReasons = Dictionary(catalogue.unavailable.map { ($0.model, $0.reason) }, uniquingKeysWith: { first, _ in first })
        var cells: [Cell] = []
        var unavailable: [Measurement] = []
        for workload in chosen {
            for variant in workload.variants {
                guard let size = variant.sizes[profile.rawValue] else {
                    throw DiagnosticError(.error("the catalogue gives `\(workload.name)/\(variant.name)` no size for the \(profile) profile"),
                                          isEnvironmental: true)
                }
                for planned in plannedCells(variant, catalogue: catalogue, facts: facts, unavailableReasons: unavailableReasons,
                                            effectiveCPUs: effectiveCPUs) {
                    if let reason = planned.unavailable {
                        unavailable.append(Measurement(workload: workload.name, variant: variant.name, model: planned.model,
                                                       status: .unavailable, error: reason, unit: variant.unit))
                        continue
                    }
                    cells.append(Cell(workload: workload.name, variant: variant.name, model: planned.model, startMethod: planned.startMethod,
                                      workers: planned.workers, size: size, unit: variant.unit, kind: workload.kind))
                }
            }
        }
        return MeasurementPlan(profile: profile, cells: cells, unavailable: unavailable, workloads: chosen)
    }

    /// A variant's cells: the harness's own list when it gives one, else every model × start method
    /// (each one the interpreter has, for process models) × worker count. Either way each doubling
    /// sweep of one model and start method is extended to twice the effective CPUs.
    static func plannedCells(_ variant: Catalogue.Variant, catalogue: Catalogue, facts: PythonFacts,
                             unavailableReasons: [String: String], effectiveCPUs: Int) -> [Catalogue.PlannedCell] {
        var listed: [Catalogue.PlannedCell] = []
        if let cells = variant.cells {
            listed = cells
        } else {
            for model in variant.models {
                if let reason = unavailableReasons[model] {
                    listed.append(.init(model: model, workers: nil, startMethod: nil, unavailable: reason))
                    continue
                }
                let methods: [String?] = catalogue.needsStartMethod(model) ? facts.startMethods.map { $0 } : [nil]
                if methods.isEmpty {
                    listed.append(.init(model: model, workers: nil, startMethod: nil,
                                        unavailable: "this interpreter has no multiprocessing start method"))
                }
                for method in methods {
                    for workers in variant.sweep(for: model).map({ $0.map { Optional($0) } }) ?? [nil] {
                        listed.append(.init(model: model, workers: workers, startMethod: method, unavailable: nil))
                    }
                }
            }
        }
        return extendSweeps(listed, effectiveCPUs: effectiveCPUs)
    }

    /// Extends each doubling sweep of one model and start method, placing the new counts after the
    /// group's last numeric cell.
    static func extendSweeps(_ cells: [Catalogue.PlannedCell], effectiveCPUs: Int) -> [Catalogue.PlannedCell] {
        struct Group: Hashable { var model: String; var method: String? }
        var counts: [Group: [WorkerCount]] = [:]
        var lastNumeric: [Group: Int] = [:]
        for (index, cell) in cells.enumerated() where cell.unavailable == nil {
            guard let workers = cell.workers else { continue }
            let group = Group(model: cell.model, method: cell.startMethod)
            counts[group, default: []].append(workers)
            if workers.number != nil { lastNumeric[group] = index }
        }
        var additions: [Int: [Catalogue.PlannedCell]] = [:]
        for (group, sweep) in counts {
            let extended = expand(sweep, effectiveCPUs: effectiveCPUs).filter { !sweep.contains($0) }
            guard !extended.isEmpty, let after = lastNumeric[group] else { continue }
            additions[after] = extended.map { .init(model: group.model, workers: $0, startMethod: group.method, unavailable: nil) }
        }
        guard !additions.isEmpty else { return cells }
        var result: [Catalogue.PlannedCell] = []
        for (index, cell) in cells.enumerated() {
            result.append(cell)
            result += additions[index] ?? []
        }
        return result
    }

    /// Extends a doubling sweep (1, 2, 4 …) to at least twice the effective CPUs; other lists stay as given.
    public static func expand(_ sweep: [WorkerCount], effectiveCPUs: Int) -> [WorkerCount] {
        let numbers = sweep.compactMap(\.number).sorted()
        guard numbers.count >= 2, numbers[0] == 1, numbers[1] == 2, var largest = numbers.last else { return sweep }
        var extended = sweep
        let target = 2 * max(1, effectiveCPUs)
        while largest < target {
            largest *= 2
            // Keep the counts together and in order: after the last number, before per_task/default.
            let insertAt = (extended.lastIndex { $0.number != nil } ?? -1) + 1
            extended.insert(.count(largest), at: insertAt)
        }
        return extended
    }
}
