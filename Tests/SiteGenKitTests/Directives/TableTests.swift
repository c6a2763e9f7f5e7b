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

@Suite struct TableTests {
    func count(_ needle: String, in haystack: String) -> Int {
        haystack.components(separatedBy: needle).count - 1
    }

    func rows(_ html: String) -> [String] {
        html.components(separatedBy: "<tr>").dropFirst().map { $0.components(separatedBy: "</tr>")[0] }
    }

    @Test func tableHasARowPerModelAndAColumnPerWorkerCount() throws {
        let html = try GuideFixture.resolve("{{< table cpu_python >}}")
        #expect(html.hasPrefix("<div class=\"table-scroll\">\n<table class=\"results\">\n<caption>"))
        let rows = rows(html)
        #expect(rows[0] == "<th scope=\"col\">Model</th><th scope=\"col\">1 worker</th><th scope=\"col\">2 workers</th><th scope=\"col\">4 workers</th>")
        let names = rows.dropFirst().map { $0.components(separatedBy: "</th>")[0].replacingOccurrences(of: "<th scope=\"row\">", with: "") }
        #expect(names == ["threads", "process_pool[fork]", "process_pool[spawn]", "interpreter_pool"])
        // Sequential is the baseline in the caption, not a row.
        #expect(!html.contains("scope=\"row\">sequential"))
        #expect(html.contains("<code>cpu_python</code> / <code>loop</code>: speedup over sequential"))
        #expect(html.contains("9 samples per cell; baseline: sequential, median 1.00 s ±0.01."))
        #expect(html.contains("± its 96.1 % interval"))
    }

    @Test func cellsShowSpeedupWithUncertaintyAndParallelism() throws {
        let html = try GuideFixture.resolve("{{< table cpu_python >}}")
        // The median of the nine per-repeat ratios 1.00 × (1 ± 1 %) / 0.52 × (1 ± 2 %): 1.91, within 1.88 … 1.98.
        #expect(html.contains(">1.91× ±0.07 · ∥1.9</a>"))
        #expect(html.contains(">0.97× ±0.02 · ∥1.0</a>"))
    }

    @Test func theBestCellIsMarkedOnceWithHiddenText() throws {
        let html = try GuideFixture.resolve("{{< table cpu_python >}}")
        #expect(count("class=\"best\"", in: html) == 1)
        let best = try #require(html.components(separatedBy: "<td class=\"best\">").dropFirst().first)
        #expect(best.contains("1.91×"))
        #expect(best.contains("<span class=\"visually-hidden\"> (fastest)</span>"))
        #expect(html.contains("Highlighted: the fastest cell, process_pool[fork] ×2."))
    }

    @Test func noisyCellsAreFlaggedWithAMarkerAndALegend() throws {
        let html = try GuideFixture.resolve("{{< table cpu_python >}}")
        #expect(count("class=\"noisy\"", in: html) == 1)
        let noisy = try #require(html.components(separatedBy: "<td class=\"noisy\">").dropFirst().first?.components(separatedBy: "</td>").first)
        #expect(noisy.contains("<sup aria-hidden=\"true\">†</sup><span class=\"visually-hidden\"> (noisy)</span>"))
        #expect(html.contains("<p class=\"results-note\">† Noisy: the interval of the median is wider than ±10 %"))
    }

    @Test func failedAndUnavailableCellsShowTheirStatusAndReason() throws {
        let html = try GuideFixture.resolve("{{< table cpu_python >}}")
        #expect(html.contains("<td class=\"failed\" title=\"timed out: killed after 60 s\">timed out<sup>a</sup></td>"))
        #expect(html.contains("<td class=\"unavailable\" title=\"unavailable: needs Python 3.14\">unavailable<sup>b</sup></td>"))
        #expect(html.contains("<p class=\"results-note\"><sup>a</sup> process_pool[spawn] ×2 timed out: killed after 60 s</p>"))
        #expect(html.contains("<p class=\"results-note\"><sup>b</sup> interpreter_pool ×2 unavailable: needs Python 3.14</p>"))
        // Cells never measured are marked as such, not left blank.
        #expect(html.contains("<td class=\"empty\"><span aria-hidden=\"true\">—</span><span class=\"visually-hidden\">not measured</span></td>"))
    }

    @Test func overheadsShowTheirMetricAndMarkTheLowest() throws {
        let html = try GuideFixture.resolve("{{< table overhead variant=start_thread >}}")
        #expect(html.contains("median µs per unit (lower is better)"))
        #expect(html.contains(">85.0 µs ±2.5</a>"))
        #expect(!html.contains("×"))
        #expect(html.contains("<th scope=\"col\">no pool</th>"))
        // One cell has nothing to beat.
        #expect(!html.contains("class=\"best\""))
        #expect(!html.contains("Highlighted"))
        let starts = try GuideFixture.resolve("{{< table overhead variant=start_process >}}")
        #expect(starts.contains("<tr><th scope=\"row\">process_pool[fork]</th><td class=\"best\">"))
        #expect(starts.contains(">3.00 ms ±0.15</a><span class=\"visually-hidden\"> (lowest)</span></td></tr>"))
        #expect(starts.contains(">90.0 ms ±4.5</a></td></tr>"))
    }

    @Test func everyNumberLinksToHowItWasMeasured() throws {
        let html = try GuideFixture.resolve("{{< table cpu_python >}}", context: GuideFixture.context(page: "Content/deep/page.md"))
        #expect(html.contains("<a class=\"measure\" href=\"../methodology.html#source-cpu_python\" title=\"cpu_python/loop, process_pool[fork] ×2: 9 samples, median wall 520 ms (96.1 % interval 510–530 ms); CPU s per wall s 1.90; CPython 3.12.3 on 2 effective CPUs (Test CPU 2000), profile quick\">"))
    }

    @Test func modelsAndWorkersChooseAndOrderRowsAndColumns() throws {
        let html = try GuideFixture.resolve("{{< table cpu_python models=process_pool[fork],threads workers=2,4 >}}")
        let rows = rows(html)
        #expect(rows[0] == "<th scope=\"col\">Model</th><th scope=\"col\">2 workers</th><th scope=\"col\">4 workers</th>")
        #expect(rows[1].hasPrefix("<th scope=\"row\">process_pool[fork]</th>"))
        #expect(rows[2].hasPrefix("<th scope=\"row\">threads</th>"))
        #expect(rows.count == 3)
    }

    @Test func mistakesSayWhatExists() {
        let unknown = GuideFixture.diagnostic { _ = try GuideFixture.resolve("{{< table cpu_pyhton >}}") }
        #expect(unknown?.message == "unknown workload `cpu_pyhton`; did you mean `cpu_python`? known: cpu_python, io_sleep, overhead")
        #expect(unknown?.column == 11)
        let variant = GuideFixture.diagnostic { _ = try GuideFixture.resolve("{{< table overhead >}}") }
        #expect(variant?.message.contains("has several variants; add variant=… (one of start_thread, start_task, start_process)") == true)
        let model = GuideFixture.diagnostic { _ = try GuideFixture.resolve("{{< table cpu_python models=thread >}}") }
        #expect(model?.message.hasPrefix("unknown model `thread`; did you mean `threads`?") == true)
        let none = GuideFixture.diagnostic { _ = try GuideFixture.resolve("{{< table cpu_python >}}", context: GuideFixture.context(results: nil)) }
        #expect(none?.message.contains("this build has none") == true)
    }

    @Test func measurementDirectivesBecomeBlocksOfARenderedPage() throws {
        let body = """
            ## Results

            Intro.

            {{< table cpu_python >}}

            {{< chart cpu_python >}}

            {{< claim expr="speedup(cpu_python, model=threads, workers=2) < 1.2" >}}
            Threads don't help here.
            {{< /claim >}}

            {{< claims >}}

            """
        let site = try TemporarySite(["Content/guide.md": "---\ntitle: Guide\n---\n" + body])
        let page = Page(sourcePath: "Content/guide.md", frontMatter: FrontMatter(title: "Guide"), body: body, bodyLine: 4,
                        outputPath: "guide.html")
        let rendered = try PageRenderer(registry: .standard).render(page, context: GuideFixture.context(root: site.root.path))
        #expect(!rendered.body.contains("SITEGENDIRECTIVE"))
        #expect(!rendered.body.contains("<p><div") && !rendered.body.contains("<p><figure"))
        #expect(rendered.body.contains("<p>Intro.</p>\n<div class=\"table-scroll\">"))
        #expect(rendered.ids.isSuperset(of: ["results", "chart-cpu_python-loop-speedup-10", "claim-12"]))
        #expect(rendered.body.contains("<td><a href=\"guide.html#claim-12\">Guide</a></td>"))
    }

    @Test func filesWithoutDerivedStatisticsAreComputedFromTheSamples() throws {
        var results = GuideFixture.results()
        for index in results.measurements.indices {
            results.measurements[index].median = nil
            results.measurements[index].metricEstimate = nil
            results.measurements[index].speedup = nil
            results.measurements[index].parallelism = nil
            results.measurements[index].efficiency = nil
            results.measurements[index].idealSpeedup = nil
            results.measurements[index].noisy = false
        }
        let derived = try GuideFixture.resolve("{{< table cpu_python >}}")
        let raw = try GuideFixture.resolve("{{< table cpu_python >}}", context: GuideFixture.context(results: ResultsIndex(results: results)))
        #expect(raw == derived)
    }

    @Test func outputIsTheSameEveryTime() throws {
        let first = try GuideFixture.resolve("{{< table cpu_python >}}")
        #expect(try GuideFixture.resolve("{{< table cpu_python >}}") == first)
    }
}
