import SiteGenCore
import SiteGenResults
import SiteGenMeasure
import Foundation
import Yams

/// A page's YAML front matter: the fields navigation and templates need.
public struct FrontMatter: Sendable, Equatable {
    public var title: String
    /// Position in the navigation; pages without one come after those with one, by path.
    public var order: Int?
    public var summary: String?

    public init(title: String, order: Int? = nil, summary: String? = nil) {
        self.title = title
        self.order = order
        self.summary = summary
    }

    /// The fields a page may set; anything else is reported so a typo (`tilte`) doesn't pass silently.
    static let knownKeys: Set<String> = ["title", "order", "summary"]

    /// Splits a page into front matter and body, parsing the front matter.
    ///
    /// Front matter is a YAML block between a first line `---` and the next line `---` (or `...`).
    /// - Returns: the front matter, the body, and the 1-based line the body starts on.
    package static func split(_ source: SourceText) throws -> (FrontMatter, body: Substring, bodyLine: Int) {
        let text = source.text
        guard text.hasPrefix("---\n") else {
            throw DiagnosticError(.error(
                "missing front matter; start the page with a line `---`, a line `title: …`, and a closing `---`",
                file: source.path, line: 1, column: 1))
        }
        var lines: [Substring] = []
        var index = text.startIndex
        var lineNumber = 1
        var yamlEnd: String.Index?
        var bodyStart = text.endIndex
        // Skip the opening line, then look for the closing delimiter.
        // Newlines are found in the bytes: a search by Characters walks grapheme clusters.
        let newline = UInt8(ascii: "\n")
        index = text.utf8[index...].firstIndex(of: newline).map { text.index(after: $0) } ?? text.endIndex
        while index < text.endIndex {
            lineNumber += 1
            let end = text.utf8[index...].firstIndex(of: newline) ?? text.endIndex
            let line = text[index..<end]
            if line == "---" || line == "..." {
                yamlEnd = index
                bodyStart = end < text.endIndex ? text.index(after: end) : end
                break
            }
            lines.append(line)
            index = end < text.endIndex ? text.index(after: end) : end
        }
        guard yamlEnd != nil else {
            throw DiagnosticError(.error(
                "front matter is not closed; add a line `---` after its last field",
                file: source.path, line: 1, column: 1))
        }
        let yaml = lines.joined(separator: "\n")
        let frontMatter = try parse(yaml, path: source.path)
        return (frontMatter, text[bodyStart...], lineNumber + 1)
    }

    /// The largest front matter read, in bytes. It holds a title, an order and a summary: the guide's
    /// longest is 242 bytes, and 64 KiB leaves room for any summary while YAML never sees a page's
    /// worth of text as front matter (a closing `---` forgotten further down).
    static let maximumBytes = 64 * 1024

    static func parse(_ yaml: String, path: String) throws -> FrontMatter {
        guard yaml.utf8.count <= maximumBytes else {
            throw DiagnosticError(.error(
                "front matter is \(yaml.utf8.count) bytes, over the \(maximumBytes) (64 KiB) it may have; shorten it, or close it with a line `---` after its last field",
                file: path, line: 1, column: 1))
        }
        // Line 1 is the opening `---`, so YAML's line n is the page's line n + 1.
        if let found = YAMLAnchorScan.first(in: yaml) {
            throw DiagnosticError(.error(
                "front matter can't use YAML anchors or aliases (`\(found.text)`): they can make a few lines expand into millions; write the value out, or quote it if `\(found.text)` is text",
                file: path, line: found.line + 1, column: found.column))
        }
        let node: Node?
        do {
            // The encoding is given: Yams' default looks it up in the process environment on every
            // call, which cost more than parsing a page's front matter. Composing keeps each scalar's
            // text, so `title: 3.10` stays "3.10" where loading would make it the number 3.1.
            node = try Yams.compose(yaml: yaml, .default, .default, .utf8)
        } catch let error as YamlError {
            throw DiagnosticError(diagnostic(for: error, path: path))
        }
        guard let mapping = node?.mapping else {
            throw DiagnosticError(.error(
                "front matter must be a mapping of fields such as `title: Threading`", file: path, line: 2, column: 1))
        }
        var fields: [String: Node] = [:]
        for (key, value) in mapping {
            let name = key.string ?? ""
            guard knownKeys.contains(name) else {
                throw DiagnosticError(.error(
                    "unknown front matter field `\(name)`; known fields: \(knownKeys.sorted().joined(separator: ", "))",
                    file: path, line: (key.mark?.line ?? 1) + 1, column: 1))
            }
            fields[name] = value
        }
        func line(_ key: String) -> Int { (fields[key]?.mark?.line ?? 1) + 1 }
        guard let rawTitle = fields["title"] else {
            throw DiagnosticError(.error("front matter has no `title`; add `title: …`", file: path, line: 2, column: 1))
        }
        guard let title = text(of: rawTitle), !title.isEmpty else {
            throw DiagnosticError(.error("`title` must be a non-empty string", file: path, line: line("title"), column: 1))
        }
        var order: Int?
        if let rawOrder = fields["order"] {
            guard let value = rawOrder.tag.rawValue == Tag.Name.int.rawValue ? rawOrder.int : nil else {
                throw DiagnosticError(.error("`order` must be a whole number, such as `order: 20`",
                                             file: path, line: line("order"), column: 1))
            }
            order = value
        }
        var summary: String?
        if let rawSummary = fields["summary"] {
            guard let value = text(of: rawSummary) else {
                throw DiagnosticError(.error("`summary` must be a string", file: path, line: line("summary"), column: 1))
            }
            summary = value
        }
        return FrontMatter(title: title, order: order, summary: summary)
    }

    /// A scalar's text as written (after YAML's quoting and folding), whatever YAML would make of it:
    /// `3.10` is the text "3.10", not the number 3.1; `yes` is "yes". Nil for a list, a mapping, or
    /// an empty or null value.
    private static func text(of node: Node) -> String? {
        guard let scalar = node.scalar, node.tag.rawValue != Tag.Name.null.rawValue else { return nil }
        return scalar.string
    }

    private static func diagnostic(for error: YamlError, path: String) -> Diagnostic {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            let detail = context.map { "\($0.text), " } ?? ""
            // Marks count from the first YAML line, which is line 2 of the page.
            return .error("malformed front matter: \(detail)\(problem); fix the YAML between the `---` lines",
                          file: path, line: mark.line + 1, column: mark.column)
        case let .duplicatedKeysInMapping(duplicates, context):
            return .error("front matter repeats \(duplicates.joined(separator: ", ")); keep one of each",
                          file: path, line: context.mark.line + 1, column: context.mark.column)
        default:
            return .error("malformed front matter: \(error)", file: path, line: 2, column: 1)
        }
    }
}
