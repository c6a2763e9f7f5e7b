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
    ///
    /// Each task writes its own slot of the result directly: no lock, and no array of optionals copied
    /// into the result at the end, which held every page of a site twice at the peak.
    package func concurrentMap<T>(_ transform: (Element) -> T) -> [T] {
        guard !isEmpty else { return [] }
        return withoutActuallyEscaping(transform) { transform in
            [T](unsafeUninitializedCapacity: count) { buffer, initialized in
                let base = SendablePointer(address: buffer.baseAddress!)
                // Every index in 0..<count is written exactly once, by its own task, before this returns.
                DispatchQueue.concurrentPerform(iterations: count) { index in
                    (base.address + index).initialize(to: transform(self[index]))
                }
                initialized = count
            }
        }
    }
}

/// A pointer handed to concurrent tasks that each write a different element.
private struct SendablePointer<T>: @unchecked Sendable {
    let address: UnsafeMutablePointer<T>
}
