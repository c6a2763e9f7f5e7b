import Foundation
import Testing
@testable import SiteGenKit
@testable import SiteGenResults
@testable import SiteGenCore
@testable import SiteGenMeasure
@testable import SiteGenRender
@testable import SiteGenContent
@testable import SiteGenDirectives

/// What a reader is told about a claim or figure that does not apply on the machine that built the guide.
@Suite struct ConditionHintTests {
    let facts = ClaimCondition(results: GuideFixture.results())  // CPython 3.12.3, GIL on, 2 CPUs, Linux

    func hint(_ condition: String) throws -> ConditionHint? {
        ConditionHint(condition: try ClaimParser.parseCondition(condition), facts: facts)
    }

    @Test func aConditionThatHoldsNeedsNothing() throws {
        #expect(try hint("gil and effective_cpus >= 2") == nil)
        #expect(try hint("platform == linux") == nil)
    }

    @Test func interpreterFactsNameTheInterpreterToMeasureWith() throws {
        let freeThreaded = try #require(try hint("free_threaded and not gil and effective_cpus >= 2"))
        #expect(freeThreaded.needs == "a free-threaded build and the GIL off")
        #expect(freeThreaded.command == "sitegen build --python python3.14t")
        #expect(!freeThreaded.needsOtherMachine)
        #expect(freeThreaded.sentence.hasSuffix("to see it, build the guide with `sitegen build --python python3.14t`."))

        let pool = try #require(try hint("interpreter_pool and effective_cpus >= 2"))
        #expect(pool.needs == "Python 3.14 or newer (InterpreterPoolExecutor)")
        #expect(pool.command == "sitegen build --python python3.14")

        #expect(try hint("python >= 3.13")?.needs == "Python 3.13 or newer")
        #expect(try hint("gil == off")?.command == "sitegen build --python python3.14t")
    }

    @Test func machineFactsSayWhatMachineIsNeeded() throws {
        let cpus = try #require(try hint("effective_cpus >= 4"))
        #expect(cpus.needs == "at least 4 usable CPUs")
        #expect(cpus.command == nil && cpus.needsOtherMachine)
        #expect(cpus.sentence == "It needs at least 4 usable CPUs: build the guide on such a machine to see it.")
        #expect(try hint("platform == darwin")?.needs == "macOS")
        #expect(try hint("not (effective_cpus <= 2)")?.needs == "more than 2 usable CPUs")
    }

    @Test func alternativesAreOfferedTogetherAndOnlyFalsePartsAreNamed() throws {
        #expect(try hint("platform == darwin or effective_cpus >= 8")?.needs == "macOS or at least 8 usable CPUs")
        // The part that holds (gil) is not named.
        #expect(try hint("gil and effective_cpus >= 4")?.needs == "at least 4 usable CPUs")
    }

    @Test func aValueWhoseConditionIsFalseSaysWhatItNeeds() throws {
        let html = try GuideFixture.resolve("{{< value cpu_python model=threads workers=2 metric=speedup when=\"not gil\" >}}")
        #expect(html.hasPrefix("<span class=\"measure not-applicable\" title=\"Not measured here: this figure applies when not gil; here gil = on. It needs the GIL off: to see it, build the guide with `sitegen build --python python3.14t`.\">"))
        #expect(html.hasSuffix(">needs the GIL off</span>"))
        // Where it holds, the figure shows as always.
        let figure = try GuideFixture.resolve("{{< value cpu_python model=threads workers=2 metric=speedup when=\"gil\" >}}")
        #expect(figure.contains(">0.97× ±0.02</a>"))
    }

    @Test func aValueWithAMistakenConditionIsAnErrorAtIt() throws {
        #expect(throws: DiagnosticError.self) {
            try GuideFixture.resolve("{{< value cpu_python model=threads workers=2 metric=speedup when=\"gill\" >}}")
        }
    }

    @Test func aConstantShowsItsTextWithItsReasonAndNeedsOne() throws {
        let html = try GuideFixture.resolve("{{< constant \"5 ms\" why=\"CPython's default <switch interval>\" >}}")
        #expect(html == "<span class=\"constant\" title=\"CPython&#39;s default &lt;switch interval&gt;\">5 ms</span>")
        #expect(throws: DiagnosticError.self) { try GuideFixture.resolve("{{< constant \"5 ms\" >}}") }
        #expect(throws: DiagnosticError.self) { try GuideFixture.resolve("{{< constant why=\"a reason\" >}}") }
    }
}
