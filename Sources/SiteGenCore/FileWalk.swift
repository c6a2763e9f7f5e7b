import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Lists the files of a folder tree: pages under `Content/`, templates, assets to copy.
package enum FileWalk {
    /// Regular files below a folder with one of the extensions, as sorted relative paths. Hidden files
    /// and folders (editors' swap files, `.DS_Store`) are skipped, and so are links to folders.
    ///
    /// A walk with `readdir`: FileManager's enumerator looks up each file's owner and extended
    /// attributes (reading /etc/passwd and /etc/group once per file), which cost more than reading the
    /// pages themselves.
    public static func files(in directory: String, extensions: [String]? = nil) throws -> [String] {
        guard let top = opendir(directory) else {
            throw DiagnosticError(.error("can't list \(directory); check its permissions"), isEnvironmental: true)
        }
        closedir(top)
        var files: [String] = []
        var folders = [""]
        while let relativeFolder = folders.popLast() {
            let absolute = relativeFolder.isEmpty ? directory : (directory as NSString).appendingPathComponent(relativeFolder)
            guard let handle = opendir(absolute) else { continue }
            defer { closedir(handle) }
            while let entry = readdir(handle) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                if name.hasPrefix(".") { continue }  // hidden, and `.` and `..`
                let relative = relativeFolder.isEmpty ? name : relativeFolder + "/" + name
                var isFolder: Bool
                switch Int32(entry.pointee.d_type) {
                case Int32(DT_DIR): isFolder = true
                case Int32(DT_REG): isFolder = false
                default:
                    // Links and file systems that don't report the type: ask (following links).
                    // A link that leads nowhere (dangling, a loop) is listed, so reading it reports it.
                    var info = stat()
                    isFolder = stat((directory as NSString).appendingPathComponent(relative), &info) == 0
                        && (info.st_mode & S_IFMT) == S_IFDIR
                    if isFolder && Int32(entry.pointee.d_type) == Int32(DT_LNK) { continue }  // no loops
                }
                if isFolder {
                    folders.append(relative)
                } else if extensions == nil || extensions!.contains((name as NSString).pathExtension) {
                    files.append(relative)
                }
            }
        }
        return files.sorted()
    }
}
