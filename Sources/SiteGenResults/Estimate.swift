import SiteGenCore
/// A measured quantity: its median and an interval around it.
///
/// The interval is a distribution-free confidence interval of the median from order statistics
/// (`Statistics.medianInterval`), or, for derived quantities such as speedup, the interval that the
/// intervals of its inputs imply. A difference inside the interval is no measurable difference.
public struct Estimate: Sendable, Codable, Equatable {
    public var median: Double
    public var low: Double
    public var high: Double
    /// The confidence the interval has (e.g. 0.95); with few samples it can be lower than asked for.
    public var confidence: Double

    public init(median: Double, low: Double, high: Double, confidence: Double) {
        self.median = median
        self.low = low
        self.high = high
        self.confidence = confidence
    }

    /// Half the interval's width relative to the median: 0.05 means ± 5 %.
    public var relativeHalfWidth: Double {
        median == 0 ? 0 : (high - low) / 2 / abs(median)
    }

    /// Whether the whole interval lies above a threshold.
    public func isAbove(_ threshold: Double) -> Bool { low > threshold }
    /// Whether the whole interval lies below a threshold.
    public func isBelow(_ threshold: Double) -> Bool { high < threshold }
}
