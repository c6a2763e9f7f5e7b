import Dispatch

/// Work started on another thread when made, its value awaited where it is needed: for work a build
/// needs only at a later stage (the raw results it publishes), so it runs beside the stages between
/// rather than before them.
package final class Deferred<Value: Sendable>: @unchecked Sendable {
    private let done = DispatchGroup()
    // Written once, before `done` is left; read only after waiting for it.
    private var result: Value?

    package init(_ work: @escaping @Sendable () -> Value) {
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

    /// The value, waiting for the work to finish.
    package var value: Value {
        done.wait()
        return result!
    }
}
