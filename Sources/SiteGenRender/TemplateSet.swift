import SiteGenCore
import Foundation
import Mustache

/// The Mustache templates of `Templates/`, checked for syntax errors and missing partials up front.
package struct TemplateSet: Sendable {
    /// The template every page is rendered with.
    public static let pageTemplate = "page"
    /// The template for the home page, when the site has one; `page` otherwise.
    public static let homeTemplate = "index"

    /// The template of a fleet site's landing and comparison pages; `page` when the site has none.
    public static let fleetTemplate = "fleet"

    private let library: MustacheLibrary
    private let names: Set<String>

    /// Loads and checks every `.mustache` file under `Templates/` (except `assets/`).
    public init(root: String) throws {
        let directory = (root as NSString).appendingPathComponent("Templates")
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw DiagnosticError(.error(
                "no Templates/ folder in \(root); it needs at least Templates/page.mustache (pass --root DIR for another site)"),
                isEnvironmental: true)
        }
        var library = MustacheLibrary()
        var sources: [String: String] = [:]
        var problems: [Diagnostic] = []
        for relative in try FileWalk.files(in: directory, extensions: ["mustache"]) where !relative.hasPrefix("assets/") {
            let displayPath = "Templates/" + relative
            let name = String(relative.dropLast(".mustache".count))
            guard let data = FileManager.default.contents(atPath: (directory as NSString).appendingPathComponent(relative)) else {
                problems.append(.error("can't read this template; check its permissions", file: displayPath))
                continue
            }
            do {
                let text = try SourceText.decode(data, path: displayPath).text
                library.register(try MustacheTemplate(string: text), named: name)
                sources[name] = text
            } catch let error as DiagnosticError {
                problems += error.diagnostics
            } catch let error as MustacheTemplate.ParserError {
                problems.append(.error(
                    "template syntax error: \(Self.describe(error.error)); check the tags on this line: \(error.context.line.trimmingCharacters(in: .whitespaces))",
                    file: displayPath, line: error.context.lineNumber, column: error.context.columnNumber))
            }
        }
        if sources[Self.pageTemplate] == nil && problems.isEmpty {
            problems.append(.error("Templates/page.mustache is missing; every page is rendered with it", file: "Templates/"))
        }
        problems += Self.missingPartials(in: sources)
        if !problems.isEmpty { throw DiagnosticError(problems) }
        self.library = library
        self.names = Set(sources.keys)
        self.words = sources.values.joined(separator: "\n")
    }

    /// Every template's text, to tell which facts the templates show.
    private let words: String

    /// Whether any template mentions `name` (as a variable, a section or in text): facts that are
    /// costly to find out, such as the interpreter's version, are looked up only when shown.
    public func mentions(_ name: String) -> Bool {
        HTML.contains(name, in: words)
    }

    /// Renders the page or home template with a context.
    public func render(_ context: [String: Any], home: Bool) -> String {
        let name = home && names.contains(Self.homeTemplate) ? Self.homeTemplate : Self.pageTemplate
        return library.render(context, withTemplate: name) ?? ""
    }

    /// Renders a named template, or the page template when the site has no template of that name.
    public func render(_ context: [String: Any], template: String) -> String {
        library.render(context, withTemplate: names.contains(template) ? template : Self.pageTemplate) ?? ""
    }

    /// Renders a fragment of a page (a body, not a whole document) with the site's template of that
    /// name when it has one, else with the default text the caller ships: generated pages can be themed
    /// like the rest without every site having to provide every fragment.
    public func renderFragment(_ context: [String: Any], named name: String, default source: String) -> String {
        if names.contains(name) { return library.render(context, withTemplate: name) ?? "" }
        // The defaults are the tool's own text, so a syntax error in one is a bug caught by the tests.
        return (try? MustacheTemplate(string: source))?.render(context) ?? ""
    }

    /// Every `{{> name}}` that names no template, at its position. Mustache renders a missing partial as
    /// nothing, which would silently drop the navigation or the footer from every page.
    static func missingPartials(in sources: [String: String]) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        let pattern = try! NSRegularExpression(pattern: #"\{\{>\s*([^\s}]+)\s*\}\}"#)
        for (name, text) in sources.sorted(by: { $0.key < $1.key }) {
            let source = SourceText(path: "Templates/\(name).mustache", text: text)
            for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                guard let range = Range(match.range(at: 1), in: text), let whole = Range(match.range, in: text) else { continue }
                let partial = String(text[range])
                if sources[partial] == nil {
                    let position = source.lineAndColumn(of: whole.lowerBound)
                    problems.append(.error(
                        "partial `\(partial)` not found; create Templates/\(partial).mustache or fix the name (known: \(sources.keys.sorted().joined(separator: ", ")))",
                        file: source.path, line: position.line, column: position.column))
                }
            }
        }
        return problems
    }

    private static func describe(_ error: Error) -> String {
        switch error {
        case MustacheTemplate.Error.sectionCloseNameIncorrect: return "a section is closed with a different name than it was opened"
        case MustacheTemplate.Error.unfinishedName: return "a tag is not finished (missing `}}`?)"
        case MustacheTemplate.Error.expectedSectionEnd: return "a section is never closed (missing `{{/name}}`?)"
        case MustacheTemplate.Error.invalidSetDelimiter: return "invalid set-delimiter tag"
        default: return "\(error)"
        }
    }
}
