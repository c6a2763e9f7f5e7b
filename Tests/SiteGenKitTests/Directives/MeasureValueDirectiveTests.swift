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

/// `{{< value … >}}`: one measured number with unit and uncertainty, linked to how it was measured.
@Suite("Value directive")
struct MeasureValueDirectiveTests {
    func directive(_ text: String) throws -> Directive {
        let segments = try DirectiveScanner(file: "Content/guide.md").scan(text)
        for case .directive(let directive) in segments { return directive }
        throw RunnerError("no directive in \(text)")
    }

    func context(results: ResultsFile? = FixtureResults.make(), findings: DiagnosticSink = DiagnosticSink()) -> DirectiveContext {
        var context = TestHost.context(page: "Content/guide.md")
        context.results = results.map { ResultsIndex(results: $0) }
        context.findings = findings
        return context
    }

    func resolve(_ text: String, findings: DiagnosticSink = DiagnosticSink()) throws -> (html: String, text: String) {
        let value = try ValueDirective().resolve(try directive(text), in: context(findings: findings))
        guard case .inline(let html, let plain) = value else { throw RunnerError("not inline: \(value)") }
        return (html, plain)
    }

    func error(_ text: String, results: ResultsFile? = FixtureResults.make()) throws -> Diagnostic {
        let error = try #require(throws: DiagnosticError.self) {
            try ValueDirective().resolve(try directive(text), in: context(results: results))
        }
        return error.diagnostics[0]
    }

    @Test func theStandardRegistryKnowsIt() {
        #expect(DirectiveRegistry.standard.handler(named: "value") != nil)
    }

    @Test func aSpeedupReadsAsARatioWithItsSpread() throws {
        let value = try resolve("{{< value cpu_python model=process_pool workers=2 metric=speedup >}}")
        // 1.00 s sequential / 0.52 s on two fork workers; interval 0.98/0.53 … 1.02/0.51.
        #expect(value.text == "1.92× ±0.08")
        #expect(value.html.hasPrefix("<a class=\"measure\" href=\""))
        #expect(value.html.contains(">1.92× ±0.08</a>"))
        #expect(value.html.contains("process_pool[fork] ×2"))
        #expect(value.html.contains("5 samples"))
    }

    @Test func theStartMethodDefaultsToTheInterpretersAndCanBeChosen() throws {
        let spawn = try resolve("{{< value cpu_python model=process_pool start=spawn workers=2 metric=wall >}}")
        #expect(spawn.text == "610 ms ±30")
        let fork = try resolve("{{< value cpu_python model=process_pool workers=2 metric=wall >}}")
        #expect(fork.text == "520 ms ±10")
    }

    @Test func parallelismTimesAndUnitsOfTheVariant() throws {
        #expect(try resolve("{{< value cpu_python model=threads workers=2 metric=parallelism >}}").text == "1.00")
        #expect(try resolve("{{< value io_sleep model=asyncio metric=wall >}}").text == "22.0 ms ±2.0")
        #expect(try resolve("{{< value io_sleep model=asyncio workers=per_task metric=speedup >}}").text.hasPrefix("91."))
        #expect(try resolve("{{< value overhead model=asyncio >}}").text == "7.10 µs ±0.20")
        #expect(try resolve("{{< value io_sleep model=asyncio metric=wall digits=1 >}}").text == "22.0 ms ±2.0")
        #expect(try resolve("{{< value cpu_python model=process_pool workers=2 metric=speedup digits=3 >}}").text == "1.923× ±0.077")
    }

    @Test func bestPicksTheFastestCell() throws {
        let best = try resolve("{{< value cpu_python model=process_pool start=spawn workers=best metric=wall >}}")
        #expect(best.html.contains("process_pool[spawn] ×2"))
    }

    @Test func aNoisyCellSaysSo() throws {
        let noisy = try resolve("{{< value io_sleep model=thread_pool workers=default metric=wall >}}")
        #expect(noisy.html.contains("class=\"measure noisy\""))
        #expect(noisy.html.contains("noisy: the interval is wider"))
    }

    @Test func anUnknownWorkloadIsReportedAtItsArgumentWithASuggestion() throws {
        let diagnostic = try error("{{< value cpu_pyhton model=threads workers=2 >}}")
        #expect(diagnostic.message.contains("did you mean `cpu_python`?"))
        #expect(diagnostic.file == "Content/guide.md")
        #expect(diagnostic.line == 1)
        #expect(diagnostic.column == 11)
    }

    @Test func anUnknownModelIsReportedAtModel() throws {
        let diagnostic = try error("{{< value cpu_python model=thread workers=2 >}}")
        #expect(diagnostic.message.contains("did you mean `threads`?"))
        #expect(diagnostic.column == 22)
    }

    @Test func anUnknownMetricIsReportedAtMetric() throws {
        let diagnostic = try error("{{< value cpu_python model=threads workers=2 metric=sped >}}")
        #expect(diagnostic.message.contains("unknown metric `sped`"))
        #expect(diagnostic.message.contains("speedup"))
        #expect(diagnostic.column == 46)
    }

    @Test func anUnknownWorkerCountListsTheKnownOnes() throws {
        let diagnostic = try error("{{< value cpu_python model=threads workers=3 >}}")
        #expect(diagnostic.message.contains("unknown worker count `3`"))
        #expect(diagnostic.column == 36)
    }

    @Test func anUnderspecifiedCellAsksForWhatIsMissing() throws {
        let diagnostic = try error("{{< value cpu_python metric=speedup >}}")
        #expect(diagnostic.message.contains("model=…"))
        #expect(diagnostic.column == 1)
    }

    @Test func badDigitsAndStrayArgumentsAreReported() throws {
        #expect(try error("{{< value cpu_python model=threads workers=2 digits=many >}}").message.contains("`digits`"))
        #expect(try error("{{< value cpu_python model=threads workers=2 colour=red >}}").message.contains("no argument `colour`"))
        #expect(try error("{{< value cpu_python model=threads workers=2 name=tasks >}}").message.contains("metric=metric"))
    }

    @Test func withoutMeasurementsItSaysHowToGetThem() throws {
        let diagnostic = try error("{{< value cpu_python model=threads workers=2 >}}", results: nil)
        #expect(diagnostic.message.contains("no measurements available"))
    }

    @Test func aCellThatTimedOutShowsNAAndFailsCheck() throws {
        let findings = DiagnosticSink()
        let value = try resolve("{{< value cpu_python model=threads workers=8 >}}", findings: findings)
        #expect(value.text == "n/a")
        #expect(value.html.contains("timeout"))
        let finding = try #require(findings.diagnostics.first)
        #expect(finding.severity == .error)
        #expect(finding.message.contains("timeout"))
        #expect(finding.line == 1 && finding.column == 1)
    }

    @Test func itAsksForItsWorkloadToBeMeasured() throws {
        #expect(ValueDirective().requiredWorkloads(try directive("{{< value io_sleep model=asyncio >}}")) == ["io_sleep"])
        #expect(ValueDirective().requiredWorkloads(try directive("{{< value workload=cpu_python model=asyncio >}}")) == ["cpu_python"])
    }
}
