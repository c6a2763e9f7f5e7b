import SiteGenCore
import SiteGenResults
import SiteGenMeasure
/// A directive as written in a page: `{{< name arg key=value >}}`, optionally with a body closed by
/// `{{< /name >}}`.
public struct Directive: Sendable, Equatable {
    /// One argument: positional (`key` is nil) or named (`key=value`).
    public struct Argument: Sendable, Equatable {
        public var key: String?
        public var value: String
        public var line: Int
        public var column: Int
    }

    public var name: String
    public var arguments: [Argument]
    /// The text between the opening and the closing tag of the block form, nil for the inline form.
    public var body: String?
    /// The page the directive is in, as diagnostics show it.
    public var file: String
    public var line: Int
    public var column: Int
    /// The line on which the directive (its closing tag, for the block form) ends.
    public var endLine: Int

    /// A diagnostic at the directive's opening `{{<`.
    public func error(_ message: String) -> DiagnosticError {
        DiagnosticError(.error(message, file: file, line: line, column: column))
    }

    /// A diagnostic at an argument.
    public func error(_ message: String, at argument: Argument) -> DiagnosticError {
        DiagnosticError(.error(message, file: file, line: argument.line, column: argument.column))
    }

    /// The positional arguments, in order.
    public var positional: [Argument] { arguments.filter { $0.key == nil } }

    /// The named argument `key`, if given.
    public func argument(_ key: String) -> Argument? { arguments.first { $0.key == key } }

    /// Checks that only the named arguments a directive knows are present, and at most
    /// `maxPositional` positional ones, so a typo is reported rather than ignored.
    public func validate(named allowed: [String], maxPositional: Int, usage: String) throws {
        for argument in arguments {
            if let key = argument.key {
                guard allowed.contains(key) else {
                    let known = allowed.isEmpty ? "it takes no named arguments" : "known: \(allowed.joined(separator: ", "))"
                    throw error("`\(name)` has no argument `\(key)`; \(known). Usage: \(usage)", at: argument)
                }
                if arguments.filter({ $0.key == key }).count > 1 {
                    throw error("`\(key)` is given twice; give it once. Usage: \(usage)", at: argument)
                }
            }
        }
        let positional = self.positional
        if positional.count > maxPositional {
            throw error("`\(name)` takes \(maxPositional == 0 ? "no" : "at most \(maxPositional)") positional argument\(maxPositional == 1 ? "" : "s"); usage: \(usage)",
                        at: positional[maxPositional])
        }
    }

    /// The value given as `key=value` or, failing that, as the positional argument at `position`.
    public func value(_ key: String, orPosition position: Int? = nil) -> Argument? {
        if let named = argument(key) { return named }
        if let position {
            let positional = self.positional
            if position < positional.count { return positional[position] }
        }
        return nil
    }
}
