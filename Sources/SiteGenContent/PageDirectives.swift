import SiteGenCore
import SiteGenResults
import SiteGenMeasure
extension Page {
    /// Every directive of the page, those in the bodies of block directives included, in the order
    /// they appear. Text whose directives don't scan yields none: its syntax errors are the render
    /// step's to report, at their position.
    public var allDirectives: [Directive] {
        var found: [Directive] = []
        func visit(_ text: String, line: Int) {
            guard DirectiveScanner.mayContainDirective(text),
                  let segments = try? DirectiveScanner(file: sourcePath, firstLine: line).scan(text) else { return }
            for case .directive(let directive) in segments {
                found.append(directive)
                if let body = directive.body { visit(body, line: directive.line + 1) }
            }
        }
        visit(body, line: bodyLine)
        return found
    }
}
