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

/// "A page without directives renders exactly as cmark renders it, apart from heading anchors", proved
/// over every example of the CommonMark spec (Fixtures/commonmark/spec.txt, CC-BY-SA 4.0).
///
/// The reference is cmark itself — the library with the tool's options, and the `cmark` command — not the
/// expected HTML in the spec: libcmark 0.30 predates a few 0.31 changes, and the claim is about cmark.
@Suite struct CommonMarkConformanceTests {
    /// One example of the spec.
    struct Example {
        var number: Int
        /// The line of spec.txt on which the example's fence opens.
        var line: Int
        var markdown: String
        var html: String
    }

    /// How many examples spec.txt holds; a truncated or mangled copy fails here rather than testing less.
    static let exampleCount = 655

    /// Examples whose output differs from cmark because the tool rewrites a relative link to a `.md`
    /// file into the `.html` page it becomes (example 486, `[](./target.md)`). Pinned so the list of
    /// differences can't grow silently.
    static let markdownLinkExceptions = [486]

    /// The examples of spec.txt: between a fence of 32 backticks plus ` example` and a closing fence,
    /// Markdown and HTML separated by a line holding a single `.`; `→` stands for a tab.
    static let examples: [Example] = {
        let url = Fixtures.url("commonmark").appendingPathComponent("spec.txt")
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        let fence = String(repeating: "`", count: 32)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var examples: [Example] = []
        var index = 0
        while index < lines.count {
            guard lines[index] == fence + " example" else { index += 1; continue }
            let opening = index
            var markdown: [String] = [], html: [String] = []
            index += 1
            while index < lines.count, lines[index] != "." { markdown.append(lines[index]); index += 1 }
            index += 1
            while index < lines.count, lines[index] != fence { html.append(lines[index]); index += 1 }
            index += 1
            func joined(_ lines: [String]) -> String {
                lines.map { $0.replacingOccurrences(of: "→", with: "\t") + "\n" }.joined()
            }
            examples.append(Example(number: examples.count + 1, line: opening + 1,
                                    markdown: joined(markdown), html: joined(html)))
        }
        return examples
    }()

    /// The page body the tool renders for a Markdown text, through the same path every page takes
    /// (directive expansion, cmark, anchors, placeholder substitution).
    static func pageBody(_ markdown: String) throws -> String {
        let page = Page(sourcePath: "Content/example.md", frontMatter: FrontMatter(title: "Example"),
                        body: markdown, bodyLine: 1, outputPath: "example.html")
        return try PageRenderer(registry: .standard).render(page, context: TestHost.context()).body
    }

    /// `<h2 id="slug">` → `<h2>`: the one thing the tool adds to cmark's output.
    static func withoutHeadingIDs(_ html: String) -> String {
        html.replacingOccurrences(of: #"<h([1-6]) id="[^"]*">"#, with: "<h$1>", options: .regularExpression)
    }

    /// What the tool's output should be for an example with a `.md` link: cmark's, with the link rewritten.
    static func withMarkdownLinksRewritten(_ html: String) -> String {
        html.replacingOccurrences(of: #"href="([^":]*)\.md(#[^"]*)?""#, with: #"href="$1.html$2""#,
                                  options: .regularExpression)
    }

    @Test func specHoldsEveryExample() {
        #expect(Self.examples.count == Self.exampleCount)
        #expect(Self.examples.first?.markdown == "\tfoo\tbaz\t\tbim\n")
        #expect(Self.examples.last?.markdown == "Multiple     spaces\n")
    }

    @Test func pageWithoutDirectivesRendersExactlyAsTheCmarkLibraryApartFromHeadingAnchors() throws {
        var differing: [Int] = []
        for example in Self.examples {
            let plain = MarkdownRenderer.renderPlain(example.markdown)
            // With anchors off, the renderer is cmark, byte for byte.
            #expect(MarkdownRenderer(addsAnchors: false).render(example.markdown).html == plain,
                    "example \(example.number) (spec.txt line \(example.line))")
            let body = try Self.pageBody(example.markdown)
            // Every heading cmark made got an id, and nothing else changed.
            let headings = plain.components(separatedBy: "<h").count - 1
            #expect(body.components(separatedBy: "<h").count - 1 == headings)
            if Self.withoutHeadingIDs(body) != plain {
                differing.append(example.number)
                #expect(Self.withoutHeadingIDs(body) == Self.withMarkdownLinksRewritten(plain),
                        "example \(example.number) (spec.txt line \(example.line)) differs from cmark by more than a .md link:\n\(example.markdown)")
            }
        }
        #expect(differing == Self.markdownLinkExceptions)
    }

    @Test func everyHeadingGetsAnAnchorInTheSameTag() throws {
        for example in Self.examples {
            let body = try Self.pageBody(example.markdown)
            let rendered = MarkdownRenderer().render(example.markdown)
            #expect(body.components(separatedBy: "<!--sitegen-heading").count == 1, "example \(example.number)")
            for heading in rendered.headings {
                #expect(body.contains("<h\(heading.level) id=\"\(HTML.escape(heading.slug))\">"), "example \(example.number)")
            }
        }
    }

    @Test func pageWithoutDirectivesRendersExactlyAsTheCmarkCommandApartFromHeadingAnchors() throws {
        guard let cmark = CommandRunner.which("cmark") else {
            Issue.record("the `cmark` command is missing, so the tool can't be compared with it; install it: `apt-get install cmark` (macOS: `brew install cmark`), or run `make test`, which installs it")
            return
        }
        let examples = Self.examples
        // Each example gets its own cmark run (concatenating them would let link definitions and open
        // blocks of one leak into the next), from a few shell loops running side by side.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-cmark-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let groups = max(2, ProcessInfo.processInfo.activeProcessorCount * 2)
        func groupFolder(_ number: Int) -> URL { folder.appendingPathComponent("\(number % groups)") }
        for group in 0..<groups {
            try FileManager.default.createDirectory(at: groupFolder(group), withIntermediateDirectories: true)
        }
        for example in examples {
            try Data(example.markdown.utf8).write(to: groupFolder(example.number).appendingPathComponent("\(example.number).md"))
        }
        let loop = "for file in *.md; do \"$0\" --unsafe --smart \"$file\" > \"${file%.md}.html\" || exit 1; done"
        let statuses = Statuses(count: groups)
        DispatchQueue.concurrentPerform(iterations: groups) { group in
            let run = try? CommandRunner.run(URL(fileURLWithPath: "/bin/sh"), ["-c", loop, cmark.path], in: groupFolder(group))
            statuses.set(group, run?.status ?? -1)
        }
        #expect(statuses.all.allSatisfy { $0 == 0 }, "cmark failed: exit statuses \(statuses.all)")
        var identical = 0
        var differing: [Int] = []
        for example in examples {
            let expected = try String(contentsOf: groupFolder(example.number).appendingPathComponent("\(example.number).html"), encoding: .utf8)
            let body = Self.withoutHeadingIDs(try Self.pageBody(example.markdown))
            if body == expected {
                identical += 1
            } else {
                differing.append(example.number)
                #expect(body == Self.withMarkdownLinksRewritten(expected),
                        "example \(example.number) (spec.txt line \(example.line)) differs from `cmark --unsafe --smart`:\n\(example.markdown)")
            }
        }
        #expect(differing == Self.markdownLinkExceptions)
        #expect(identical == Self.exampleCount - Self.markdownLinkExceptions.count)
        print("CommonMark: \(identical) of \(examples.count) spec examples render exactly as `cmark --unsafe --smart`; \(differing.count) differ only by a rewritten .md link (examples \(differing.map(String.init).joined(separator: ", "))).")
    }
}

/// Exit statuses gathered from concurrent runs.
final class Statuses: @unchecked Sendable {
    private var values: [Int32]
    private let lock = NSLock()

    init(count: Int) { values = Array(repeating: -1, count: count) }

    func set(_ index: Int, _ status: Int32) {
        lock.lock(); defer { lock.unlock() }
        values[index] = status
    }

    var all: [Int32] {
        lock.lock(); defer { lock.unlock() }
        return values
    }
}
