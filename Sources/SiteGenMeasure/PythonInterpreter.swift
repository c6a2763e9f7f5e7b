import Foundation
import SiteGenCore
import SiteGenResults
import SiteGenProcess

/// A Python interpreter found by name or path, asked for its facts and its workload catalogue at most
/// once, through the harness.
public final class PythonInterpreter: @unchecked Sendable {
    /// The oldest Python the workloads support.
    public static let minimumVersion = (3, 9)

    /// The name or path it was asked for, e.g. `python3`.
    public let command: String
    /// The folder holding harness.py and the workloads.
    public let workloads: WorkloadFolder
    private let lock = NSLock()
    private var cachedFacts: Result<PythonFacts, DiagnosticError>?
    private var cachedCatalogue: Result<Catalogue, DiagnosticError>?
    /// Where the answers are kept between builds, once `cacheQueries(in:)` was called.
    private var diskCache: InterpreterCache?
    private var diskKey: String?

    public init(command: String = "python3", workloads: WorkloadFolder? = nil) {
        self.command = command
        self.workloads = workloads ?? .bundled
    }

    /// An interpreter known only by the facts a results file recorded (another machine's): it answers
    /// `facts()` without running anything, and can't run workloads.
    public convenience init(knownFacts: PythonFacts) {
        self.init(command: knownFacts.executable)
        cachedFacts = .success(knownFacts)
        cachedCatalogue = .failure(DiagnosticError(.error(
            "the interpreter \(knownFacts.executable) was recorded in a results file, not found on this machine; it can't be run here"),
            isEnvironmental: true))
    }

    /// The interpreter's facts (`harness.py interpreter`); throws an environment error (exit 2) when
    /// there is no such interpreter or it is older than 3.9.
    public func facts() throws -> PythonFacts {
        lock.lock()
        defer { lock.unlock() }
        if let cachedFacts { return try cachedFacts.get() }
        if let entry = loadFromDisk() {
            cachedFacts = .success(entry.facts)
            if let catalogue = entry.catalogue { cachedCatalogue = .success(catalogue) }
            return entry.facts
        }
        let result = Result { try probe() }.mapError { $0 as? DiagnosticError ?? DiagnosticError(.error("\($0)"), isEnvironmental: true) }
        cachedFacts = result
        if case .success(let facts) = result { storeOnDisk(facts: facts, catalogue: nil) }
        return try result.get()
    }

    /// Keeps the facts and the catalogue in `directory` between builds (see `InterpreterCache`), and
    /// answers from there while the interpreter, the workloads and the environment are unchanged.
    public func cacheQueries(in directory: String) {
        lock.lock()
        defer { lock.unlock() }
        diskCache = InterpreterCache(directory: directory)
        diskKey = nil
    }

    /// The entry kept for this interpreter, if any (called with the lock held).
    private func loadFromDisk() -> InterpreterCache.Entry? {
        guard let diskCache, let path = ExecutableLookup.path(of: command),
              let key = diskCache.key(executable: path, workloads: workloads) else { return nil }
        diskKey = key
        return diskCache.load(key)
    }

    /// Called with the lock held, after `loadFromDisk` found the key.
    private func storeOnDisk(facts: PythonFacts, catalogue: Catalogue?) {
        guard let diskCache, let diskKey else { return }
        diskCache.store(InterpreterCache.Entry(facts: facts, catalogue: catalogue), key: diskKey)
    }

    /// The workloads and their sweeps (`harness.py catalogue`).
    public func catalogue() throws -> Catalogue {
        let harness = try self.harness()
        lock.lock()
        defer { lock.unlock() }
        if let cachedCatalogue { return try cachedCatalogue.get() }
        let result = Result { try harness.catalogue() }.mapError { $0 as? DiagnosticError ?? DiagnosticError(.error("\($0)"), isEnvironmental: true) }
        cachedCatalogue = result
        if case .success(let catalogue) = result, case .success(let facts)? = cachedFacts {
            storeOnDisk(facts: facts, catalogue: catalogue)
        }
        return try result.get()
    }

    /// A harness that runs the interpreter's real executable.
    public func harness(workingDirectory: String? = nil) throws -> Harness {
        let facts = try facts()
        // sys.executable names the real binary; a launcher on PATH (pyenv's shim is a shell script)
        // would add its own start-up to every cell.
        let executable = FileManager.default.isExecutableFile(atPath: facts.executable) ? facts.executable : try resolved()
        return Harness(python: executable, folder: workloads, workingDirectory: workingDirectory)
    }

    private func resolved() throws -> String {
        guard let path = ExecutableLookup.path(of: command) else {
            throw DiagnosticError(.error(
                "`\(command)` was not found\(command.contains("/") ? "" : " on PATH"); install Python 3.9 or newer (Debian/Ubuntu: `apt-get install python3`, macOS: `brew install python`) or pass --python PATH"),
                isEnvironmental: true)
        }
        return path
    }

    private func probe() throws -> PythonFacts {
        let path = try resolved()
        let harness = Harness(python: path, folder: workloads)
        let facts: PythonFacts
        do {
            facts = try harness.interpreterFacts()
        } catch let error as DiagnosticError {
            // An interpreter too old to run the harness fails there; say that rather than show a traceback.
            if let version = plainVersion(path), !Self.isSupported(version) { throw tooOld(path, version) }
            throw error
        } catch let error as ProcessStartError {
            throw DiagnosticError(.error("\(error); install Python 3.9 or newer or pass --python PATH"), isEnvironmental: true)
        }
        guard Self.isSupported(facts.version) else { throw tooOld(path, facts.version) }
        return facts
    }

    private func tooOld(_ path: String, _ version: String) -> DiagnosticError {
        DiagnosticError(.error(
            "`\(path)` is Python \(version); sitegen's workloads need Python \(Self.minimumVersion.0).\(Self.minimumVersion.1) or newer. Install a newer python3 or pass --python PATH"),
            isEnvironmental: true)
    }

    /// The version as the interpreter prints it without the harness, for interpreters that can't run it.
    private func plainVersion(_ path: String) -> String? {
        guard let outcome = try? GroupProcess.run(path, ["-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])"], timeout: 30),
              outcome.succeeded else { return nil }
        return Harness.lastLine(outcome.stdout)?.trimmingCharacters(in: .whitespaces)
    }

    /// Whether a version such as `3.11.7` or `3.13.0rc1` is at least the minimum.
    public static func isSupported(_ version: String) -> Bool {
        let parts = version.split(separator: ".").map { Int($0.prefix { $0.isNumber }) ?? 0 }
        guard parts.count >= 2 else { return false }
        return (parts[0], parts[1]) >= minimumVersion
    }
}
