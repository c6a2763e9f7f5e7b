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
        var result = text
        for replacement in replacements where result.contains(replacement.token) {
            switch replacement.value {
            case let .inline(_, plain): result = result.replacingOccurrences(of: replacement.token, with: plain)
            case .block: result = result.replacingOccurrences(of: replacement.token, with: "")
            }
        }
        return result
    }

    /// Puts the directives' HTML in place of their placeholders in cmark's output.
    ///
    /// A block value must be a paragraph of its own (`<p>TOKEN</p>`); anywhere else it would make
    /// invalid HTML, so that is reported at the directive.
    public func substitute(into html: String) throws -> String {
        guard !replacements.isEmpty else { return html }
        var result = html
        var problems: [Diagnostic] = []
        for replacement in replacements {
            switch replacement.value {
            case let .inline(inlineHTML, _):
                result = result.replacingOccurrences(of: replacement.token, with: inlineHTML)
            case let .block(blockHTML):
                let paragraph = "<p>\(replacement.token)</p>\n"
                if result.contains(paragraph) {
                    result = result.replacingOccurrences(of: paragraph, with: blockHTML.hasSuffix("\n") ? blockHTML : blockHTML + "\n")
                } else if result.contains(replacement.token) {
                    let directive = replacement.directive
                    problems.append(.error(
                        "`\(directive.name)` makes a block (\(blockKind(blockHTML))); put it on a line of its own with blank lines around it",
                        file: directive.file, line: directive.line, column: directive.column))
                }
            }
        }
        if !problems.isEmpty { throw DiagnosticError(problems) }
        return result
    }

    private func blockKind(_ html: String) -> String {
        html.hasPrefix("<figure") || html.hasPrefix("<pre") ? "a code block or figure" : "block content"
    }
}

/// Resolves a page's directives through a registry and produces `ExpandedMarkdown`.
package struct DirectiveExpander: Sendable {
    /// Placeholders are letters and digits only, so cmark passes them through untouched in any context.
    static let tokenPrefix = "SITEGENDIRECTIVE"

    public var registry: DirectiveRegistry

    public init(registry: DirectiveRegistry) {
        self.registry = registry
    }

    /// Scans and resolves a page body. Every directive error of the page is reported, not just the first.
    public func expand(_ body: String, file: String, firstLine: Int, context: DirectiveContext) throws -> ExpandedMarkdown {
        // Most pages of a large site have no directive: they go to cmark as they are.
        guard DirectiveScanner.mayContainDirective(body) else {
            return ExpandedMarkdown(markdown: body, replacements: [], sourceLines: [], firstLine: firstLine)
        }
        let segments = try DirectiveScanner(file: file, firstLine: firstLine).scan(body)
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
        return String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }
}
