import SiteGenCore
import SiteGenResults

/// The numbers behind a bar chart, as a table for readers who can't see the chart (and for anyone who
/// wants the figures): label, median ± spread, interval, samples, with failures named.
package enum ChartDataTable {
    package static func html(_ rows: [(Measurement, String, Estimate?)], unit: String, what: String, results: ResultsFile, page: String) -> String {
        var html = "<div class=\"table-scroll\">\n<table class=\"results\">\n<thead>\n<tr><th scope=\"col\">Cell</th><th scope=\"col\">\(HTML.escape(what))</th><th scope=\"col\">interval</th><th scope=\"col\">samples</th></tr>\n</thead>\n<tbody>\n"
        for (cell, label, estimate) in rows {
            html += "<tr><th scope=\"row\">\(HTML.escape(label))</th>"
            if let estimate {
                let figure = Formatting.figure(estimate, unit: unit)
                let low = Formatting.figure(Estimate(median: estimate.low, low: estimate.low, high: estimate.low, confidence: 1), unit: unit).value
                let high = Formatting.figure(Estimate(median: estimate.high, low: estimate.high, high: estimate.high, confidence: 1), unit: unit).value
                html += "<td>" + MeasurementLink.anchorHTML(figure.text, for: cell, results: results, fromPage: page) + "</td>"
                html += "<td>\(HTML.escape(low))–\(HTML.escape(high))</td><td>\(cell.wall.count)</td>"
            } else {
                let status = cell.status == .ok ? "no data" : ResultsTable.statusText(cell.status)
                html += "<td class=\"failed\" title=\"\(HTML.escape(cell.error ?? status))\">\(status)</td><td>—</td><td>\(cell.wall.count)</td>"
            }
            html += "</tr>\n"
        }
        return html + "</tbody>\n</table>\n</div>\n"
    }
}
