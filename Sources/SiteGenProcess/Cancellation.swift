import Foundation

/// A flag that asks running work to stop: set by Ctrl-C (see `Interrupts`), read by the runner between
/// and during cells. Once set it stays set.
public final class Cancellation: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false

    public init() {}

    public var isCancelled: Bool {
        lock.lock()
        defer { lock.unlock() }
        return cancelled
    }

    /// Asks the work to stop. A running child notices within a few milliseconds and is killed with its
    /// group (`GroupProcess`); `Interrupts` also kills every group at once.
    public func cancel() {
        lock.lock()
        cancelled = true
        lock.unlock()
    }
}

/// The measurement was interrupted (Ctrl-C): every child has been killed and nothing was written.
public struct MeasurementInterrupted: Error, Sendable, CustomStringConvertible {
    public init() {}
    public var description: String { "interrupted: every child process was stopped; the cache and results files are as they were" }
}
