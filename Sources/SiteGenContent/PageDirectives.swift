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

    /// The directives of a scanned body and, below them, those of their bodies. Text whose directives
    /// don't scan yields none: its syntax errors are the render step's to report, at their position.
    static func directives(in segments: Result<[DirectiveScanner.Segment], DiagnosticError>, file: String) -> [Directive] {
        var found: [Directive] = []
        func visit(_ segments: [DirectiveScanner.Segment], level: Int) {
            for case .directive(let directive) in segments {
                found.append(directive)
                guard level < maximumDirectiveNesting, let body = directive.body,
                      let inner = try? DirectiveScanner(file: file, firstLine: directive.line + 1).scan(body) else { continue }
                visit(inner, level: level + 1)
            }
        }
        if case .success(let top) = segments { visit(top, level: 1) }
        return found
    }
}
