import SiteGenCore
import SiteGenProcess
import Foundation

/// Highlights the code blocks of rendered pages at build time with Pygments: all blocks of a small
/// site in one `python3` process, a large site's in parts, one process per CPU at a time.
///
/// It finds `<pre><code class="language-NAME">…</code></pre>` (cmark's fenced code and the include and
/// source directives' output), sends every block as one JSON batch to Pygments (the lexer Pygments
/// has under that name — `python`, `sh`, `yaml`, `swift`, `json`, `toml`, `markdown` and hundreds
/// more — and `HtmlFormatter(nowrap=True)`, so tokens become `<span class="k">` and the like), and puts
/// the result back in place. A language Pygments doesn't know stays plain. When python3 or Pygments
/// is missing the pages are returned unchanged — plain code stays readable — and `run` says why in a
/// note. With a `cache`, blocks highlighted by an earlier build are taken from it.
package struct Highlighter: Sendable {
    /// The interpreter to run (the guide's own, so Debian's python3-pygments is found).
    public var python: String

    /// The folder where highlighted blocks are kept between builds, if anywhere.
    public var cachePath: String?

    public init(python: String = "python3", cachePath: String? = nil) {
        self.python = python
        self.cachePath = cachePath
    }

    /// The pages with highlighted code, and a note when highlighting was skipped.
    public struct Output: Sendable {
        public var pages: [String]
        /// Set when Pygments could not be used, saying why; the pages are then unchanged.
        public var note: Diagnostic?
        /// How many blocks were highlighted.
        public var blocks: Int
    }

    /// Python's names, kept as the lexer names earlier versions sent (Pygments knows them all).
    static let aliases = ["py": "python", "python3": "python"]
    /// Names that mean "no highlighting": such blocks start no process.
    static let plain: Set<String> = ["text", "txt", "plain", "plaintext", "none", "output", "console-output"]
    /// A lexer name is at most this long, of letters, digits and `+#._-` (`c++`, `objective-c`, `f#`).
    static let maximumNameLength = 40

    /// The lexer for a `language-…` class, or nil for plain text and names that can't be a lexer's.
    static func lexer(forLanguage name: String) -> String? {
        guard !name.isEmpty, name.utf8.count <= maximumNameLength,
              name.utf8.allSatisfy({ $0 < 0x80 && (isalnum(Int32($0)) != 0 || "+#._-".utf8.contains($0)) }) else { return nil }
        let lowered = name.lowercased()
        guard !plain.contains(lowered) else { return nil }
        return aliases[lowered] ?? lowered
    }

    /// Highlights every page's code blocks, or returns the pages unchanged when Pygments is missing.
    public func highlight(pages: [String]) -> [String] {
        run(pages: pages).pages
    }

    /// Highlights every page's code blocks with Pygments (those the cache doesn't hold).
    public func run(pages: [String]) -> Output {
        let found = pages.map(Self.blocks)
        let batch = found.flatMap { $0.map { [$0.lexer, $0.code] } }
        guard !batch.isEmpty else { return Output(pages: pages, note: nil, blocks: 0) }
        let highlighted: [String?]
        do {
            highlighted = try cached(batch)
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
                defer { next += 1 }
                // A language Pygments doesn't know: the block stays as it was.
                guard let replacement = highlighted[next] else { continue }
                html += page[cursor..<block.contentRange.lowerBound]
                html += replacement
                cursor = block.contentRange.upperBound
            }
            html += page[cursor...]
            result.append(html)
        }
        return Output(pages: result, note: nil, blocks: highlighted.count { $0 != nil })
    }

    /// Every block highlighted, in order: from the cache where it holds the block, the rest through
    /// Pygments; then the cache holds exactly this batch's blocks. A block that occurs several times
    /// (every guide of a fleet shows the same code) is looked up and highlighted once.
    private func cached(_ batch: [[String]]) throws -> [String?] {
        guard let cachePath else { return try pygments(batch) }
        let cache = HighlightCache(folder: cachePath)
        let keys = batch.map { HighlightCache.key(lexer: $0[0], code: $0[1]) }
        var current: [String: String?] = [:]
        var reused = Set<String>()
        var missing: [(key: String, block: [String])] = []
        var seen = Set<String>()
        for (key, block) in zip(keys, batch) where seen.insert(key).inserted {
            if let hit = cache.lookup(key) {
                current[key] = .some(hit)
                reused.insert(key)
            } else {
                missing.append((key, block))
            }
        }
        if !missing.isEmpty {
            for (entry, html) in zip(missing, try pygments(missing.map(\.block))) { current[entry.key] = .some(html) }
        }
        cache.store(current, reused: reused)
        return keys.map { current[$0] ?? nil }
    }

    // MARK: - Finding blocks

    /// A code block's escaped content, where it is in the page, and the lexer for its language.
    struct Block {
        var contentRange: Range<String.Index>
        var code: String
        var lexer: String
    }

    /// The code blocks of a page with a language to highlight, in order.
    ///
    /// A byte scan: Foundation's `range(of:)` on the page, once per block, was a tenth of a large build.
    static func blocks(in page: String) -> [Block] {
        let opening = Array("<pre><code class=\"language-".utf8), closing = Array("</code></pre>".utf8)
        var found: [(content: Range<Int>, lexer: String)] = []
        var scanned = page  // withUTF8 makes a bridged string native and contiguous first
        scanned.withUTF8 { bytes in
            var rest = 0
            while let start = HTML.find(opening, in: bytes, from: rest) {
                let nameStart = start + opening.count
                guard let quote = bytes[nameStart...].firstIndex(of: UInt8(ascii: "\"")) else { break }
                let tagEnd = quote + 1
                guard tagEnd < bytes.count, bytes[tagEnd] == UInt8(ascii: ">"),
                      quote - nameStart <= Self.maximumNameLength,
                      let lexer = Self.lexer(forLanguage: String(decoding: bytes[nameStart..<quote], as: UTF8.self)) else {
                    rest = nameStart
                    continue
                }
                guard let end = HTML.find(closing, in: bytes, from: tagEnd + 1) else { break }
                found.append((tagEnd + 1..<end, lexer))
                rest = end + closing.count
            }
        }
        // Byte offsets become indices of the page itself, which the caller splices.
        let utf8 = page.utf8
        return found.compactMap { content, lexer in
            let range = utf8.index(utf8.startIndex, offsetBy: content.lowerBound)..<utf8.index(utf8.startIndex, offsetBy: content.upperBound)
            let escaped = String(page[range])
            // Already highlighted (a page passed through twice): leave it.
            return HTML.contains("<span", in: escaped) ? nil : Block(contentRange: range, code: unescape(escaped), lexer: lexer)
        }
    }

    /// The entities cmark and `HTML.escape` write in code, and the bytes they stand for.
    private static let entities: [(name: [UInt8], byte: UInt8)] = [
        ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&#x27;", "'"), ("&amp;", "&"),
    ].map { (Array($0.0.utf8), UInt8(ascii: $0.1)) }

    /// Undoes the escaping cmark and `HTML.escape` apply to code, in one pass over the bytes (six
    /// Foundation replacements per block were a sixth of a rebuild of the guide).
    static func unescape(_ html: String) -> String {
        guard html.utf8.contains(UInt8(ascii: "&")) else { return html }
        let bytes = Array(html.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        scan: while index < bytes.count {
            if bytes[index] == UInt8(ascii: "&") {
                for entity in entities where bytes[index...].starts(with: entity.name) {
                    out.append(entity.byte)
                    index += entity.name.count
                    continue scan
                }
            }
            out.append(bytes[index])
            index += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: - Pygments

    /// Reads `[[lexer, code], …]` as JSON from the file named by its argument, writes `[html, …]`, with
    /// null for a lexer Pygments doesn't know; exits 3 without Pygments.
    static let script = """
        import json, re, sys
        try:
            from pygments import highlight
            from pygments.formatters import HtmlFormatter
            from pygments.lexers import get_lexer_by_name
            from pygments.util import ClassNotFound
        except ImportError:
            sys.stderr.write("Pygments is not installed for this python3 (Debian: apt install python3-pygments)")
            sys.exit(3)
        with open(sys.argv[1], "rb") as batch:
            blocks = json.loads(batch.read().decode("utf-8"))
        formatter = HtmlFormatter(nowrap=True)
        lexers = {}
        def lexer_for(name):
            if name not in lexers:
                try:
                    lexers[name] = get_lexer_by_name(name, stripnl=False, ensurenl=False)
                except ClassNotFound:
                    lexers[name] = None
            return lexers[name]
        # Whitespace needs no colour: drop its spans, which are a third of the markup.
        plain_space = re.compile(r'<span class="w">(\\s*)</span>')
        def html(name, code):
            lexer = lexer_for(name)
            return None if lexer is None else plain_space.sub(r"\\1", highlight(code, lexer, formatter))
        sys.stdout.write(json.dumps([html(name, code) for name, code in blocks]))
        """

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Seconds one Pygments process may take for its part of the site (2,000 blocks take a few).
    static let timeout = 300.0
    /// The most blocks one Pygments process is given: the whole site in one process made its time,
    /// and so the timeout, grow with the site. A few seconds of work, against a start-up of a fraction.
    static let blocksPerProcess = 2_000
    /// Fewer blocks than this go to one process: a small site doesn't pay for a second start-up.
    static let parallelThreshold = 400

    /// The blocks split into parts for one process each: one part for a small batch, else a multiple
    /// of the number of CPUs, of at most `blocksPerProcess` blocks each, in order.
    static func parts(of count: Int, cpus: Int) -> [Range<Int>] {
        guard count > 0 else { return [] }
        // A whole number of rounds of `cpus` processes, so no round runs a lone part on one CPU.
        let needed = (count + blocksPerProcess - 1) / blocksPerProcess
        let wanted = count < parallelThreshold ? 1 : max(1, cpus) * ((needed + max(1, cpus) - 1) / max(1, cpus))
        let size = (count + wanted - 1) / wanted
        return stride(from: 0, to: count, by: size).map { $0..<min($0 + size, count) }
    }

    /// Every block highlighted, in order: the parts in parallel, one Pygments process each.
    private func pygments(_ batch: [[String]]) throws -> [String?] {
        guard let executable = ExecutableLookup.path(of: python) else {
            throw Failure(description: "`\(python)` was not found")
        }
        let parts = Self.parts(of: batch.count, cpus: ProcessInfo.processInfo.activeProcessorCount)
        let results = parts.concurrentMap { range in
            Result { try pygments(Array(batch[range]), executable: executable) }
        }
        return try results.flatMap { try $0.get() }
    }

    private func pygments(_ batch: [[String]], executable: String) throws -> [String?] {
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
        guard let highlighted = try? JSONDecoder().decode([String?].self, from: outcome.stdout), highlighted.count == batch.count else {
            throw Failure(description: "Pygments gave an answer that could not be read")
        }
        return highlighted
    }
}
