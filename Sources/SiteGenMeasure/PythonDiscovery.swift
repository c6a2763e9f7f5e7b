import Foundation
import SiteGenCore
import SiteGenResults
import SiteGenProcess

/// `--python auto`: the interpreters on PATH (`python3`, `python3.X`, `python3.Xt`), each once.
///
/// Several names often lead to one binary (`python3` → `python3.12`, a pyenv shim and its target), so
/// candidates are deduplicated by their resolved real path, keeping the first found in PATH order.
/// Interpreters older than the workloads support are skipped with a note, and so are names that don't
/// run. The result is sorted by version (then name), so the order never depends on PATH's.
public enum PythonDiscovery {
    /// What was found, and notes on what was skipped and why.
    public struct Outcome: Sendable {
        /// Paths to pass as `--python`, oldest version first.
        public var interpreters: [String]
        public var notes: [Diagnostic]
    }

    /// The argument that asks for discovery.
    public static let keyword = "auto"

    /// Whether a file name is one discovery considers: `python3`, `python3.12`, `python3.13t`.
    public static func isCandidateName(_ name: String) -> Bool {
        name.range(of: #"^python3(\.[0-9]+t?)?$"#, options: .regularExpression) != nil
    }

    /// Searches `path` (a PATH value; default the process's own).
    public static func find(path: String? = nil) -> Outcome {
        let searchPath = path ?? ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let manager = FileManager.default
        var seenReal = Set<String>()
        var found: [(version: [Int], name: String, path: String)] = []
        var notes: [Diagnostic] = []
        for directory in searchPath.split(separator: ":").map(String.init) where !directory.isEmpty {
            let names = ((try? manager.contentsOfDirectory(atPath: directory)) ?? []).filter(isCandidateName).sorted()
            for name in names {
                let candidate = (directory as NSString).appendingPathComponent(name)
                guard manager.isExecutableFile(atPath: candidate) else { continue }
                let real = URL(fileURLWithPath: candidate).resolvingSymlinksInPath().path
                guard seenReal.insert(real).inserted else { continue }
                guard let (version, executable) = probe(candidate) else {
                    notes.append(Diagnostic(.note, "skipping \(candidate): it did not run or did not print its version"))
                    continue
                }
                // Launchers (pyenv's shims are scripts, not links) lead to the same binary by other names.
                if let executable, executable != real, !seenReal.insert(executable).inserted { continue }
                guard PythonInterpreter.isSupported(version) else {
                    notes.append(Diagnostic(.note, "skipping \(candidate): Python \(version) is older than \(PythonInterpreter.minimumVersion.0).\(PythonInterpreter.minimumVersion.1), which the workloads need"))
                    continue
                }
                found.append((Versions.parts(version), name, candidate))
            }
        }
        found.sort { $0.version != $1.version ? $0.version.lexicographicallyPrecedes($1.version) : $0.name < $1.name }
        return Outcome(interpreters: found.map(\.path), notes: notes)
    }

    /// The version (`3.12.1`, without `t`) and the real path of the binary it runs (`sys.executable`,
    /// when the interpreter says), or nil when it can't be run.
    static func probe(_ path: String) -> (version: String, executable: String?)? {
        let script = "import os, sys; print(os.path.realpath(sys.executable)); print('%d.%d.%d' % sys.version_info[:3])"
        guard let outcome = try? GroupProcess.run(path, ["-c", script], timeout: 30), outcome.succeeded else { return nil }
        let lines = String(decoding: outcome.stdout, as: UTF8.self).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let version = lines.last, version.range(of: #"^[0-9]+\.[0-9]+"#, options: .regularExpression) != nil else { return nil }
        let executable = lines.count >= 2 && lines[lines.count - 2].hasPrefix("/") ? lines[lines.count - 2] : nil
        return (version, executable)
    }

    /// The interpreters a list of `--python` values stands for: `auto` expanded in place, repeats
    /// removed. Throws (exit 2) when `auto` finds nothing.
    public static func expand(_ values: [String], path: String? = nil) throws -> (interpreters: [String], notes: [Diagnostic]) {
        var result: [String] = []
        var notes: [Diagnostic] = []
        for value in values {
            guard value == keyword else {
                if !result.contains(value) { result.append(value) }
                continue
            }
            let outcome = find(path: path)
            notes += outcome.notes
            guard !outcome.interpreters.isEmpty else {
                throw DiagnosticError(outcome.notes + [.error(
                    "--python auto found no Python 3.9 or newer on PATH (looked for python3, python3.X and python3.Xt); install one or pass --python PATH")],
                    isEnvironmental: true)
            }
            for interpreter in outcome.interpreters where !result.contains(interpreter) { result.append(interpreter) }
        }
        return (result, notes)
    }
}
