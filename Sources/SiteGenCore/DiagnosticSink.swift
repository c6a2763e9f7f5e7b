import Foundation

/// Collects findings that don't stop a page from rendering — a contradicted claim, an inconclusive one —
/// from directives running in parallel. `check` fails on the errors among them; `build` prints them.
public final class DiagnosticSink: @unchecked Sendable {
    private let lock = NSLock()
    private var collected: [Diagnostic] = []

    public init() {}

    public func report(_ diagnostic: Diagnostic) {
        lock.lock()
        collected.append(diagnostic)
        lock.unlock()
    }

    /// Everything reported so far, in file, line and column order.
    public var diagnostics: [Diagnostic] {
        lock.lock()
        defer { lock.unlock() }
        return collected.sorted {
            ($0.file ?? "", $0.line ?? 0, $0.column ?? 0) < ($1.file ?? "", $1.line ?? 0, $1.column ?? 0)
        }
    }
}
