import Foundation

/// Checks every internal link and `#anchor` of the rendered pages against the pages and files the
/// site will contain. External links (with a scheme) are not fetched: a build needs no network.
struct LinkChecker: Sendable {
    /// Output paths of files other than pages that the site will contain (assets, results).
    public var files: Set<String>

    public init(files: Set<String>) {
        self.files = files
    }

    public func check(_ pages: [RenderedPage]) -> [Diagnostic] {
        let idsByPath = Dictionary(uniqueKeysWithValues: pages.map { ($0.page.outputPath, $0.ids) })
        // Pages are checked independently, in parallel; their problems are reported in page order.
        return pages.concurrentMap { check($0, idsByPath: idsByPath) }.flatMap { $0 }
    }

    private func check(_ rendered: RenderedPage, idsByPath: [String: Set<String>]) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        // Links that directives generate (a measured number's link to its workload's source) have no
        // place in the Markdown; they are checked from the HTML and reported at the page.
        let written = Set(rendered.links.map { MarkdownRenderer.pageURL(forMarkdownLink: $0.destination) ?? $0.destination })
        for href in Self.hrefs(in: rendered.body) where !written.contains(href) {
            if let message = problem(with: href, from: rendered.page.outputPath, idsByPath: idsByPath) {
                problems.append(Diagnostic(message.severity, "in a directive's output: \(message.text)",
                                           file: rendered.page.sourcePath))
            }
        }
        for link in rendered.links {
            if let message = problem(with: link.destination, from: rendered.page.outputPath, idsByPath: idsByPath) {
                // The body with its front matter blanked out keeps the file's line numbers, so the page
                // needn't be read again.
                let page = rendered.page
                let source = String(repeating: "\n", count: max(0, page.bodyLine - 1)) + page.body
                let position = Self.position(of: link.destination, fromLine: link.line, in: source)
                problems.append(Diagnostic(message.severity, message.text, file: rendered.page.sourcePath,
                                           line: position.line, column: position.column))
            }
        }
        return problems
    }

    private func problem(with destination: String, from pagePath: String,
                         idsByPath: [String: Set<String>]) -> (severity: Diagnostic.Severity, text: String)? {
        if destination.isEmpty { return (.error, "empty link destination; write a page such as `threading.md` or an anchor such as `#pools`") }
        if Self.hasScheme(destination) { return nil }
        if destination.hasPrefix("/") {
            return (.error, "`\(destination)` is an absolute path, which breaks when the site is opened from disk; use a path relative to this page")
        }
        let hashIndex = destination.utf8.firstIndex(of: UInt8(ascii: "#"))
        var path = String(destination[..<(hashIndex ?? destination.endIndex)])
        let anchor = hashIndex.map { String(destination[destination.index(after: $0)...]) }
        if let query = path.utf8.firstIndex(of: UInt8(ascii: "?")) { path = String(path[..<query]) }
        if path.utf8.contains(UInt8(ascii: "%")) { path = path.removingPercentEncoding ?? path }
        let target: String
        if path.isEmpty {
            target = pagePath
        } else {
            if let page = MarkdownRenderer.pageURL(forMarkdownLink: path) { path = page }
            guard let resolved = Self.resolve(path, from: pagePath) else {
                return (.error, "`\(destination)` points outside the site")
            }
            target = resolved.hasSuffix("/") || resolved.isEmpty ? resolved + "index.html" : resolved
            if idsByPath[target] == nil && !files.contains(target) {
                let suggestion = Suggestion.closest(to: target, among: Array(idsByPath.keys)).map { "; did you mean `\($0)`?" } ?? ""
                return (.error, "broken link: no page or file `\(target)` in the site\(suggestion)")
            }
        }
        if let anchor, !anchor.isEmpty {
            guard let ids = idsByPath[target] else { return nil }
            if !ids.contains(anchor) {
                let suggestion = Suggestion.closest(to: anchor, among: Array(ids)).map { "; did you mean `#\($0)`?" } ?? ""
                return (.error, "broken anchor: `\(target)` has no heading or id `#\(anchor)`\(suggestion)")
            }
        }
        return nil
    }

    /// The `href` values of an HTML fragment, unescaped.
    static func hrefs(in html: String) -> Set<String> {
        Set(HTML.attributeValues("href", in: html).map {
            $0.utf8.contains(UInt8(ascii: "&")) ? $0.replacingOccurrences(of: "&amp;", with: "&") : $0
        })
    }

    static func hasScheme(_ url: String) -> Bool {
        guard let colon = url.utf8.firstIndex(of: UInt8(ascii: ":")) else { return false }
        let scheme = url.utf8[..<colon]
        return !scheme.isEmpty && scheme.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
        }
    }

    /// Resolves `../a/b.html` against the folder of `from`; nil when it climbs above the site.
    static func resolve(_ path: String, from: String) -> String? {
        var components = from.split(separator: "/").map(String.init).dropLast()
        for part in path.split(separator: "/", omittingEmptySubsequences: false).map(String.init) {
            switch part {
            case "", ".": continue
            case "..":
                guard !components.isEmpty else { return nil }
                components.removeLast()
            default: components.append(part)
            }
        }
        return components.joined(separator: "/") + (path.hasSuffix("/") ? "/" : "")
    }

    /// Where a destination is written, so the diagnostic points at the link itself: cmark gives the
    /// line of the link's block, and the link may sit on any line of that block.
    static func position(of destination: String, fromLine line: Int, in source: String?) -> (line: Int, column: Int?) {
        guard let source, !destination.isEmpty else { return (line, nil) }
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        for index in max(0, line - 1)..<min(lines.count, line + 50) {
            if let range = lines[index].range(of: destination) {
                return (index + 1, lines[index][..<range.lowerBound].unicodeScalars.count + 1)
            }
        }
        return (line, nil)
    }
}
