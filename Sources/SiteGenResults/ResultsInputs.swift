import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SiteGenCore

/// Results files given on the command line (`--results FILE|DIR`, repeatable), found and read as the
/// untrusted input they are: they may come from any machine of a fleet, or from anyone.
///
/// A folder stands for every `*.json` below it, recursively, sorted by path so that the order never
/// depends on the file system. Only regular files are read, bounded in size before reading and in
/// every list (`ResultsLimits`) after decoding; anything wrong is a diagnostic naming the file (with
/// line and column for malformed JSON, the JSON path of a wrong field or an overlong list), never a
/// crash or a hang.
package enum ResultsInputs {
    /// Files larger than this are refused unread: the biggest real results file (full profile, every
    /// workload) is a few MiB.
    public static let maximumFileSize = 32 << 20

    /// Expands files and folders into the results files they stand for: files as given, folders as
    /// every `*.json` below them (sorted by path), without repeats.
    public static func expand(_ paths: [String]) throws -> [String] {
        var files: [String] = []
        var problems: [Diagnostic] = []
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                problems.append(.error("the results file or folder \(path) does not exist; pass a file written by `sitegen bench`, or a folder holding such files"))
                continue
            }
            guard isDirectory.boolValue else {
                files.append(path)
                continue
            }
            let below = (manager.enumerator(atPath: path)?.allObjects as? [String] ?? [])
                .filter { $0.hasSuffix(".json") }
                .map { (path as NSString).appendingPathComponent($0) }
                .filter { candidate in
                    var folder: ObjCBool = false
                    return manager.fileExists(atPath: candidate, isDirectory: &folder) && !folder.boolValue
                }
                .sorted()
            if below.isEmpty {
                problems.append(.error("the folder \(path) holds no *.json results files; run `sitegen bench --out \(path)/` first, or pass another folder"))
            }
            files += below
        }
        if !problems.isEmpty { throw DiagnosticError(problems, isEnvironmental: true) }
        var seen = Set<String>()
        return files.filter { seen.insert(URL(fileURLWithPath: $0).standardizedFileURL.path).inserted }
    }

    /// Reads one results file: a regular file of bounded size, valid JSON, this tool's schema version,
    /// lists within `ResultsLimits`.
    public static func load(_ path: String) throws -> ResultsFile {
        let data = try read(path)
        let results: ResultsFile
        do {
            results = try ResultsFile.decode(data, source: path)
        } catch {
            // Parsed again only when it failed, to say where malformed JSON goes wrong.
            if let syntax = syntaxError(in: data, path: path) { throw DiagnosticError(syntax) }
            throw error
        }
        let problems = ResultsLimits.problems(in: results)
        if !problems.isEmpty { throw DiagnosticError(ResultsLimits.diagnostics(problems, file: path)) }
        return results
    }

    /// The bytes of a results file, read only when it is a regular file no larger than
    /// `maximumFileSize`. A FIFO, socket or device given as a results file would block the build or
    /// never end, so its type is checked before it is opened (and again on the opened file, in case it
    /// was replaced in between); at most one byte more than the limit is read, so a file that grows
    /// while it is read is refused too.
    public static func read(_ path: String) throws -> Data {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw DiagnosticError(.error("can't read the results file \(path): \(String(cString: strerror(errno))); check that it exists and is readable"),
                                  isEnvironmental: true)
        }
        try checkIsRegularFile(info, path: path)
        // Non-blocking, so that a FIFO swapped in after the check can't stall the open.
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw DiagnosticError(.error("can't read the results file \(path): \(String(cString: strerror(errno))); check that it is readable"),
                                  isEnvironmental: true)
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        guard fstat(descriptor, &info) == 0 else {
            throw DiagnosticError(.error("can't read the results file \(path): \(String(cString: strerror(errno)))"), isEnvironmental: true)
        }
        try checkIsRegularFile(info, path: path)
        let tooLarge = "more than the \(maximumFileSize >> 20) MiB sitegen reads; a real results file is a few MiB — check that it is one, or measure again with `sitegen bench`"
        if info.st_size > maximumFileSize {
            throw DiagnosticError(.error("this results file is \(info.st_size >> 20) MiB, \(tooLarge)", file: path))
        }
        let data = (try? handle.read(upToCount: maximumFileSize + 1)) ?? Data()
        if data.count > maximumFileSize {
            throw DiagnosticError(.error("this results file is \(tooLarge)", file: path))
        }
        return data
    }

    /// Refuses anything but a regular file (links are followed), naming what it is.
    private static func checkIsRegularFile(_ info: stat, path: String) throws {
        let kind: String
        switch info.st_mode & S_IFMT {
        case S_IFREG: return
        case S_IFDIR: kind = "a folder"
        case S_IFIFO: kind = "a FIFO (named pipe)"
        case S_IFSOCK: kind = "a socket"
        case S_IFCHR: kind = "a character device"
        case S_IFBLK: kind = "a block device"
        default: kind = "not a regular file"
        }
        throw DiagnosticError(.error(
            "this is \(kind), not a regular file: sitegen reads results only from files, since a pipe or device may never end; save the results to a file and pass that",
            file: path), isEnvironmental: true)
    }

    /// Malformed JSON, positioned at the line and column the parser stopped at when it says where.
    package static func syntaxError(in data: Data, path: String) -> Diagnostic? {
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            return nil
        } catch {
            let info = (error as NSError).userInfo
            var offset = info["NSJSONSerializationErrorIndex"] as? Int
            let description = info[NSDebugDescriptionErrorKey] as? String ?? ""
            if offset == nil, let match = description.range(of: #"character [0-9]+"#, options: .regularExpression) {
                offset = Int(description[match].dropFirst("character ".count))
            }
            // A file cut short (an interrupted upload) ends where the parser ran out.
            if offset == nil, description.lowercased().contains("end of file") { offset = data.count }
            var reason = description.isEmpty ? "malformed JSON" : description
            if reason.hasSuffix(".") { reason.removeLast() }
            let message = "not valid JSON (\(reason)); a results file written by `sitegen bench` was expected — measure again, or remove the file"
            guard let offset else { return .error(message, file: path) }
            let position = lineAndColumn(ofByte: offset, in: data)
            return .error(message, file: path, line: position.line, column: position.column)
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    package static func lineAndColumn(ofByte offset: Int, in data: Data) -> (line: Int, column: Int) {
        let prefix = data.prefix(max(0, min(offset, data.count)))
        let lines = prefix.split(separator: 0x0A, omittingEmptySubsequences: false)
        let last = lines.last.map { String(decoding: $0, as: UTF8.self) } ?? ""
        return (lines.count, last.unicodeScalars.count + 1)
    }
}
