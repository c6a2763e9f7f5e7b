import Foundation

/// What sitegen knows about an output folder it wrote: its marker file lists every file the build
/// wrote, so that a later build can tell its own files (replaced, or dropped when a page is gone) from
/// files somebody else put there (`CNAME`, `.nojekyll`, the `.git/` of a gh-pages checkout), which it
/// never deletes without being told to.
enum OutputFolder {
    /// The first line of the marker file.
    static let header = "This folder is written by sitegen and replaced whole on every build."
    /// The line after which the marker lists the files it wrote, one a line.
    static let listHeader = "Files it wrote (anything else here is not sitegen's, and stops the next build until moved out or kept with --keep-unknown):"

    /// How many files not written by sitegen a refusal names; the rest are counted. Ten show what is
    /// going on (a `.git/`, a `CNAME`) without burying the message under a whole checkout.
    static let listedUnknownFiles = 10

    /// Files that a desktop leaves in any folder it shows (macOS's view settings): removed with the
    /// site, since nobody keeps them on purpose and they come back by themselves.
    static let disposable: Set<String> = [".DS_Store"]

    /// The marker's text for a site of these output-relative files.
    static func marker(files: [String]) -> Data {
        // A newline or backslash in a file name would break the one-a-line list; they are escaped.
        let lines = files.sorted().map { $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n") }
        return Data(([header, listHeader] + lines).joined(separator: "\n").appending("\n").utf8)
    }

    /// The files an output folder's marker lists; nil when the folder has no marker or an older sitegen
    /// wrote it, whose marker lists nothing.
    static func writtenFiles(in output: String) -> Set<String>? {
        let path = (output as NSString).appendingPathComponent(SiteWriter.marker)
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(where: { $0.hasPrefix("Files it wrote") }) else { return nil }
        return Set(lines[(start + 1)...].filter { !$0.isEmpty }.map(unescape))
    }

    private static func unescape(_ line: String) -> String {
        var result = ""
        var escaped = false
        for character in line {
            if escaped {
                result.append(character == "n" ? "\n" : character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// What in an output folder sitegen did not write, as sorted output-relative paths (a folder that
    /// holds none of sitegen's files is one entry, ending in `/`).
    ///
    /// A folder whose marker lists nothing (an older sitegen wrote it) counts every visible file as
    /// sitegen's and every hidden one as not: sitegen never writes a hidden file but its marker.
    static func unknownEntries(in output: String) -> [String] {
        guard FileManager.default.fileExists(atPath: (output as NSString).appendingPathComponent(SiteWriter.marker)) else { return [] }
        let written = writtenFiles(in: output)
        var folders: Set<String> = []
        for file in written ?? [] {
            var folder = (file as NSString).deletingLastPathComponent
            while !folder.isEmpty && folders.insert(folder).inserted { folder = (folder as NSString).deletingLastPathComponent }
        }
        var unknown: [String] = []
        var pending = [""]
        while let relativeFolder = pending.popLast() {
            let absolute = relativeFolder.isEmpty ? output : (output as NSString).appendingPathComponent(relativeFolder)
            for name in (try? FileManager.default.contentsOfDirectory(atPath: absolute)) ?? [] {
                let relative = relativeFolder.isEmpty ? name : relativeFolder + "/" + name
                if relative == SiteWriter.marker || disposable.contains(name) { continue }
                var info = stat()
                let isFolder = lstat((output as NSString).appendingPathComponent(relative), &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
                let known: Bool
                if let written {
                    known = isFolder ? folders.contains(relative) : written.contains(relative)
                } else {
                    known = !name.hasPrefix(".")
                }
                if !known {
                    unknown.append(isFolder ? relative + "/" : relative)
                } else if isFolder {
                    pending.append(relative)
                }
            }
        }
        return unknown.sorted()
    }

    /// The refusal to replace a folder holding files sitegen didn't write, naming them.
    static func refusal(output: String, unknown: [String]) -> DiagnosticError {
        let shown = unknown.prefix(listedUnknownFiles).joined(separator: ", ")
        let more = unknown.count > listedUnknownFiles ? " and \(unknown.count - listedUnknownFiles) more" : ""
        let noun = unknown.count == 1 ? "an entry" : "\(unknown.count) entries"
        return DiagnosticError(.error(
            "\(output) holds \(noun) sitegen didn't write: \(shown)\(more); a build replaces the folder whole and would delete "
                + "them. Pass --keep-unknown to carry them over into the new site (a gh-pages checkout's .git/, CNAME), "
                + "or move them out of the folder"), isEnvironmental: true)
    }

    /// The error for files to keep that the new site writes too.
    static func collisions(kept: [String], files: Set<String>, output: String) -> DiagnosticError? {
        var clashes: [String] = []
        for entry in kept {
            let path = entry.hasSuffix("/") ? String(entry.dropLast()) : entry
            if files.contains(path) || files.contains(where: { $0.hasPrefix(path + "/") }) {
                clashes.append(entry)
            }
        }
        guard !clashes.isEmpty else { return nil }
        return DiagnosticError(.error(
            "\(output) holds \(clashes.prefix(listedUnknownFiles).joined(separator: ", ")), which sitegen didn't write but this build "
                + "writes too; move them out of the folder or rename the pages that write them"), isEnvironmental: true)
    }

    /// Copies what is kept from the previous site into the new one: hard links where the file system
    /// allows (a `.git/` of thousands of objects costs directory entries, not copies), copies elsewhere;
    /// links stay links. The previous site is not changed, so a build that fails still leaves it whole.
    static func carryOver(_ entries: [String], from output: String, to staging: String) throws {
        let manager = FileManager.default
        for entry in entries {
            let relative = entry.hasSuffix("/") ? String(entry.dropLast()) : entry
            let source = (output as NSString).appendingPathComponent(relative)
            let target = (staging as NSString).appendingPathComponent(relative)
            try manager.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try carry(source, to: target)
        }
    }

    private static func carry(_ source: String, to target: String) throws {
        var info = stat()
        guard lstat(source, &info) == 0 else { return }  // gone since it was listed: nothing to keep
        if (info.st_mode & S_IFMT) == S_IFDIR {
            try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
            for name in try FileManager.default.contentsOfDirectory(atPath: source) {
                try carry((source as NSString).appendingPathComponent(name), to: (target as NSString).appendingPathComponent(name))
            }
        } else if (info.st_mode & S_IFMT) != S_IFREG || link(source, target) != 0 {
            try FileManager.default.copyItem(atPath: source, toPath: target)
        }
    }

    // MARK: - Staging folders of earlier builds

    /// How old a staging folder of a process that still runs must be to count as left behind. A
    /// site is staged in seconds, so a day-old one belongs to a build that ended long ago, whose process
    /// id the system has given to another process since.
    static let staleStagingAge: TimeInterval = 24 * 60 * 60

    /// The staging folder of this process for an output folder (`.Site.new-PID` beside `Site/`), and
    /// the name the previous site takes when it can't be exchanged in one step (`.Site.old-PID`).
    static func stagingPaths(for output: String, pid: pid_t = getpid()) -> (new: String, old: String) {
        let parent = (output as NSString).deletingLastPathComponent
        let name = (output as NSString).lastPathComponent
        return ((parent as NSString).appendingPathComponent(".\(name).new-\(pid)"),
                (parent as NSString).appendingPathComponent(".\(name).old-\(pid)"))
    }

    /// Removes the staging folders that killed builds left beside the output folder, returning their
    /// paths. Only folders of this output's name whose process is gone (or that are older than
    /// `staleStagingAge`) and that hold sitegen's marker or nothing: a concurrent build's folder is
    /// never touched, nor a folder sitegen didn't make.
    @discardableResult
    static func removeStaleStaging(for output: String) -> [String] {
        let parent = (output as NSString).deletingLastPathComponent
        let name = (output as NSString).lastPathComponent
        let manager = FileManager.default
        var removed: [String] = []
        for entry in (try? manager.contentsOfDirectory(atPath: parent)) ?? [] {
            guard let pid = stagingProcess(entry, output: name), pid != getpid() else { continue }
            let path = (parent as NSString).appendingPathComponent(entry)
            let age = ((try? manager.attributesOfItem(atPath: path))?[.modificationDate] as? Date).map { -$0.timeIntervalSinceNow } ?? 0
            guard !isRunning(pid) || age > staleStagingAge else { continue }
            let contents = (try? manager.contentsOfDirectory(atPath: path)) ?? []
            guard contents.isEmpty || contents.contains(SiteWriter.marker) else { continue }
            if (try? manager.removeItem(atPath: path)) != nil { removed.append(path) }
        }
        return removed
    }

    /// The process id in `.NAME.new-PID` or `.NAME.old-PID`, nil for any other name.
    static func stagingProcess(_ entry: String, output name: String) -> pid_t? {
        for kind in [".new-", ".old-"] {
            let prefix = "." + name + kind
            if entry.hasPrefix(prefix), let pid = pid_t(entry.dropFirst(prefix.count)), pid > 0 { return pid }
        }
        return nil
    }

    private static func isRunning(_ pid: pid_t) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }
}
