/// Gathers the problems of several independent pieces of work — pages, guides, results files — so
/// that one run reports all of them at once instead of stopping at the first, and the warnings met on
/// the way, which never stop anything.
///
/// Errors thrown as `DiagnosticError` are kept with their positions; any other error is kept as one
/// diagnostic at the file it was about. Whether any of them was environmental (exit code 2) is kept too.
package struct DiagnosticCollector: Sendable {
    /// Errors collected so far, in the order they were met.
    public private(set) var errors: [Diagnostic] = []
    /// Warnings and notes collected so far, in the order they were met.
    public private(set) var warnings: [Diagnostic] = []
    /// Whether an error collected lies in the environment or the invocation rather than the content.
    public private(set) var isEnvironmental = false

    public init() {}

    /// Runs one piece of work, keeping its problems instead of throwing them; its value, or nil when it
    /// failed.
    @discardableResult
    public mutating func attempt<Value>(file: String? = nil, _ work: () throws -> Value) -> Value? {
        do {
            return try work()
        } catch {
            add(error, file: file)
            return nil
        }
    }

    /// Keeps an error: a `DiagnosticError`'s diagnostics, or any other error as one diagnostic at `file`.
    public mutating func add(_ error: any Error, file: String? = nil) {
        if let error = error as? DiagnosticError {
            add(error)
        } else {
            errors.append(.error("\(error)", file: file))
        }
    }

    /// Keeps what was thrown: all of it stops the run, whatever each diagnostic's severity.
    public mutating func add(_ error: DiagnosticError) {
        errors += error.diagnostics
        isEnvironmental = isEnvironmental || error.isEnvironmental
    }

    /// Keeps one diagnostic among the errors or the warnings, by its severity.
    public mutating func add(_ diagnostic: Diagnostic) {
        if diagnostic.severity == .error { errors.append(diagnostic) } else { warnings.append(diagnostic) }
    }

    public mutating func add(_ diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics { add(diagnostic) }
    }

    /// Throws every error collected, if there is one; the warnings stay.
    public func throwIfErrors() throws {
        if !errors.isEmpty { throw DiagnosticError(errors, isEnvironmental: isEnvironmental) }
    }
}
