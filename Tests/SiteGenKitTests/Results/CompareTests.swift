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

/// `sitegen compare OLD NEW`: per cell the ratio of medians with a bootstrap interval, claims whose
/// verdict changed, exit 1 on a significant regression beyond the threshold.
@Suite("Compare")
struct CompareTests {
    /// The fixture's results with each ok cell's samples scaled by `factor(cell, sample index)`, and
    /// its statistics derived again.
    static func variant(_ factor: (SiteGenKit.Measurement, Int) -> Double) -> ResultsFile {
        var results = FixtureResults.make()
        results.measurements = results.measurements.map { cell in
            guard cell.status == .ok else { return cell }
            var copy = cell
            copy.wall = cell.wall.enumerated().map { $1 * factor(cell, $0) }
            copy.metric = cell.metric.enumerated().map { $1 * factor(cell, $0) }
            copy.cpu = cell.cpu.enumerated().map { $1 * factor(cell, $0) }
            return copy
        }
        let kinds = Dictionary(uniqueKeysWithValues: results.workloads.map { ($0.name, $0.kind) })
        results.measurements = Measurement.derivingStatistics(of: results.measurements, effectiveCPUs: results.host.effectiveCPUs, kinds: kinds)
        return results
    }

    static func compare(_ new: ResultsFile, threshold: Double = 10) -> ResultsComparison {
        ResultsComparison.compare(old: FixtureResults.make(), new: new, oldName: "old.json", newName: "new.json", thresholdPercent: threshold)
    }

    @Test
    func identicalFilesChangeNothing() {
        let comparison = Self.compare(FixtureResults.make())
        #expect(comparison.regressions.isEmpty)
        let ok = comparison.cells.filter { $0.ratio != nil }
        #expect(ok.count == 8)
        #expect(ok.allSatisfy { $0.change == .unchanged && $0.ratio!.ratio == 1 })
        #expect(comparison.cells.filter { $0.change == .notComparable }.count == 2, "the timed-out and the unavailable cell")
    }

    @Test
    func aCopyThreeTimesSlowerIsASignificantRegressionOfEveryCell() {
        let comparison = Self.compare(Self.variant { _, _ in 3 })
        let compared = comparison.cells.filter { $0.ratio != nil }
        #expect(compared.allSatisfy { $0.change == .worse && abs($0.ratio!.ratio - 3) < 1e-9 && $0.ratio!.low > 1.5 })
        #expect(comparison.regressions.count == compared.count)
        // Faster is better, not a regression.
        let faster = Self.compare(Self.variant { _, _ in 1 / 3 })
        #expect(faster.regressions.isEmpty && faster.cells.filter { $0.ratio != nil }.allSatisfy { $0.change == .better })
    }

    @Test
    func noiseLevelDifferencesAreNotSignificant() {
        // Every sample moved by up to ±2 %, alternately up and down: the medians barely move and the
        // samples overlap, so no interval excludes "no change".
        let comparison = Self.compare(Self.variant { _, index in [1.02, 0.98, 1.01, 0.99, 1.0][index % 5] })
        #expect(comparison.cells.filter { $0.ratio != nil }.allSatisfy { $0.change == .unchanged }, "\(comparison.cells.filter { $0.change != .unchanged }.map(\.name))")
        #expect(comparison.regressions.isEmpty)
    }

    @Test
    func aSignificantChangeBelowTheThresholdIsNoRegression() {
        let comparison = Self.compare(Self.variant { _, _ in 1.05 })
        let worse = comparison.cells.filter { $0.change == .worse }.map(\.name)
        #expect(worse.count >= 6, "cells with tight samples: \(worse)")
        // The thread pool's samples spread over ±25 %: 5 % is within their noise.
        #expect(comparison.cells.first { $0.name == "io_sleep/sleep · thread_pool ×default" }?.change == .unchanged)
        #expect(comparison.regressions.isEmpty, "5 % is under the 10 % threshold")
        // With a 2 % threshold, the cells whose whole interval lies beyond +2 % are regressions.
        let strict = Self.compare(Self.variant { _, _ in 1.05 }, threshold: 2)
        #expect(!strict.regressions.isEmpty)
        #expect(strict.regressions.allSatisfy { $0.ratio!.low > 1.02 })
        #expect(Set(strict.regressions.map(\.name)).isSubset(of: Set(worse)))
    }

    @Test
    func aWorseningWhoseIntervalReachesBelowTheThresholdIsNoRegression() {
        // One sample of each cell 30 % slower, the rest 12 % slower: the median moved by 12 %, past the
        // 10 % threshold, but the interval reaches back below it, so it is not surely a regression.
        let comparison = Self.compare(Self.variant { _, index in index == 0 ? 1.30 : [1.12, 1.005, 1.12, 1.02][index % 4] })
        let worse = comparison.cells.filter { $0.change == .worse }
        #expect(!worse.isEmpty)
        #expect(comparison.regressions.allSatisfy { $0.ratio!.low > 1.10 })
        #expect(worse.contains { $0.ratio!.ratio > 1.10 && $0.ratio!.low <= 1.10 && !comparison.regressions.contains($0) })
    }

    @Test
    func aWorseningWithinACellsOwnSpreadIsNoRegression() throws {
        // Every cell 30 % slower: beyond the 10 % threshold everywhere, but the thread pool's samples
        // spread by about ±25 % within each run, so its threshold is its spread.
        let comparison = Self.compare(Self.variant { _, _ in 1.3 })
        let pool = comparison.cells.first { $0.name == "io_sleep/sleep · thread_pool ×default" }
        #expect((try #require(pool).noisePercent ?? 0) > 20)
        for cell in comparison.cells where cell.change == .worse {
            let beyond = (cell.ratio!.low - 1) * 100 > max(10, cell.noisePercent ?? 0)
            #expect(comparison.regressions.contains(cell) == beyond, "\(cell.name)")
        }
        #expect(!comparison.regressions.isEmpty, "tight cells 30 % slower are regressions")
        // Three times slower clears any spread.
        #expect(Self.compare(Self.variant { _, _ in 3 }).regressions.count == comparison.cells.filter { $0.ratio != nil }.count)
    }

    @Test
    func cellsWhoseWorkWasSizedDifferentlyAreNotCompared() {
        // mixed and latency size their work on each run and report it as work_size.
        var old = FixtureResults.make(), new = FixtureResults.make()
        old.measurements = old.measurements.map { cell in var copy = cell; copy.extra["work_size"] = cell.wall.map { _ in 678 }; return copy }
        new.measurements = new.measurements.map { cell in var copy = cell; copy.extra["work_size"] = cell.wall.map { _ in 890 }; return copy }
        let comparison = ResultsComparison.compare(old: old, new: new, oldName: "a", newName: "b", thresholdPercent: 10)
        let sized = comparison.cells.filter { $0.note?.contains("work_size 678 → 890") == true }
        #expect(sized.count == 8)
        #expect(sized.allSatisfy { $0.change == .notComparable && $0.ratio == nil })
        // The same size on both runs compares as usual.
        let same = ResultsComparison.compare(old: old, new: old, oldName: "a", newName: "b", thresholdPercent: 10)
        #expect(same.cells.filter { $0.ratio != nil }.count == 8)
    }

    @Test
    func theIntervalIsReproducibleAndCoversTheRatio() throws {
        let old = [1.0, 1.1, 0.9, 1.05, 0.95], new = [1.2, 1.3, 1.1, 1.25, 1.15]
        let first = try #require(MedianRatio.estimate(old: old, new: new, seed: "cell"))
        #expect(first == MedianRatio.estimate(old: old, new: new, seed: "cell"))
        #expect(first.low <= first.ratio && first.ratio <= first.high)
        #expect(first.isSignificant)
        #expect(MedianRatio.estimate(old: [], new: new, seed: "x") == nil)
        #expect(MedianRatio.estimate(old: [0, 0], new: new, seed: "x") == nil)
        #expect(MedianRatio.estimate(old: [.nan, 1], new: [1], seed: "x")?.ratio == 1)
    }

    /// Cells beyond the bootstrap's limit (a hostile file's 20,000 samples) take order statistics:
    /// the same verdicts, in O(n log n).
    @Test
    func largeCellsUseOrderStatisticsInBoundedTime() throws {
        let old = (0..<20_000).map { 1 + Double($0 % 100) / 1000 }
        let started = Date()
        let same = try #require(MedianRatio.estimate(old: old, new: old.reversed(), seed: "big"))
        let slower = try #require(MedianRatio.estimate(old: old, new: old.map { $0 * 1.02 }, seed: "big"))
        #expect(Date().timeIntervalSince(started) < 2)
        #expect(!same.isSignificant && same.ratio == 1)
        #expect(slower.isSignificant && slower.low > 1 && abs(slower.ratio - 1.02) < 1e-9)
        #expect(same.confidence == 0.95)
        // Many small cells: fewer resamples each, never below 400.
        #expect(MedianRatio.resamples(forTotal: 800) == 2_000)
        #expect(MedianRatio.resamples(forTotal: 80_000) == 500)
        #expect(MedianRatio.resamples(forTotal: 400_000) == 400)
    }

    @Test
    func differentProfilesCompareNoCell() {
        var quick = FixtureResults.make()
        quick.profile = .quick
        let comparison = Self.compare(quick)
        #expect(comparison.cells.allSatisfy { $0.ratio == nil })
        #expect(comparison.notes.contains { $0.contains("different profiles") })
    }

    @Test
    func claimsWhoseVerdictChangedAreListed() throws {
        let site = try TemporarySite(["Content/index.md": """
            ---
            title: T
            ---
            {{< claim id=asyncio-waits expr="median(io_sleep, model=asyncio) < 0.5 * median(io_sleep, model=sequential)" >}}Waits overlap.{{< /claim >}}
            """])
        func rounds(_ results: ResultsFile) -> ResultsFile {
            var many = results
            many.measurements = results.measurements.map { cell in
                var copy = cell
                for key in ["wall", "cpu", "metric"] where cell.status == .ok {
                    let values = key == "wall" ? cell.wall : key == "cpu" ? cell.cpu : cell.metric
                    let longer = (0..<12).map { values[$0 % values.count] }
                    if key == "wall" { copy.wall = longer } else if key == "cpu" { copy.cpu = longer } else { copy.metric = longer }
                }
                copy.extra = [:]
                return copy
            }
            return many
        }
        let old = rounds(FixtureResults.make())
        let new = rounds(Self.variant { cell, _ in cell.workload == "io_sleep" && cell.model == "asyncio" ? 200 : 1 })
        let pages = try ContentLoader(root: site.root.path).load()
        let changes = ClaimChange.between(pages: pages, root: site.root.path, old: old, new: new)
        #expect(changes == [ClaimChange(page: "Content/index.md", line: 4, id: "asyncio-waits", old: "holds", new: "contradicted")])
    }

    @Test(.enabled(if: CommandRunner.sitegen != nil))
    func theCommandExitsOneOnlyOnARegressionAndSpeaksThreeFormats() throws {
        let folder = try MeasureTestSupport.temporaryFolder("compare")
        defer { MeasureTestSupport.remove(folder) }
        try FixtureResults.make().write(to: folder.appendingPathComponent("old.json").path)
        try FixtureResults.make().write(to: folder.appendingPathComponent("same.json").path)
        try Self.variant { _, _ in 3 }.write(to: folder.appendingPathComponent("slow.json").path)
        let same = try CommandRunner.sitegen(["compare", "old.json", "same.json"], in: folder)
        #expect(same.status == 0, "\(same.stdout)\(same.stderr)")
        #expect(same.stdout.contains("no figure got significantly worse by more than 10 %"))
        let slow = try CommandRunner.sitegen(["compare", "old.json", "slow.json", "--format", "markdown"], in: folder)
        #expect(slow.status == 1)
        #expect(slow.stdout.contains("| ✘ | io_sleep/sleep · sequential ×1 | 2.02 s | 6.06 s | +200 % ["), "\(slow.stdout)")
        let json = try CommandRunner.sitegen(["compare", "old.json", "slow.json", "--format", "json", "--fail-above", "250"], in: folder)
        #expect(json.status == 0, "+200 % is under a threshold of 250 %")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((document["regressions"] as? [Any])?.isEmpty == true)
        #expect(((document["comparison"] as? [String: Any])?["cells"] as? [Any])?.count == 10)
        let missing = try CommandRunner.sitegen(["compare", "old.json", "nothing.json"], in: folder)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("nothing.json"))
    }
}
