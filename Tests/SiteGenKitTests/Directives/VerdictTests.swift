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

/// The decision rule (simulated samples with a known answer) and the handling of contaminated repeats.
@Suite("Verdicts that hold still")
struct VerdictTests {
    /// The sequential procedure as the measurement runs it: look at 7 rounds, and if undecided at 12.
    /// Returns -1 (decided below zero), +1 (above) or 0 (undecided).
    static func decide(_ differences: [Double]) -> Int {
        for look in DecisionRule.looks where differences.count >= look {
            guard let interval = DecisionRule.interval(ofDifferences: Array(differences.prefix(look))) else { continue }
            if interval.high < 0 { return -1 }
            if interval.low > 0 { return 1 }
        }
        return 0
    }

    @Test func withTheTruthAtTheThresholdFalseDecisionsStayWithinTheStatedLevel() {
        // The worst case for a false decision: the true median difference is exactly the threshold.
        // Heavy-tailed noise (a timing's outliers) doesn't matter to a sign test; draw it skewed anyway.
        var random = SeededGenerator(seed: 42)
        let trials = 20_000
        var decided = 0
        for _ in 0..<trials {
            let differences = (0..<12).map { _ -> Double in
                let magnitude = -log(Double.random(in: 0.0001..<1, using: &random))
                return Bool.random(using: &random) ? magnitude : -magnitude * 3
            }
            if Self.decide(differences) != 0 { decided += 1 }
        }
        let rate = Double(decided) / Double(trials)
        // Over both looks, both directions: at most 5 %. The exact rate of this procedure is 2 × (1/128 +
        // P(11 or 12 of 12 agree | not all of the first 7)) ≈ 2.2 %.
        #expect(rate <= DecisionRule.falseDecisionRate)
        #expect(rate > 0.01, "a rule that never decides would pass the line above too")
    }

    @Test func aClearDifferenceIsDecidedAtTheFirstLook() {
        var random = SeededGenerator(seed: 7)
        var decidedRight = 0
        for _ in 0..<2_000 {
            // A 30 % effect with ±15 % noise, as a speed-up of 1.3 against 1 on a noisy machine.
            let differences = (0..<7).map { _ in -0.3 + Double.random(in: -0.15...0.15, using: &random) }
            if Self.decide(differences) == -1 { decidedRight += 1 }
        }
        #expect(decidedRight == 2_000)
    }

    @Test func sevenRoundsIsTheFewestThatCanDecide() {
        #expect(DecisionRule.interval(ofDifferences: Array(repeating: -1, count: 6)) == nil)
        #expect(DecisionRule.interval(ofDifferences: Array(repeating: -1, count: 7)) != nil)
        #expect(DecisionRule.agreeingNeeded(rounds: 7) == 7)
        #expect(DecisionRule.agreeingNeeded(rounds: 12) == 11)
        // Between looks the earlier look's rounds are used: 9 rounds decide on the first 7.
        #expect(DecisionRule.roundsUsed(available: 9) == 7)
        #expect(DecisionRule.roundsUsed(available: 30) == 12)
    }

    // MARK: - Contamination

    @Test func aRunIsContaminatedWhenOthersTookMoreThanTheRuleAllows() {
        // A 0.2 s region on 2 CPUs is 0.4 CPU-seconds: 15 % is 0.06, plus 0.02 of counter resolution.
        #expect(!Contamination.Rule.isContaminated(Contamination(otherCPUSeconds: 0.07), wall: 0.2, cpus: 2))
        #expect(Contamination.Rule.isContaminated(Contamination(otherCPUSeconds: 0.09), wall: 0.2, cpus: 2))
        #expect(Contamination.Rule.isContaminated(Contamination(stealSeconds: 0.05), wall: 0.2, cpus: 2))
        // A platform that tells nothing flags nothing.
        #expect(!Contamination.Rule.isContaminated(Contamination(involuntarySwitches: 900), wall: 0.2, cpus: 2))
    }

    static func cell(walls: [Double], flagged: [Bool], rounds: [Int]? = nil) -> SiteGenKit.Measurement {
        var cell = SiteGenKit.Measurement(workload: "cpu_python", variant: "loop", model: "sequential", workers: 1, wall: walls,
                                          cpu: walls, metric: walls)
        cell.rounds = rounds
        cell.contamination = flagged.map { Contamination(otherCPUSeconds: $0 ? 1 : 0, flagged: $0) }
        return cell
    }

    @Test func statisticsUseTheCleanRepeatsAndKeepTheRawOnes() {
        // Round 2 was contaminated (1.6 s) and measured again (1.0 s).
        var cell = Self.cell(walls: [1.0, 1.6, 1.0, 1.02], flagged: [false, true, false, false], rounds: [1, 2, 2, 3])
        cell.deriveStatistics(baseline: nil, effectiveCPUs: 2, kind: "cpu")
        #expect(cell.median?.high == 1.02, "the contaminated 1.6 s is left out")
        #expect(cell.wall.count == 4, "the raw samples stay in the results")
        #expect(cell.clean.sampleRounds == [1, 2, 3])
        #expect(cell.contaminatedSamples.flagged == 1 && !cell.contaminatedSamples.used)
    }

    @Test func aMachineBusyThroughoutKeepsItsSamplesAndSaysSo() {
        let cell = Self.cell(walls: [1.5, 1.6, 1.4], flagged: [true, true, false])
        #expect(cell.clean.wall == [1.5, 1.6, 1.4])
        #expect(cell.contaminatedSamples.used)
    }

    @Test(.enabled(if: MeasureTestSupport.python3 != nil))
    func aContaminatedRunIsMeasuredAgainInTheSameRound() throws {
        let fake = try FakeHarness()
        try Data("1".utf8).write(to: fake.folder.appendingPathComponent("contaminate"))
        let harness = try fake.interpreter().harness()
        let runner = MeasurementRunner(harness: harness, repeats: 3, timeout: 30, cpus: 2)
        let cell = Cell(workload: "alpha", variant: "loop", model: "sequential", size: 4)
        let record = try runner.run([cell])
        #expect(record.contaminatedRuns == 1 && record.reruns == 1)
        #expect(record.rounds[0] == [1, 1, 2, 3])
        #expect(record.samples[0].map { $0.contamination?.flagged } == [true, false, false, false])
    }

    @Test(.enabled(if: MeasureTestSupport.python3 != nil))
    func reRunsAreBoundedWhenContaminationLasts() throws {
        let fake = try FakeHarness()
        try Data("100".utf8).write(to: fake.folder.appendingPathComponent("contaminate"))
        let harness = try fake.interpreter().harness()
        // 2 cells × 4 repeats = 8 planned runs; a quarter of them may be measured again.
        let runner = MeasurementRunner(harness: harness, repeats: 4, timeout: 30, cpus: 2)
        let cells = [Cell(workload: "alpha", variant: "loop", model: "sequential", size: 4),
                     Cell(workload: "alpha", variant: "loop", model: "threads", workers: .count(2), size: 4)]
        let record = try runner.run(cells)
        #expect(record.reruns == 2)
        #expect(record.samples.map(\.count).reduce(0, +) == 10)
        #expect(record.contaminatedRuns == 10)
    }

    @Test(.enabled(if: MeasureTestSupport.python3 != nil))
    func undecidedClaimsGetExtraRoundsOfExactlyTheirCells() throws {
        let fake = try FakeHarness()
        let python = fake.interpreter()
        // The fake's alpha: sequential 0.2 s at parallelism 1, a 2-process pool at 0.105 s and 2 ∥.
        let claims = [ClaimRounds.Claim(expression: try ClaimParser.parseClaim("parallelism(alpha, model=process_pool, workers=2) > 1.5"),
                                        condition: nil, label: "pool-parallel")]
        let benchmark = Benchmark(python: python, host: TestHost.facts, profile: .quick, only: ["alpha"], repeats: 3,
                                  decider: ClaimRounds(claims: claims, budgetSeconds: 60))
        let results = try benchmark.run()
        let pool = try #require(results.measurements.first { $0.model == "process_pool" && $0.startMethod == "fork" })
        #expect(pool.wall.count == DecisionRule.looks[0], "extra rounds up to the first look, where the claim is decided")
        #expect(results.measurements.first { $0.model == "sequential" }?.wall.count == 3, "cells no claim reads keep their planned rounds")
        #expect(results.adaptation?.rounds == DecisionRule.looks[0])
        #expect(results.adaptation?.extraPurposes.first?.hasPrefix("deciding 1 claim (pool-parallel)") == true)
        let verdict = try ClaimEvaluator(index: ResultsIndex(results: results)).evaluate(claims[0].expression)
        #expect(verdict.verdict == .holds)
        #expect(verdict.margin.map { $0 > 0.2 } == true)
    }

    @Test(.enabled(if: MeasureTestSupport.python3 != nil))
    func noBudgetMeansNoExtraRounds() throws {
        let fake = try FakeHarness()
        let claims = [ClaimRounds.Claim(expression: try ClaimParser.parseClaim("parallelism(alpha, model=process_pool, workers=2) > 1.5"),
                                        condition: nil, label: "pool-parallel")]
        let results = try Benchmark(python: fake.interpreter(), host: TestHost.facts, profile: .quick, only: ["alpha"], repeats: 3,
                                    decider: ClaimRounds(claims: claims, budgetSeconds: 0)).run()
        #expect(results.measurements.filter { $0.status == .ok }.allSatisfy { $0.wall.count == 3 })
        let verdict = try ClaimEvaluator(index: ResultsIndex(results: results)).evaluate(claims[0].expression)
        #expect(verdict.verdict == .inconclusive, "three rounds are too few for any decision")
    }
}

/// `sitegen claims`: every claim with its verdict, margin, rounds and cells.
@Suite("Claim listing")
struct ClaimListingTests {
    func claim(_ expr: String, when: String? = nil, sentence: String = "A claim.") -> String {
        "{{< claim expr=\"\(expr)\"\(when.map { " when=\"\($0)\"" } ?? "") >}}\n\(sentence)\n{{< /claim >}}"
    }

    @Test func theListingShowsVerdictMarginRoundsAndCells() throws {
        let site = try TemporarySite([
            "Content/a.md": "---\ntitle: Threads\n---\n\n" + claim("parallelism(cpu_python, model=process_pool, workers=2) > 1.5") + "\n\n"
                + claim("speedup(cpu_python, model=threads, workers=1) < 1", sentence: "Even.") + "\n\n"
                + claim("1 < 2", when: "gil == off", sentence: "Free-threaded only.") + "\n",
        ])
        let records = ClaimSurvey.collect(pages: try ContentLoader(root: site.root.path).load(), root: site.root.path, results: GuideFixture.index)
        let listing = ClaimListing(guides: [.init(guide: nil, records: records)])
        // process_pool ×2 keeps 1.9 CPUs busy in every round: (1.9 − 1.5) / 1.5 to spare.
        #expect(listing.text.contains("Content/a.md:5  holds  margin +26.7 %  claim-5\n"))
        #expect(listing.text.contains("  7 of 7 paired rounds agree"))
        #expect(listing.text.contains("  reads cpu_python/loop · process_pool[fork] ×2: 9 samples, 9 rounds\n"))
        #expect(listing.text.contains("Content/a.md:9  inconclusive  margin "))
        #expect(listing.text.contains("not tested here: it applies when gil == off"))
        #expect(listing.text.hasSuffix("3 claims: 1 holds, 1 inconclusive, 1 not applicable\n"))

        let entries = try #require(try JSONSerialization.jsonObject(with: listing.json()) as? [[String: Any]])
        #expect(entries.map { $0["verdict"] as? String } == ["holds", "inconclusive", "not-applicable"])
        #expect((entries[0]["margin"] as? Double).map { abs($0 - 0.4 / 1.5) < 1e-9 } == true)
        #expect((entries[0]["cells"] as? [[String: Any]])?.first?["samples"] as? Int == 9)
        #expect(entries[2]["margin"] == nil)
    }

    @Test func aFragileClaimIsAWarning() throws {
        let findings = DiagnosticSink()
        // Holds in every round, but 1.9 clears 1.85 by less than 5 %.
        _ = try GuideFixture.resolve(claim("parallelism(cpu_python, model=process_pool, workers=2) > 1.85"),
                                     context: GuideFixture.context(findings: findings))
        #expect(findings.diagnostics.map(\.severity) == [.warning])
        #expect(findings.diagnostics.first?.message.hasPrefix("claim holds by only 2.7 % (less than 5 %)") == true)
    }
}

/// Extra rounds through a whole build: the claims of the pages decide what is measured again.
@Suite("Claim rounds in a build")
struct ClaimRoundsBuildTests {
    static let page = """
        ---
        title: Guide
        ---
        # Guide

        {{< claim id=pool-parallel expr="parallelism(alpha, model=process_pool, workers=2) > 1.5" >}}
        Two processes keep two CPUs busy.
        {{< /claim >}}
        """

    func options(_ site: TemporarySite, _ fake: FakeHarness, extraBudget: Double?) -> SiteBuilder.Options {
        var options = site.options()
        options.python = fake.interpreter()
        options.measure = MeasureStep.Request(profile: .quick, repeats: 3, extraBudget: extraBudget)
        return options
    }

    func poolRuns(_ fake: FakeHarness) -> Int {
        fake.runs.filter { $0.contains("--workload alpha") && $0.contains("--model process_pool") && $0.contains("--start-method fork") }.count
    }

    @Test(.enabled(if: MeasureTestSupport.python3 != nil))
    func aCacheMeasuredWithoutExtraRoundsIsMeasuredAgainWhenABuildWouldRunThem() throws {
        let site = try TemporarySite(["Content/index.md": Self.page, "Content/methodology.md": MeasureTestSupport.methodologyPage(["alpha"])])
        let fake = try FakeHarness()
        // No extra rounds: three rounds decide nothing, and check says so.
        let undecided = try SiteBuilder(options: options(site, fake, extraBudget: 0)).check()
        #expect(undecided.warnings.contains { $0.message.hasPrefix("claim inconclusive") })
        #expect(poolRuns(fake) == 3)
        // The default budget: the cache entry had none, so the workload is measured again, with the rounds.
        let decided = try SiteBuilder(options: options(site, fake, extraBudget: nil)).check()
        #expect(!decided.warnings.contains { $0.message.hasPrefix("claim inconclusive") })
        #expect(poolRuns(fake) == 3 + DecisionRule.looks[0])
        // And that entry is reused as it is.
        _ = try SiteBuilder(options: options(site, fake, extraBudget: nil)).check()
        #expect(poolRuns(fake) == 3 + DecisionRule.looks[0])
    }
}
