import Foundation

/// `sitegen compare`'s report of a `ResultsComparison` and the claims whose verdict changed: plain
/// text for a terminal, Markdown for a pull-request comment, JSON for other tools.
public struct ComparisonReport: Sendable {
    public enum Format: String, Sendable, CaseIterable { case text, markdown, json }

    public var comparison: ResultsComparison
    public var claims: [ClaimChange]

    public init(comparison: ResultsComparison, claims: [ClaimChange]) {
        self.comparison = comparison
        self.claims = claims
    }

    /// Reads both results files (as `build` reads them: limits, schema, errors with their path) and,
    /// when `root` holds a `Content/` folder, evaluates its claims against each.
    public static func load(old: String, new: String, root: String, thresholdPercent: Double) throws -> ComparisonReport {
        var problems = DiagnosticCollector()
        let before = problems.attempt(file: old) { try ResultsInputs.load(old) }
        let after = problems.attempt(file: new) { try ResultsInputs.load(new) }
        try problems.throwIfErrors()
        guard let before, let after else { throw DiagnosticError(.error("the results files could not be read")) }
        let comparison = ResultsComparison.compare(old: before, new: after, oldName: old, newName: new, thresholdPercent: thresholdPercent)
        var isFolder: ObjCBool = false
        let content = (root as NSString).appendingPathComponent("Content")
        guard FileManager.default.fileExists(atPath: content, isDirectory: &isFolder), isFolder.boolValue else {
            return ComparisonReport(comparison: comparison, claims: [])
        }
        let pages = try ContentLoader(root: root).load()
        return ComparisonReport(comparison: comparison, claims: ClaimChange.between(pages: pages, root: root, old: before, new: after))
    }

    public func render(_ format: Format) throws -> String {
        switch format {
        case .text: return text
        case .markdown: return markdown
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let document = Document(comparison: comparison, claims: claims, regressions: comparison.regressions.map(\.name), test: Self.test)
            return String(decoding: try encoder.encode(document), as: UTF8.self) + "\n"
        }
    }

    /// What the interval and "significant" mean, printed with every report.
    public static let test = "change = median(new) / median(old) − 1 of each cell's primary metric (lower is better); "
        + "95 % percentile-bootstrap interval (2,000 resamples of each file's clean samples; over 30 samples a side, "
        + "order-statistic intervals of each median at 97.5 %); significant when the interval excludes no change; "
        + "a regression when the whole interval lies beyond the threshold and beyond each run's own spread"

    struct Document: Encodable {
        var comparison: ResultsComparison
        var claims: [ClaimChange]
        var regressions: [String]
        var test: String
    }

    /// The cells worth a line: every change but the unchanged ones.
    var shown: [ResultsComparison.Cell] { comparison.cells.filter { $0.change != .unchanged } }

    var summary: String {
        let counts = ResultsComparison.Change.allCases.compactMap { change -> String? in
            let count = comparison.cells.filter { $0.change == change }.count
            return count == 0 ? nil : "\(count) \(change.rawValue)"
        }
        let regressions = comparison.regressions.count
        let verdict = regressions == 0
            ? "no figure got significantly worse by more than \(Self.percent(comparison.thresholdPercent))"
            : "\(regressions) figure\(regressions == 1 ? "" : "s") got significantly worse by more than \(Self.percent(comparison.thresholdPercent))"
        return "\(comparison.cells.count) cells: \(counts.joined(separator: ", ")); \(verdict)"
    }

    var text: String {
        // Names come from results files: printed so that they can't steer a terminal.
        var lines = [PrintableText.escape("\(comparison.old) → \(comparison.new)")]
        lines += comparison.notes.map { "note: \(PrintableText.escape($0))" }
        for cell in shown {
            lines.append("\(marker(cell)) \(PrintableText.escape(cell.name)): \(PrintableText.escape(describe(cell)))")
        }
        if !claims.isEmpty {
            lines.append("claims whose verdict changed:")
            lines += claims.map { "  \($0.page):\($0.line) (\($0.id)): \($0.old) → \($0.new)" }
        }
        lines.append(summary)
        lines.append("test: \(Self.test)")
        return lines.joined(separator: "\n") + "\n"
    }

    var markdown: String {
        var lines = ["### sitegen compare", "", "`\(comparison.old)` → `\(comparison.new)`: \(summary).", ""]
        lines += comparison.notes.map { "> **Note:** \(escape($0))" }
        if !comparison.notes.isEmpty { lines.append("") }
        if !shown.isEmpty {
            lines += ["| | cell | old | new | change (95 % interval) |", "| --- | --- | ---: | ---: | --- |"]
            for cell in shown {
                lines.append("| \(marker(cell)) | \(escape(cell.name)) | \(value(cell.oldMedian, cell.unit)) | \(value(cell.newMedian, cell.unit)) | \(escape(change(cell))) |")
            }
            lines.append("")
        }
        if !claims.isEmpty {
            lines += ["**Claims whose verdict changed**", ""]
            lines += claims.map { "- `\(escape($0.page)):\($0.line)` (\(escape($0.id))): \($0.old) → **\($0.new)**" }
            lines.append("")
        }
        lines.append("<sub>\(Self.test)</sub>")
        return lines.joined(separator: "\n") + "\n"
    }

    func marker(_ cell: ResultsComparison.Cell) -> String {
        if comparison.isRegression(cell) { return "✘" }
        switch cell.change {
        case .worse: return "▲"
        case .better: return "▼"
        default: return "·"
        }
    }

    func describe(_ cell: ResultsComparison.Cell) -> String {
        "\(value(cell.oldMedian, cell.unit)) → \(value(cell.newMedian, cell.unit)), \(change(cell))"
    }

    func change(_ cell: ResultsComparison.Cell) -> String {
        guard let ratio = cell.ratio else { return cell.change.rawValue + (cell.note.map { " (\($0))" } ?? "") }
        let interval = "\(Self.signed((ratio.low - 1) * 100)) to \(Self.signed((ratio.high - 1) * 100))"
        var text = "\(Self.signed(ratio.percentChange)) [\(interval)] \(cell.change.rawValue)"
        // Worse beyond the threshold, yet not a regression: the cell's own noise is wider.
        if cell.change == .worse, !comparison.isRegression(cell), let noise = cell.noisePercent,
           (ratio.low - 1) * 100 > comparison.thresholdPercent {
            text += ", within each run's own spread (±\(Self.percent(noise)))"
        }
        return text
    }

    func value(_ median: Double?, _ unit: String) -> String {
        guard let median else { return "—" }
        let scaled = Formatting.scale(median, unit: unit)
        return Formatting.number(scaled.value) + (scaled.symbol.isEmpty ? "" : " \(scaled.symbol)")
    }

    /// Markdown table cells: a `|` would end the cell, and names come from results files.
    func escape(_ text: String) -> String {
        PrintableText.escape(text).replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "<", with: "&lt;")
    }

    static func signed(_ percent: Double) -> String {
        (percent >= 0 ? "+" : "−") + Formatting.number(abs(percent), significant: 2) + " %"
    }

    static func percent(_ value: Double) -> String { String(format: "%.3g", value) + " %" }
}
