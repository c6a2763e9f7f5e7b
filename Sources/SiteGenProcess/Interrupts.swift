import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns Ctrl-C (SIGINT) and SIGTERM into a `Cancellation`: the running cell's process group and every
/// other one is killed at once, the runner unwinds without writing anything, and the command exits
/// 130 (SIGINT) or 143 (SIGTERM): 128 plus the signal's number, as shells report a process the signal
/// ended, so a script or CI runner can tell a Ctrl-C from a termination.
///
/// A second signal, or work that doesn't notice the cancellation within a few seconds, ends the
/// process directly — still after killing every child group, and never in the middle of a step run
/// by `Cancellation.unlessCancelled`.
public enum Interrupts {
    /// The exit status of a command stopped by Ctrl-C (128 + SIGINT), as shells report it.
    public static let exitCode: Int32 = 130

    private static let lock = NSLock()
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []
    nonisolated(unsafe) private static var received = 0
    /// The first signal that arrived, 0 before any.
    nonisolated(unsafe) private static var firstSignal: Int32 = 0

    /// The exit status for the signal that arrived first: 130 for SIGINT, 143 for SIGTERM (130 when
    /// none did, for callers that were cancelled otherwise).
    public static var exitStatus: Int32 {
        lock.lock()
        defer { lock.unlock() }
        return firstSignal == 0 ? exitCode : exitStatus(for: firstSignal)
    }

    /// 128 plus the signal's number: how shells report a process that a signal ended.
    public static func exitStatus(for signal: Int32) -> Int32 { 128 + signal }

    /// The cancellation the handlers set: one per process, like the signals.
    public static let cancellation = Cancellation()

    /// Whether Ctrl-C or SIGTERM arrived.
    public static var wasInterrupted: Bool { cancellation.isCancelled }

    /// Installs the handlers once for the life of the process and returns the cancellation they set.
    @discardableResult
    public static func install(grace: Double = 5) -> Cancellation {
        lock.lock()
        defer { lock.unlock() }
        guard sources.isEmpty else { return cancellation }
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                lock.lock()
                received += 1
                if firstSignal == 0 { firstSignal = number }
                let count = received
                lock.unlock()
                // First, so that a step that must not be cut in half finishes before anything below.
                cancellation.cancel()
                ProcessGroups.shared.killAll()
                if count == 1 {
                    let what = number == SIGTERM ? "terminated" : "interrupted"
                    FileHandle.standardError.write(Data("\n\(what): stopping every child process…\n".utf8))
                    DispatchQueue.global().asyncAfter(deadline: .now() + grace) { hardExit() }
                } else {
                    hardExit()
                }
            }
            source.resume()
            sources.append(source)
        }
        return cancellation
    }

    private static func hardExit() -> Never {
        ProcessGroups.shared.killAll()
        _exit(exitStatus)
    }
}
