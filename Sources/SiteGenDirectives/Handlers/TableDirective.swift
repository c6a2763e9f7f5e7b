import SiteGenCore
import SiteGenResults
import SiteGenMeasure
import SiteGenRender
import SiteGenContent
/// `{{< table cpu_python variant=loop >}}`: a workload variant's results as a table of models × worker
/// counts (see `ResultsTable`).
///
/// Arguments: the workload (positional or `workload=`); `variant=` when the workload has several;
/// `models=` a comma-separated list of model ids or labels (`threads,process_pool[spawn]`) that
/// filters and orders the rows; `workers=` a comma-separated list of worker counts or labels that
/// filters the columns; `show=speedup|metric` to override what the cells show; `caption="…"` to
/// replace the caption's first sentence.
struct TableDirective: DirectiveHandler {
    public let name = "table"
    public let usage = "{{< table cpu_python variant=loop models=threads,process_pool workers=1,2,4 >}}"

    public init() {}

    public func resolve(_ directive: Directive, in context: DirectiveContext) throws -> DirectiveValue {
        try directive.validate(named: ["workload", "variant", "models", "workers", "show", "caption"], maxPositional: 1, usage: usage)
        let index = try Self.index(for: directive, in: context, usage: usage)
        let workload = try Self.workload(of: directive, in: index, usage: usage)
        let variant = try Self.variants(of: directive, workload: workload, in: index, usage: usage, allowMany: false)[0]
        var cells = index.measurements(workload: workload, variant: variant)
        cells = try Self.filterModels(cells, directive: directive, keepSequential: true)
        cells = try Self.filterWorkers(cells, directive: directive)
        var mode: ResultsTable.Mode?
        if let show = directive.argument("show") {
            guard let asked = ResultsTable.Mode(rawValue: show.value) else {
                throw directive.error("`show` is `speedup` or `metric`, not `\(show.value)`", at: show)
            }
            if asked == .speedup && index.baseline(workload: workload, variant: variant) == nil {
                throw directive.error("`\(workload)/\(variant)` has no successful sequential cell to compute speedups from; use show=metric", at: show)
            }
            mode = asked
        }
        let table = ResultsTable(workload: workload, variant: variant, cells: cells, index: index, page: context.page,
                                 mode: mode, caption: directive.argument("caption")?.value)
        return .block(html: table.html())
    }

    public func requiredWorkloads(_ directive: Directive) -> [String] {
        directive.value("workload", orPosition: 0).map { [$0.value] } ?? []
    }

    // MARK: - Shared by the measurement directives (table, chart)

    /// The build's results, or an error saying how to get them.
    static func index(for directive: Directive, in context: DirectiveContext, usage: String) throws -> ResultsIndex {
        guard let index = context.results else {
            throw directive.error("`\(directive.name)` shows measurements, but this build has none; build with measurements (`sitegen build` measures, or pass --results FILE)")
        }
        return index
    }

    /// The workload argument, checked against the results.
    static func workload(of directive: Directive, in index: ResultsIndex, usage: String) throws -> String {
        guard let argument = directive.value("workload", orPosition: 0) else {
            throw directive.error("`\(directive.name)` needs a workload; usage: \(usage)")
        }
        guard index.workloads.contains(argument.value) else {
            // The index knows whether the name is a workload that wasn't measured or a typo.
            if case let .failure(lookup) = index.find(.init(workload: argument.value)) {
                throw directive.error(lookup.message, at: argument)
            }
            throw directive.error(unknown("workload", argument.value, index.workloads), at: argument)
        }
        return argument.value
    }

    /// The variant(s) asked for (`variant=a,b` when `allowMany`), or the only one.
    static func variants(of directive: Directive, workload: String, in index: ResultsIndex, usage: String,
                         allowMany: Bool) throws -> [String] {
        let known = index.variants(of: workload)
        guard let argument = directive.argument("variant") else {
            if known.count == 1 || allowMany { return known }
            throw directive.error("`\(workload)` has several variants; add variant=… (one of \(known.joined(separator: ", ")))")
        }
        let asked = argument.value.split(separator: ",").map(String.init)
        if !allowMany && asked.count != 1 {
            throw directive.error("`\(directive.name)` shows one variant; give one of \(known.joined(separator: ", "))", at: argument)
        }
        for variant in asked where !known.contains(variant) {
            throw directive.error(unknown("variant of \(workload)", variant, known), at: argument)
        }
        return asked
    }

    /// Keeps the cells of the models named in `models=` (ids or labels such as `process_pool[spawn]`),
    /// in that order; all cells when it is absent.
    static func filterModels(_ cells: [Measurement], directive: Directive, keepSequential: Bool) throws -> [Measurement] {
        guard let argument = directive.argument("models") else { return cells }
        let asked = argument.value.split(separator: ",").map(String.init)
        var knownNames: [String] = []
        for cell in cells {
            for name in [cell.model, cell.modelLabel] where !knownNames.contains(name) { knownNames.append(name) }
        }
        var kept: [Measurement] = []
        for name in asked {
            let matching = cells.filter { $0.model == name || $0.modelLabel == name }
            guard !matching.isEmpty else {
                throw directive.error(unknown("model", name, knownNames), at: argument)
            }
            kept += matching.filter { cell in !kept.contains(cell) }
        }
        if keepSequential {
            kept += cells.filter { $0.isBaseline && !kept.contains($0) }
        }
        return kept
    }

    /// Keeps the cells whose worker label is in `workers=`; all cells when it is absent. Cells without
    /// workers (sequential) are kept, as they are the baseline.
    static func filterWorkers(_ cells: [Measurement], directive: Directive) throws -> [Measurement] {
        guard let argument = directive.argument("workers") else { return cells }
        let asked = argument.value.split(separator: ",").map(String.init)
        var known: [String] = []
        for label in cells.map(ResultsIndex.workersLabel) where label != "-" && !known.contains(label) { known.append(label) }
        for label in asked where !known.contains(label) {
            throw directive.error(unknown("worker count", label, known), at: argument)
        }
        return cells.filter { cell in
            let label = ResultsIndex.workersLabel(cell)
            return label == "-" || asked.contains(label)
        }
    }

    static func unknown(_ what: String, _ value: String, _ known: [String]) -> String {
        let suggestion = Suggestion.prompt(for: value, among: known)
        return "unknown \(what) `\(value)`; \(suggestion)known: \(known.joined(separator: ", "))"
    }
}
