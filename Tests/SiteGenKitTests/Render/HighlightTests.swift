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

@Suite struct HighlightTests {
    static let hasPygments: Bool = {
        guard let python = ExecutableLookup.path(of: "python3") else { return false }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", "import pygments"]
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    let page1 = "<h2 id=\"x\">Code</h2>\n<pre><code class=\"language-python\">def f(x):\n    return x &lt; 2 and &quot;a&quot; != &#39;b&#39;  # done\n</code></pre>\n<p>text</p>\n"
    let page2 = "<pre><code class=\"language-text\">not python</code></pre>\n<pre><code>plain</code></pre>\n"
    let page3 = "<pre><code class=\"language-py\">import os\n</code></pre>\n<pre><code class=\"language-pycon\">&gt;&gt;&gt; 1 + 1\n2\n</code></pre>\n"

    /// A stand-in for python3 that records each launch, then runs the real one with extra flags.
    func wrapper(_ flags: String = "") throws -> (python: String, launches: URL, folder: URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-highlight-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let script = folder.appendingPathComponent("python3")
        let launches = folder.appendingPathComponent("launches")
        try "#!/bin/sh\necho run >> '\(launches.path)'\nexec python3 \(flags) \"$@\"\n".write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        return (script.path, launches, folder)
    }

    @Test func findsPythonBlocksAndUndoesTheirEscaping() {
        let blocks = Highlighter.blocks(in: page1 + page2 + page3)
        #expect(blocks.map(\.lexer) == ["python", "python", "pycon"])
        #expect(blocks[0].code == "def f(x):\n    return x < 2 and \"a\" != 'b'  # done\n")
        #expect(Highlighter.blocks(in: page2).isEmpty)
    }

    @Test(.enabled(if: HighlightTests.hasPygments)) func highlightsEveryBlockOfTheSiteInOneProcess() throws {
        let (python, launches, folder) = try wrapper()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = Highlighter(python: python).run(pages: [page1, page2, page3])
        #expect(output.note == nil)
        #expect(output.blocks == 3)
        #expect(try String(contentsOf: launches, encoding: .utf8) == "run\n")
        let first = output.pages[0]
        #expect(first.hasPrefix("<h2 id=\"x\">Code</h2>\n<pre><code class=\"language-python\"><span class=\"k\">def</span> <span class=\"nf\">f</span>"))
        #expect(first.contains("<span class=\"c1\"># done</span>"))
        #expect(first.contains("<span class=\"o\">&lt;</span>"))
        #expect(first.hasSuffix("</code></pre>\n<p>text</p>\n"))
        // Pages without Python code are untouched.
        #expect(output.pages[1] == page2)
        #expect(output.pages[2].contains("<span class=\"kn\">import</span> <span class=\"nn\">os</span>"))
        #expect(output.pages[2].contains("<span class=\"gp\">&gt;&gt;&gt; </span>"))
        // The text a reader sees is the same as before.
        let stripped = first.replacingOccurrences(of: "<span class=\"[a-z0-9]+\">", with: "", options: .regularExpression)
            .replacingOccurrences(of: "</span>", with: "")
        #expect(Highlighter.unescape(stripped) == Highlighter.unescape(page1))
        // Highlighting twice changes nothing.
        #expect(Highlighter(python: python).highlight(pages: output.pages) == output.pages)
    }

    @Test func withoutPygmentsThePagesStayPlainAndANoteSaysWhy() throws {
        let (python, _, folder) = try wrapper("-S")  // -S hides site-packages, where Pygments lives
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = Highlighter(python: python).run(pages: [page1, page3])
        #expect(output.pages == [page1, page3])
        #expect(output.note?.severity == .note)
        #expect(output.note?.message.contains("Pygments is not installed") == true)
    }

    @Test func withoutPythonThePagesStayPlain() {
        let output = Highlighter(python: "/nonexistent/python3").run(pages: [page1])
        #expect(output.pages == [page1])
        #expect(output.note?.message == "code is shown without highlighting: `/nonexistent/python3` was not found")
    }

    @Test func pagesWithoutPythonCodeStartNoProcess() throws {
        let (python, launches, folder) = try wrapper()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = Highlighter(python: python).run(pages: [page2, "<p>nothing</p>"])
        #expect(output.pages == [page2, "<p>nothing</p>"])
        #expect(output.note == nil)
        #expect(!FileManager.default.fileExists(atPath: launches.path))
    }
}
