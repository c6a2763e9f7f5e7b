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
    /// group (`GroupProcess`); `Interrupts` also kills every group at once. While `unlessCancelled` runs
    /// its step, this waits for the step to finish.
    public func cancel() {
        lock.lock()
        cancelled = true
        lock.unlock()
    }

    /// Runs `body` unless the work was cancelled already (nil then), holding the flag meanwhile: a step
    /// that must happen whole or not at all, such as putting a new site in place of the old one.
    ///
    /// A `cancel()` that arrives while `body` runs waits until it is done, and `Interrupts` cancels
    /// before it ends the process (even on a second Ctrl-C), so the step is never cut in half. `body`
    /// should be short: a signal's handling waits for it.
    public func unlessCancelled<T>(_ body: () throws -> T) rethrows -> T? {
        lock.lock()
        defer { lock.unlock() }
        guard !cancelled else { return nil }
        return try body()
    }
}

/// The measurement was interrupted (Ctrl-C): every child has been killed and nothing was written.
public struct MeasurementInterrupted: Error, Sendable, CustomStringConvertible {
    public init() {}
    public var description: String { "interrupted: every child process was stopped; the cache and results files are as they were" }
}
