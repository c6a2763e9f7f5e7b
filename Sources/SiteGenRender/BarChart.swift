import SiteGenCore
import SiteGenResults
import Foundation

/// Horizontal bars, one per model or variant, with interval whiskers: start-up costs, per-task
/// overheads, memory per unit. The axis turns logarithmic when the values span more than 100×, as
/// start costs do (µs for a task, ms for a process).
package struct BarChart: Sendable {
    /// One bar.
    public struct Bar: Sendable, Equatable {
        public var label: String
        /// Picks the bar's colour (`Chart.colour(forModel:)`).
        public var model: String
        public var estimate: Estimate

        public init(label: String, model: String, estimate: Estimate) {
            self.label = label
            self.model = model
            self.estimate = estimate
        }
    }

    /// How values map to lengths.
    public enum Scale: String, Sendable {
        case linear, log, auto
    }

    public var id: String
    public var title: String
    public var description: String
    public var bars: [Bar]
    /// The unit of the estimates (`us_per_unit`, `KiB_per_unit`, `s`, …).
    public var unit: String
    public var axisLabel: String
    public var scale: Scale

    public init(id: String, title: String, description: String, bars: [Bar], unit: String, axisLabel: String, scale: Scale = .auto) {
        self.id = id
        self.title = title
        self.description = description
        self.bars = bars
        self.unit = unit
        self.axisLabel = axisLabel
        self.scale = scale
    }

    /// The scale `auto` resolves to: log when the largest value is more than 100× the smallest.
    public var resolvedScale: Scale {
        guard scale == .auto else { return scale }
        let positives = bars.map(\.estimate.median).filter { $0 > 0 }
        guard let low = positives.min(), let high = positives.max(), bars.allSatisfy({ $0.estimate.low > 0 }) else { return .linear }
        return high / low > 100 ? .log : .linear
    }

    /// Each row is the label on its own line with the bar beneath, so long labels
    /// (`start_process · process_pool[forkserver]`) never squeeze the bars on a phone.
    /// Bytes in one of a memory unit (`KiB_per_unit` → 1024); nil for other units.
    package static func bytesPerUnit(_ unit: String) -> Double? {
        ["B": 1, "KiB": 1024, "MiB": 1_048_576, "GiB": 1_073_741_824][Formatting.baseUnit(unit)]
    }

    /// Log ticks for sizes at 1, 10 and 100 of B, KiB, MiB and GiB, so labels read "10 KiB", "1 MiB"
    /// rather than decades of KiB ("9.77 MiB"); at most about six.
    package static func byteTicks(low: Double, high: Double) -> [Double] {
        var candidates: [Double] = []
        for power in 0..<5 {
            for multiple in [1.0, 10, 100] { candidates.append(multiple * pow(1024, Double(power))) }
        }
        let first = candidates.last { $0 <= low } ?? candidates[0]
        let last = candidates.first { $0 >= high } ?? candidates[candidates.count - 1]
        var ticks = candidates.filter { $0 >= first && $0 <= max(last, first * 10) }
        while ticks.count > 7 {
            ticks = ticks.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
            if ticks.last! < high { ticks.append(candidates.first { $0 >= high } ?? high) }
        }
        return ticks
    }

    package static let rowHeight = 42.0, barHeight = 14.0, top = 4.0, labelBaseline = 15.0, barTop = 21.0

    public func svg() -> String {
        let valueTexts = bars.map { Formatting.figure($0.estimate, unit: unit).value }
        let scales = self.scales(valueTexts: valueTexts)
        let height = scales.plotBottom + 46
        var svg = Chart.open(id: id, height: height, title: title, description: description)
        svg += grid(scales)
        svg += axisLabels(scales)
        for (index, bar) in bars.enumerated() {
            svg += row(bar, index: index, valueText: valueTexts[index], scales: scales)
        }
        svg += "</svg>\n"
        return svg
    }

    // MARK: - Scales

    /// The plot's frame and the mapping from values to x, computed once and shared by every part
    /// of the drawing.
    private struct Scales {
        let plotLeft: Double, plotRight: Double, plotTop: Double, plotBottom: Double
        let isLog: Bool
        let ticks: [Double]
        /// The axis' ends: the first and last tick on a log axis, 0 and the last tick on a linear one.
        let lowest: Double, highest: Double

        /// Values below the axis' start sit at its start, so a bar is never drawn leftwards.
        func x(_ value: Double) -> Double {
            if isLog {
                let v = max(value, lowest)
                return plotLeft + (log10(v) - log10(lowest)) / (log10(highest) - log10(lowest)) * (plotRight - plotLeft)
            }
            return plotLeft + max(0, value) / highest * (plotRight - plotLeft)
        }
    }

    /// Room left of the axis for the first tick's label; row labels start at the very left.
    private static let plotLeft = 22.0, labelX = 4.0

    /// The plot ends where the widest value printed after a bar still fits.
    private func scales(valueTexts: [String]) -> Scales {
        let valueWidth = (valueTexts.map { Chart.textWidth($0, fontSize: Chart.tickFontSize) }.max() ?? 40) + 10
        let isLog = resolvedScale == .log
        let ticks: [Double]
        let lowest: Double, highest: Double
        if isLog {
            ticks = logTicks()
            lowest = ticks.first!
            highest = ticks.last!
        } else {
            let high = bars.map { max($0.estimate.high, $0.estimate.median) }.max() ?? 1
            ticks = Chart.linearTicks(upTo: high * 1.02, count: 4)
            lowest = 0
            highest = ticks.last ?? 1
        }
        return Scales(plotLeft: Self.plotLeft, plotRight: Chart.width - max(56, valueWidth),
                      plotTop: Self.top, plotBottom: Self.top + Double(bars.count) * Self.rowHeight,
                      isLog: isLog, ticks: ticks, lowest: lowest, highest: highest)
    }

    /// Ticks for a log axis spanning every bar and whisker: sizes for memory units, decades otherwise.
    private func logTicks() -> [Double] {
        let low = bars.map { min($0.estimate.low, $0.estimate.median) }.filter { $0 > 0 }.min() ?? 1
        let high = bars.map { max($0.estimate.high, $0.estimate.median) }.max() ?? 10
        if let bytes = Self.bytesPerUnit(unit) {
            return Self.byteTicks(low: low * bytes, high: high * bytes).map { $0 / bytes }
        }
        var first = floor(log10(low)), last = ceil(log10(high))
        if last <= first { last = first + 1 }
        // Keep about six decade ticks at most.
        let step = max(1, ceil((last - first) / 6))
        first = floor(first / step) * step
        return stride(from: first, through: last + step - 1, by: step).map { pow(10, $0) }
    }

    // MARK: - Plot

    private func grid(_ s: Scales) -> String {
        let c = Chart.coordinate
        var svg = "<g class=\"grid\" fill=\"none\" stroke-width=\"1\" style=\"stroke: var(--chart-grid, currentColor)\" stroke-opacity=\"0.18\">"
        // Grid lines run through the bars' bands only, never through the labels above them.
        for tick in s.ticks {
            let d = bars.indices.map { index -> String in
                let bandTop = s.plotTop + Double(index) * Self.rowHeight + Self.barTop - 3
                return "M\(c(s.x(tick))) \(c(bandTop))V\(c(bandTop + Self.barHeight + 6))"
            }.joined()
            svg += "<path d=\"\(d)\"/>"
        }
        return svg + "</g>\n"
    }

    /// The tick labels under the plot and the axis title, which says when the axis is logarithmic.
    private func axisLabels(_ s: Scales) -> String {
        let c = Chart.coordinate
        var svg = "<g class=\"tick-labels\" text-anchor=\"middle\" font-size=\"\(Int(Chart.tickFontSize))\">"
        for tick in s.ticks {
            svg += "<text x=\"\(c(s.x(tick)))\" y=\"\(c(s.plotBottom + 17))\">\(HTML.escape(Chart.tickLabel(tick, unit: unit)))</text>"
        }
        svg += "</g>\n"
        svg += "<text class=\"axis-title\" x=\"\(c((s.plotLeft + s.plotRight) / 2))\" y=\"\(c(s.plotBottom + 36))\" text-anchor=\"middle\">\(HTML.escape(axisLabel + (s.isLog ? " (log scale)" : "")))</text>\n"
        return svg
    }

    /// One bar's group: its label, the bar, its whisker if it has an interval, and its value
    /// printed past whichever ends further right.
    private func row(_ bar: Bar, index: Int, valueText: String, scales s: Scales) -> String {
        let c = Chart.coordinate
        let colour = Chart.colour(forModel: bar.model)
        let rowY = s.plotTop + Double(index) * Self.rowHeight
        let middle = rowY + Self.barTop + Self.barHeight / 2
        let end = s.x(bar.estimate.median)
        var svg = "<g class=\"bar series series-\(colour)\">"
        svg += "<text x=\"\(c(Self.labelX))\" y=\"\(c(rowY + Self.labelBaseline))\">\(HTML.escape(bar.label))</text>"
        svg += "<rect x=\"\(c(s.plotLeft))\" y=\"\(c(middle - Self.barHeight / 2))\" width=\"\(c(max(1, end - s.plotLeft)))\" height=\"\(c(Self.barHeight))\" style=\"\(Chart.style("fill", colour: colour))\" fill-opacity=\"0.85\"/>"
        var textX = end
        if bar.estimate.high > bar.estimate.low {
            let low = s.x(bar.estimate.low), high = s.x(bar.estimate.high)
            svg += "<path class=\"error-bar\" d=\"M\(c(low)) \(c(middle))H\(c(high))M\(c(low)) \(c(middle - 5))V\(c(middle + 5))M\(c(high)) \(c(middle - 5))V\(c(middle + 5))\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.2\"/>"
            textX = max(textX, high)
        }
        svg += "<text class=\"value\" x=\"\(c(textX + 5))\" y=\"\(c(middle + 4.5))\" font-size=\"\(Int(Chart.tickFontSize))\">\(HTML.escape(valueText))</text>"
        return svg + "</g>\n"
    }
}
