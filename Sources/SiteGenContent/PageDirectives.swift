import SiteGenCore
import SiteGenResults
import SiteGenMeasure
extension Page {
    /// How many block directives deep `allDirectives` looks. No directive shows directives of its body
    /// today (a claim's sentence refuses them, and the render step reports that at the directive), so
    /// two levels find all that count; 8 leaves room for container directives to come while each level
    /// scans its bodies once more, so a page of blocks nested thousands deep costs 8 scans, not one per
    /// level, and never a deep recursion.
    public static let maximumDirectiveNesting = 8

    /// Every directive of the page, those in the bodies of block directives included (down to
    /// `maximumDirectiveNesting`), in the order they appear. Text whose directives don't scan yields
    /// none: its syntax errors are the render step's to report, at their position.
    public var allDirectives: [Directive] {
        var found: [Directive] = []
        func visit(_ text: String, line: Int, level: Int) {
            guard level <= Self.maximumDirectiveNesting, DirectiveScanner.mayContainDirective(text),
                  let segments = try? DirectiveScanner(file: sourcePath, firstLine: line).scan(text) else { return }
            for case .directive(let directive) in segments {
                found.append(directive)
                if let body = directive.body { visit(body, line: directive.line + 1, level: level + 1) }
            }
        }
        visit(body, line: bodyLine, level: 1)
        return found
    }
}
