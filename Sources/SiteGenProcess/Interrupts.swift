import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns Ctrl-C (SIGINT) and SIGTERM into a `Cancellation`: the running cell's process group and every
/// other one is killed at once, the runner unwinds without writing anything, and the command exits 130.
///
/// A second signal, or work that doesn't notice the cancellation within a few seconds, ends the
/// process directly — still after killing every child group.
public enum Interrupts {
    /// The exit status of a command stopped by Ctrl-C (128 + SIGINT), as shells report it.
    public static let exitCode: Int32 = 130

    private static let lock = NSLock()
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []
    nonisolated(unsafe) private static var received = 0

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
                let count = received
                lock.unlock()
                cancellation.cancel()
                ProcessGroups.shared.killAll()
                if count == 1 {
                    FileHandle.standardError.write(Data("\ninterrupted: stopping every child process…\n".utf8))
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
        _exit(exitCode)
    }
}
