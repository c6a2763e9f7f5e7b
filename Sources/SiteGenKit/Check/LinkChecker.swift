import Foundation

/// Checks every internal link and `#anchor` of the rendered pages against the pages and files the
/// site will contain. External links (with a scheme) are not fetched: a build needs no network.
struct LinkChecker: Sendable {
    /// Output paths of files other than pages that the site will contain (assets, results).
    public var files: Set<String>

    public init(files: Set<String>) {
        self.files = files
    }

    /// Broken links past this many in one check are reported without a "did you mean": finding the
    /// closest name compares with every page of the site (or every id of a page), so suggesting for
    /// every broken link of a site whose links are mostly broken grew with the square of its size.
    /// Twenty show the pattern.
    static let suggestionLimit = 20

    /// What a broken link names that isn't there: a page, or an anchor of a page.
    private enum Missing: Hashable {
        case page(String)
        case anchor(String, page: String)
    }

    /// A problem found on a page, and what it names that is missing, whose suggestion comes later.
    private struct Finding {
        var diagnostic: Diagnostic
        var missing: Missing?
    }

    public func check(_ pages: [RenderedPage]) -> [Diagnostic] {
        let idsByPath = Dictionary(uniqueKeysWithValues: pages.map { ($0.page.outputPath, $0.ids) })
        // Pages are checked independently, in parallel; their problems are reported in page order.
        let findings = pages.concurrentMap { check($0, idsByPath: idsByPath) }.flatMap { $0 }
        // Then, in that order, the closest name for the first few missing ones (sorted, so ties are stable).
        let pagePaths = idsByPath.keys.sorted()
        var suggestions: [Missing: String] = [:]
        return findings.map { finding in
            guard let missing = finding.missing else { return finding.diagnostic }
            if suggestions[missing] == nil {
                guard suggestions.count < Self.suggestionLimit else { return finding.diagnostic }
                switch missing {
                case .page(let path):
                    suggestions[missing] = Suggestion.closest(to: path, among: pagePaths).map { "; did you mean `\($0)`?" } ?? ""
                case .anchor(let anchor, let page):
                    let ids = (idsByPath[page] ?? []).sorted()
                    suggestions[missing] = Suggestion.closest(to: anchor, among: ids).map { "; did you mean `#\($0)`?" } ?? ""
                }
            }
            var diagnostic = finding.diagnostic
            diagnostic.message += suggestions[missing] ?? ""
            return diagnostic
        }
    }

    private func check(_ rendered: RenderedPage, idsByPath: [String: Set<String>]) -> [Finding] {
        var problems: [Finding] = []
        // Links that directives generate (a measured number's link to its workload's source) have no
        // place in the Markdown; they are checked from the HTML and reported at the page.
        let written = Set(rendered.links.map { MarkdownRenderer.pageURL(forMarkdownLink: $0.destination) ?? $0.destination })
        for href in Self.hrefs(in: rendered.body) where !written.contains(href) {
            if let message = problem(with: href, from: rendered.page.outputPath, idsByPath: idsByPath) {
                problems.append(Finding(diagnostic: Diagnostic(message.severity, "in a directive's output: \(message.text)",
                                                               file: rendered.page.sourcePath),
                                        missing: message.missing))
            }
        }
        // The body with its front matter blanked out keeps the file's line numbers, so the page needn't
        // be read again; split once, on the first problem, however many links are broken.
        var lines: [Substring]?
        for link in rendered.links {
            if let message = problem(with: link.destination, from: rendered.page.outputPath, idsByPath: idsByPath) {
                let page = rendered.page
                if lines == nil {
                    lines = (String(repeating: "\n", count: max(0, page.bodyLine - 1)) + page.body)
                        .split(separator: "\n", omittingEmptySubsequences: false)
                }
                let position = Self.position(of: link.destination, fromLine: link.line, in: lines!)
                problems.append(Finding(diagnostic: Diagnostic(message.severity, message.text, file: page.sourcePath,
                                                               line: position.line, column: position.column),
                                        missing: message.missing))
            }
        }
        return problems
    }

    private func problem(with destination: String, from pagePath: String,
                         idsByPath: [String: Set<String>]) -> (severity: Diagnostic.Severity, text: String, missing: Missing?)? {
        if destination.isEmpty { return (.error, "empty link destination; write a page such as `threading.md` or an anchor such as `#pools`", nil) }
        if Self.hasScheme(destination) { return nil }
        if destination.hasPrefix("/") {
            return (.error, "`\(destination)` is an absolute path, which breaks when the site is opened from disk; use a path relative to this page", nil)
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
                return (.error, "`\(destination)` points outside the site", nil)
            }
            target = resolved.hasSuffix("/") || resolved.isEmpty ? resolved + "index.html" : resolved
            if idsByPath[target] == nil && !files.contains(target) {
                return (.error, "broken link: no page or file `\(target)` in the site", .page(target))
            }
        }
        if let anchor, !anchor.isEmpty {
            guard let ids = idsByPath[target] else { return nil }
            if !ids.contains(anchor) {
                return (.error, "broken anchor: `\(target)` has no heading or id `#\(anchor)`", .anchor(anchor, page: target))
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
    static func position(of destination: String, fromLine line: Int, in lines: [Substring]) -> (line: Int, column: Int?) {
        guard !destination.isEmpty else { return (line, nil) }
        for index in max(0, line - 1)..<min(lines.count, line + 50) {
            if let range = lines[index].range(of: destination) {
                return (index + 1, lines[index][..<range.lowerBound].unicodeScalars.count + 1)
            }
        }
        return (line, nil)
    }
}
