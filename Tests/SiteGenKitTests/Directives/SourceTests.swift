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
