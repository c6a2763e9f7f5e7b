import Foundation
import Testing
@testable import SiteGenCore
@testable import SiteGenProcess
@testable import SiteGenRender

/// Every language Pygments knows is highlighted; one it doesn't stays plain; blocks highlighted once
/// are taken from the cache by later builds.
@Suite struct HighlightLanguageTests {
    static func block(_ language: String, _ code: String) -> String {
        "<pre><code class=\"language-\(language)\">\(HTML.escape(code))</code></pre>\n"
    }

    static let samples: [(String, String)] = [
        ("sh", "# build it\nswift build -c release\n"),
        ("yaml", "name: ci\non: [push]\n"),
        ("swift", "let x = 1 // one\n"),
        ("json", "{\"a\": [1, 2]}\n"),
        ("toml", "[server]\nport = 8080\n"),
        ("markdown", "# Title\n\n*emphasis*\n"),
        ("python", "def f():\n    return 1\n"),
    ]

    @Test(.enabled(if: HighlightTests.hasPygments)) func everyLanguagePygmentsKnowsIsHighlighted() throws {
        let pages = Self.samples.map { Self.block($0.0, $0.1) }
        let output = Highlighter().run(pages: pages)
        #expect(output.note == nil)
        #expect(output.blocks == pages.count)
        for (page, sample) in zip(output.pages, Self.samples) {
            #expect(page.hasPrefix("<pre><code class=\"language-\(sample.0)\"><span class="), "\(sample.0): \(page)")
            // What a reader sees is unchanged.
            let text = page.replacingOccurrences(of: "<span class=\"[^\"]+\">", with: "", options: .regularExpression)
                .replacingOccurrences(of: "</span>", with: "")
            #expect(text == Self.block(sample.0, sample.1))
        }
    }

    @Test(.enabled(if: HighlightTests.hasPygments)) func anUnknownLanguageStaysPlain() {
        let unknown = Self.block("nosuchlanguage", "a < b\n"), python = Self.block("python", "x = 1\n")
        let output = Highlighter().run(pages: [unknown + python])
        #expect(output.note == nil)
        #expect(output.blocks == 1)
        #expect(output.pages[0].hasPrefix(unknown))
        #expect(output.pages[0].contains("<span class=\"n\">x</span>"))
    }

    @Test func namesThatCantBeALexersAreNotSent() {
        #expect(Highlighter.lexer(forLanguage: "Python3") == "python")
        #expect(Highlighter.lexer(forLanguage: "c++") == "c++")
        #expect(Highlighter.lexer(forLanguage: "text") == nil)
        #expect(Highlighter.lexer(forLanguage: "a b") == nil)
        #expect(Highlighter.lexer(forLanguage: String(repeating: "x", count: 41)) == nil)
        #expect(Highlighter.blocks(in: Self.block("text", "plain\n") + Self.block("é", "x\n")).isEmpty)
    }

    @Test func entitiesAreUndoneInOnePass() {
        #expect(Highlighter.unescape("a &lt; b &amp;&amp; &quot;c&quot; &#39;d&#x27; &amp;lt; &unknown;") == "a < b && \"c\" 'd' &lt; &unknown;")
        #expect(Highlighter.unescape("no entities") == "no entities")
    }

    @Test(.enabled(if: HighlightTests.hasPygments)) func aRebuildTakesHighlightedBlocksFromTheCache() throws {
        let tests = HighlightTests()
        let (python, launches, folder) = try tests.wrapper()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cache = folder.appendingPathComponent("cache/highlight").path
        try FileManager.default.createDirectory(atPath: folder.appendingPathComponent("cache").path, withIntermediateDirectories: true)
        try "{}".write(toFile: cache + ".json", atomically: true, encoding: .utf8)  // an earlier version's cache
        // An empty block highlights to nothing: its entry is an empty file, which is a hit like any other.
        let pages = [Self.block("sh", "ls\n"), Self.block("python", "x = 1\n") + Self.block("python", "") + Self.block("nosuchlanguage", "?\n")]
        let first = Highlighter(python: python, cachePath: cache).run(pages: pages)
        #expect(try String(contentsOf: launches, encoding: .utf8) == "run\n")
        #expect(!FileManager.default.fileExists(atPath: cache + ".json"))
        let second = Highlighter(python: python, cachePath: cache).run(pages: pages)
        #expect(second.pages == first.pages)
        #expect(try String(contentsOf: launches, encoding: .utf8) == "run\n")
        // One block edited: one more launch, and the cache then holds exactly this build's blocks.
        let edited = [Self.block("sh", "ls -la\n"), pages[1]]
        let third = Highlighter(python: python, cachePath: cache).run(pages: edited)
        #expect(try String(contentsOf: launches, encoding: .utf8) == "run\nrun\n")
        #expect(third.pages[0].contains("-la"))
        #expect(HighlightCache(folder: cache).keys.count == 4)
        // Files that aren't blocks of this build are removed; an unreadable block is highlighted again.
        try "stray".write(toFile: cache + "/notes.txt", atomically: true, encoding: .utf8)
        let sh = HighlightCache.key(lexer: "sh", code: "ls -la\n")
        try FileManager.default.removeItem(atPath: cache + "/\(sh).html")
        try FileManager.default.createDirectory(atPath: cache + "/\(sh).html", withIntermediateDirectories: false)
        #expect(Highlighter(python: python, cachePath: cache).run(pages: edited).pages == third.pages)
        #expect(try String(contentsOf: launches, encoding: .utf8) == "run\nrun\nrun\n")
        #expect(!FileManager.default.fileExists(atPath: cache + "/notes.txt"))
        // A cache folder that is a file is no cache.
        try FileManager.default.removeItem(atPath: cache)
        try "garbage".write(toFile: cache, atomically: true, encoding: .utf8)
        #expect(Highlighter(python: python, cachePath: cache).run(pages: edited).pages == third.pages)
    }
}
