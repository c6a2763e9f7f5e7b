import Foundation

/// Writes a site to its output folder all at once: into a fresh sibling folder first, then swapped in,
/// so a build that fails — or is interrupted — leaves the previous site exactly as it was.
struct SiteWriter: Sendable {
    /// A file sitegen leaves in every output folder, so it never replaces a folder it didn't make.
    public static let marker = ".sitegen-output"

    public let output: String
    /// Whether files of the previous site that sitegen didn't write are carried over into the new one
    /// (`--keep-unknown`) rather than stopping the build.
    public let keepsUnknownFiles: Bool
    /// Looked at right before the new site is put in place; nil for a writer nobody can interrupt.
    public let cancellation: Cancellation?

    public init(output: String, keepsUnknownFiles: Bool = false, cancellation: Cancellation? = nil) {
        self.output = URL(fileURLWithPath: output).standardizedFileURL.path
        self.keepsUnknownFiles = keepsUnknownFiles
        self.cancellation = cancellation
    }

    /// Checks, before any work, that the output folder can be replaced; throws an environment error
    /// otherwise. Removes the staging folders killed builds left beside it, so that even a build that
    /// then fails cleans them up.
    public func validate(root: String) throws {
        try validatePlace(root: root)
        OutputFolder.removeStaleStaging(for: output)
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: output, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw DiagnosticError(.error("the output path \(output) is a file; remove it or choose another --out"),
                                      isEnvironmental: true)
            }
            let contents = (try? manager.contentsOfDirectory(atPath: output)) ?? []
            if !contents.isEmpty && !contents.contains(Self.marker) {
                throw DiagnosticError(.error(
                    "\(output) exists and was not written by sitegen; refusing to replace it — remove it or choose another --out"),
                    isEnvironmental: true)
            }
            let unknown = OutputFolder.unknownEntries(in: output)
            if !unknown.isEmpty && !keepsUnknownFiles { throw OutputFolder.refusal(output: output, unknown: unknown) }
        }
        // The output's parents are created as needed; what matters is the nearest folder that exists.
        var existing = (output as NSString).deletingLastPathComponent
        while !existing.isEmpty && existing != "/" && !manager.fileExists(atPath: existing) {
            existing = (existing as NSString).deletingLastPathComponent
        }
        var parentIsDirectory: ObjCBool = false
        guard manager.fileExists(atPath: existing.isEmpty ? "." : existing, isDirectory: &parentIsDirectory),
              parentIsDirectory.boolValue else {
            throw DiagnosticError(.error("can't write the site to \(output): \(existing) is a file, not a folder; choose another --out"),
                                  isEnvironmental: true)
        }
        guard manager.isWritableFile(atPath: existing.isEmpty ? "." : existing) else {
            throw DiagnosticError(.error(
                "can't write to \(existing): permission denied; choose a writable --out or fix the folder's permissions"),
                isEnvironmental: true)
        }
    }

    /// Refuses an output folder that is, holds, or lies inside the site's sources: a build would
    /// replace them, or read its own output back as pages and templates and grow with every build.
    private func validatePlace(root: String) throws {
        let rootPath = Self.resolved(root), outputPath = Self.resolved(output)
        func isInside(_ path: String, _ folder: String) -> Bool {
            path == folder || path.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/")
        }
        if isInside(rootPath, outputPath) {
            throw DiagnosticError(.error(
                "the output folder \(output) contains the site's sources; choose another --out (the default is Site/)"),
                isEnvironmental: true)
        }
        for sources in ["Content", "Templates"] where isInside(outputPath, Self.resolved((root as NSString).appendingPathComponent(sources))) {
            throw DiagnosticError(.error(
                "the output folder \(output) is inside \(sources)/, so every build would read its own output back as \(sources == "Content" ? "pages" : "templates"); choose a --out outside Content/ and Templates/ (the default is Site/)"),
                isEnvironmental: true)
        }
    }

    /// A path with every link resolved, as far as it exists: the part that doesn't exist yet (an
    /// output folder to create) is appended as written.
    static func resolved(_ path: String) -> String {
        var existing = URL(fileURLWithPath: path).standardizedFileURL.path
        var rest: [String] = []
        while existing != "/" && !FileManager.default.fileExists(atPath: existing) {
            rest.insert((existing as NSString).lastPathComponent, at: 0)
            existing = (existing as NSString).deletingLastPathComponent
        }
        var resolved = URL(fileURLWithPath: existing).resolvingSymlinksInPath().path
        for part in rest { resolved = (resolved as NSString).appendingPathComponent(part) }
        return resolved
    }

    /// Repeats a partial read or write from `offset` until `count` bytes are done; -1 on an error or an
    /// early end.
    private static func whole(_ count: Int, _ step: (_ offset: Int) -> Int) -> Int {
        var offset = 0
        while offset < count {
            let done = step(offset)
            if done <= 0 { return -1 }
            offset += done
        }
        return offset
    }

    /// Writes one file; returns what went wrong, or nil.
    private static func writeFile(_ path: String, _ data: Data) -> String? {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return "\(path): \(String(cString: strerror(errno)))" }
        defer { close(descriptor) }
        let written = data.withUnsafeBytes { buffer in
            whole(buffer.count) { Foundation.write(descriptor, buffer.baseAddress! + $0, buffer.count - $0) }
        }
        return written < 0 ? "\(path): \(String(cString: strerror(errno)))" : nil
    }

    /// Puts the previous site's copy of a file into the new site when its bytes are the same: a hard link
    /// adds a directory entry, where writing the file again allocates an inode and its blocks, and the
    /// old copy's removal then frees nothing. On a rebuild most pages are unchanged, and this halved the
    /// write step of a 1,000-page site. Both folders only ever see whole files, so sharing is safe.
    /// Returns false (write the file instead) whenever anything differs or fails.
    private static func reusePrevious(_ previous: String, at path: String, for data: Data) -> Bool {
        var info = stat()
        guard lstat(previous, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) == data.count else { return false }
        let descriptor = open(previous, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var old = [UInt8](repeating: 0, count: data.count)
        let count = old.withUnsafeMutableBytes { buffer in
            whole(buffer.count) { Foundation.read(descriptor, buffer.baseAddress! + $0, buffer.count - $0) }
        }
        guard count == data.count else { return false }
        let same = old.withUnsafeBytes { oldBytes in
            data.withUnsafeBytes { newBytes in oldBytes.count == 0 || memcmp(oldBytes.baseAddress!, newBytes.baseAddress!, oldBytes.count) == 0 }
        }
        return same && link(previous, path) == 0
    }

    /// Writes the files and copies the asset folders, then swaps the new site in.
    ///
    /// Before anything else it removes the staging folders that killed builds left beside the output
    /// (`OutputFolder.removeStaleStaging`). Files of the previous site that sitegen didn't write stop
    /// the build, or are carried over with `keepsUnknownFiles`. The cancellation is looked at right
    /// before the swap, and the swap holds it: a Ctrl-C or SIGTERM either comes first, and the previous
    /// site stays as it was (`BuildInterrupted`), or waits until the new site is in place.
    ///
    /// - Parameters:
    ///   - files: output-relative path → contents.
    ///   - copies: output-relative path → absolute source path of a file to copy.
    public func write(files: [String: Data], copies: [String: String]) throws {
        OutputFolder.removeStaleStaging(for: output)
        let kept = OutputFolder.unknownEntries(in: output)
        if !kept.isEmpty {
            guard keepsUnknownFiles else { throw OutputFolder.refusal(output: output, unknown: kept) }
            if let clash = OutputFolder.collisions(kept: kept, files: Set(files.keys).union(copies.keys), output: output) { throw clash }
        }
        let (staging, retired) = OutputFolder.stagingPaths(for: output)
        let manager = FileManager.default
        // Left by an earlier process that had this one's id (removeStaleStaging spares this id's).
        try? manager.removeItem(atPath: staging)
        try? manager.removeItem(atPath: retired)
        let previous: String?
        do {
            try stage(files: files, copies: copies, kept: kept, into: staging)
            let swap = { try FolderSwap.replace(output, with: staging, retired: retired) }
            let outcome: String?? = try cancellation.map { try $0.unlessCancelled(swap) } ?? .some(swap())
            guard let swapped = outcome else {
                try? manager.removeItem(atPath: staging)
                throw BuildInterrupted()
            }
            previous = swapped
        } catch let error as BuildInterrupted {
            throw error
        } catch {
            try? manager.removeItem(atPath: staging)
            throw DiagnosticError(.error(
                "can't write the site to \(output): \(error.localizedDescription); the previous site is unchanged. Choose a writable --out or free some disk space"),
                isEnvironmental: true)
        }
        // The previous site, now out of the way; a process killed while removing it leaves a folder that
        // the next build removes.
        if let previous { try? manager.removeItem(atPath: previous) }
    }

    /// Writes the new site into `staging`: the marker first (so a left-behind staging folder is known
    /// as sitegen's), then the files, the copies and what is kept of the previous site.
    private func stage(files: [String: Data], copies: [String: String], kept: [String], into staging: String) throws {
        let manager = FileManager.default
        try manager.createDirectory(atPath: staging, withIntermediateDirectories: true)
        let marker = OutputFolder.marker(files: Array(files.keys) + Array(copies.keys))
        if let problem = Self.writeFile((staging as NSString).appendingPathComponent(Self.marker), marker) {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: problem])
        }
        // Plain writes: the staging folder is swapped in whole, so each file needn't be atomic.
        let entries = files.map { (relative: $0.key, path: (staging as NSString).appendingPathComponent($0.key), data: $0.value) }
        for folder in Set(entries.map { ($0.path as NSString).deletingLastPathComponent }).sorted() {
            try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        // POSIX writes: Foundation's Data.write cost several times the file system's own time per
        // file. One after another: two threads creating files in one folder contend for its lock,
        // and on ext4 that spinning tripled the system time of a 1,000-page build.
        // Only a folder sitegen wrote (validate() refuses others) lends its files to the new one.
        let previous = manager.fileExists(atPath: (output as NSString).appendingPathComponent(Self.marker)) ? output : nil
        for entry in entries {
            if let previous, Self.reusePrevious((previous as NSString).appendingPathComponent(entry.relative), at: entry.path,
                                                for: entry.data) {
                continue
            }
            if let problem = Self.writeFile(entry.path, entry.data) {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: problem])
            }
        }
        for (relative, source) in copies {
            let path = (staging as NSString).appendingPathComponent(relative)
            try manager.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try manager.copyItem(atPath: source, toPath: path)
        }
        try OutputFolder.carryOver(kept, from: output, to: staging)
    }
}
