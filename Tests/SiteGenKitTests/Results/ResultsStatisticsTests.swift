import Foundation
import Testing
@testable import SiteGenKit
@testable import SiteGenResults
@testable import SiteGenCore
@testable import SiteGenProcess
@testable import SiteGenMeasure
@testable import SiteGenRender
@testable import SiteGenContent
@testable import SiteGenDirectives

@Suite("Statistics")
struct ResultsStatisticsTests {
    @Test func medianOfOddAndEvenCounts() {
        #expect(Statistics.median([3, 1, 2]) == 2)
        #expect(Statistics.median([4, 1, 3, 2]) == 2.5)
    }

    @Test func interquartileRangeInterpolates() {
        #expect(Statistics.interquartileRange([1, 2, 3, 4, 5]) == 2)
        #expect(abs(Statistics.interquartileRange([1, 2, 3, 4]) - 1.5) < 1e-12)
    }

    @Test func medianIntervalOfFiveSamplesIsTheirRange() {
        // With 5 samples the narrowest order-statistic interval reaching 95 % doesn't exist; the full
        // range covers 1 − 2/32 = 93.75 %.
        let estimate = Statistics.medianInterval([0.52, 0.50, 0.61, 0.49, 0.51])
        #expect(estimate.median == 0.51)
        #expect(estimate.low == 0.49)
        #expect(estimate.high == 0.61)
        #expect(abs(estimate.confidence - 0.9375) < 1e-12)
    }

    @Test func medianIntervalOfTenSamplesTrimsOneEachSide() {
        // n = 10: (x₂, x₉) covers 1 − 2·11/1024 ≈ 97.9 %; (x₃, x₈) only 89 %.
        let samples = (1...10).map(Double.init)
        let estimate = Statistics.medianInterval(samples.shuffled())
        #expect(estimate.median == 5.5)
        #expect(estimate.low == 2)
        #expect(estimate.high == 9)
        #expect(abs(estimate.confidence - (1 - 22.0 / 1024)) < 1e-12)
    }

    /// The interval must contain the true median at least as often as it claims. Skewed, heavy-tailed
    /// samples (log-normal, like timings) with a fixed seed; 4,000 trials keep the check to ± 1 %.
    @Test(arguments: [5, 10])
    func medianIntervalCoversTheTrueMedianAsOftenAsItClaims(n: Int) {
        var generator = SeededGenerator(seed: 0x5EED + UInt64(n))
        let trueMedian = 1.0  // exp(0): the median of a log-normal with μ = 0
        let trials = 4000
        var covered = 0
        var claimed = 0.0
        for _ in 0..<trials {
            let samples = (0..<n).map { _ in exp(0.4 * generator.normal()) }
            let estimate = Statistics.medianInterval(samples)
            if estimate.low <= trueMedian && trueMedian <= estimate.high { covered += 1 }
            claimed = estimate.confidence
        }
        let observed = Double(covered) / Double(trials)
        #expect(observed > claimed - 0.015, "covered \(observed), claimed \(claimed)")
        #expect(observed < claimed + 0.015, "covered \(observed), claimed \(claimed)")
    }

    @Test func ratioPairsTheExtremes() throws {
        let sequential = Estimate(median: 2.0, low: 1.9, high: 2.1, confidence: 0.94)
        let parallel = Estimate(median: 1.0, low: 0.95, high: 1.05, confidence: 0.97)
        let speedup = try #require(Statistics.ratio(sequential, parallel))
        #expect(speedup.median == 2.0)
        #expect(abs(speedup.low - 1.9 / 1.05) < 1e-12)
        #expect(abs(speedup.high - 2.1 / 0.95) < 1e-12)
        #expect(speedup.confidence == 0.94)
    }

    @Test func aPairedRatioCancelsDriftBetweenRounds() throws {
        // Round 2 ran on a machine 60 % slower: both cells slowed alike, the speedup didn't change.
        let sequential = [0.20, 0.32, 0.21]
        let pool = [0.10, 0.16, 0.105]
        let paired = try #require(Statistics.pairedRatio(sequential, pool))
        #expect(abs(paired.median - 2.0) < 1e-12)
        #expect(abs(paired.low - 2.0) < 1e-12 && abs(paired.high - 2.0) < 1e-12)
        // Dividing medians and pairing the extremes counts the drift twice.
        let unpaired = try #require(Statistics.ratio(Statistics.medianInterval(sequential), Statistics.medianInterval(pool)))
        #expect(unpaired.low < 1.3 && unpaired.high > 3.1)
    }

    @Test func aPairedRatioWithoutPairsFallsBackToTheExtremes() throws {
        let fallback = try #require(Statistics.pairedRatio([2.0, 2.1, 1.9], [1.0, 1.05]))
        #expect(abs(fallback.low - 1.9 / 1.05) < 1e-12)
        #expect(Statistics.pairedRatio([], [1.0]) == nil)
        #expect(Statistics.pairedRatio([1.0], [0.0]) == nil)
    }

    @Test func derivedStatisticsOfACPUBoundCell() throws {
        var sequential = Measurement(workload: "cpu_python", variant: "loop", model: "sequential", workers: 1,
                                     wall: [2.0, 2.1, 1.9, 2.0, 2.05], cpu: [2.0, 2.1, 1.9, 2.0, 2.05], metric: [2.0, 2.1, 1.9, 2.0, 2.05])
        sequential.deriveStatistics(baseline: nil, effectiveCPUs: 2, kind: "cpu")
        var pool = Measurement(workload: "cpu_python", variant: "loop", model: "process_pool", startMethod: "fork", workers: 4,
                               wall: [1.0, 1.02, 0.98, 1.01, 0.99], cpu: [1.9, 2.0, 1.9, 2.0, 1.95], metric: [1.0, 1.02, 0.98, 1.01, 0.99])
        pool.deriveStatistics(baseline: sequential, effectiveCPUs: 2, kind: "cpu")
        let speedup = try #require(pool.speedup)
        #expect(abs(speedup.median - 2.0) < 1e-12)
        #expect(speedup.low < 2.0 && speedup.high > 2.0)
        // Four workers on two CPUs: the ideal is two.
        #expect(pool.idealSpeedup == 2)
        #expect(abs(try #require(pool.efficiency) - 1.0) < 1e-12)
        let parallelism = try #require(pool.parallelism)
        #expect(parallelism.median > 1.9 && parallelism.median < 2.0)
        #expect(pool.noisy == false)
        #expect(pool.iqr != nil)
    }

    @Test func waitBoundCellsAreIdeallyAsFastAsTheirWorkers() throws {
        var sequential = Measurement(workload: "io_sleep", variant: "sleep", model: "sequential", workers: 1, wall: [1, 1, 1], cpu: [0, 0, 0])
        sequential.deriveStatistics(baseline: nil, effectiveCPUs: 2, kind: "wait")
        var threads = Measurement(workload: "io_sleep", variant: "sleep", model: "threads", workers: 100, workersLabel: "per_task",
                                  wall: [0.02, 0.021, 0.019], cpu: [0.001, 0.001, 0.001])
        threads.deriveStatistics(baseline: sequential, effectiveCPUs: 2, kind: "wait")
        #expect(threads.idealSpeedup == 100)
        #expect(abs(try #require(threads.efficiency) - 0.5) < 1e-9)
    }

    @Test func aWideIntervalIsFlaggedNoisy() {
        var cell = Measurement(workload: "w", variant: "v", model: "threads", workers: 2, wall: [1.0, 1.5, 0.7], cpu: [1, 1, 1])
        cell.deriveStatistics(baseline: nil, effectiveCPUs: 2, kind: "cpu")
        #expect(cell.noisy)
        #expect(cell.speedup == nil)
    }

    @Test func aFailedCellGetsNoNumbers() {
        var cell = Measurement(workload: "w", variant: "v", model: "threads", workers: 2, status: .failed, error: "boom",
                               wall: [1.0], cpu: [1.0])
        cell.deriveStatistics(baseline: nil, effectiveCPUs: 2, kind: "cpu")
        #expect(cell.median == nil)
        #expect(cell.parallelism == nil)
    }
}

/// SplitMix64 with Box–Muller normals: reproducible samples for statistical tests.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func normal() -> Double {
        let u1 = max(Double.leastNonzeroMagnitude, Double.random(in: 0..<1, using: &self))
        let u2 = Double.random(in: 0..<1, using: &self)
        return sqrt(-2 * log(u1)) * cos(2 * .pi * u2)
    }
}
