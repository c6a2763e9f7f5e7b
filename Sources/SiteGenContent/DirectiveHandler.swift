import SiteGenCore
import SiteGenResults
import SiteGenMeasure
/// A directive's behaviour: validate its arguments and resolve it to a value.
///
/// New directives (measurements, tables, charts, claims) are new handlers registered in a
/// `DirectiveRegistry`; the scanner and the expander never change for them.
public protocol DirectiveHandler: Sendable {
    /// The name written after `{{<`.
    var name: String { get }
    /// One line showing how to call it, used in error messages.
    var usage: String { get }
    /// Whether the block form (`{{< name >}}…{{< /name >}}`) is allowed, required or refused.
    var body: DirectiveBodyRule { get }
    /// Resolves one occurrence. Throws `DiagnosticError`s positioned at the directive or an argument.
    func resolve(_ directive: Directive, in context: DirectiveContext) throws -> DirectiveValue
    /// The workloads an occurrence needs measured, so a build measures only what the content references.
    func requiredWorkloads(_ directive: Directive) -> [String]
}

/// Whether a directive takes a body.
public enum DirectiveBodyRule: Sendable {
    case none, optional, required
}

extension DirectiveHandler {
    public var body: DirectiveBodyRule { .none }
    public func requiredWorkloads(_ directive: Directive) -> [String] { [] }
}

/// What a directive may consult while resolving: the site root, the page, and the facts of the host.
public struct DirectiveContext: Sendable {
    /// The site root (the folder holding Content/ and Templates/), absolute.
    public var root: String
    /// The page being resolved, relative to the root.
    public var page: String
    /// Facts about the machine, gathered once per build.
    public var host: HostFacts
    /// The Python interpreter the guide is about, probed on first use.
    public var python: PythonInterpreter
    /// The measurements the page may show; nil when the build has none (then measurement directives
    /// report that instead of guessing).
    public var results: ResultsIndex?
    /// Every page of the site, as read once by the build, for directives about the whole site (the
    /// list of claims); empty when a page is rendered alone.
    public var pages: [Page]
    /// Where a directive reports findings that don't stop the page, such as a contradicted claim.
    public var findings: DiagnosticSink
    /// What the guide's directives computed for each other (claims' verdicts), shared by all its pages.
    public var memo: DirectiveMemo

    public init(root: String, page: String, host: HostFacts, python: PythonInterpreter,
                results: ResultsIndex? = nil, pages: [Page] = [],
                findings: DiagnosticSink = DiagnosticSink(), memo: DirectiveMemo = DirectiveMemo()) {
        self.pages = pages
        self.findings = findings
        self.memo = memo
        self.results = results
        self.root = root
        self.page = page
        self.host = host
        self.python = python
    }
}

/// The directives a build knows, by name.
public struct DirectiveRegistry: Sendable {
    private var handlers: [String: any DirectiveHandler] = [:]

    public init(_ handlers: [any DirectiveHandler] = []) {
        for handler in handlers { register(handler) }
    }

    public mutating func register(_ handler: any DirectiveHandler) {
        handlers[handler.name] = handler
    }

    public var names: [String] { handlers.keys.sorted() }

    public func handler(named name: String) -> (any DirectiveHandler)? { handlers[name] }

    /// Resolves a directive, checking its name and body before handing it to its handler.
    public func resolve(_ directive: Directive, in context: DirectiveContext) throws -> DirectiveValue {
        guard let handler = handlers[directive.name] else {
            let suggestion = Suggestion.prompt(for: directive.name, among: names)
            throw directive.error("unknown directive `\(directive.name)`; \(suggestion)known directives: \(names.joined(separator: ", "))")
        }
        switch (handler.body, directive.body) {
        case (.none, .some):
            throw directive.error("`\(directive.name)` takes no body; remove `{{< /\(directive.name) >}}`. Usage: \(handler.usage)")
        case (.required, .none):
            throw directive.error("`\(directive.name)` needs a body closed by `{{< /\(directive.name) >}}`. Usage: \(handler.usage)")
        default:
            return try handler.resolve(directive, in: context)
        }
    }
}

