import SiteGenCore
import SiteGenResults

/// Where a measured number links to, and the tooltip that says how it was measured.
///
/// Every number the guide shows (values, table cells, chart data, claim figures) links through here,
/// so the target can change in one place. The target is the workload's source on the methodology page
/// (`{{< source cpu_python >}}` there gives the anchor `source-cpu_python`); the title names the cell,
/// the sample count, the spread and the host.
package enum MeasurementLink {
    /// The page, relative to the site root, that explains how every workload is measured.
    public static let targetPage = "methodology.html"

    /// The anchor the source directive gives a workload's code: `source-cpu_python`.
    public static func anchor(forWorkload workload: String) -> String {
        "source-" + workload
    }

    /// The link target relative to the site root: `methodology.html#source-cpu_python`.
    public static func href(for measurement: Measurement, results: ResultsFile) -> String {
        targetPage + "#" + anchor(forWorkload: measurement.workload)
    }

    /// The link target relative to a page, given as its source path (`Content/a/b.md`) or output path.
    public static func href(for measurement: Measurement, results: ResultsFile, fromPage page: String) -> String {
        rootPrefix(fromPage: page) + href(for: measurement, results: results)
    }

    /// `../` once per folder between a page and the site root.
    public static func rootPrefix(fromPage page: String) -> String {
        var path = page
        if path.hasPrefix("Content/") { path.removeFirst("Content/".count) }
        let depth = path.split(separator: "/", omittingEmptySubsequences: true).count - 1
        return String(repeating: "../", count: max(0, depth))
    }

    /// "cpu_python/loop, threads ×4: 15 samples, median wall 0.512 s (95 % interval 0.498–0.530 s);
    /// CPython 3.12.3 on 2 effective CPUs (AMD EPYC …), profile quick".
    public static func title(for measurement: Measurement, results: ResultsFile) -> String {
        var parts: [String] = []
        var what = "\(measurement.workload)/\(measurement.variant), \(Formatting.cellLabel(measurement))"
        if measurement.status != .ok {
            what += ": \(measurement.status.rawValue)"
            if let error = measurement.error, !error.isEmpty { what += " (\(error))" }
            parts.append(what)
        } else {
            let samples = Formatting.samples([measurement.wall.count])
            if measurement.unit != "s", let metric = Metric.primary(measurement) {
                parts.append("\(what): \(samples), median \(describe(metric, unit: measurement.unit))")
            } else if let wall = measurement.median {
                parts.append("\(what): \(samples), median wall \(describe(wall, unit: "s"))")
            } else {
                parts.append("\(what): \(samples)")
            }
            if let parallelism = measurement.parallelism {
                parts.append("CPU s per wall s \(Formatting.fixed(parallelism.median, decimals: 2))")
            }
        }
        let host = results.host
        parts.append("\(results.interpreterLabel) on \(host.effectiveCPUs) effective CPU\(host.effectiveCPUs == 1 ? "" : "s") (\(host.cpuModel)), profile \(results.profile)")
        return parts.joined(separator: "; ")
    }

    /// "0.512 s (95 % interval 0.498–0.530 s)".
    package static func describe(_ estimate: Estimate, unit: String) -> String {
        let figure = Formatting.figure(estimate, unit: unit)
        guard !figure.isExact else { return figure.value }
        let low = Formatting.figure(Estimate(median: estimate.low, low: estimate.low, high: estimate.low, confidence: 1), unit: unit)
        let high = Formatting.figure(Estimate(median: estimate.high, low: estimate.high, high: estimate.high, confidence: 1), unit: unit)
        // "510–530 ms" when both ends share a unit, "990 ms–1.01 s" when they don't.
        let lowParts = low.value.split(separator: " ", maxSplits: 1), highParts = high.value.split(separator: " ", maxSplits: 1)
        let range = lowParts.count == 2 && highParts.count == 2 && lowParts[1] == highParts[1]
            ? "\(lowParts[0])–\(high.value)" : "\(low.value)–\(high.value)"
        return "\(figure.value) (\(Formatting.confidence(estimate.confidence)) interval \(range))"
    }

    /// A number as a link: `<a class="measure" href="…" title="…">1.94× ±0.05</a>`.
    public static func anchorHTML(_ text: String, for measurement: Measurement, results: ResultsFile, fromPage page: String) -> String {
        "<a class=\"measure\" href=\"\(HTML.escape(href(for: measurement, results: results, fromPage: page)))\" title=\"\(HTML.escape(title(for: measurement, results: results)))\">\(HTML.escape(text))</a>"
    }
}
