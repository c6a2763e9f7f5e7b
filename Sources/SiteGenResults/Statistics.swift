import Foundation
import SiteGenCore

/// The statistics the guide reports: medians with distribution-free intervals, IQR, noise flags.
package enum Statistics {
    /// The relative half-width of a median's interval above which a cell is flagged as noisy.
    public static let noisyThreshold = 0.10

    public static func median(_ values: [Double]) -> Double {
        precondition(!values.isEmpty, "median of no values")
        return median(ofSorted: values.sorted())
    }

    /// The median of values already in ascending order.
    package static func median(ofSorted sorted: [Double]) -> Double {
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The interquartile range (Q3 − Q1) by linear interpolation between order statistics.
    public static func interquartileRange(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return quantile(ofSorted: sorted, 0.75) - quantile(ofSorted: sorted, 0.25)
    }

    public static func quantile(_ values: [Double], _ q: Double) -> Double {
        quantile(ofSorted: values.sorted(), q)
    }

    /// The `q` quantile of values already in ascending order.
    package static func quantile(ofSorted sorted: [Double], _ q: Double) -> Double {
        guard sorted.count > 1 else { return sorted.first ?? .nan }
        let position = q * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down)), upper = Int(position.rounded(.up))
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - Double(lower))
    }

    /// A confidence interval of the median from order statistics: the narrowest symmetric pair
    /// (x₍ₖ₎, x₍ₙ₊₁₋ₖ₎) whose binomial coverage reaches `confidence`, or the full range when even that
    /// falls short (then the coverage actually achieved is reported). Needs no assumption about the
    /// distribution, which matters for skewed timing data. O(n log n): one sort, one pass for k.
    public static func medianInterval(_ values: [Double], confidence: Double = 0.95) -> Estimate {
        let sorted = values.sorted()
        let n = sorted.count
        let center = median(ofSorted: sorted)
        guard n >= 2 else { return Estimate(median: center, low: center, high: center, confidence: 0) }
        let k = intervalRank(n: n, confidence: confidence)
        return Estimate(median: center, low: sorted[k - 1], high: sorted[n - k], confidence: binomialCoverage(n: n, k: k))
    }

    /// The k of the median's interval over n ≥ 2 samples: the largest k ≤ n/2 whose coverage reaches
    /// `confidence`, at least 1. The coverage of (x₍ₖ₎, x₍ₙ₊₁₋ₖ₎) is P(k ≤ B ≤ n − k) = 1 − 2·P(B < k)
    /// for B ~ Binomial(n, ½), and falls as k grows, so one pass adding up the lower tail term by term
    /// finds k in O(n); summing the middle terms afresh for every k took O(n²), seconds for a cell of
    /// ten thousand samples.
    package static func intervalRank(n: Int, confidence: Double) -> Int {
        var k = 1
        var below = binomialTerm(n: n, i: 0)  // P(B < k)
        while k + 1 <= n / 2 {
            below += binomialTerm(n: n, i: k)  // now P(B < k + 1): the coverage of k + 1 is 1 − 2 · below
            if 1 - 2 * below < confidence { break }
            k += 1
        }
        return k
    }

    /// P(B = i) for B ~ Binomial(n, ½).
    package static func binomialTerm(n: Int, i: Int) -> Double {
        exp(logChoose(n, i) - Double(n) * log(2.0))
    }

    /// P(k ≤ B ≤ n − k) for B ~ Binomial(n, ½).
    package static func binomialCoverage(n: Int, k: Int) -> Double {
        var total = 0.0
        for i in k...(n - k) { total += binomialTerm(n: n, i: i) }
        return min(1, total)
    }

    package static func logChoose(_ n: Int, _ k: Int) -> Double {
        lgamma(Double(n + 1)) - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1))
    }

    /// The ratio of two series measured side by side, repeat by repeat (e.g. speedup = sequential time /
    /// model time, where repeat i of both ran in the same round): the median of the per-repeat ratios
    /// with its order-statistic interval. A drift of the machine's speed between rounds slows both
    /// sides of a ratio alike and so cancels, where the ratio of the extremes would add it twice.
    /// Without a pairing (different counts) it falls back to `ratio(_:_:)`.
    public static func pairedRatio(_ numerators: [Double], _ denominators: [Double]) -> Estimate? {
        guard !numerators.isEmpty, numerators.count == denominators.count, denominators.allSatisfy({ $0 > 0 }) else {
            guard !numerators.isEmpty, !denominators.isEmpty else { return nil }
            return ratio(medianInterval(numerators), medianInterval(denominators))
        }
        return medianInterval(zip(numerators, denominators).map { $0 / $1 })
    }

    /// The ratio of two estimates with the interval their intervals imply: conservative, because it
    /// pairs the extremes. For series measured side by side, `pairedRatio(_:_:)` is sharper.
    public static func ratio(_ numerator: Estimate, _ denominator: Estimate) -> Estimate? {
        guard denominator.median > 0, denominator.low > 0 else { return nil }
        return Estimate(median: numerator.median / denominator.median,
                        low: numerator.low / denominator.high,
                        high: numerator.high / denominator.low,
                        confidence: min(numerator.confidence, denominator.confidence))
    }
}
