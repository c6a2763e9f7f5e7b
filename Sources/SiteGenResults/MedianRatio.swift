import Foundation

/// How much a cell changed between two runs: the ratio of the medians of their samples (new / old),
/// with a percentile-bootstrap interval, and whether the change is significant (the interval excludes
/// 1, no change).
///
/// Why this test: the samples of a cell are few (3 to 10 per run), skewed and not normal, and the two
/// runs are independent (different rounds, often different days), so a paired test doesn't apply and
/// the exact Mann–Whitney U test can't reach 5 % with 3 samples a side (its smallest two-sided p is
/// 0.1). The ratio of medians is what the pages show and what a reader means by "20 % slower"; the
/// bootstrap resamples each run's samples independently, 2,000 times, and takes the 2.5 % and 97.5 %
/// quantiles of the resampled ratios. With very few samples the interval is narrow where the samples
/// don't overlap, so a threshold (`compare --fail-above`) decides what counts as a regression. The
/// resampling is seeded from the cell's name, so the same files always give the same report.
///
/// A cell with more than `bootstrapLimit` samples on a side (only extra rounds or a hostile file make
/// one) needs no resampling: each median gets its distribution-free interval at 97.5 % (order
/// statistics, `Statistics.medianInterval`) and the ratio the interval their extremes imply, which
/// covers at least 95 % by Bonferroni's inequality, in O(n log n). Resampling such a cell cost a
/// minute for a file at the limits.
public struct MedianRatio: Sendable, Equatable, Codable {
    /// median(new) / median(old).
    public var ratio: Double
    /// The interval's ends and its confidence.
    public var low: Double
    public var high: Double
    public var confidence: Double

    /// Whether the interval excludes 1: the change is more than the samples' noise.
    public var isSignificant: Bool { low > 1 || high < 1 }

    /// The change in per cent: +25 means the new median is 25 % higher.
    public var percentChange: Double { (ratio - 1) * 100 }

    /// Resamples of a bootstrap, and the fewest it may take when a comparison has much to resample.
    public static let resamples = 2_000
    public static let fewestResamples = 400
    /// Samples a comparison resamples 2,000 times; beyond, every cell gets fewer resamples (down to
    /// 400), so that two files at the limits compare in seconds, not minutes.
    public static let resamplingBudget = 20_000

    /// The resamples per cell for a comparison that resamples `samples` samples in all.
    public static func resamples(forTotal samples: Int) -> Int {
        samples <= resamplingBudget ? resamples : max(fewestResamples, resamples * resamplingBudget / samples)
    }
    /// The most samples a side may have to be resampled; larger cells use order statistics.
    public static let bootstrapLimit = 30

    /// The ratio and its interval; nil when either side has no positive median to divide by or no samples.
    public static func estimate(old: [Double], new: [Double], seed: String, resamples: Int = resamples) -> MedianRatio? {
        let old = old.filter(\.isFinite), new = new.filter(\.isFinite)
        guard !old.isEmpty, !new.isEmpty else { return nil }
        if old.count > bootstrapLimit || new.count > bootstrapLimit {
            let before = Statistics.medianInterval(old, confidence: 0.975), after = Statistics.medianInterval(new, confidence: 0.975)
            guard before.median > 0, let ratio = Statistics.ratio(after, before) else { return nil }
            return MedianRatio(ratio: ratio.median, low: ratio.low, high: ratio.high, confidence: 0.95)
        }
        return bootstrap(old: old, new: new, seed: seed, resamples: resamples)
    }

    /// The percentile bootstrap of the ratio of medians, 95 %: cost resamples × samples, so only for
    /// cells of at most `bootstrapLimit` samples a side.
    static func bootstrap(old: [Double], new: [Double], confidence: Double = 0.95, seed: String, resamples: Int) -> MedianRatio? {
        let oldMedian = Statistics.median(old), newMedian = Statistics.median(new)
        guard oldMedian > 0 else { return nil }
        var generator = SplitMix64(seed: seed)
        var ratios: [Double] = []
        ratios.reserveCapacity(resamples)
        let oldSorted = old.sorted(), newSorted = new.sorted()
        var oldCounts = [Int](repeating: 0, count: old.count), newCounts = [Int](repeating: 0, count: new.count)
        for _ in 0..<resamples {
            let denominator = Self.resampledMedian(oldSorted, counts: &oldCounts, using: &generator)
            let numerator = Self.resampledMedian(newSorted, counts: &newCounts, using: &generator)
            if denominator > 0 { ratios.append(numerator / denominator) }
        }
        guard !ratios.isEmpty else { return nil }
        ratios.sort()
        let tail = (1 - confidence) / 2
        return MedianRatio(ratio: newMedian / oldMedian, low: Statistics.quantile(ofSorted: ratios, tail),
                           high: Statistics.quantile(ofSorted: ratios, 1 - tail), confidence: confidence)
    }
}

extension MedianRatio {
    /// The median of one resample (n draws with replacement) of `sorted`, in O(n) without sorting: a
    /// draw is an index, so counting how often each index was drawn and walking the counts in order
    /// finds the middle ranks. Resampling a cell 2,000 times by sorting each draw cost minutes for a
    /// file of many cells.
    static func resampledMedian(_ sorted: [Double], counts: inout [Int], using generator: inout SplitMix64) -> Double {
        let n = sorted.count
        for i in 0..<n { counts[i] = 0 }
        for _ in 0..<n { counts[generator.index(below: n)] += 1 }
        // The value at 0-based rank r of the resample: the first index whose running count passes r.
        func value(atRank rank: Int) -> Double {
            var seen = 0
            for i in 0..<n {
                seen += counts[i]
                if seen > rank { return sorted[i] }
            }
            return sorted[n - 1]
        }
        return n % 2 == 1 ? value(atRank: n / 2) : (value(atRank: n / 2 - 1) + value(atRank: n / 2)) / 2
    }
}

/// A small, fast, seedable generator (SplitMix64): the bootstrap must give the same interval for the
/// same files on every run and platform, which the system generator doesn't promise.
struct SplitMix64 {
    private var state: UInt64

    init(seed: String) {
        // FNV-1a over the seed's bytes.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in seed.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        state = hash
    }

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// A uniform index in 0..<bound.
    mutating func index(below bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
