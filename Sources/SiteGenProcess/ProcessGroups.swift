import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Every process group this tool has started and not yet cleaned up, so an interrupt can kill them all.
///
/// Each measured interpreter leads its own group; pools, forkservers and `multiprocessing` children
/// join it, so `kill(-pgid, SIGKILL)` reaches the whole tree a cell started, however deep.
package final class ProcessGroups: @unchecked Sendable {
    public static let shared = ProcessGroups()

    private let lock = NSLock()
    private var groups = Set<pid_t>()

    public func add(_ group: pid_t) {
        lock.lock()
        groups.insert(group)
        lock.unlock()
    }

    public func remove(_ group: pid_t) {
        lock.lock()
        groups.remove(group)
        lock.unlock()
    }

    /// The groups alive now, for tests and diagnostics.
    public var live: Set<pid_t> {
        lock.lock()
        defer { lock.unlock() }
        return groups
    }

    /// Sends SIGKILL to every group still registered. The owners reap their leaders and unregister.
    public func killAll() {
        for group in live { Self.kill(group: group) }
    }

    /// SIGKILL to a whole process group; a group that is already gone is no error.
    public static func kill(group: pid_t) {
        guard group > 1 else { return }
        _ = killpg(group, SIGKILL)
    }

    /// Whether any process of a group still exists (zombies included until they are reaped).
    public static func exists(group: pid_t) -> Bool {
        guard group > 1 else { return false }
        return killpg(group, 0) == 0 || errno == EPERM
    }
}
