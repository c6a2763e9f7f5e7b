import Foundation

/// A file's identity as far as change detection needs it: inode, size and modification time in
/// nanoseconds. A file replaced or rewritten gets another stamp; used by the interpreter cache's key
/// and by `serve`'s file watcher.
package enum FileStamp {
    /// "inode:size:mtime-ns", or nil where the file can't be examined.
    package static func of(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        #if os(Linux)
        let modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        #else
        let modified = Int64(info.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(info.st_mtimespec.tv_nsec)
        #endif
        return "\(info.st_ino):\(info.st_size):\(modified)"
    }
}
