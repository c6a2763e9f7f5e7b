import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Lists the files of a folder tree: pages under `Content/`, templates, assets to copy.
package enum FileWalk {
    /// What a walk found: the files, and every entry it could not use, as a diagnostic at that entry.
    public struct Listing: Sendable {
        /// Sorted paths relative to the folder walked.
        public var files: [String]
        /// A folder that can't be listed, a path too long to open, a link to nothing or to itself, a
        /// FIFO or device where a file was expected: nothing is skipped without a word.
        public var problems: [Diagnostic]
    }

    /// Regular files below a folder with one of the extensions, as sorted relative paths; throws every
    /// entry that couldn't be used (see `walk`).
    public static func files(in directory: String, extensions: [String]? = nil, label: String? = nil) throws -> [String] {
        let listing = try walk(directory, extensions: extensions, label: label)
        if !listing.problems.isEmpty { throw DiagnosticError(listing.problems) }
        return listing.files
    }

    /// Regular files below a folder with one of the extensions. Hidden files and folders (editors' swap
    /// files, `.DS_Store`, `.git/`) are skipped, and so are links to folders (a link may lead back up
    /// the tree). Throws only when the folder itself can't be listed.
    ///
    /// A walk with `readdir`: FileManager's enumerator looks up each file's owner and extended
    /// attributes (reading /etc/passwd and /etc/group once per file), which cost more than reading the
    /// pages themselves.
    ///
    /// - Parameter label: how diagnostics name `directory` (`Content`, `Templates/assets`); its last
    ///   component when nil (`Templates`).
    public static func walk(_ directory: String, extensions: [String]? = nil, label: String? = nil) throws -> Listing {
        guard let top = opendir(directory) else {
            throw DiagnosticError(.error("can't list \(directory): \(String(cString: strerror(errno))); check its permissions"),
                                  isEnvironmental: true)
        }
        closedir(top)
        let label = label ?? (directory as NSString).lastPathComponent
        func shown(_ relative: String) -> String { (label as NSString).appendingPathComponent(relative) }
        var listing = Listing(files: [], problems: [])
        var folders = [""]
        while let relativeFolder = folders.popLast() {
            let absolute = relativeFolder.isEmpty ? directory : (directory as NSString).appendingPathComponent(relativeFolder)
            guard let handle = opendir(absolute) else {
                listing.problems.append(.error(folderProblem(errno, absolute: absolute), file: shown(relativeFolder) + "/"))
                continue
            }
            defer { closedir(handle) }
            while let entry = readdir(handle) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                if name.hasPrefix(".") { continue }  // hidden, and `.` and `..`
                let relative = relativeFolder.isEmpty ? name : relativeFolder + "/" + name
                let wanted = extensions == nil || extensions!.contains((name as NSString).pathExtension)
                switch kind(of: (directory as NSString).appendingPathComponent(relative), type: entry.pointee.d_type) {
                case .folder: folders.append(relative)
                case .linkToFolder: continue  // no loops
                case .file: if wanted { listing.files.append(relative) }
                case .unusable(let problem): if wanted { listing.problems.append(.error(problem, file: shown(relative))) }
                }
            }
        }
        listing.files.sort()
        listing.problems.sort { ($0.file ?? "") < ($1.file ?? "") }
        return listing
    }

    private enum Kind {
        case folder, linkToFolder, file
        /// Not something a file can be read from, and why.
        case unusable(String)
    }

    /// What an entry is: what `readdir` says, or, for links and file systems that don't say, what the
    /// entry leads to.
    private static func kind(of path: String, type: UInt8) -> Kind {
        // A folder whose path is too long is reported when it can't be listed.
        if Int32(type) == Int32(DT_DIR) { return .folder }
        if path.utf8.count >= Int(PATH_MAX) {
            return .unusable("this path is \(path.utf8.count) bytes long, more than the system can open (\(PATH_MAX)); "
                             + "nest it less deeply or shorten its folders' names")
        }
        if Int32(type) == Int32(DT_REG) { return .file }
        var info = stat()
        guard stat(path, &info) == 0 else {
            switch errno {
            case ELOOP:
                return .unusable("this is a loop of symbolic links that never reaches a file; point the link at a file or remove it")
            case ENOENT:
                let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)).map { " `\($0)`" } ?? ""
                return .unusable("this is a symbolic link to\(target), which doesn't exist; point it at a file or remove it")
            default:
                return .unusable("can't look at this entry: \(String(cString: strerror(errno))); check its permissions")
            }
        }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return Int32(type) == Int32(DT_LNK) ? .linkToFolder : .folder
        case S_IFREG: return .file
        case S_IFIFO: return .unusable("this is a FIFO (a named pipe), not a regular file; replace it with a file or remove it")
        case S_IFSOCK: return .unusable("this is a socket, not a regular file; replace it with a file or remove it")
        default: return .unusable("this is a device, not a regular file; replace it with a file or remove it")
        }
    }

    /// Why a folder inside the walk can't be listed, and what to do.
    private static func folderProblem(_ code: Int32, absolute: String) -> String {
        switch code {
        case ENAMETOOLONG:
            return "can't list this folder: its path is \(absolute.utf8.count) bytes long, more than the system can open "
                + "(\(PATH_MAX)); nest it less deeply or shorten its folders' names"
        case EACCES, EPERM:
            return "can't list this folder: permission denied; make it readable (chmod u+rx) or move it out of the site"
        default:
            return "can't list this folder: \(String(cString: strerror(code))); check it, or move it out of the site"
        }
    }
}
