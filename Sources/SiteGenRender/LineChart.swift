import SiteGenCore
import SiteGenResults
import Foundation

/// A line per model against worker counts on a log₂ axis, with interval whiskers and the ideal
/// min(workers, effective CPUs) dashed: how speedup or parallelism scales.
package struct LineChart: Sendable {
    /// One measured point: a worker count and the estimate there.
    public struct Point: Sendable, Equatable {
        public var workers: Int
        public var estimate: Estimate

        public init(workers: Int, estimate: Estimate) {
            self.workers = workers
            self.estimate = estimate
        }
    }

    /// One model's line.
    public struct Series: Sendable, Equatable {
        /// The name in the legend, e.g. `process_pool[spawn]`.
        public var label: String
        public var model: String
        public var startMethod: String?
        public var points: [Point]

        public init(label: String, model: String, startMethod: String? = nil, points: [Point]) {
            self.label = label
            self.model = model
            self.startMethod = startMethod
            self.points = points.sorted { $0.workers < $1.workers }
        }
    }

    public var id: String
    public var title: String
    public var description: String
    public var series: [Series]
    /// The y-axis title, e.g. "speedup (×)".
    public var yLabel: String
    /// The ideal line, drawn dashed.
    public enum Ideal: Sendable, Equatable {
        /// No ideal line.
        case none
        /// y = workers: waits overlap without using CPUs.
        case workers
        /// y = min(workers, CPUs): CPU-bound work can't go faster than the CPUs it may use.
        case capped(Int)
    }

    public var ideal: Ideal
    /// Draw a thin line at y = 1 (sequential's speedup, one CPU's parallelism) with this legend text.
    public var referenceLabel: String?

    public init(id: String, title: String, description: String, series: [Series], yLabel: String,
                ideal: Ideal, referenceLabel: String?) {
        self.id = id
        self.title = title
        self.description = description
        self.series = series
        self.yLabel = yLabel
        self.ideal = ideal
        self.referenceLabel = referenceLabel
    }

    // Layout, in view-box units.
    package static let left = 50.0, right = 16.0, top = 14.0, plotHeight = 220.0

    public func svg() -> String {
        let scales = self.scales()
        let legendRows = Self.legendRows(legendItems(cap: scales.cap))
        let legendTop = scales.plotBottom + 52
        let height = legendTop + Double(legendRows.count) * 20 + 4

        var svg = Chart.open(id: id, height: height, title: title, description: description)
        svg += gridAndAxes(scales)
        svg += referenceLine(scales)
        svg += idealCurve(scales)
        for (position, line) in series.enumerated() {
            svg += marks(of: line, position: position, scales: scales)
        }
        svg += Self.legend(legendRows, top: legendTop, left: scales.plotLeft)
        svg += "</svg>\n"
        return svg
    }

    // MARK: - Scales

    /// The plot's frame and the mappings from worker counts and values to view-box coordinates,
    /// computed once and shared by every part of the drawing.
    private struct Scales {
        let plotLeft: Double, plotRight: Double, plotTop: Double, plotBottom: Double
        /// Every worker count any series has, ascending: the x tick labels and vertical grid lines.
        let workers: [Int]
        let minWorkers: Double, maxWorkers: Double
        /// The ends of the x axis, in log₂ workers.
        let lowX: Double, highX: Double
        /// The y ticks; the last is the top of the y axis.
        let ticks: [Double]
        let yMax: Double
        /// The CPUs a `.capped` ideal stops at; nil for the other ideals.
        let cap: Double?

        func x(_ workers: Double) -> Double {
            plotLeft + (log2(workers) - lowX) / (highX - lowX) * (plotRight - plotLeft)
        }

        /// Clamped to the axis' range, so nothing is drawn outside the plot.
        func y(_ value: Double) -> Double {
            plotBottom - max(0, min(value, yMax)) / yMax * (plotBottom - plotTop)
        }

        func idealValue(_ workers: Double) -> Double { LineChart.idealValue(workers, cap: cap) }
    }

    private func scales() -> Scales {
        let plotBottom = Self.top + Self.plotHeight
        let workers = Array(Set(series.flatMap { $0.points.map(\.workers) })).sorted()
        let minWorkers = Double(workers.first ?? 1), maxWorkers = Double(workers.last ?? 1)
        let (lowX, highX) = Self.xRange(minWorkers: minWorkers, maxWorkers: maxWorkers)
        let cap: Double? = { if case .capped(let cpus) = self.ideal { return Double(cpus) }; return nil }()
        let ticks = Chart.linearTicks(upTo: yMaximum(maxWorkers: maxWorkers, cap: cap) * 1.04)
        return Scales(plotLeft: Self.left, plotRight: Chart.width - Self.right, plotTop: Self.top, plotBottom: plotBottom,
                      workers: workers, minWorkers: minWorkers, maxWorkers: maxWorkers, lowX: lowX, highX: highX,
                      ticks: ticks, yMax: ticks.last ?? 1, cap: cap)
    }

    /// The x axis' ends in log₂ workers: at least one doubling wide, so a single worker count
    /// sits mid-plot, and padded so the end markers don't sit on the axes.
    private static func xRange(minWorkers: Double, maxWorkers: Double) -> (low: Double, high: Double) {
        var lowX = log2(max(minWorkers, 1)), highX = log2(max(maxWorkers, 1))
        if highX - lowX < 1 { lowX -= 0.5; highX += 0.5 }
        let padX = (highX - lowX) * 0.06
        lowX -= padX; highX += padX
        return (lowX, highX)
    }

    /// The ideal at a worker count: the workers themselves, or no more than the CPUs if capped.
    private static func idealValue(_ workers: Double, cap: Double?) -> Double {
        cap.map { min(workers, $0) } ?? workers
    }

    /// The largest value the y axis must show: every whisker, the ideal at the most workers, and
    /// the reference line at 1.
    private func yMaximum(maxWorkers: Double, cap: Double?) -> Double {
        var maximum = series.flatMap { $0.points.map { max($0.estimate.high, $0.estimate.median) } }.max() ?? 1
        if ideal != .none { maximum = max(maximum, Self.idealValue(maxWorkers, cap: cap)) }
        if referenceLabel != nil { maximum = max(maximum, 1) }
        return maximum
    }

    // MARK: - Legend

    /// One legend entry: its swatch's markup and the width it takes in a row, label included.
    private struct LegendItem { var label: String; var swatch: String; var width: Double }

    /// An entry per series, then the ideal and the reference line if drawn.
    private func legendItems(cap: Double?) -> [LegendItem] {
        var items: [LegendItem] = []
        for (position, line) in series.enumerated() {
            let colour = Chart.colour(forModel: line.model)
            let dash = Chart.dash(forStartMethod: line.startMethod).map { " stroke-dasharray=\"\($0)\"" } ?? ""
            let swatch = "<g class=\"series series-\(colour)\" style=\"\(Chart.style("stroke", colour: colour)); \(Chart.style("fill", colour: colour))\">"
                + "<path d=\"M0 0H22\" fill=\"none\" stroke-width=\"2\"\(dash)/>" + Chart.marker(shape: position, x: 11, y: 0, size: 3.5) + "</g>"
            items.append(LegendItem(label: line.label, swatch: swatch, width: 30 + Chart.textWidth(line.label) + 14))
        }
        if ideal != .none {
            let label = cap.map { "ideal: min(workers, \(Int($0)))" } ?? "ideal: workers"
            items.append(LegendItem(label: label, swatch: "<path class=\"ideal\" d=\"M0 0H22\" fill=\"none\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\" style=\"stroke: var(--chart-ideal, currentColor)\"/>",
                                    width: 30 + Chart.textWidth(label) + 14))
        }
        if let reference = referenceLabel {
            items.append(LegendItem(label: reference, swatch: "<path class=\"reference\" d=\"M0 0H22\" fill=\"none\" stroke-width=\"1\" stroke=\"currentColor\" stroke-opacity=\"0.45\"/>",
                                    width: 30 + Chart.textWidth(reference) + 14))
        }
        return items
    }

    /// The legend goes below the axis title, wrapped into rows that fit the chart's width; an
    /// item wider than a row still gets one of its own.
    private static func legendRows(_ items: [LegendItem]) -> [[LegendItem]] {
        var legendRows: [[LegendItem]] = [[]]
        var rowWidth = 0.0
        for item in items {
            if rowWidth + item.width > Chart.width - 30, !legendRows[legendRows.count - 1].isEmpty {
                legendRows.append([])
                rowWidth = 0
            }
            legendRows[legendRows.count - 1].append(item)
            rowWidth += item.width
        }
        return legendRows
    }

    private static func legend(_ legendRows: [[LegendItem]], top legendTop: Double, left plotLeft: Double) -> String {
        let c = Chart.coordinate
        var svg = "<g class=\"legend\">"
        for (row, rowItems) in legendRows.enumerated() {
            var offset = plotLeft - 30
            let rowY = legendTop + Double(row) * 20
            for item in rowItems {
                svg += "<g transform=\"translate(\(c(offset)) \(c(rowY)))\">\(item.swatch)<text x=\"30\" y=\"4.5\">\(HTML.escape(item.label))</text></g>"
                offset += item.width
            }
        }
        return svg + "</g>\n"
    }

    // MARK: - Plot

    /// The grid, the axes, their tick labels and their titles.
    private func gridAndAxes(_ s: Scales) -> String {
        let c = Chart.coordinate
        var svg = "<g class=\"grid\" fill=\"none\" stroke-width=\"1\" style=\"stroke: var(--chart-grid, currentColor)\" stroke-opacity=\"0.18\">"
        for tick in s.ticks { svg += "<path d=\"M\(c(s.plotLeft)) \(c(s.y(tick)))H\(c(s.plotRight))\"/>" }
        for count in s.workers { svg += "<path d=\"M\(c(s.x(Double(count)))) \(c(s.plotTop))V\(c(s.plotBottom))\"/>" }
        svg += "</g>\n"
        svg += "<g class=\"axis\" fill=\"none\" stroke=\"currentColor\" stroke-opacity=\"0.6\"><path d=\"M\(c(s.plotLeft)) \(c(s.plotTop))V\(c(s.plotBottom))H\(c(s.plotRight))\"/></g>\n"
        svg += "<g class=\"tick-labels\" text-anchor=\"end\" font-size=\"\(Int(Chart.tickFontSize))\">"
        for tick in s.ticks {
            svg += "<text x=\"\(c(s.plotLeft - 6))\" y=\"\(c(s.y(tick) + 4.5))\">\(Chart.tickLabel(tick, unit: ""))</text>"
        }
        svg += "</g>\n<g class=\"tick-labels\" text-anchor=\"middle\" font-size=\"\(Int(Chart.tickFontSize))\">"
        for count in s.workers {
            svg += "<text x=\"\(c(s.x(Double(count))))\" y=\"\(c(s.plotBottom + 18))\">\(count)</text>"
        }
        svg += "</g>\n"
        svg += "<text class=\"axis-title\" x=\"\(c((s.plotLeft + s.plotRight) / 2))\" y=\"\(c(s.plotBottom + 36))\" text-anchor=\"middle\">workers (log scale)</text>\n"
        svg += "<text class=\"axis-title\" transform=\"translate(14 \(c((s.plotTop + s.plotBottom) / 2))) rotate(-90)\" text-anchor=\"middle\">\(HTML.escape(yLabel))</text>\n"
        return svg
    }

    /// The thin line at y = 1, if the chart has a reference label; empty otherwise.
    private func referenceLine(_ s: Scales) -> String {
        guard referenceLabel != nil else { return "" }
        let c = Chart.coordinate
        return "<path class=\"reference\" d=\"M\(c(s.plotLeft)) \(c(s.y(1)))H\(c(s.plotRight))\" fill=\"none\" stroke=\"currentColor\" stroke-opacity=\"0.45\" stroke-width=\"1\"/>\n"
    }

    /// The dashed ideal across the measured worker counts; empty with no ideal or no points.
    private func idealCurve(_ s: Scales) -> String {
        guard ideal != .none, !s.workers.isEmpty else { return "" }
        let c = Chart.coordinate
        // y = w is a curve on a log x axis: sample it, and put a vertex at the cap.
        var samples: [Double] = []
        let from = log2(max(s.minWorkers, 1)), to = log2(max(s.maxWorkers, 1))
        let steps = 24
        for step in 0...steps { samples.append(pow(2, from + (to - from) * Double(step) / Double(steps))) }
        if let cap = s.cap, cap > s.minWorkers, cap < s.maxWorkers { samples.append(cap) }
        samples = Array(Set(samples)).sorted()
        let d = samples.enumerated().map { ($0.offset == 0 ? "M" : "L") + "\(c(s.x($0.element))) \(c(s.y(s.idealValue($0.element))))" }.joined()
        return "<path class=\"ideal\" d=\"\(d)\" fill=\"none\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\" style=\"stroke: var(--chart-ideal, currentColor)\"/>\n"
    }

    /// One series' group: its line, its whiskers, then its markers on top.
    private func marks(of line: Series, position: Int, scales s: Scales) -> String {
        let c = Chart.coordinate
        let colour = Chart.colour(forModel: line.model)
        // Series sharing worker counts are nudged apart a few units so their whiskers don't hide each other.
        let spacing = min(4, 24 / Double(max(1, series.count)))
        let dodge = (Double(position) - Double(series.count - 1) / 2) * spacing
        func x(_ workers: Double) -> Double { s.x(workers) + dodge }
        var svg = "<g class=\"series series-\(colour)\" style=\"\(Chart.style("stroke", colour: colour)); \(Chart.style("fill", colour: colour))\">"
        let dash = Chart.dash(forStartMethod: line.startMethod).map { " stroke-dasharray=\"\($0)\"" } ?? ""
        if line.points.count > 1 {
            let d = line.points.enumerated().map { ($0.offset == 0 ? "M" : "L") + "\(c(x(Double($0.element.workers)))) \(c(s.y($0.element.estimate.median)))" }.joined()
            svg += "<path class=\"line\" d=\"\(d)\" fill=\"none\" stroke-width=\"2\"\(dash)/>"
        }
        for point in line.points where point.estimate.high > point.estimate.low {
            let px = x(Double(point.workers)), low = s.y(point.estimate.low), high = s.y(point.estimate.high)
            svg += "<path class=\"error-bar\" d=\"M\(c(px)) \(c(low))V\(c(high))M\(c(px - 4)) \(c(low))H\(c(px + 4))M\(c(px - 4)) \(c(high))H\(c(px + 4))\" fill=\"none\" stroke-width=\"1.2\"/>"
        }
        for point in line.points {
            svg += Chart.marker(shape: position, x: x(Double(point.workers)), y: s.y(point.estimate.median))
        }
        return svg + "</g>\n"
    }
}
