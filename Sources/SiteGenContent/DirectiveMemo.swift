import Foundation

/// Work that several directives of one guide need, done once for the guide: a claim's verdict is
/// shown on its page, in the list of claims and on the fleet pages, and each would otherwise evaluate
/// it again.
///
/// A memo belongs to one guide of one build, that is to one set of measurements, one site root and
/// one set of pages, which is why keys name only what varies within it (a claim's position): a memo
/// shared across guides or builds would hand one guide another's verdicts.
///
/// Pages render in parallel, so a value is computed by the first directive to ask for it while any
/// other asking for the same key waits for that result instead of computing it twice. Computing one
/// value may ask for others (the list of claims asks for each claim's), never for itself.
public final class DirectiveMemo: @unchecked Sendable {
    private let condition = NSCondition()
    private var values: [String: any Sendable] = [:]
    private var inProgress: Set<String> = []

    public init() {}

    /// The value stored under `key`, made by `make` on the first call. A key holds values of one type;
    /// what `make` computes must depend only on the key and the guide (its measurements, root, pages).
    public func value<Value: Sendable>(_ key: String, _ make: () -> Value) -> Value {
        condition.lock()
        while inProgress.contains(key) { condition.wait() }
        if let stored = values[key] {
            condition.unlock()
            if let value = stored as? Value { return value }
            // A programming error: two kinds of work under one key. Tests stop here; a build recomputes.
            assertionFailure("DirectiveMemo key \(key) holds a \(type(of: stored)), not a \(Value.self)")
            return make()
        }
        inProgress.insert(key)
        condition.unlock()

        let value = make()
        condition.lock()
        values[key] = value
        inProgress.remove(key)
        condition.broadcast()
        condition.unlock()
        return value
    }
}
