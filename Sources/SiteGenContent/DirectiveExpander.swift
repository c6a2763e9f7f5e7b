import SiteGenCore
import SiteGenResults
import SiteGenMeasure
/// A page's Markdown with every directive replaced by a placeholder, and what each placeholder stands for.
///
/// Directives are resolved before cmark runs but inserted after it: cmark sees only a plain word where
/// a directive was, so a directive's output is never re-parsed as Markdown, and a page without
/// directives reaches cmark byte for byte as written.
public struct ExpandedMarkdown: Sendable {
    /// One resolved directive.
    public struct Replacement: Sendable {
        public var token: String
        public var value: DirectiveValue
        public var directive: Directive
    }

    public var markdown: String
    public var replacements: [Replacement]
    /// For each line of `markdown` (index 0 is line 1), the line of the page it came from; empty when
    /// the page had no directive and line `n` is page line `firstLine + n - 1`.
    public var sourceLines: [Int]
    /// The page line of the Markdown's first line.
    public var firstLine: Int = 1

    /// The page line of a line of the expanded Markdown.
    public func sourceLine(of line: Int) -> Int {
        if sourceLines.isEmpty { return firstLine + max(0, line - 1) }
        guard line >= 1 else { return sourceLines.first ?? 1 }
        return line <= sourceLines.count ? sourceLines[line - 1] : (sourceLines.last ?? 1)
    }

    /// Replaces placeholders in plain text (headings) with the directives' text.
    public func plainText(_ text: String) -> String {
        guard !replacements.isEmpty, text.contains(DirectiveExpander.tokenPrefix) else { return text }
        return replacingTokens(in: text) { replacement, _, _ in
            switch replacement.value {
            case let .inline(_, plain): return (plain, 0, 0)
            case .block: return ("", 0, 0)
            }
        }
    }

    /// Puts the directives' HTML in place of their placeholders in cmark's output.
    ///
    /// A block value must be a paragraph of its own (`<p>TOKEN</p>`); anywhere else it would make
    /// invalid HTML, so that is reported at the directive.
    public func substitute(into html: String) throws -> String {
        guard !replacements.isEmpty else { return html }
        var problems: [Diagnostic] = []
        let result = replacingTokens(in: html) { replacement, before, after in
            switch replacement.value {
            case let .inline(inlineHTML, _):
                return (inlineHTML, 0, 0)
            case let .block(blockHTML):
                if before.hasSuffix("<p>"), after.hasPrefix("</p>\n") {
                    return (blockHTML.hasSuffix("\n") ? blockHTML : blockHTML + "\n", 3, 5)
                }
                let directive = replacement.directive
                problems.append(.error(
                    "`\(directive.name)` makes a block (\(blockKind(blockHTML))); put it on a line of its own with blank lines around it",
                    file: directive.file, line: directive.line, column: directive.column))
                return ("", 0, 0)
            }
        }
        if !problems.isEmpty { throw DiagnosticError(problems) }
        return result
    }

    /// One pass over `text` replacing each placeholder: `replace` gets the placeholder's directive and
    /// the few bytes just before and after it, and says what goes in its place and how many bytes of the
    /// text before and after that takes with it (`<p>` and `</p>\n` around a block). One pass, not one
    /// per directive: a page of many directives would otherwise cost their number times its length.
    private func replacingTokens(in text: String,
                                 _ replace: (Replacement, Substring, Substring) -> (String, Int, Int)) -> String {
        let byToken = Dictionary(replacements.map { ($0.token, $0) }, uniquingKeysWith: { first, _ in first })
        let prefix = Array(DirectiveExpander.tokenPrefix.utf8)
        let tokenLength = prefix.count + DirectiveExpander.tokenDigits
        var source = text
        return source.withUTF8 { bytes -> String in
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count)
            var copied = 0
            var search = 0
            while let hit = HTML.find(prefix, in: bytes, from: search) {
                search = hit + 1
                guard hit + tokenLength <= bytes.count,
                      let token = String(validating: bytes[hit..<(hit + tokenLength)], as: UTF8.self),
                      let replacement = byToken[token] else { continue }
                let before = Substring(decoding: bytes[max(copied, hit - 3)..<hit], as: UTF8.self)
                let after = Substring(decoding: bytes[(hit + tokenLength)..<min(bytes.count, hit + tokenLength + 5)], as: UTF8.self)
                let (inserted, takenBefore, takenAfter) = replace(replacement, before, after)
                output.append(contentsOf: bytes[copied..<(hit - takenBefore)])
                output.append(contentsOf: inserted.utf8)
                copied = hit + tokenLength + takenAfter
                search = copied
            }
            output.append(contentsOf: bytes[copied...])
            return String(decoding: output, as: UTF8.self)
        }
    }

    private func blockKind(_ html: String) -> String {
        html.hasPrefix("<figure") || html.hasPrefix("<pre") ? "a code block or figure" : "block content"
    }
}

/// Resolves a page's directives through a registry and produces `ExpandedMarkdown`.
package struct DirectiveExpander: Sendable {
    /// Placeholders are letters and digits only, so cmark passes them through untouched in any context.
    static let tokenPrefix = "SITEGENDIRECTIVE"
    /// The digits of a placeholder's number: a page holds fewer directives than that, since the
    /// smallest directive takes 7 bytes and a page at most `ContentLoader.maximumPageBytes`.
    static let tokenDigits = 6

    public var registry: DirectiveRegistry

    public init(registry: DirectiveRegistry) {
        self.registry = registry
    }

    /// Resolves a page's directives, from the scan the page was made with. Every directive error of the
    /// page is reported, not just the first.
    public func expand(_ page: Page, context: DirectiveContext) throws -> ExpandedMarkdown {
        let body = page.body, file = page.sourcePath, firstLine = page.bodyLine
        // Most pages of a large site have no directive: they go to cmark as they are.
        guard DirectiveScanner.mayContainDirective(body) else {
            return ExpandedMarkdown(markdown: body, replacements: [], sourceLines: [], firstLine: firstLine)
        }
        let segments = try page.segments.get()
        var markdown = ""
        markdown.reserveCapacity(body.utf8.count)
        var replacements: [ExpandedMarkdown.Replacement] = []
        var sourceLines = [firstLine]
        var line = firstLine
        var problems = DiagnosticCollector()
        for segment in segments {
            switch segment {
            case let .text(text):
                markdown += text
                for scalar in text.utf8 where scalar == UInt8(ascii: "\n") {
                    line += 1
                    sourceLines.append(line)
                }
            case let .directive(directive):
                let token = Self.tokenPrefix + String(format6(replacements.count + problems.errors.count))
                do {
                    let value = try registry.resolve(directive, in: context)
                    replacements.append(.init(token: token, value: value, directive: directive))
                } catch let error as DiagnosticError {
                    problems.add(error)
                } catch {
                    problems.add(.error("`\(directive.name)` failed: \(error)", file: file, line: directive.line, column: directive.column))
                }
                markdown += token
                line = directive.endLine
                sourceLines[sourceLines.count - 1] = directive.line
            }
        }
        try problems.throwIfErrors()
        return ExpandedMarkdown(markdown: markdown, replacements: replacements, sourceLines: sourceLines, firstLine: firstLine)
    }

    private func format6(_ number: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, Self.tokenDigits - digits.count)) + digits
    }
}
