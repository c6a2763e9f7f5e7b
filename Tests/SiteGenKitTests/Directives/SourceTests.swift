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

@Suite struct SourceTests {
    let folder = WorkloadFolder(path: Fixtures.url("guide-workloads").path)

    func resolve(_ text: String, handler: SourceDirective? = nil) throws -> String {
        let directive = try GuideFixture.directive(text)
        guard case let .block(html) = try (handler ?? SourceDirective(folder: folder)).resolve(directive, in: GuideFixture.context()) else {
            Issue.record("source should make a block")
            return ""
        }
        return html
    }

    @Test func showsTheModuleVerbatimWithItsPathAndHash() throws {
        let html = try resolve("{{< source tiny >}}")
        #expect(html == """
            <figure class="source" id="source-tiny">
            <figcaption><code>Sources/SiteGenMeasure/Workloads/tiny.py</code> <span class="source-hash" title="SHA-256 of the whole file">SHA-256 99dd60ae722b…</span></figcaption>
            <pre><code class="language-python">&quot;&quot;&quot;A tiny workload for tests: &lt;angle brackets&gt; &amp; &quot;quotes&quot; stay verbatim.&quot;&quot;&quot;

            KIND = &quot;cpu&quot;


            def run_sequential(size):
                return [i * i for i in range(size)]
            </code></pre>
            </figure>

            """)
    }

    @Test func theAnchorIsWhereMeasuredNumbersLink() throws {
        let html = try resolve("{{< source tiny >}}")
        #expect(html.contains("id=\"\(MeasurementLink.anchor(forWorkload: "tiny"))\""))
        #expect(try resolve("{{< source tiny id=tiny-again >}}").contains("id=\"tiny-again\""))
    }

    @Test func linesSelectsAPart() throws {
        let html = try resolve("{{< source tiny lines=\"6-7\" >}}")
        #expect(html.contains("<pre><code class=\"language-python\">def run_sequential(size):\n    return [i * i for i in range(size)]\n</code></pre>"))
    }

    @Test func functionSelectsATopLevelFunctionByName() throws {
        let html = try resolve("{{< source tiny function=run_sequential >}}")
        #expect(html.contains("id=\"source-tiny-run_sequential\""))
        #expect(html.contains("<pre><code class=\"language-python\">def run_sequential(size):\n    return [i * i for i in range(size)]\n</code></pre>"))
        // The bundled module the asyncio page shows: the whole coroutine, docstring included, and nothing after it.
        let bundled = try #require(SourceDirective.function("fetch_then_hand_off", in: String(contentsOfFile: WorkloadFolder.bundled.file("mixed.py"), encoding: .utf8)))
        #expect(bundled.hasPrefix("async def fetch_then_hand_off(address, request_id, passes, pool):\n    \"\"\""))
        #expect(bundled.hasSuffix("    return await loop.run_in_executor(pool, digest, reply, passes)\n"))
    }

    @Test func aFunctionTakesItsDecoratorsBlankLinesAndAWrappedSignature() {
        let module = "import x\n\n\n@cache\n@other(1)\ndef wrapped(\n    a,\n):\n    one = a\n\n    return one\n\n\n# next\ndef later():\n    pass\n"
        #expect(SourceDirective.function("wrapped", in: module) == "@cache\n@other(1)\ndef wrapped(\n    a,\n):\n    one = a\n\n    return one\n")
        #expect(SourceDirective.function("later", in: module) == "def later():\n    pass\n")
        #expect(SourceDirective.function("one", in: module) == nil)
        #expect(SourceDirective.function("wrap", in: module) == nil)
        #expect(SourceDirective.functions(in: module) == ["wrapped", "later"])
    }

    @Test func aFunctionGoesOnOverCommentsAndStringsAtTheMarginAndReadsWindowsLineEnds() {
        let module = "def f():\n    text = \"\"\"\nat the margin\n\"\"\"\n# a comment at the margin\n    return text\n\n# about g\ndef g():\n    pass\n"
        #expect(SourceDirective.function("f", in: module) == "def f():\n    text = \"\"\"\nat the margin\n\"\"\"\n# a comment at the margin\n    return text\n")
        #expect(SourceDirective.function("g", in: module.replacingOccurrences(of: "\n", with: "\r\n")) == "def g():\n    pass\n")
        #expect(SourceDirective.functions(in: "def a():\r\n    pass\r\ndef b():\r\n    pass\r\n") == ["a", "b"])
    }

    @Test func anUnknownFunctionListsTheModulesFunctionsAndLinesExcludeIt() {
        let error = GuideFixture.diagnostic { _ = try resolve("{{< source tiny function=run_sequentail >}}") }
        #expect(error?.message == "unknown top-level function of tiny.py `run_sequentail`; did you mean `run_sequential`? known: run_sequential")
        #expect(error?.column == 17)  // at `function=`
        let both = GuideFixture.diagnostic { _ = try resolve("{{< source tiny lines=\"6-7\" function=run_sequential >}}") }
        #expect(both?.message.hasPrefix("give `lines=` or `function=`, not both") == true)
    }

    @Test func anUnknownModuleListsTheKnownOnes() {
        let error = GuideFixture.diagnostic { _ = try resolve("{{< source tiyn >}}") }
        #expect(error?.message == "unknown workload module `tiyn`; did you mean `tiny`? known: harness, tiny")
        #expect(error?.column == 12)
    }

    @Test func theBundledWorkloadsAreFound() throws {
        let html = try resolve("{{< source harness >}}", handler: SourceDirective())
        #expect(html.contains("<code>Sources/SiteGenMeasure/Workloads/harness.py</code>"))
        #expect(html.contains("<pre><code class=\"language-python\">"))
    }

    @Test func theStandardRegistryKnowsTheMeasurementDirectives() {
        let names = DirectiveRegistry.standard.names
        for name in ["table", "chart", "claim", "claims", "source"] { #expect(names.contains(name)) }
    }
}
