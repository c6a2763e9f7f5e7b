import SiteGenCore
import SiteGenResults

/// A workload variant's cells as an HTML table: a row per model (with its start method), a column per
/// worker count.
///
/// Throughput variants (unit `s` with a sequential baseline) show speedup ± its interval and
/// parallelism (CPU s per wall s) in each cell; other variants (overheads, memory, latency) show the
/// median of their metric ± its interval. The best cell is marked, noisy cells are flagged, and cells
/// that failed, timed out or were unavailable say so with the reason in a footnote.
package struct ResultsTable: Sendable {
    /// What the cells show.
    public enum Mode: String, Sendable {
        /// Speedup over sequential and parallelism; higher is better.
        case speedup
        /// The median of the variant's metric; lower is better.
        case metric
    }

    public var workload: String
    public var variant: String
    /// The cells to show, sequential included (it becomes the baseline in speedup mode).
    public var cells: [Measurement]
    public var index: ResultsIndex
    /// The page the table is on, for relative links.
    public var page: String
    public var mode: Mode
    /// Replaces the generated first sentence of the caption.
    public var caption: String?

    public init(workload: String, variant: String, cells: [Measurement], index: ResultsIndex, page: String,
                mode: Mode? = nil, caption: String? = nil) {
        self.workload = workload
        self.variant = variant
        self.cells = cells
        self.index = index
        self.page = page
        self.mode = mode ?? Self.defaultMode(for: cells, workload: workload, variant: variant, index: index)
        self.caption = caption
    }

    /// Speedup when the variant is timed in seconds and has a sequential baseline, else its metric.
    public static func defaultMode(for cells: [Measurement], workload: String, variant: String, index: ResultsIndex) -> Mode {
        let timed = cells.allSatisfy { $0.unit == "s" }
        return timed && index.baseline(workload: workload, variant: variant) != nil ? .speedup : .metric
    }

    /// Row names: model labels in the order the cells come, sequential left out in speedup mode.
    public var rows: [String] {
        unique(cells.filter { mode == .metric || !$0.isBaseline }.map(\.modelLabel))
    }

    /// Column names: worker counts ascending, then `per_task`, `default`, and `-` (workers don't apply).
    public var columns: [String] {
        let shown = cells.filter { mode == .metric || !$0.isBaseline }
        return unique(shown.map(ResultsIndex.workersLabel)).sorted(by: Self.workersOrder)
    }

    package static func workersOrder(_ a: String, _ b: String) -> Bool {
        func rank(_ label: String) -> (Int, Int, String) {
            if let count = Int(label) { return (0, count, label) }
            switch label {
            case "per_task": return (1, 0, label)
            case "default": return (2, 0, label)
            case "-": return (4, 0, label)
            default: return (3, 0, label)
            }
        }
        return rank(a) < rank(b)
    }

    /// The cell a row and a column name, if measured.
    package func cell(row: String, column: String) -> Measurement? {
        cells.first { $0.modelLabel == row && ResultsIndex.workersLabel($0) == column
            && (mode == .metric || !$0.isBaseline) }
    }

    /// The estimate a cell shows.
    package func shown(_ measurement: Measurement) -> Estimate? {
        mode == .speedup ? measurement.speedup : Metric.primary(measurement)
    }

    /// The best cell: the highest speedup, or the lowest metric; nil when fewer than two cells compete.
    public var best: Measurement? {
        let candidates = cells.filter { $0.status == .ok && (mode == .metric || !$0.isBaseline) }
            .compactMap { cell in shown(cell).map { (cell, $0) } }
        guard candidates.count > 1 else { return nil }
        let picked = mode == .speedup
            ? candidates.max { $0.1.median < $1.1.median }
            : candidates.min { $0.1.median < $1.1.median }
        return picked?.0
    }

    public func html() -> String {
        let results = index.results
        let rows = self.rows, columns = self.columns
        let best = self.best
        var notes: [String] = []
        var footnotes: [String] = []
        var anyNoisy = false
        var body = ""
        for row in rows {
            body += "<tr><th scope=\"row\">\(HTML.escape(row))</th>"
            for column in columns {
                guard let cell = cell(row: row, column: column) else {
                    body += "<td class=\"empty\"><span aria-hidden=\"true\">—</span><span class=\"visually-hidden\">not measured</span></td>"
                    continue
                }
                if cell.status != .ok {
                    let mark = Self.footnoteMark(footnotes.count)
                    let status = Self.statusText(cell.status)
                    let reason = cell.error.map { $0.isEmpty ? "" : ": " + $0 } ?? ""
                    footnotes.append("<sup>\(mark)</sup> \(HTML.escape(Formatting.cellLabel(cell))) \(status)\(HTML.escape(reason))")
                    let cls = cell.status == .unavailable ? "unavailable" : "failed"
                    body += "<td class=\"\(cls)\" title=\"\(HTML.escape(status + reason))\">\(status)<sup>\(mark)</sup></td>"
                    continue
                }
                guard let estimate = shown(cell) else {
                    body += "<td class=\"empty\"><span aria-hidden=\"true\">—</span><span class=\"visually-hidden\">no estimate</span></td>"
                    continue
                }
                var text = Formatting.figure(estimate, unit: mode == .speedup ? "×" : cell.unit).text
                if mode == .speedup, let parallelism = cell.parallelism {
                    text += " · ∥" + Formatting.fixed(parallelism.median, decimals: parallelism.median < 10 ? 1 : 0)
                }
                var classes: [String] = []
                let isBest = best.map { $0 == cell } ?? false
                if isBest { classes.append("best") }
                let noisy = cell.noisy
                if noisy { classes.append("noisy"); anyNoisy = true }
                let attribute = classes.isEmpty ? "" : " class=\"\(classes.joined(separator: " "))\""
                body += "<td\(attribute)>" + MeasurementLink.anchorHTML(text, for: cell, results: results, fromPage: page)
                if noisy { body += "<sup aria-hidden=\"true\">†</sup><span class=\"visually-hidden\"> (noisy)</span>" }
                if isBest { body += "<span class=\"visually-hidden\"> (\(mode == .speedup ? "fastest" : "lowest"))</span>" }
                body += "</td>"
            }
            body += "</tr>\n"
        }

        if let best, let bestEstimate = shown(best) {
            let tied = cells.filter { $0 != best && $0.status == .ok && (mode == .metric || !$0.isBaseline) }
                .filter { other in shown(other).map { $0.low <= bestEstimate.high && $0.high >= bestEstimate.low } ?? false }
            let word = mode == .speedup ? "fastest" : "lowest"
            var note = "Highlighted: the \(word) cell, \(HTML.escape(Formatting.cellLabel(best)))."
            if !tied.isEmpty {
                let names = tied.map { HTML.escape(Formatting.cellLabel($0)) }.joined(separator: ", ")
                note += " Its interval overlaps \(names): no measurable difference."
            }
            notes.append(note)
        }
        if anyNoisy {
            notes.append("† Noisy: the interval of the median is wider than ±\(Formatting.fixed(Statistics.noisyThreshold * 100, decimals: 0)) %; read the number as rough.")
        }

        var html = "<div class=\"table-scroll\">\n<table class=\"results\">\n"
        html += "<caption>\(captionHTML())</caption>\n"
        html += "<thead>\n<tr><th scope=\"col\">Model</th>"
        for column in columns { html += "<th scope=\"col\">\(HTML.escape(Self.columnTitle(column)))</th>" }
        html += "</tr>\n</thead>\n<tbody>\n" + body + "</tbody>\n</table>\n</div>\n"
        for note in notes + footnotes { html += "<p class=\"results-note\">\(note)</p>\n" }
        return html
    }

    /// The caption: what the cells show, the workload and variant, the unit, samples per cell and the
    /// baseline.
    package func captionHTML() -> String {
        let shownCells = cells.filter { $0.status == .ok }
        let estimates = shownCells.compactMap(shown)
        let confidences = Set(estimates.map { Formatting.confidence($0.confidence) })
        let interval = confidences.count == 1 ? "its \(confidences.first!) interval" : "its interval"
        var text: String
        let name = "<code>\(HTML.escape(workload))</code> / <code>\(HTML.escape(variant))</code>"
        switch mode {
        case .speedup:
            text = caption.map(HTML.escape) ?? "\(name): speedup over sequential (higher is better) ± \(interval), and ∥ parallelism (CPU seconds per wall second), by number of workers."
        case .metric:
            let unit = unique(cells.map(\.unit)).map(Formatting.unitDescription).joined(separator: ", ")
            text = caption.map(HTML.escape) ?? "\(name): median \(HTML.escape(unit)) (lower is better) ± \(interval), by number of workers."
        }
        text += " " + Formatting.samples(shownCells.map { $0.wall.count }) + " per cell"
        if mode == .speedup, let baseline = index.baseline(workload: workload, variant: variant), let wall = baseline.median {
            text += "; baseline: sequential, median " + HTML.escape(Formatting.figure(wall, unit: "s").text)
        }
        return text + "."
    }

    package static func columnTitle(_ label: String) -> String {
        switch label {
        case "1": return "1 worker"
        case "per_task": return "one per task"
        case "default": return "default pool"
        case "-": return "no pool"
        default: return Int(label) != nil ? "\(label) workers" : label
        }
    }

    package static func statusText(_ status: Measurement.Status) -> String {
        switch status {
        case .ok: return "ok"
        case .failed: return "failed"
        case .timeout: return "timed out"
        case .unavailable: return "unavailable"
        }
    }

    /// a, b, …, z, aa, ab, …
    package static func footnoteMark(_ index: Int) -> String {
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        return index < 26 ? String(letters[index]) : footnoteMark(index / 26 - 1) + String(letters[index % 26])
    }

    private func unique(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }
    }
}
