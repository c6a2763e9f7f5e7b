import Foundation
import SiteGenCore

/// Measured results kept per workload under `ROOT/.sitegen/cache/`, so a build re-measures only what
/// changed. An entry is reused only while its key matches: the workload's source hash (module, support
/// modules, harness), the host's fingerprint, the interpreter's identity, the profile and the schema.
///
/// Entries are written atomically; a corrupt, foreign or unreadable entry is reported as a warning
/// and measured again, never trusted and never a crash.
package struct ResultsCache: Sendable {
    /// What a cached workload's numbers depend on.
    public struct Key: Sendable, Codable, Equatable {
        public var workload: String
        public var sourceHash: String
        public var hostFingerprint: String
        public var interpreter: String
        public var profile: Profile
        public var schemaVersion: Int

        public init(workload: String, sourceHash: String, host: HostFacts, interpreter: PythonFacts, profile: Profile) {
            self.workload = workload
            self.sourceHash = sourceHash
            self.hostFingerprint = host.fingerprint
            self.interpreter = interpreter.identity
            self.profile = profile
            self.schemaVersion = ResultsFile.currentSchemaVersion
        }

        /// A short digest of the whole key, used in the entry's file name.
        public var digest: String {
            SHA256.hex([workload, sourceHash, hostFingerprint, interpreter, profile.rawValue, String(schemaVersion)].joined(separator: "\u{0}"))
        }
    }

    /// One cached workload: its key and a results file holding only its measurements.
    public struct Entry: Sendable, Codable, Equatable {
        public var key: Key
        public var savedAt: String
        public var results: ResultsFile
    }

    /// What a lookup found.
    public enum Lookup: Sendable {
        case hit(ResultsFile)
        case miss
        /// The entry exists but can't be used; the warning says why. Measure again.
        case invalid(Diagnostic)
    }

    /// The cache folder, e.g. `ROOT/.sitegen/cache`.
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// The cache of a site root.
    public init(root: String) {
        self.init(directory: (root as NSString).appendingPathComponent(".sitegen/cache"))
    }

    /// `cache/<profile>/<workload>-<digest>.json`.
    public func path(for key: Key) -> String {
        let name = "\(ResultsFile.slug(key.workload))-\(key.digest.prefix(16)).json"
        return ((directory as NSString).appendingPathComponent(ResultsFile.slug(key.profile.rawValue)) as NSString).appendingPathComponent(name)
    }

    public func lookup(_ key: Key) -> Lookup {
        let path = path(for: key)
        guard FileManager.default.fileExists(atPath: path) else { return .miss }
        let data: Data
        do {
            data = try ResultsInputs.read(path)
        } catch let error as DiagnosticError {
            let reason = error.diagnostics.first?.message ?? "unreadable"
            return .invalid(.warning("can't use the cached results (\(key.workload)): \(reason); measuring again", file: path))
        } catch {
            return .invalid(.warning("can't read the cached results (\(key.workload)); measuring again", file: path))
        }
        let entry: Entry
        do {
            entry = try JSONDecoder().decode(Entry.self, from: data)
        } catch {
            return .invalid(.warning("the cached results for `\(key.workload)` are corrupt (\(ResultsDecodingErrors.describe(error, in: data))); measuring again",
                                     file: path))
        }
        let overLimits = ResultsLimits.problems(in: entry.results)
        if !overLimits.isEmpty {
            return .invalid(.warning("the cached results for `\(key.workload)` hold more than sitegen reads (results.\(overLimits[0])); measuring again",
                                     file: path))
        }
        guard entry.key == key, entry.results.tool == "sitegen",
              entry.results.schemaVersion == ResultsFile.currentSchemaVersion,
              entry.results.measurements.allSatisfy({ $0.workload == key.workload }) else {
            return .invalid(.warning("the cached results for `\(key.workload)` were made for something else (another workload, host, interpreter or schema); measuring again",
                                     file: path))
        }
        return .hit(entry.results)
    }

    /// Stores each workload of a results file as an entry of its own.
    public func store(_ results: ResultsFile) throws {
        for record in results.workloads {
            let key = Key(workload: record.name, sourceHash: record.sourceHash, host: results.host,
                          interpreter: results.interpreter, profile: results.profile)
            var part = results
            part.workloads = [record]
            part.measurements = results.measurements.filter { $0.workload == record.name }
            let entry = Entry(key: key, savedAt: Versions.timestamp(), results: part)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            try AtomicFile.write(try encoder.encode(entry), to: path(for: key))
        }
    }
}

extension HostFacts {
    /// A digest of the facts that explain a machine's numbers (CPUs, memory, OS, kernel, architecture).
    /// The hostname and load are left out: a container's name changes with every start, and neither
    /// changes what the hardware does.
    public var fingerprint: String {
        let parts: [String] = [
            cpuModel, String(logicalCPUs), physicalCores.map(String.init) ?? "-", smt.map { $0 ? "smt" : "nosmt" } ?? "-",
            String(affinityCPUs), cgroupCPUQuota.map { String($0) } ?? "-", String(effectiveCPUs), String(memoryBytes),
            os, kernel, architecture, virtualization ?? "-",
        ]
        return SHA256.hex(parts.joined(separator: "\u{0}"))
    }
}

extension PythonFacts {
    /// Which interpreter this is, as far as its numbers go: implementation, version, build, GIL state and
    /// where it lives.
    public var identity: String {
        "\(implementation) \(version) at \(executable); build \(buildFlags); free-threaded \(freeThreadedBuild); GIL \(gilEnabled ? "on" : "off")"
    }
}
