import SiteGenCore
import SiteGenResults
import SiteGenMeasure
import SiteGenRender
import SiteGenContent
/// `{{< chart cpu_python kind=speedup >}}`: a server-side SVG chart of a workload's results, with a
/// caption, a title and description for screen readers, and the numbers in a table behind "Data".
///
/// Kinds: `speedup` (a line per model against worker counts, the ideal min(workers, effective CPUs)
/// dashed), `parallelism` (the same for CPU seconds per wall second), `bars` (a bar per model and
/// variant with interval whiskers, for overheads and memory). The default is `speedup` for timed
/// workloads (unit `s`) and `bars` otherwise.
struct ChartDirective: DirectiveHandler {
    public let name = "chart"
    public let usage = "{{< chart cpu_python kind=speedup variant=loop >}} or {{< chart overhead kind=bars variant=start_task,start_thread >}}"

    public enum Kind: String, CaseIterable, Sendable {
        case speedup, parallelism, bars
    }

    public init() {}

    public func resolve(_ directive: Directive, in context: DirectiveContext) throws -> DirectiveValue {
        try directive.validate(named: ["workload", "kind", "variant", "models", "workers", "metric", "scale", "title", "caption", "id"],
                               maxPositional: 1, usage: usage)
        let index = try TableDirective.index(for: directive, in: context, usage: usage)
        let workload = try TableDirective.workload(of: directive, in: index, usage: usage)
        var kind: Kind?
        if let argument = directive.argument("kind") {
            guard let asked = Kind(rawValue: argument.value) else {
                throw directive.error("unknown chart kind `\(argument.value)`; known: \(Kind.allCases.map(\.rawValue).joined(separator: ", "))", at: argument)
            }
            kind = asked
        }
        // Timed workloads scale with workers; overheads, memory and latency are compared as bars.
        let timed = index.results.measurements.filter { $0.workload == workload }.allSatisfy { $0.unit == "s" }
        let resolvedKind = kind ?? (timed ? .speedup : .bars)
        let variants = try TableDirective.variants(of: directive, workload: workload, in: index, usage: usage,
                                                   allowMany: resolvedKind == .bars)
        var cells = variants.flatMap { index.measurements(workload: workload, variant: $0) }
        cells = try TableDirective.filterModels(cells, directive: directive, keepSequential: true)
        cells = try TableDirective.filterWorkers(cells, directive: directive)
        if resolvedKind != .bars {
            for key in ["metric", "scale"] {
                if let argument = directive.argument(key) {
                    throw directive.error("`\(key)` applies to kind=bars only", at: argument)
                }
            }
        }
        let id = directive.argument("id")?.value
            ?? "chart-" + Chart.idFragment("\(workload)-\(variants.count == 1 ? variants[0] + "-" : "")\(resolvedKind.rawValue)-\(directive.line)")
        switch resolvedKind {
        case .speedup, .parallelism:
            return .block(html: try lineChart(directive, kind: resolvedKind, workload: workload, variant: variants[0],
                                              cells: cells, index: index, id: id, page: context.page))
        case .bars:
            return .block(html: try barChart(directive, workload: workload, variants: variants, cells: cells,
                                             index: index, id: id, page: context.page))
        }
    }

    public func requiredWorkloads(_ directive: Directive) -> [String] {
        directive.value("workload", orPosition: 0).map { [$0.value] } ?? []
    }

    // MARK: - Lines

    private func lineChart(_ directive: Directive, kind: Kind, workload: String, variant: String, cells: [Measurement],
                           index: ResultsIndex, id: String, page: String) throws -> String {
        let results = index.results
        if kind == .speedup && index.baseline(workload: workload, variant: variant) == nil {
            throw directive.error("`\(workload)/\(variant)` has no successful sequential cell to compute speedups from; use kind=parallelism or kind=bars")
        }
        var series: [LineChart.Series] = []
        var order: [String] = []
        for cell in cells where !cell.isBaseline && !order.contains(cell.modelLabel) { order.append(cell.modelLabel) }
        for label in order {
            let modelCells = cells.filter { $0.modelLabel == label && $0.status == .ok && $0.workers != nil }
            let points = modelCells.compactMap { cell -> LineChart.Point? in
                let estimate = kind == .speedup ? cell.speedup : cell.parallelism
                return estimate.map { LineChart.Point(workers: cell.workers!, estimate: $0) }
            }
            guard let first = modelCells.first, !points.isEmpty else { continue }
            series.append(LineChart.Series(label: label, model: first.model, startMethod: first.startMethod, points: points))
        }
        guard !series.isEmpty else {
            throw directive.error("`\(workload)/\(variant)` has no successful cell with a worker count to draw; show it with `table` instead")
        }
        let cpus = results.host.effectiveCPUs
        let noun = kind == .speedup ? "Speedup" : "Parallelism"
        let name = "\(workload)/\(variant)"
        let title = directive.argument("title")?.value ?? "\(noun) of \(name) by number of workers"
        let waits = Metric.isWaitBound(workload, in: results)
        let ideal: LineChart.Ideal = waits ? (kind == .speedup ? .workers : .none) : .capped(cpus)
        let description = Self.describe(series, kind: kind, ideal: ideal)
        let chart = LineChart(id: id, title: title, description: description, series: series,
                              yLabel: kind == .speedup ? "speedup (×)" : "CPU s per wall s",
                              ideal: ideal, referenceLabel: kind == .speedup ? "sequential (1×)" : "one CPU")
        let okCells = cells.filter { $0.status == .ok && !$0.isBaseline }
        let confidences = Set(okCells.compactMap { kind == .speedup ? $0.speedup : $0.parallelism }
            .map { Formatting.confidence($0.confidence) })
        let interval = confidences.count == 1 ? "\(confidences.first!) intervals" : "intervals"
        var caption = directive.argument("caption").map { Self.firstSentence($0.value) }
            ?? (kind == .speedup
                ? "Speedup over sequential of <code>\(HTML.escape(workload))</code> / <code>\(HTML.escape(variant))</code> by number of workers"
                : "CPU seconds per wall second of <code>\(HTML.escape(workload))</code> / <code>\(HTML.escape(variant))</code> by number of workers")
        switch ideal {
        case .capped: caption += ". Dashed: the ideal, min(workers, \(cpus) effective CPU\(cpus == 1 ? "" : "s"))"
        case .workers: caption += ". Dashed: the ideal for waiting, one wait per worker at a time"
        case .none: break
        }
        caption += "; whiskers: \(interval); " + Formatting.samples(okCells.map { $0.wall.count }) + " per cell."
        let table = ResultsTable(workload: workload, variant: variant, cells: cells, index: index, page: page,
                                 mode: kind == .speedup ? .speedup : nil)
        return Chart.figure(id: id, kind: kind.rawValue, caption: caption, svg: chart.svg(), data: table.html())
    }

    /// A sentence per model: where it peaks, or that it shows no measurable gain.
    static func describe(_ series: [LineChart.Series], kind: Kind, ideal: LineChart.Ideal) -> String {
        var sentences: [String] = []
        for line in series {
            guard let best = line.points.max(by: { $0.estimate.median < $1.estimate.median }) else { continue }
            let figure = Formatting.figure(best.estimate, unit: kind == .speedup ? "×" : "∥").text
            let at = best.workers == 1 ? "1 worker" : "\(best.workers) workers"
            if kind == .speedup {
                if best.estimate.high < 1 {
                    sentences.append("\(line.label) is slower than sequential at every worker count (best \(figure) with \(at))")
                } else if best.estimate.low <= 1 {
                    sentences.append("\(line.label) shows no measurable speedup (best \(figure) with \(at))")
                } else {
                    sentences.append("\(line.label) peaks at \(figure) with \(at)")
                }
            } else {
                sentences.append("\(line.label) keeps at most \(figure) CPUs busy (with \(at))")
            }
        }
        let text = sentences.joined(separator: "; ") + "."
        switch ideal {
        case .capped(let cpus): return text + " The ideal is min(workers, \(cpus)), as the machine has \(cpus) effective CPU\(cpus == 1 ? "" : "s")."
        case .workers: return text + " The ideal equals the number of workers, as waits overlap without using CPUs."
        case .none: return text
        }
    }

    // MARK: - Bars

    private func barChart(_ directive: Directive, workload: String, variants: [String], cells: [Measurement],
                          index: ResultsIndex, id: String, page: String) throws -> String {
        let (metric, extra) = try Self.barMetric(directive, cells: cells)
        let scale = try Self.barScale(directive)
        let shown = metric == .speedup || metric == .efficiency ? cells.filter { !$0.isBaseline } : cells
        let unit = try Self.barUnit(directive, cells: shown, metric: metric)
        let variant = variants.count > 1 ? nil : variants[0]
        let workerLabels = Set(shown.map(ResultsIndex.workersLabel))
        var bars: [BarChart.Bar] = []
        var rows: [(Measurement, String, Estimate?)] = []
        for cell in shown {
            let label = Self.barLabel(cell, showVariant: variant == nil, workerLabels: workerLabels)
            let estimate = metric.estimate(of: cell, in: index, extra: extra)
            rows.append((cell, label, estimate))
            if let estimate { bars.append(BarChart.Bar(label: label, model: cell.model, estimate: estimate)) }
        }
        guard !bars.isEmpty else {
            throw directive.error("no successful cell of `\(workload)` to draw\(extra.map { " with metric `\($0)`" } ?? "")")
        }
        let what = extra ?? (metric == .median || metric == .metric ? "median" : metric.noun)
        let unitText = Formatting.unitDescription(unit == "×" ? "ratio" : unit == "∥" ? "CPUs" : unit == "%" ? "share" : unit)
        let name = "\(workload)" + (variant.map { "/\($0)" } ?? "")
        let title = directive.argument("title")?.value ?? "\(what.prefix(1).uppercased() + what.dropFirst()) of \(name), \(unitText)"
        var chart = BarChart(id: id, title: title, description: Self.describe(bars, unit: unit), bars: bars, unit: unit,
                             axisLabel: "\(what), \(unitText)", scale: scale)
        let isLog = chart.resolvedScale == .log
        if isLog { chart.description += " The axis is logarithmic." }
        let caption = Self.barCaption(directive, what: what, workload: workload, variant: variant, unitText: unitText,
                                      isLog: isLog, cells: shown)
        return Chart.figure(id: id, kind: "bars", caption: caption, svg: chart.svg(),
                            data: ChartDataTable.html(rows, unit: unit, what: what, results: index.results, page: page))
    }

    /// The `metric` argument: a known metric, or the name of an extra figure the cells recorded
    /// (returned as the second value, with the metric `.metric`). The default is the median.
    private static func barMetric(_ directive: Directive, cells: [Measurement]) throws -> (Metric, extra: String?) {
        guard let argument = directive.argument("metric") else { return (.median, nil) }
        if let known = Metric(rawValue: argument.value) { return (known, nil) }
        let extras = Array(Set(cells.flatMap { $0.extra.keys })).sorted()
        guard extras.contains(argument.value) else {
            let names = Metric.allCases.map(\.rawValue) + extras
            throw directive.error(TableDirective.unknown("metric", argument.value, names), at: argument)
        }
        return (.metric, argument.value)
    }

    /// The `scale` argument; `auto` when it's absent.
    private static func barScale(_ directive: Directive) throws -> BarChart.Scale {
        guard let argument = directive.argument("scale") else { return .auto }
        guard let asked = BarChart.Scale(rawValue: argument.value) else {
            throw directive.error("`scale` is log, linear or auto, not `\(argument.value)`", at: argument)
        }
        return asked
    }

    /// The one unit the shown cells share under the metric; bars in different units on one axis
    /// would mislead, so mixing them is an error. Seconds when there are no cells.
    private static func barUnit(_ directive: Directive, cells: [Measurement], metric: Metric) throws -> String {
        let units = Array(Set(cells.map { metric.unit(of: $0) })).sorted()
        guard units.count <= 1 else {
            throw directive.error("these cells are in different units (\(units.joined(separator: ", "))); chart one unit at a time with variant=…")
        }
        return units.first ?? "s"
    }

    /// A bar's label: the variant when several are charted, then the model, with its worker count
    /// when the chart mixes worker counts.
    private static func barLabel(_ cell: Measurement, showVariant: Bool, workerLabels: Set<String>) -> String {
        var parts: [String] = []
        if showVariant { parts.append(cell.variant) }
        var model = cell.modelLabel
        if workerLabels.count > 1, ResultsIndex.workersLabel(cell) != "-" {
            model = Formatting.cellLabel(cell)
        }
        parts.append(model)
        return parts.joined(separator: " · ")
    }

    /// The lowest and highest bar, and how far apart they are unless their intervals overlap.
    private static func describe(_ bars: [BarChart.Bar], unit: String) -> String {
        let sorted = bars.sorted { $0.estimate.median < $1.estimate.median }
        guard let low = sorted.first, let high = sorted.last else { return "" }
        let lowText = Formatting.figure(low.estimate, unit: unit).text
        let highText = Formatting.figure(high.estimate, unit: unit).text
        if sorted.count == 1 { return "\(low.label): \(lowText)." }
        var description = "Lowest: \(low.label), \(lowText); highest: \(high.label), \(highText)"
        if low.estimate.median > 0 {
            let overlap = low.estimate.high >= high.estimate.low
            description += overlap ? ", no measurable difference." : ", \(Formatting.number(high.estimate.median / low.estimate.median))× as much."
        } else {
            // A ratio to zero means nothing.
            description += "."
        }
        return description
    }

    /// The author's caption or one naming the figure, then what the whiskers and axis show and the samples.
    /// `variant` is nil when the chart shows several.
    private static func barCaption(_ directive: Directive, what: String, workload: String, variant: String?, unitText: String,
                                   isLog: Bool, cells: [Measurement]) -> String {
        var caption = directive.argument("caption").map { firstSentence($0.value) }
            ?? "\(HTML.escape(what.prefix(1).uppercased() + what.dropFirst())) of <code>\(HTML.escape(workload))</code>\(variant.map { " / <code>\(HTML.escape($0))</code>" } ?? "") in \(HTML.escape(unitText))"
        caption += ". Whiskers: intervals of the median"
        if isLog { caption += "; logarithmic axis" }
        caption += "; " + Formatting.samples(cells.filter { $0.status == .ok }.map { $0.wall.count }) + " per cell."
        return caption
    }
}

extension ChartDirective {
    /// An author's caption as the caption's first sentence, escaped: the directive appends more
    /// sentences, so a full stop the author ended with would come out doubled.
    static func firstSentence(_ caption: String) -> String {
        var text = caption.trimmingCharacters(in: .whitespaces)
        while text.hasSuffix(".") { text.removeLast() }
        return HTML.escape(text)
    }
}
