import Foundation

/// Work that several directives of one guide need, done once for the guide: a claim's verdict is
/// shown on its page, in the list of claims and on the fleet pages, and each would otherwise evaluate
/// it again.
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
    /// what `make` computes must depend only on the key and the guide's measurements.
    public func value<Value: Sendable>(_ key: String, _ make: () -> Value) -> Value {
        condition.lock()
        while inProgress.contains(key) { condition.wait() }
        if let value = values[key] as? Value {
            condition.unlock()
            return value
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
