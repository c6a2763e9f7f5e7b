import Foundation
import SiteGenCore

/// Results files given on the command line (`--results FILE|DIR`, repeatable), found and read as the
/// untrusted input they are: they may come from any machine of a fleet, or from anyone.
///
/// A folder stands for every `*.json` below it, recursively, sorted by path so that the order never
/// depends on the file system. Every file is bounded in size and in counts before and after decoding;
/// anything wrong is a diagnostic naming the file (with line and column for malformed JSON), never a
/// crash.
package enum ResultsInputs {
    /// Files larger than this are refused unread: the biggest real results file (full profile, every
    /// workload) is a few MiB.
    public static let maximumFileSize = 32 << 20
    /// Sanity limits on what a file may hold; a real file holds a few hundred cells of at most a few
    /// dozen samples each.
    public static let maximumMeasurements = 100_000
    public static let maximumSamplesPerCell = 100_000
    public static let maximumWorkloads = 1_000

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

    /// Reads one results file: bounded size, valid JSON, this tool's schema version, sane counts.
    public static func load(_ path: String) throws -> ResultsFile {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        if let size = (attributes?[.size] as? NSNumber)?.intValue, size > maximumFileSize {
            throw DiagnosticError(.error(
                "this results file is \(size >> 20) MiB, more than the \(maximumFileSize >> 20) MiB sitegen reads; a real results file is a few MiB — check that it is one, or measure again with `sitegen bench`",
                file: path))
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw DiagnosticError(.error("can't read the results file \(path); check that it exists and is readable"), isEnvironmental: true)
        }
        defer { try? handle.close() }
        // Read at most one byte more than allowed: a file that grew since it was measured is still refused.
        let data = (try? handle.read(upToCount: maximumFileSize + 1)) ?? Data()
        if data.count > maximumFileSize {
            throw DiagnosticError(.error(
                "this results file is more than the \(maximumFileSize >> 20) MiB sitegen reads; check that it is a results file",
                file: path))
        }
        if let syntax = syntaxError(in: data, path: path) { throw DiagnosticError(syntax) }
        let results = try ResultsFile.decode(data, source: path)
        try checkCounts(results, path: path)
        return results
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

    package static func checkCounts(_ results: ResultsFile, path: String) throws {
        var problems: [String] = []
        if results.measurements.count > maximumMeasurements {
            problems.append("\(results.measurements.count) measurements (at most \(maximumMeasurements))")
        }
        if results.workloads.count > maximumWorkloads {
            problems.append("\(results.workloads.count) workloads (at most \(maximumWorkloads))")
        }
        if let cell = results.measurements.first(where: { max($0.wall.count, $0.cpu.count, $0.metric.count) > maximumSamplesPerCell }) {
            problems.append("a cell (\(cell.workload)/\(cell.variant)) with more than \(maximumSamplesPerCell) samples")
        }
        if results.host.logicalCPUs < 1 || results.host.effectiveCPUs < 1 || results.host.logicalCPUs > 1 << 20
            || results.host.effectiveCPUs > 1 << 20 {
            problems.append("CPU counts out of range (logical \(results.host.logicalCPUs), effective \(results.host.effectiveCPUs))")
        }
        if !problems.isEmpty {
            throw DiagnosticError(.error("this results file holds \(problems.joined(separator: ", ")); it was not written by `sitegen bench` — measure again",
                                         file: path))
        }
    }
}
