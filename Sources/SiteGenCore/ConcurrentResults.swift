import Foundation

/// A fixed-size array filled from concurrent work, one slot per task.
package final class ConcurrentResults<Value>: @unchecked Sendable {
    private var slots: [Value?]
    private let lock = NSLock()

    package init(count: Int) { slots = Array(repeating: nil, count: count) }

    package func set(_ index: Int, _ value: Value) {
        lock.lock()
        slots[index] = value
        lock.unlock()
    }

    package var values: [Value] { slots.compactMap { $0 } }
}

extension Array {
    /// `map` with the elements transformed in parallel (pages, files: independent work of similar
    /// size), the results in the elements' order.
    package func concurrentMap<T>(_ transform: (Element) -> T) -> [T] {
        let results = ConcurrentResults<T>(count: count)
        withoutActuallyEscaping(transform) { transform in
            DispatchQueue.concurrentPerform(iterations: count) { index in
                results.set(index, transform(self[index]))
            }
        }
        return results.values
    }
}
