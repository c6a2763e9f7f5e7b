import Foundation
import SiteGenCore

/// Tells which files under some folders were added, changed or removed since it last looked, by
/// comparing each file's size, modification time and inode with the last look.
///
/// Polling, of our own: none of the packages this project builds from watches files, and inotify
/// and FSEvents would each need code of their own per system. A look costs one `stat` per file — a
/// few milliseconds for a site of a thousand pages — and `PreviewSession` looks ten times a second,
/// so a saved page is noticed within a tenth of a second on Linux and macOS alike. Hidden files
/// (editors' swap files) are left out.
final class FileWatcher {
    private let folders: [String]
    private var last: [String: String]

    /// Watches every file below `folders` (absolute paths; a missing folder is empty).
    init(folders: [String]) {
        self.folders = folders
        last = [:]
        last = look()
    }

    /// The paths added, changed or removed since the last call (or since it was made), sorted.
    func changes() -> [String] {
        let now = look()
        var changed = Set<String>()
        for (path, stamp) in now where last[path] != stamp { changed.insert(path) }
        for path in last.keys where now[path] == nil { changed.insert(path) }
        last = now
        return changed.sorted()
    }

    private func look() -> [String: String] {
        var stamps: [String: String] = [:]
        for folder in folders {
            guard let listing = try? FileWalk.walk(folder) else { continue }
            for relative in listing.files {
                let path = (folder as NSString).appendingPathComponent(relative)
                stamps[path] = FileStamp.of(path) ?? "gone"
            }
        }
        return stamps
    }
}
