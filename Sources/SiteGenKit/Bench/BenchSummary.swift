import Foundation

/// The plain-text summary `sitegen bench` prints at the end: one row per cell, then the suite's time.
public enum BenchSummary {
    public static func table(_ results: ResultsFile) -> String {
        var rows: [[String]] = [["workload", "variant", "model", "workers", "median ± spread", "speedup", "parallelism", "note"]]
        for m in results.measurements {
            let workers = ResultsIndex.workersLabel(m) == "-" ? "" : workersText(m)
            var row = [m.workload, m.variant, m.modelLabel, workers]
            switch m.status {
            case .ok:
                let value = m.metricEstimate.map { Formatting.figure($0, unit: m.unit).text } ?? ""
                row += [value,
                        m.speedup.map { Formatting.figure($0, unit: "×").text } ?? "",
                        m.parallelism.map { Formatting.figure($0, unit: "∥").text } ?? "",
                        m.noisy ? "noisy" : ""]
            default:
                row += ["", "", "", "\(m.status.rawValue): \(shorten(m.error ?? ""))"]
            }
            rows.append(row)
        }
        var text = align(rows)
        let counts = Dictionary(grouping: results.measurements, by: \.status).mapValues(\.count)
        let parts = [Measurement.Status.ok, .failed, .timeout, .unavailable].compactMap { status in
            counts[status].map { "\($0) \(status.rawValue)" }
        }
        text += "\n\(results.measurements.count) cells: \(parts.joined(separator: ", ")); \(results.repeats ?? 0) repeats each, \(results.profile) profile\n"
        if let suite = results.suiteSeconds {
            text += String(format: "suite: %.1f s wall", suite)
            if let share = results.outsideTimedShare {
                text += String(format: ", %.0f %% outside timed regions (start-up, setup, warm-up, checks)", share * 100)
            }
            text += "\n"
        }
        return text
    }

    static func workersText(_ m: Measurement) -> String {
        switch (m.workersLabel, m.workers) {
        case let (label?, count?): return "\(label) (\(count))"
        case let (label?, nil): return label
        case let (nil, count?): return String(count)
        default: return ""
        }
    }

    static func shorten(_ text: String, limit: Int = 70) -> String {
        let line = text.split(separator: "\n").first.map(String.init) ?? ""
        return line.count > limit ? String(line.prefix(limit - 1)) + "…" : line
    }

    /// Left-aligned columns separated by two spaces; a rule under the header.
    static func align(_ rows: [[String]]) -> String {
        let columns = rows.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        var lines: [String] = []
        for (index, row) in rows.enumerated() {
            let line = row.enumerated().map { i, cell in
                i == row.count - 1 ? cell : cell.padding(toLength: widths[i], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
            lines.append(line.trimmingCharacters(in: .whitespaces))
            if index == 0 { lines.append(widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")) }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
