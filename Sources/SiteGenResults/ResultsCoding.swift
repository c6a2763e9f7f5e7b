import Foundation
import SiteGenCore

/// Reading and writing results files: JSON with sorted keys (stable diffs), written atomically so a
/// crash or Ctrl-C leaves the previous file whole.
extension ResultsFile {
    /// `host-python-profile.json`, e.g. `buildbox-cpython-3.12.4-standard.json`: one file per host,
    /// interpreter and profile, so a fleet's files can sit in one folder.
    public var defaultFileName: String {
        Self.fileName(host: host, interpreter: interpreter, profile: profile, machine: machine)
    }

    /// The same name for given facts, before any results exist; the machine's label replaces the host name.
    public static func fileName(host: HostFacts, interpreter: PythonFacts, profile: Profile, machine: String? = nil) -> String {
        "\(slug(machine ?? host.hostname))-\(slug(interpreter.implementation + "-" + interpreter.version))-\(slug(profile.rawValue)).json"
    }

    public static func slug(_ text: String) -> String {
        var slug = ""
        for scalar in text.lowercased().unicodeScalars {
            if CharacterSet.alphanumerics.contains(scalar) && scalar.isASCII || scalar == "." || scalar == "_" {
                slug.unicodeScalars.append(scalar)
            } else if !slug.hasSuffix("-") {
                slug += "-"
            }
        }
        let trimmed = slug.trimmingCharacters(in: CharacterSet(charactersIn: "-."))
        return trimmed.isEmpty ? "unknown" : trimmed
    }

    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(0x0A)
        return data
    }

    /// Decodes a results file, with a message that says what is wrong when it isn't one this tool reads.
    public static func decode(_ data: Data, source: String) throws -> ResultsFile {
        struct Header: Decodable { var schemaVersion: Int?; var tool: String?; var toolVersion: String? }
        let header: Header
        do {
            header = try JSONDecoder().decode(Header.self, from: data)
        } catch {
            guard (try? JSONSerialization.jsonObject(with: data)) is [String: Any] else {
                throw DiagnosticError(.error("not a JSON object; a results file written by `sitegen bench` was expected", file: source))
            }
            throw DiagnosticError(.error("not a sitegen results file: \(ResultsDecodingErrors.describe(error, in: data))", file: source))
        }
        guard header.tool == "sitegen", let version = header.schemaVersion else {
            throw DiagnosticError(.error("not a sitegen results file (no `tool: sitegen` and `schemaVersion`)", file: source))
        }
        guard readableSchemaVersions.contains(version) else {
            // Say which tool wrote it (when the file says) and what to do, which depends on the direction.
            let writer = header.toolVersion.map { "sitegen \($0)" } ?? "a sitegen that did not record its version"
            let advice = version < currentSchemaVersion
                ? "an older format: measure that machine again with this sitegen (\(SiteGenVersion.current)) — `sitegen bench` — or leave the file out"
                : "a newer format than this sitegen (\(SiteGenVersion.current)) reads: update sitegen, or leave the file out"
            throw DiagnosticError(.error("results schema version \(version), written by \(writer), but this sitegen reads versions \(readableSchemaVersions.lowerBound) to \(readableSchemaVersions.upperBound); that is \(advice)",
                                         file: source))
        }
        do {
            return try JSONDecoder().decode(ResultsFile.self, from: data)
        } catch {
            throw DiagnosticError(.error("the results file doesn't match schema version \(version): \(ResultsDecodingErrors.describe(error, in: data)); measure again with `sitegen bench`, or leave the file out",
                                         file: source))
        }
    }

    /// Reads a results file from disk: a regular file within the size limit (`ResultsInputs.read`).
    public static func load(_ path: String) throws -> ResultsFile {
        try decode(try ResultsInputs.read(path), source: path)
    }

    /// Writes the file atomically (a temporary file beside it, then a rename), creating its folder.
    public func write(to path: String) throws {
        try AtomicFile.write(try encoded(), to: path)
    }
}

/// Writes files whole or not at all.
package enum AtomicFile {
    /// Writes `data` to a temporary file in the destination's folder and renames it into place, so
    /// readers see the old file or the new one, never half of one. Failures are environment errors
    /// (exit 2) that name the path.
    public static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let folder = try prepareFolder(for: path)
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString.prefix(8)).tmp")
        do {
            try data.write(to: temporary)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw DiagnosticError(.error("can't write \(path): \(reason(error)); choose a writable path"), isEnvironmental: true)
        }
        guard rename(temporary.path, path) == 0 else {
            let code = errno
            try? FileManager.default.removeItem(at: temporary)
            throw DiagnosticError(.error("can't write \(path): \(String(cString: strerror(code))); choose a writable path"),
                                  isEnvironmental: true)
        }
    }

    /// Creates the folder a file goes in, with an error that names the file and says what is in the way.
    @discardableResult
    package static func prepareFolder(for path: String) throws -> URL {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        // A file where a folder should be is the likeliest mistake; name it rather than quote errno.
        var ancestor = folder
        while ancestor.path != "/" && !FileManager.default.fileExists(atPath: ancestor.path) { ancestor.deleteLastPathComponent() }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: ancestor.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw DiagnosticError(.error("can't write \(path): \(ancestor.path) is a file, not a folder; choose a writable path"),
                                  isEnvironmental: true)
        }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw DiagnosticError(.error("can't write \(path): can't create the folder \(folder.path) (\(reason(error))); choose a writable path"),
                                  isEnvironmental: true)
        }
        return folder
    }

    package static func reason(_ error: Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if nsError.domain == NSCocoaErrorDomain, nsError.code == NSFileWriteNoPermissionError { return "permission denied" }
        return nsError.localizedDescription
    }
}

extension ResultsFile {
    /// Other processes may use this share of the machine's CPU time while measuring before the numbers
    /// are called into question: a quarter is half a CPU of a 2-CPU machine, taken from the workloads.
    public static let busyShare = 0.25

    /// A warning when other work competed with the measurements. The numbers stand, but readers should
    /// know. It goes by the CPU time other processes used during the run where that was recorded;
    /// otherwise (older files, macOS) by a 1-minute load average above half the effective CPUs before
    /// the run (the load after counts the workloads themselves).
    /// What contamination the run saw and how it handled it, as a warning; nil when it saw none.
    public var contaminationReport: Diagnostic? {
        guard let adaptation, adaptation.contaminatedRuns > 0 else { return nil }
        let cells = measurements.filter { $0.contaminatedSamples.flagged > 0 }
        let kept = cells.filter { $0.contaminatedSamples.used }
        var text = String(format: "%d run%@ measured while other processes or the hypervisor took CPU time (up to %.0f %% of the CPUs, beyond the %.0f %% a run may lose); ",
                          adaptation.contaminatedRuns, adaptation.contaminatedRuns == 1 ? " was" : "s were",
                          adaptation.worstContaminationShare * 100, Contamination.Rule.otherShare * 100)
        text += "\(adaptation.reruns) of them measured again, and the statistics of \(cells.count - kept.count) of the \(cells.count) cell\(cells.count == 1 ? "" : "s") affected use only clean repeats"
        if !kept.isEmpty {
            let names = kept.prefix(3).map { "\($0.workload)/\($0.variant) · \($0.modelLabel)" }.joined(separator: ", ")
            text += "; \(kept.count) keep a contaminated repeat in a round that had no clean one (\(names)\(kept.count > 3 ? ", …" : ""))"
        }
        return .warning(text + ". The flags are in the results file; measure again on an idle machine for clean figures.")
    }

    public var busyHostWarning: Diagnostic? {
        let advice = "other processes competed with the workloads, so times are slower and noisier than this machine can do; measure again when it is idle"
        if let share = otherCPUShare {
            guard share > Self.busyShare else { return nil }
            return .warning(String(format: "the machine was busy while measuring (other processes used %.0f %% of its CPU time): %@",
                                   share * 100, advice))
        }
        let before = loadBefore?.first ?? 0
        let cpus = Double(max(1, host.effectiveCPUs))
        guard before > cpus / 2 else { return nil }
        return .warning(String(format: "the machine was busy while measuring (load %.1f before, on %d effective CPU%@): %@",
                               before, host.effectiveCPUs, host.effectiveCPUs == 1 ? "" : "s", advice))
    }
}
