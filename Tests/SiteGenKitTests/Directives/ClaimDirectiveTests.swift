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

@Suite struct ClaimDirectiveTests {
    func claim(_ expr: String, when: String? = nil, sentence: String = "Threads don't speed up *pure-Python* work.") -> String {
        "{{< claim expr=\"\(expr)\"\(when.map { " when=\"\($0)\"" } ?? "") >}}\n\(sentence)\n{{< /claim >}}"
    }

    @Test func aHoldingClaimShowsItsSentenceBadgeAndLinkedFigure() throws {
        let findings = DiagnosticSink()
        let html = try GuideFixture.resolve(claim("speedup(cpu_python, model=threads, workers=2) < 1.2"),
                                            context: GuideFixture.context(findings: findings))
        #expect(html.hasPrefix("<div class=\"claim holds\" id=\"claim-1\">\n<p class=\"claim-statement\">Threads don’t speed up <em>pure-Python</em> work. <span class=\"verdict holds\"><span class=\"visually-hidden\">Verdict on this machine: </span>holds</span></p>\n"))
        #expect(html.contains("<p class=\"claim-evidence\">cpu_python, threads ×2: speedup <a class=\"measure\" href=\"methodology.html#source-cpu_python\" title=\""))
        #expect(html.contains(">0.97× [0.96, 0.99]</a> (needs &lt; 1.2)</p>"))
        #expect(findings.diagnostics.isEmpty)
    }

    @Test func aContradictedClaimIsAnErrorFindingAtTheDirective() throws {
        let findings = DiagnosticSink()
        let page = "Some text.\n\n" + claim("speedup(cpu_python, model=process_pool, workers=2) < 1.5", sentence: "Processes don't help.")
        let html = try GuideFixture.resolve(page, context: GuideFixture.context(findings: findings))
        #expect(html.contains("<div class=\"claim contradicted\" id=\"claim-3\">"))
        #expect(html.contains("<span class=\"verdict contradicted\">"))
        let finding = try #require(findings.diagnostics.first)
        #expect(finding.severity == .error)
        #expect(finding.file == "Content/guide.md")
        #expect(finding.line == 3 && finding.column == 1)
        #expect(finding.message == "claim contradicted on this machine: “Processes don't help.” — cpu_python, process_pool[fork] ×2: speedup 1.91× [1.88, 1.98] (needs < 1.5)")
    }

    @Test func anInconclusiveClaimIsAWarningAndSaysTheIntervalStraddles() throws {
        let findings = DiagnosticSink()
        let html = try GuideFixture.resolve(claim("speedup(cpu_python, model=threads, workers=1) < 1"),
                                            context: GuideFixture.context(findings: findings))
        #expect(html.contains("<span class=\"verdict inconclusive\">"))
        // Round by round the speed-up falls on both sides of 1: the rounds disagree, so nothing is decided.
        #expect(html.contains("1.00× [0.99, 1.01]</a>, no measurable difference from sequential (needs &lt; 1): held in "))
        #expect(html.contains(" of 7 rounds, and a decision needs 7 either way</p>"))
        #expect(findings.diagnostics.map(\.severity) == [.warning])
        #expect(findings.diagnostics.first?.message.hasPrefix("claim inconclusive on this machine (the uncertainty straddles the threshold)") == true)
    }

    @Test func aClaimWhoseConditionIsFalseIsNotApplicable() throws {
        let findings = DiagnosticSink()
        // Would be contradicted, but it only applies without the GIL.
        let html = try GuideFixture.resolve(claim("speedup(cpu_python, model=threads, workers=2) > 1.5", when: "gil == off"),
                                            context: GuideFixture.context(findings: findings))
        #expect(html.contains("<div class=\"claim not-applicable\""))
        #expect(html.contains(">not applicable</span>"))
        // It says what the reader would need, and the command that would measure it.
        #expect(html.contains("<p class=\"claim-evidence\">not tested here: it applies when gil == off; here gil = on. It needs the GIL off: to see it, build the guide with <code>sitegen build --python python3.14t</code>.</p>"))
        #expect(findings.diagnostics.isEmpty)
        // A true condition evaluates the claim.
        let applies = try GuideFixture.resolve(claim("speedup(cpu_python, model=threads, workers=2) < 1.2", when: "gil == on and effective_cpus >= 2"))
        #expect(applies.contains("<div class=\"claim holds\""))
    }

    @Test func notApplicableClaimsDontLookUpCellsThatNeedAnotherInterpreter() throws {
        let html = try GuideFixture.resolve(claim("speedup(cpu_python, model=free_threads, workers=2) > 1.5", when: "free_threaded"))
        #expect(html.contains("not applicable"))
    }

    @Test func anEfficiencyThresholdIsShownAsAPercentageLikeTheFigure() throws {
        let html = try GuideFixture.resolve(claim("efficiency(cpu_python, model=process_pool, workers=2) > 0.9"))
        #expect(html.contains(">95 % [94, 99]</a> (needs &gt; 90 %)"))
        #expect(!html.contains("0.9)"))
    }

    @Test func comparingTwoMeasuredSidesShowsBothAndTheNoiseWording() throws {
        let html = try GuideFixture.resolve(claim("speedup(cpu_python, model=threads, workers=1) > speedup(cpu_python, model=threads, workers=2)"))
        // 1.00 [0.990, 1.010] against 0.97 [0.956, 0.990]: the intervals touch, but round by round the
        // first is ahead in every round, so the claim holds.
        #expect(html.contains("(needs &gt; cpu_python, threads ×2: speedup "))
        #expect(html.contains("<div class=\"claim holds\""))
        // The intervals overlap, so the evidence says what decided it.
        #expect(html.contains(": decided on paired rounds, held in "), "\(html)")
        // Two cells of the same median, noise apart: the rounds disagree.
        let even = try GuideFixture.resolve(claim("wall(cpu_python, model=threads, workers=1) > wall(cpu_python, model=sequential)"))
        #expect(even.contains("<div class=\"claim inconclusive\""))
        #expect(even.contains("(needs &gt; cpu_python, sequential: wall time "))
        #expect(even.contains("rounds, and a decision needs 7 either way</p>"))
        let several = try GuideFixture.resolve(claim("median(overhead, variant=start_thread, model=threads) > 10 * median(overhead, variant=start_task, model=asyncio) and speedup(cpu_python, model=process_pool, workers=2) > 1.5"))
        #expect(several.contains("<ul class=\"claim-evidence\">\n<li>overhead/start_thread, threads: median "))
        #expect(several.contains(">85.0 µs [82.5, 87.5]</a> (needs &gt; 10 × (overhead/start_task, asyncio: median "))
        #expect(several.contains(") = 60.0 µs [57.0, 63.0])</li>"))
    }

    @Test func mistakesInTheExpressionPointAtTheirExactColumn() throws {
        // `{{< claim expr="` is 16 characters: the expression starts at column 17.
        let page = "{{< claim expr=\"speedup(cpu_python, model=thread, workers=2) < 1\" >}}\nX\n{{< /claim >}}"
        let model = GuideFixture.diagnostic { _ = try GuideFixture.resolve(page) }
        #expect(model?.line == 1)
        #expect(model?.column == 17 + 26)
        #expect(model?.message.hasPrefix("unknown model for cpu_python/loop `thread`") == true)

        let syntax = GuideFixture.diagnostic { _ = try GuideFixture.resolve("Text\n\n{{< claim   expr=\"spedup(cpu_python) < 1\" >}}\nX\n{{< /claim >}}") }
        #expect(syntax?.line == 3 && syntax?.column == 19)
        #expect(syntax?.message.hasPrefix("unknown function `spedup`") == true)

        let condition = GuideFixture.diagnostic { _ = try GuideFixture.resolve(claim("1 < 2", when: "cpus >= 2")) }
        #expect(condition?.column == 30)
        #expect(condition?.message.hasPrefix("unknown fact `cpus`") == true)

        // An expression on a later line of a multi-line tag.
        let multiline = GuideFixture.diagnostic { _ = try GuideFixture.resolve("{{< claim\n    expr=\"1 < 2 and\n    3 < unknown\" >}}\nX\n{{< /claim >}}") }
        #expect(multiline?.line == 3 && multiline?.column == 9)
    }

    @Test func aClaimNeedsAnExpressionASentenceAndMeasurements() {
        let noExpr = GuideFixture.diagnostic { _ = try GuideFixture.resolve("{{< claim >}}\nX\n{{< /claim >}}") }
        #expect(noExpr?.message.hasPrefix("`claim` needs expr=") == true)
        let noBody = GuideFixture.diagnostic { _ = try GuideFixture.resolve("{{< claim expr=\"1 < 2\" >}}") }
        #expect(noBody?.message.hasPrefix("`claim` needs a body") == true)
        let noResults = GuideFixture.diagnostic { _ = try GuideFixture.resolve(claim("1 < 2"), context: GuideFixture.context(results: nil)) }
        #expect(noResults?.message.contains("this build has none") == true)
    }

    @Test func requiredWorkloadsListsEveryWorkloadTheExpressionReads() throws {
        let directive = try GuideFixture.directive(claim("median(overhead, variant=start_thread, model=threads) > median(overhead, variant=start_task, model=asyncio) and speedup(cpu_python, model=threads, workers=2) < 1.2 or wall(io_sleep, model=asyncio, workers=100) < 1"))
        #expect(ClaimDirective().requiredWorkloads(directive) == ["overhead", "cpu_python", "io_sleep"])
    }

    @Test func theClaimsDirectiveListsEveryClaimOfTheSite() throws {
        let site = try TemporarySite([
            "Content/a.md": "---\ntitle: Threads\norder: 1\n---\n\n" + claim("speedup(cpu_python, model=threads, workers=2) < 1.2") + "\n",
            "Content/b.md": "---\ntitle: Processes\norder: 2\n---\n\nText.\n\n" + claim("speedup(cpu_python, model=process_pool, workers=2) < 1.5", sentence: "Processes don't help.") + "\n\n"
                + claim("1 < 2", when: "gil == off", sentence: "Free-threaded only.") + "\n",
            "Content/all/claims.md": "---\ntitle: All claims\n---\n\n{{< claims >}}\n",
        ])
        let records = ClaimSurvey.collect(pages: try ContentLoader(root: site.root.path).load(), root: site.root.path, results: GuideFixture.index)
        #expect(records.map(\.outcome.verdict) == [.holds, .contradicted, .notApplicable])
        #expect(records.map(\.line) == [6, 8, 12])
        #expect(ClaimSurvey.tally(records) == "3 claims: 1 holds, 1 contradicted, 1 not applicable")
        let html = try GuideFixture.resolve("{{< claims >}}", context: GuideFixture.context(page: "Content/all/claims.md", root: site.root.path))
        #expect(html.contains("<caption>Every claim of this guide, checked against this machine's measurements: 3 claims: 1 holds, 1 contradicted, 1 not applicable.</caption>"))
        #expect(html.contains("<td><a href=\"../b.html#claim-8\">Processes</a></td>"))
        #expect(html.contains("<td><span class=\"verdict contradicted\">contradicted</span></td>"))
    }
}
