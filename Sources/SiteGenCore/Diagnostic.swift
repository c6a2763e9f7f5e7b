/// One user-facing problem: where it is, how bad it is, and what to do about it.
///
/// Every error the tool reports — a bad directive, a broken link, a missing folder — is a diagnostic,
/// printed the way compilers print them: `path:line:col: error: message`.
public struct Diagnostic: Error, Sendable, Hashable, Codable {
    /// How serious a diagnostic is; errors fail `check` and `build`, warnings only inform.
    public enum Severity: String, Sendable, Hashable, Codable, Comparable {
        case note, warning, error

        public static func < (lhs: Severity, rhs: Severity) -> Bool {
            let rank: [Severity: Int] = [.note: 0, .warning: 1, .error: 2]
            return rank[lhs]! < rank[rhs]!
        }
    }

    /// The file the problem is in, relative to the site root where possible; nil for problems with no file.
    public var file: String?
    /// 1-based line, or nil when the problem concerns a whole file.
    public var line: Int?
    /// 1-based column counted in characters (Unicode scalars), or nil.
    public var column: Int?
    public var severity: Severity
    public var message: String

    public init(_ severity: Severity, _ message: String, file: String? = nil, line: Int? = nil, column: Int? = nil) {
        self.severity = severity
        self.message = message
        self.file = file
        self.line = line
        self.column = column
    }

    /// An error diagnostic.
    public static func error(_ message: String, file: String? = nil, line: Int? = nil, column: Int? = nil) -> Diagnostic {
        Diagnostic(.error, message, file: file, line: line, column: column)
    }

    /// A warning diagnostic.
    public static func warning(_ message: String, file: String? = nil, line: Int? = nil, column: Int? = nil) -> Diagnostic {
        Diagnostic(.warning, message, file: file, line: line, column: column)
    }

    /// `path:line:col` as far as it is known, or nil when the diagnostic has no file.
    public var location: String? {
        guard let file else { return nil }
        var text = file
        if let line {
            text += ":\(line)"
            if let column { text += ":\(column)" }
        }
        return text
    }
}

/// A failure that carries one or more diagnostics, thrown across stages.
public struct DiagnosticError: Error, Sendable {
    public var diagnostics: [Diagnostic]
    /// Whether the problem lies in how the tool was called or the environment it runs in (exit code 2)
    /// rather than in the content or the measurements (exit code 1).
    public var isEnvironmental: Bool

    public init(_ diagnostics: [Diagnostic], isEnvironmental: Bool = false) {
        self.diagnostics = diagnostics
        self.isEnvironmental = isEnvironmental
    }

    public init(_ diagnostic: Diagnostic, isEnvironmental: Bool = false) {
        self.init([diagnostic], isEnvironmental: isEnvironmental)
    }
}
