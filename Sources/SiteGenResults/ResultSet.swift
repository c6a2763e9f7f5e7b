import Foundation
import SiteGenCore

/// The results of one machine with one interpreter and one profile: what one guide of a fleet site is
/// rendered from.
public struct ResultSet: Sendable {
    /// Who measured: this build (the local machine, which keeps the strict claim checks), or a results
    /// file from elsewhere.
    public enum Origin: Sendable, Equatable {
        case local
        case file(String)
    }

    public var results: ResultsFile
    /// The index directives read; carries the catalogue for local measurements.
    public var index: ResultsIndex
    public var origin: Origin
    /// The guide's folder in the site (a safe, unique path segment); set by `ResultSetMerger`.
    public var slug: String = ""
    /// Earlier runs of the same machine, interpreter and profile, oldest first: the guide shows this
    /// set, the newest; a history page shows them all (`ResultSetMerger`).
    public var history: [ResultSet] = []

    public init(results: ResultsFile, index: ResultsIndex? = nil, origin: Origin) {
        self.results = results
        self.index = index ?? ResultsIndex(results: results)
        self.origin = origin
    }

    public var isLocal: Bool { origin == .local }

    /// Where the set came from, for messages: the file's path, or "this machine".
    public var sourceDescription: String {
        switch origin {
        case .local: return "this machine's measurements"
        case .file(let path): return path
        }
    }

    /// What makes two sets the same guide: machine, interpreter and profile. Two files with the same
    /// identity are duplicates.
    public struct Identity: Hashable, Comparable, Sendable {
        /// The machine's label, or its host name without one.
        public var hostname: String
        public var architecture: String
        public var cpuModel: String
        public var implementation: String
        public var version: String
        public var freeThreaded: Bool
        public var profile: Profile

        public static func < (lhs: Identity, rhs: Identity) -> Bool {
            lhs.sortKey.lexicographicallyPrecedes(rhs.sortKey)
        }

        /// Versions compare by number (3.9 before 3.12), padded so that plain string order does it.
        private var sortKey: [String] {
            let paddedVersion = Versions.parts(version).map { String(format: "%06d", $0) }.joined(separator: ".")
            return [hostname, architecture, cpuModel, implementation, paddedVersion, version, freeThreaded ? "t" : "", profile.rawValue]
        }
    }

    public var identity: Identity {
        Identity(hostname: results.machineName, architecture: results.host.architecture, cpuModel: results.host.cpuModel,
                 implementation: results.interpreter.implementation, version: results.interpreter.version,
                 freeThreaded: results.interpreter.freeThreadedBuild, profile: results.profile)
    }

    /// "testbox · CPython 3.13.0 free-threaded (GIL off)": the guide's name on pages and in messages.
    public var label: String { "\(results.machineName) · \(results.interpreterLabel)" }
}

/// Whether the GIL was on while the workloads ran.
public enum GILState: String, Sendable {
    /// A regular build: the GIL is always on.
    case on
    /// A free-threaded build that ran every cell without the GIL.
    case off
    /// A free-threaded build whose GIL was on at start (PYTHON_GIL=1) or came back on while running
    /// (an extension module without free-threading support re-enables it).
    case reEnabled = "re-enabled"

    /// How pages say it.
    public var description: String {
        switch self {
        case .on: return "GIL on"
        case .off: return "GIL off"
        case .reEnabled: return "GIL re-enabled at run time"
        }
    }
}

extension ResultsFile {
    /// The GIL as the runs saw it: a free-threaded build counts as re-enabled when the interpreter
    /// started with the GIL or any cell ended with it on (`gil_enabled_at_end`).
    public var gilState: GILState {
        guard interpreter.freeThreadedBuild else { return .on }
        if interpreter.gilEnabled || measurements.contains(where: { $0.gilEnabled == true }) { return .reEnabled }
        return .off
    }

    /// "on (regular build)", "off (free-threaded build)": the GIL as the runs saw it, and the build.
    public var gilDescription: String {
        switch gilState {
        case .on: return "on (regular build)"
        case .off: return "off (free-threaded build)"
        case .reEnabled: return "re-enabled at run time (free-threaded build)"
        }
    }

    /// "CPython 3.13.0 free-threaded (GIL off)", "CPython 3.12.3": the interpreter with its GIL state
    /// as measured, not as the build promises.
    public var interpreterLabel: String {
        var label = interpreter.name
        switch gilState {
        case .on: if interpreter.freeThreadedBuild { label += " free-threaded" }
        case .off: label += " free-threaded (GIL off)"
        case .reEnabled: label += " free-threaded (GIL re-enabled at run time)"
        }
        return label
    }
}
