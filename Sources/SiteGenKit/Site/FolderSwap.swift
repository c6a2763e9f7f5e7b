import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Puts a staged folder in place of another in one step, so that no moment exists — whatever kills
/// the process — at which the output folder is missing or half-written.
///
/// Linux exchanges the two names with `renameat2(…, RENAME_EXCHANGE)` (kernel 3.15, glibc 2.28), macOS
/// with `renamex_np(…, RENAME_SWAP)` (10.12). Where neither is available — an older glibc, or a file
/// system that can't exchange (EINVAL) — it falls back on two renames: the old folder aside, the new in
/// its place. A process killed between those two (SIGKILL, power loss; Ctrl-C and SIGTERM wait, see
/// `Cancellation.unlessCancelled`) leaves the previous site under `.NAME.old-PID` beside it and no
/// output folder, until the next build.
enum FolderSwap {
    /// Puts `staging` at `output`. Returns the path that now holds the previous folder, to remove, or
    /// nil when there was none. On an error both folders are where they were.
    static func replace(_ output: String, with staging: String, retired: String) throws -> String? {
        var info = stat()
        if lstat(output, &info) != 0 && errno == ENOENT {
            try check(rename(staging, output), "put \(staging) in place")
            return nil
        }
        switch exchange(staging, output) {
        case 0:
            return staging  // the new site's staging name now holds the previous one
        case let code where code == EINVAL || code == ENOSYS || code == ENOTSUP:
            try check(rename(output, retired), "move the previous site aside")
            if rename(staging, output) != 0 {
                let problem = errno
                _ = rename(retired, output)  // put the previous site back before reporting
                errno = problem
                try check(-1, "put the new site in place")
            }
            return retired
        case let code:
            errno = code
            try check(-1, "exchange \(staging) with \(output)")
            return nil
        }
    }

    /// Exchanges two paths atomically: 0, or the errno (ENOSYS where the system has no such call).
    static func exchange(_ first: String, _ second: String) -> Int32 {
        #if os(Linux)
        guard let renameat2 = linuxExchange else { return ENOSYS }
        return renameat2(AT_FDCWD, first, AT_FDCWD, second, linuxRenameExchange) == 0 ? 0 : errno
        #elseif canImport(Darwin)
        return renamex_np(first, second, UInt32(RENAME_SWAP)) == 0 ? 0 : errno
        #else
        return ENOSYS
        #endif
    }

    #if os(Linux)
    /// `RENAME_EXCHANGE` of <linux/fs.h>, which Swift's Glibc module doesn't export.
    private static let linuxRenameExchange: UInt32 = 1 << 1
    private typealias LinuxRenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
    /// glibc has had `renameat2` since 2.28, but Swift's Glibc module doesn't export it, so it is looked
    /// up at run time; without it the swap takes two renames.
    private static let linuxExchange: LinuxRenameAt2? = {
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "renameat2") else { return nil }
        return unsafeBitCast(symbol, to: LinuxRenameAt2.self)
    }()
    #endif

    private static func check(_ result: Int32, _ action: String) throws {
        guard result != 0 else { return }
        throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "can't \(action): \(String(cString: strerror(errno)))"])
    }
}
