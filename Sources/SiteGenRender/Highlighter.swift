import SiteGenCore
import SiteGenProcess
import Foundation

/// Highlights the Python code blocks of rendered pages at build time with Pygments, all blocks of the
/// whole site in one `python3` process.
///
/// It finds `<pre><code class="language-python">…</code></pre>` (cmark's fenced code and the include and
/// source directives' output; also `py`, `python3` and `pycon`), sends every block as one JSON batch to
/// Pygments (`PythonLexer`, `HtmlFormatter(nowrap=True)`, so tokens become `<span class="k">` and the
/// like), and puts the result back in place. When python3 or Pygments is missing the pages are returned
/// unchanged — plain code stays readable — and `run` says why in a note.
package struct Highlighter: Sendable {
    /// The interpreter to run (the guide's own, so Debian's python3-pygments is found).
    public var python: String

    public init(python: String = "python3") {
        self.python = python
    }

    /// The pages with highlighted code, and a note when highlighting was skipped.
    public struct Output: Sendable {
        public var pages: [String]
        /// Set when Pygments could not be used, saying why; the pages are then unchanged.
        public var note: Diagnostic?
        /// How many blocks were highlighted.
        public var blocks: Int
    }

    /// The `language-…` classes highlighted, and the lexer each uses.
    public static let languages = ["python": "python", "py": "python", "python3": "python", "pycon": "pycon"]

    /// Highlights every page's Python blocks, or returns the pages unchanged when Pygments is missing.
    public func highlight(pages: [String]) -> [String] {
        run(pages: pages).pages
    }

    /// Highlights every page's Python blocks in one Pygments process.
    public func run(pages: [String]) -> Output {
        let found = pages.map(Self.blocks)
        let batch = found.flatMap { $0.map { [$0.lexer, $0.code] } }
        guard !batch.isEmpty else { return Output(pages: pages, note: nil, blocks: 0) }
        let highlighted: [String]
        do {
            highlighted = try pygments(batch)
        } catch {
            return Output(pages: pages, note: Diagnostic(.note, "code is shown without highlighting: \(error)"), blocks: 0)
        }
        var next = 0
        var result: [String] = []
        for (page, blocks) in zip(pages, found) {
            guard !blocks.isEmpty else {
                result.append(page)
                continue
            }
            var html = ""
            var cursor = page.startIndex
            for block in blocks {
                html += page[cursor..<block.contentRange.lowerBound]
                html += highlighted[next]
                next += 1
                cursor = block.contentRange.upperBound
            }
            html += page[cursor...]
            result.append(html)
        }
        return Output(pages: result, note: nil, blocks: batch.count)
    }

    // MARK: - Finding blocks

    /// A code block's escaped content, where it is in the page, and the lexer for its language.
    struct Block {
        var contentRange: Range<String.Index>
        var code: String
        var lexer: String
    }

    /// The Python blocks of a page, in order.
    static func blocks(in page: String) -> [Block] {
        var blocks: [Block] = []
        var rest = page.startIndex
        let opening = "<pre><code class=\"language-"
        while let start = page.range(of: opening, range: rest..<page.endIndex) {
            guard let quote = page[start.upperBound...].firstIndex(of: "\"") else { break }
            let language = String(page[start.upperBound..<quote])
            let tagEnd = page.index(after: quote)
            guard page[tagEnd...].hasPrefix(">"), let lexer = languages[language] else {
                rest = start.upperBound
                continue
            }
            let contentStart = page.index(after: tagEnd)
            guard let end = page.range(of: "</code></pre>", range: contentStart..<page.endIndex) else { break }
            let escaped = String(page[contentStart..<end.lowerBound])
            // Already highlighted (a page passed through twice): leave it.
            if !escaped.contains("<span") {
                blocks.append(Block(contentRange: contentStart..<end.lowerBound, code: unescape(escaped), lexer: lexer))
            }
            rest = end.upperBound
        }
        return blocks
    }

    /// Undoes the escaping cmark and `HTML.escape` apply to code.
    static func unescape(_ html: String) -> String {
        guard html.contains("&") else { return html }
        return html.replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&#x27;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    // MARK: - Pygments

    /// Reads `[[lexer, code], …]` as JSON from the file named by its argument, writes `[html, …]`;
    /// exits 3 without Pygments.
    static let script = """
        import json, re, sys
        try:
            from pygments import highlight
            from pygments.formatters import HtmlFormatter
            from pygments.lexers import PythonConsoleLexer, PythonLexer
        except ImportError:
            sys.stderr.write("Pygments is not installed for this python3 (Debian: apt install python3-pygments)")
            sys.exit(3)
        with open(sys.argv[1], "rb") as batch:
            blocks = json.loads(batch.read().decode("utf-8"))
        formatter = HtmlFormatter(nowrap=True)
        lexers = {"python": PythonLexer(stripnl=False, ensurenl=False),
                  "pycon": PythonConsoleLexer(stripnl=False, ensurenl=False)}
        # Whitespace needs no colour: drop its spans, which are a third of the markup.
        plain_space = re.compile(r'<span class="w">(\\s*)</span>')
        out = [plain_space.sub(r"\\1", highlight(code, lexers.get(lexer, lexers["python"]), formatter)) for lexer, code in blocks]
        sys.stdout.write(json.dumps(out))
        """

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Seconds Pygments may take for the whole site (a 1,000-page site takes a few).
    static let timeout = 300.0

    private func pygments(_ batch: [[String]]) throws -> [String] {
        guard let executable = ExecutableLookup.path(of: python) else {
            throw Failure(description: "`\(python)` was not found")
        }
        // The batch goes in through a file, which no size of batch can block.
        let payload = try JSONEncoder().encode(batch)
        let inputURL = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-highlight-\(UUID().uuidString).json")
        try payload.write(to: inputURL)
        defer { try? FileManager.default.removeItem(at: inputURL) }
        let outcome: ProcessOutcome
        do {
            outcome = try GroupProcess.run(executable, ["-c", Self.script, inputURL.path], timeout: Self.timeout)
        } catch {
            throw Failure(description: "\(error)")
        }
        let message = outcome.stderrText.trimmingCharacters(in: .whitespacesAndNewlines)
        guard outcome.succeeded else {
            let ending: String
            switch outcome.ending {
            case .exited(let status): ending = "Pygments exited with status \(status)"
            case .signalled(let signal): ending = "Pygments was ended by signal \(signal)"
            case .timedOut(let seconds): ending = "Pygments took longer than \(Int(seconds)) s"
            case .cancelled: ending = "highlighting was interrupted"
            }
            throw Failure(description: message.isEmpty ? ending : message)
        }
        guard let highlighted = try? JSONDecoder().decode([String].self, from: outcome.stdout), highlighted.count == batch.count else {
            throw Failure(description: "Pygments gave an answer that could not be read")
        }
        return highlighted
    }
}
