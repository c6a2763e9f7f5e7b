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

@Suite struct ChartTests {
    func count(_ needle: String, in haystack: String) -> Int {
        haystack.components(separatedBy: needle).count - 1
    }

    @Test func anAuthorsCaptionEndingInAFullStopIsNotDoubled() throws {
        let speedup = try GuideFixture.resolve("{{< chart cpu_python kind=speedup caption=\"Speed-up by workers.\" >}}")
        #expect(speedup.contains("<figcaption>Speed-up by workers. Dashed: the ideal"))
        let bars = try GuideFixture.resolve("{{< chart overhead kind=bars variant=start_thread caption=\"Start cost.\" >}}")
        #expect(bars.contains("<figcaption>Start cost. Whiskers:"))
        #expect(!speedup.contains("..") && !bars.contains(".."))
    }

    @Test func speedupChartIsAnAccessibleFigure() throws {
        let html = try GuideFixture.resolve("{{< chart cpu_python kind=speedup >}}")
        #expect(html.hasPrefix("<figure class=\"figure chart chart-speedup\" id=\"chart-cpu_python-loop-speedup-1\">\n<figcaption>"))
        #expect(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 400.0 "))
        #expect(html.contains("role=\"img\" aria-labelledby=\"chart-cpu_python-loop-speedup-1-title chart-cpu_python-loop-speedup-1-desc\""))
        #expect(html.contains("<title id=\"chart-cpu_python-loop-speedup-1-title\">Speedup of cpu_python/loop by number of workers</title>"))
        // The description says what the chart shows, in words, with the honest wording for noise.
        #expect(html.contains("<desc id=\"chart-cpu_python-loop-speedup-1-desc\">threads shows no measurable speedup (best 1.00× ±0.01 with 1 worker); process_pool[fork] peaks at 1.91× ±0.07 with 2 workers. The ideal is min(workers, 2), as the machine has 2 effective CPUs.</desc>"))
        #expect(!html.contains("<script"))
    }

    @Test func oneLinePerModelWithWhiskersAndMarkers() throws {
        let html = try GuideFixture.resolve("{{< chart cpu_python >}}")
        // threads and process_pool[fork] have points; the timed-out and unavailable models have none.
        #expect(count("<path class=\"line\"", in: html) == 2)
        #expect(html.contains("<g class=\"series series-1\" style=\"stroke: var(--series-1, #0072B2); fill: var(--series-1, #0072B2)\"><path class=\"line\""))
        #expect(html.contains("<g class=\"series series-2\" style=\"stroke: var(--series-2, #E69F00); fill: var(--series-2, #E69F00)\"><path class=\"line\""))
        #expect(count("<path class=\"error-bar\"", in: html) == 6)
        #expect(html.contains(">process_pool[fork]</text>"))
        #expect(html.contains(">workers (log scale)</text>"))
    }

    @Test func theIdealLineIsDashedAndCappedAtTheEffectiveCPUs() throws {
        let html = try GuideFixture.resolve("{{< chart cpu_python >}}")
        // The plot's ideal line comes before the legend's sample of it.
        let ideal = try #require(html.components(separatedBy: "<path class=\"ideal\" d=\"").dropFirst().first?.components(separatedBy: "\"").first)
        #expect(html.contains("stroke-dasharray=\"6 4\" style=\"stroke: var(--chart-ideal, currentColor)\""))
        #expect(html.contains(">ideal: min(workers, 2)</text>"))
        let vertices = ideal.split(whereSeparator: { $0 == "M" || $0 == "L" }).map { $0.split(separator: " ").compactMap { Double($0) } }
        #expect(vertices.count > 10 && vertices.allSatisfy { $0.count == 2 })
        guard vertices.count > 10, vertices.allSatisfy({ $0.count == 2 }) else { return }
        // Rising up to 2 workers (y grows downwards), flat after.
        #expect(vertices[0][1] > vertices[vertices.count / 2][1])
        #expect(vertices[vertices.count / 2][1] == vertices.last![1])
        #expect(vertices[vertices.count / 2 - 1][1] > vertices[vertices.count / 2][1])
    }

    @Test func waitingWorkloadsHaveAnUncappedIdeal() throws {
        let html = try GuideFixture.resolve("{{< chart io_sleep >}}")
        #expect(html.contains(">ideal: workers</text>"))
        #expect(html.contains("Dashed: the ideal for waiting"))
    }

    @Test func theDataTableFollowsTheChartBehindADisclosure() throws {
        let html = try GuideFixture.resolve("{{< chart cpu_python >}}")
        let svgEnd = try #require(html.range(of: "</svg>\n"))
        #expect(html[svgEnd.upperBound...].hasPrefix("<details class=\"chart-data\"><summary>Data</summary>\n<div class=\"table-scroll\">\n<table class=\"results\">"))
        #expect(html.hasSuffix("</details>\n</figure>\n"))
    }

    @Test func sameInputGivesTheSameBytes() throws {
        let first = try GuideFixture.resolve("{{< chart cpu_python >}}")
        let second = try GuideFixture.resolve("{{< chart cpu_python >}}")
        #expect(first == second)
        let bars = try GuideFixture.resolve("{{< chart overhead kind=bars >}}")
        #expect(try GuideFixture.resolve("{{< chart overhead kind=bars >}}") == bars)
    }

    @Test func barsTurnLogarithmicWhenValuesSpanMoreThanAHundredfold() throws {
        let html = try GuideFixture.resolve("{{< chart overhead kind=bars >}}")
        #expect(html.contains("<figure class=\"figure chart chart-bars\""))
        #expect(count("<g class=\"bar series", in: html) == 4)
        #expect(html.contains("(log scale)</text>"))
        #expect(html.contains("logarithmic axis"))
        #expect(html.contains(">start_task · asyncio</text>"))
        #expect(html.contains(">6.00 µs</text>"))
        #expect(html.contains("Lowest: start_task · asyncio, 6.00 µs ±0.30; highest: start_process · process_pool[spawn], 90.0 ms ±4.5, 15000× as much. The axis is logarithmic."))
        // Decade ticks.
        #expect(html.contains(">1 µs</text>") && html.contains(">100 ms</text>"))
    }

    @Test func barsStayLinearForCloseValues() throws {
        let html = try GuideFixture.resolve("{{< chart overhead kind=bars variant=start_thread,start_task >}}")
        #expect(!html.contains("log scale"))
        #expect(count("<g class=\"bar series", in: html) == 2)
        #expect(html.contains("<th scope=\"row\">start_thread · threads</th><td><a class=\"measure\""))
    }

    @Test func memoryAxesTickAtRoundBinarySizes() {
        func bar(_ label: String, _ kib: Double) -> BarChart.Bar {
            BarChart.Bar(label: label, model: label, estimate: Estimate(median: kib, low: kib * 0.99, high: kib * 1.01, confidence: 0.95))
        }
        let chart = BarChart(id: "m", title: "Memory", description: "", bars: [bar("asyncio", 0.96), bar("threads", 16.5), bar("processes", 5036)],
                             unit: "KiB_per_unit", axisLabel: "KiB per unit")
        let svg = chart.svg()
        #expect(chart.resolvedScale == .log)
        for label in [">100 B<", ">1 KiB<", ">10 KiB<", ">100 KiB<", ">1 MiB<", ">10 MiB<"] { #expect(svg.contains(label)) }
        #expect(!svg.contains("1000 KiB") && !svg.contains("9.77"))
        #expect(svg.contains(">983 B</text>") && svg.contains(">4.92 MiB</text>"))
    }

    @Test func chartMistakesAreReportedAtTheArgument() {
        let kind = GuideFixture.diagnostic { _ = try GuideFixture.resolve("{{< chart cpu_python kind=pie >}}") }
        #expect(kind?.message == "unknown chart kind `pie`; known: speedup, parallelism, bars")
        #expect(kind?.column == 22)
        let metric = GuideFixture.diagnostic { _ = try GuideFixture.resolve("{{< chart overhead kind=bars metric=medain >}}") }
        #expect(metric?.message.hasPrefix("unknown metric `medain`; did you mean `median`?") == true)
        let scale = GuideFixture.diagnostic { _ = try GuideFixture.resolve("{{< chart cpu_python scale=log >}}") }
        #expect(scale?.message == "`scale` applies to kind=bars only")
    }

    @Test func goldenSpeedupChart() throws {
        let html = try GuideFixture.resolve("{{< chart cpu_python kind=speedup >}}")
            + (try GuideFixture.resolve("{{< chart overhead kind=bars >}}"))
        try Golden.check(html, fixture: "guide-charts", file: "charts.html")
    }
}

/// Golden files under `Fixtures/<fixture>/`: a difference fails; `SITEGEN_RECORD=1` rewrites the file in
/// the source tree and still fails, so a new baseline is always a reviewed change.
enum Golden {
    static func check(_ actual: String, fixture: String, file: String) throws {
        let source = Fixtures.sourceURL(fixture).appendingPathComponent(file)
        if ProcessInfo.processInfo.environment["SITEGEN_RECORD"] == "1" {
            try FileManager.default.createDirectory(at: source.deletingLastPathComponent(), withIntermediateDirectories: true)
            try actual.write(to: source, atomically: true, encoding: .utf8)
            Issue.record("recorded \(fixture)/\(file); review the diff, then run the tests without SITEGEN_RECORD")
            return
        }
        let expected = try String(contentsOf: Fixtures.url(fixture).appendingPathComponent(file), encoding: .utf8)
        if actual != expected {
            let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let b = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let line = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
            let got = line < a.count ? String(a[line]) : "(end)"
            let wanted = line < b.count ? String(b[line]) : "(end)"
            Issue.record("\(fixture)/\(file) differs at line \(line + 1) (re-record with SITEGEN_RECORD=1 if intended):\n got: \(got)\nwant: \(wanted)")
        }
    }
}
