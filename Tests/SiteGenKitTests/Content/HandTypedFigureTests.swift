import Foundation
import Testing
@testable import SiteGenCore
@testable import SiteGenContent

@Suite struct HandTypedFigureTests {
    func figures(_ body: String) -> [String] {
        HandTypedFigures.find(in: body, firstLine: 1).map(\.text)
    }

    @Test func numbersWithUnitsInProseAreFound() {
        #expect(figures("The jobs take about 50 ms, and threads reach 2.06× or 1.61×.") == ["50 ms", "2.06×", "1.61×"])
        #expect(figures("It used 40 % more, ∥0.9 on average, 64 KiB per file, 8 MiB of stack, ±34 either way.")
            == ["40 %", "∥0.9", "64 KiB", "8 MiB", "±34"])
        #expect(figures("A 10-millisecond wait, 0.5 seconds, 2048 bytes, 1,000 µs.") == ["10-millisecond", "0.5 seconds", "2048 bytes", "1,000 µs"])
        // A no-break or thin space between the number and the unit is still a figure.
        #expect(figures("about 12\u{00A0}ms and 3\u{202F}%") == ["12\u{00A0}ms", "3\u{202F}%"])
    }

    @Test func wordsVersionsAndNumbersWithoutUnitsAreNot() {
        #expect(figures("Python 3.12 and PEP 684, bpo-7946, x86_64, 60,000 steps, 2 spinners, 10 msgs, h264 at 3.14t.").isEmpty)
        #expect(figures("Five milliseconds, ten times as fast, half a CPU.").isEmpty)
    }

    @Test func directivesCodeTagsAndLinkTargetsAreSkipped() {
        let body = """
        A {{< value io_sleep metric=wall >}} and {{< constant "5 ms" why="the default" >}} interval.
        Inline `sleep(0.5 s)` code, <span title="10 ms">tag</span>, [a link](page.md#a-5-ms-wait), <!-- 7 ms -->.
        ```python
        time.sleep(0.010)  # 10 ms
        ```
        ~~~
        30 %
        ~~~
        {{< claim expr="speedup(x) > 1.5" >}}
        Claims are prose too: 3 ms here.
        {{< /claim >}}
        """
        let found = HandTypedFigures.find(in: body, firstLine: 5)
        #expect(found.map(\.text) == ["3 ms"])
        #expect(found.first?.line == 14)
        #expect(found.first?.column == 23)
    }

    @Test func positionsAreLinesAndColumnsOfTheFile() {
        let found = HandTypedFigures.find(in: "first line\n\nthen ∥1.2 here", firstLine: 7)
        #expect(found == [HandTypedFigures.Figure(text: "∥1.2", line: 9, column: 6)])
    }

    @Test func theWarningNamesTheFigureAndBothRemedies() {
        let page = Page(sourcePath: "Content/x.md", frontMatter: FrontMatter(title: "X"), body: "It took 5 ms.", bodyLine: 4,
                        outputPath: "x.html")
        let diagnostics = HandTypedFigures.diagnostics(for: page)
        #expect(diagnostics.count == 1)
        #expect(diagnostics[0].severity == .warning)
        #expect(diagnostics[0].file == "Content/x.md" && diagnostics[0].line == 4 && diagnostics[0].column == 9)
        #expect(diagnostics[0].message.contains("`5 ms`") && diagnostics[0].message.contains("{{< value") && diagnostics[0].message.contains("{{< constant"))
    }

    @Test func unclosedConstructsAndHostileInputCostLinearTime() {
        // Unclosed tags, spans and fences run to the end of the page, once.
        #expect(figures("<span 5 ms") == [])
        #expect(figures("`5 ms") == ["5 ms"])
        #expect(figures("```\n5 ms") == [])
        let big = String(repeating: "1` <a {{< 9 ∥ ± 2 ms ", count: 20_000)
        _ = figures(big)
        #expect(figures(String(repeating: "7 ms ", count: 10_000)).count == 10_000)
        // Backtick runs of ever other lengths, none closed: each is searched for once, not once per run.
        let runs = (1...2_000).map { String(repeating: "`", count: $0) + " 1 ms " }.joined()
        #expect(figures(runs).count == 2_000)
    }

    /// The guide itself: every figure in its prose is measured, or a documented constant.
    @Test func theGuideHasNoHandTypedFigures() throws {
        let content = Repository.root.appendingPathComponent("Content")
        let files = try FileManager.default.contentsOfDirectory(atPath: content.path).filter { $0.hasSuffix(".md") }.sorted()
        #expect(!files.isEmpty)
        var found: [String] = []
        for file in files {
            let text = try String(contentsOf: content.appendingPathComponent(file), encoding: .utf8)
            found += HandTypedFigures.find(in: text, firstLine: 1).map { "Content/\(file):\($0.line):\($0.column): \($0.text)" }
        }
        #expect(found.isEmpty, "\(found.joined(separator: "\n"))")
    }
}
