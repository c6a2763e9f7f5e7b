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

    /// How deep sections (`{{#…}}`, `{{^…}}`) may nest in a template. The site's templates nest 3 deep;
    /// Mustache's parser and renderer recurse once per level, and a template nesting thousands deep
    /// would overflow their stack, so it is refused at the first section past 64.
    static let maximumSectionDepth = 64

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
        var includes: [String: [TemplatePartials.Include]] = [:]
        var known: Set<String> = []
        var problems: [Diagnostic] = []
        for relative in try FileWalk.files(in: directory, extensions: ["mustache"]) where !relative.hasPrefix("assets/") {
            let displayPath = "Templates/" + relative
            let name = String(relative.dropLast(".mustache".count))
            known.insert(name)
            guard let data = FileManager.default.contents(atPath: (directory as NSString).appendingPathComponent(relative)) else {
                problems.append(.error("can't read this template; check its permissions", file: displayPath))
                continue
            }
            do {
                let text = try SourceText.decode(data, path: displayPath).text
                let tags = TemplateTags(text)
                if let deep = tags.sectionDeeper(than: Self.maximumSectionDepth) {
                    problems.append(.error(
                        "template sections nest more than \(Self.maximumSectionDepth) deep here; close some before opening more",
                        file: displayPath, line: deep.line, column: deep.column))
                    continue
                }
                do {
                    library.register(try MustacheTemplate(string: text), named: name)
                } catch let error as MustacheTemplate.ParserError {
                    problems.append(Self.syntaxError(error, tags: tags, path: displayPath))
                    continue
                }
                sources[name] = text
                includes[name] = tags.tags.filter { $0.kind == .partial }
                    .map { TemplatePartials.Include(partial: $0.name, line: $0.line, column: $0.column) }
            } catch let error as DiagnosticError {
                problems += error.diagnostics
            }
        }
        if !known.contains(Self.pageTemplate) && problems.isEmpty {
            problems.append(.error("Templates/page.mustache is missing; every page is rendered with it", file: "Templates/"))
        }
        problems += TemplatePartials(includes: includes, known: known).problems()
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

    /// Whether the site has a template of this name (`page`, `partials/nav-entry`).
    public func contains(_ name: String) -> Bool {
        names.contains(name)
    }

    /// Renders one named template (a partial on its own), or nil when the site has none of that name.
    public func render(_ context: [String: Any], partial name: String) -> String? {
        names.contains(name) ? library.render(context, withTemplate: name) : nil
    }

    /// Renders a fragment of a page (a body, not a whole document) with the site's template of that
    /// name when it has one, else with the default text the caller ships: generated pages can be themed
    /// like the rest without every site having to provide every fragment.
    public func renderFragment(_ context: [String: Any], named name: String, default source: String) -> String {
        if names.contains(name) { return library.render(context, withTemplate: name) ?? "" }
        // The defaults are the tool's own text, so a syntax error in one is a bug caught by the tests.
        return (try? MustacheTemplate(string: source))?.render(context) ?? ""
    }

    /// A Mustache syntax error at the tag it is about: the section left open for "expected section
    /// end" (Mustache points past the end of the file), else the tag around the position it gives.
    static func syntaxError(_ error: MustacheTemplate.ParserError, tags: TemplateTags, path: String) -> Diagnostic {
        let line = error.context.lineNumber, column = error.context.columnNumber
        switch error.error {
        case MustacheTemplate.Error.expectedSectionEnd:
            if let open = tags.openSection() {
                return .error("template syntax error: section `\(open.name)` is never closed; add `{{/\(open.name)}}` where it ends",
                              file: path, line: open.line, column: open.column)
            }
        case MustacheTemplate.Error.sectionCloseNameIncorrect:
            if let close = tags.tag(containing: line, column), let open = tags.openSection(before: close.line, column: close.column) {
                return .error("template syntax error: a section is closed with a different name than it was opened: `{{/\(close.name)}}` closes `{{#\(open.name)}}` of line \(open.line); close it as `{{/\(open.name)}}`",
                              file: path, line: close.line, column: close.column)
            }
        default:
            break
        }
        let tag = tags.complete ? tags.tag(containing: line, column) : nil
        return .error(
            "template syntax error: \(describe(error.error)); check the tags on this line: \(error.context.line.trimmingCharacters(in: .whitespaces))",
            file: path, line: tag?.line ?? line, column: tag?.column ?? column)
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
