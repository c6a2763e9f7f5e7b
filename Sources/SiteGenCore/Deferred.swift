import Dispatch
import Foundation

/// Work a build needs only at a later stage (the raw results it publishes), its value awaited where it
/// is needed: started on another thread when made, so it runs beside the stages between rather than
/// before them, or, for a build that may never need it (`check`), done on first use.
package final class Deferred<Value: Sendable>: @unchecked Sendable {
    private let done = DispatchGroup()
    private let lock = NSLock()
    // Written once: before `done` is left, or under `lock` on first use; read only after either.
    private var result: Value?
    private var work: (@Sendable () -> Value)?

    /// - Parameter startsNow: run `work` on another thread now (true), or on first use of `value`.
    package init(startsNow: Bool = true, _ work: @escaping @Sendable () -> Value) {
        guard startsNow else {
            self.work = work
            return
        }
        done.enter()
        DispatchQueue.global().async {
            self.result = work()
            self.done.leave()
        }
    }

    /// A value that is ready now.
    package init(ready value: Value) {
        result = value
    }

    /// The value, waiting for the work to finish (or doing it, the first time, when it didn't start).
    package var value: Value {
        done.wait()
        lock.lock()
        defer { lock.unlock() }
        if let work {
            result = work()
            self.work = nil
        }
        return result!
    }
}
