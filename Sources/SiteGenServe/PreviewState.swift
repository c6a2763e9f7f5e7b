import Foundation

/// What the browser needs to know about the builds: the number of the last one, and its
/// diagnostics when it failed (the site served is then the last good one). Shared by the rebuilding
/// thread, which changes it, and the server's requests, which read it.
public final class PreviewState: @unchecked Sendable {
    /// One moment's state, as a page and the long poll see it.
    public struct Snapshot: Sendable, Equatable {
        /// Counts every finished build, good or failed, from 1 for the first.
        public var build: Int
        /// The diagnostics of the last build when it failed, as the terminal shows them (no colour).
        public var failure: String?
    }

    private let lock = NSLock()
    private var current = Snapshot(build: 0, failure: nil)

    public init() {}

    public var snapshot: Snapshot {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    /// A build finished: `failure` is nil when it succeeded.
    func finished(failure: String?) {
        lock.lock()
        current = Snapshot(build: current.build + 1, failure: failure)
        lock.unlock()
    }
}
