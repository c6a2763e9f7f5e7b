import SiteGenCore
import SiteGenResults
import Foundation
import CFormatting

/// How measured numbers are written on the pages: three significant digits, a unit scaled to the value,
/// and the uncertainty in the same decimals.
///
/// Everything here is locale-free (`%.*f` with the POSIX decimal point) so the same results give the
/// same bytes on every machine.
package enum Formatting {
    /// A number with `decimals` decimals, never `-0.00`.
    public static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "n/a" : (value > 0 ? "∞" : "−∞") }
        let text = printf(value, decimals: max(0, decimals))
        if text.hasPrefix("-"), text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { return String(text.dropFirst()) }
        return text
    }

    /// `%.*f` through the C library's `snprintf`, called from C: the same digits as `String(format:)`,
    /// which on Linux goes through CoreFoundation, and Swift's `withVaList`, which boxes each argument;
    /// each was a tenth of a guide's rebuild, as every figure, title and tick is formatted here.
    static func printf(_ value: Double, decimals: Int) -> String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { buffer in
            let count = sitegen_format_fixed(buffer.baseAddress, 64, Int32(clamping: decimals), value)
            guard count >= 0, count < 64 else { return String(format: "%.*f", decimals, value) }
            return String(cString: buffer.baseAddress!)
        }
    }

    /// The decimals that show three significant digits of a value (0 to 4).
    public static func decimals(for value: Double, significant: Int = 3) -> Int {
        guard value.isFinite, value != 0 else { return significant - 1 }
        let magnitude = Int(floor(log10(abs(value))))
        return min(4, max(0, significant - 1 - magnitude))
    }

    /// A number with three significant digits (at least its integer part).
    public static func number(_ value: Double, significant: Int = 3) -> String {
        fixed(value, decimals: decimals(for: value, significant: significant))
    }

    /// A measured quantity as two parts: the value with its unit, and the uncertainty (`±0.05`) in the
    /// same scale and decimals.
    public struct Figure: Sendable, Equatable {
        /// "1.94×", "85.2 µs", "12.3 MiB".
        public var value: String
        /// "±0.05": the larger distance from the median to an end of its interval.
        public var uncertainty: String
        /// Whether the interval is degenerate (a single sample, or an exact quantity).
        public var isExact: Bool
        /// "[1.89, 1.99]": both ends of the interval, in the value's scale and decimals.
        public var interval: String = ""

        /// "1.94× ±0.05".
        public var text: String { isExact ? value : "\(value) \(uncertainty)" }
        /// "103 % [69, 110]": the value with both ends of its interval, for verdicts, where a symmetric
        /// "±" would make an interval lying wholly on one side of a threshold look as if it straddled it.
        public var intervalText: String { isExact || interval.isEmpty ? value : "\(value) \(interval)" }
    }

    /// Formats an estimate in a unit: `s`, `ms`, `us`, `us_per_unit`, `KiB`, `KiB_per_unit`, `B`,
    /// `×` (a ratio), `∥` (parallelism), `%` (a share given as a fraction), or any other unit verbatim.
    public static func figure(_ estimate: Estimate, unit: String) -> Figure {
        let spread = max(estimate.median - estimate.low, estimate.high - estimate.median, 0)
        let exact = estimate.low == estimate.high
        let scaled = scale(estimate.median, unit: unit)
        let places = decimals(for: scaled.value)
        let spreadScaled = spread * scaled.factor
        let value: String
        switch scaled.symbol {
        case "×": value = fixed(scaled.value, decimals: ratioDecimals(scaled.value)) + "×"
        case "": value = fixed(scaled.value, decimals: ratioDecimals(scaled.value))
        case "%": value = fixed(scaled.value, decimals: 0) + " %"
        default: value = fixed(scaled.value, decimals: places) + " " + scaled.symbol
        }
        let spreadPlaces: Int
        switch scaled.symbol {
        case "×", "": spreadPlaces = ratioDecimals(scaled.value)
        case "%": spreadPlaces = 0
        default: spreadPlaces = places
        }
        let ends = [estimate.low, estimate.high].map { fixed($0 * scaled.factor, decimals: spreadPlaces) }
        return Figure(value: value, uncertainty: "±" + fixed(spreadScaled, decimals: spreadPlaces), isExact: exact,
                      interval: "[\(ends[0]), \(ends[1])]")
    }

    /// Ratios read best with two decimals below 10 (1.94×), one below 100, none above.
    package static func ratioDecimals(_ value: Double) -> Int {
        let magnitude = abs(value)
        return magnitude < 10 ? 2 : (magnitude < 100 ? 1 : 0)
    }

    /// A value in a base unit, scaled to a readable one: the factor applied and the symbol to show.
    package static func scale(_ value: Double, unit: String) -> (value: Double, factor: Double, symbol: String) {
        let base = baseUnit(unit)
        switch base {
        case "s", "ms", "us", "ns":
            let seconds = value * (base == "ms" ? 1e-3 : base == "us" ? 1e-6 : base == "ns" ? 1e-9 : 1)
            let inBase = base == "ms" ? 1e-3 : base == "us" ? 1e-6 : base == "ns" ? 1e-9 : 1
            let magnitude = abs(seconds)
            let (factor, symbol): (Double, String) =
                magnitude >= 1 || magnitude == 0 ? (1, "s") : magnitude >= 1e-3 ? (1e3, "ms") : magnitude >= 1e-6 ? (1e6, "µs") : (1e9, "ns")
            return (seconds * factor, inBase * factor, symbol)
        case "B", "KiB", "MiB":
            let bytes = value * (base == "KiB" ? 1024 : base == "MiB" ? 1_048_576 : 1)
            let inBase = base == "KiB" ? 1024.0 : base == "MiB" ? 1_048_576.0 : 1.0
            let magnitude = abs(bytes)
            let (factor, symbol): (Double, String) =
                magnitude >= 1_073_741_824 ? (1 / 1_073_741_824, "GiB") : magnitude >= 1_048_576 ? (1 / 1_048_576, "MiB")
                : magnitude >= 1024 ? (1 / 1024, "KiB") : (1, "B")
            return (bytes * factor, inBase * factor, symbol)
        case "×", "x", "ratio": return (value, 1, "×")
        case "∥", "parallelism", "": return (value, 1, "")
        case "%": return (value * 100, 100, "%")
        default: return (value, 1, base)
        }
    }

    /// The unit a workload's extra figure is in, read from its name as the workloads write them
    /// (`rss_kib_per_unit`, `virtual_kib_per_unit`, `p50_ms`, `warmup_s`); "" for a plain count.
    public static func unit(ofExtra name: String) -> String {
        let suffixes: [(String, String)] = [("_kib_per_unit", "KiB_per_unit"), ("_us_per_unit", "us_per_unit"),
                                            ("_kib", "KiB"), ("_ms", "ms"), ("_us", "us"), ("_s", "s")]
        return suffixes.first { name.hasSuffix($0.0) }?.1 ?? ""
    }

    /// `us_per_unit` → `us`: the unit of one value, without what it is counted per.
    public static func baseUnit(_ unit: String) -> String {
        if let range = unit.range(of: "_per_") { return String(unit[..<range.lowerBound]) }
        return unit == "µs" ? "us" : unit
    }

    /// How a unit reads in a caption: `us_per_unit` → "µs per unit", `s` → "seconds".
    public static func unitDescription(_ unit: String) -> String {
        let names = ["s": "seconds", "ms": "milliseconds", "us": "µs", "ns": "ns", "B": "bytes", "KiB": "KiB", "MiB": "MiB"]
        if let range = unit.range(of: "_per_") {
            let base = String(unit[..<range.lowerBound])
            let per = unit[range.upperBound...].replacingOccurrences(of: "_", with: " ")
            return "\(names[base] ?? base) per \(per)"
        }
        return names[unit] ?? unit.replacingOccurrences(of: "_", with: " ")
    }

    /// How many workers a cell had, as a reader says it: "4 workers", "1 worker", "one per task".
    public static func workers(_ measurement: Measurement) -> String {
        switch measurement.workersLabel {
        case "per_task"?: return measurement.workers.map { "one per task (\($0))" } ?? "one per task"
        case "default"?: return measurement.workers.map { "default pool size (\($0))" } ?? "default pool size"
        default:
            guard let count = measurement.workers else { return "no workers" }
            return count == 1 ? "1 worker" : "\(count) workers"
        }
    }

    /// A cell's short name: `threads ×4`, `process_pool[fork] per task`, `sequential`.
    public static func cellLabel(_ measurement: Measurement) -> String {
        switch measurement.workersLabel {
        case "per_task"?: return "\(measurement.modelLabel) per task"
        case "default"?: return "\(measurement.modelLabel) default pool"
        default: return measurement.workers.map { "\(measurement.modelLabel) ×\($0)" } ?? measurement.modelLabel
        }
    }

    /// A sample count as a phrase: "15 samples", "9–15 samples".
    public static func samples(_ counts: [Int]) -> String {
        guard let low = counts.min(), let high = counts.max() else { return "no samples" }
        if low == high { return low == 1 ? "1 sample" : "\(low) samples" }
        return "\(low)–\(high) samples"
    }

    /// A confidence as a percentage: 0.95 → "95 %".
    public static func confidence(_ value: Double) -> String {
        fixed(value * 100, decimals: value * 100 == (value * 100).rounded() ? 0 : 1) + " %"
    }
}
