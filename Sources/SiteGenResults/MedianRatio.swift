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

    /// Resamples per comparison, fewer for large cells so that a file at the limits (20,000 samples in
    /// a cell) compares in about a second: the cost is resamples × samples.
    static func resamples(for count: Int) -> Int { min(2_000, max(200, 2_000_000 / max(count, 1))) }

    /// The ratio and its interval; nil when either side has no positive median to divide by or no samples.
    public static func bootstrap(old: [Double], new: [Double], confidence: Double = 0.95, seed: String) -> MedianRatio? {
        let old = old.filter(\.isFinite), new = new.filter(\.isFinite)
        guard !old.isEmpty, !new.isEmpty else { return nil }
        let oldMedian = Statistics.median(old), newMedian = Statistics.median(new)
        guard oldMedian > 0 else { return nil }
        var generator = SplitMix64(seed: seed)
        let count = resamples(for: old.count + new.count)
        var ratios: [Double] = []
        ratios.reserveCapacity(count)
        var oldDraw = [Double](repeating: 0, count: old.count), newDraw = [Double](repeating: 0, count: new.count)
        for _ in 0..<count {
            for i in oldDraw.indices { oldDraw[i] = old[generator.index(below: old.count)] }
            for i in newDraw.indices { newDraw[i] = new[generator.index(below: new.count)] }
            let denominator = Statistics.median(oldDraw)
            if denominator > 0 { ratios.append(Statistics.median(newDraw) / denominator) }
        }
        guard !ratios.isEmpty else { return nil }
        ratios.sort()
        let tail = (1 - confidence) / 2
        return MedianRatio(ratio: newMedian / oldMedian, low: Statistics.quantile(ofSorted: ratios, tail),
                           high: Statistics.quantile(ofSorted: ratios, 1 - tail), confidence: confidence)
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
