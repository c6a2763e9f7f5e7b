import Foundation
import SiteGenCore
import SiteGenResults
import SiteGenProcess

/// The folder holding `harness.py` and the workload modules: the package's bundled copy, or another one
/// (tests use small fake harnesses); plus the user's folders of workload modules, added beside them
/// (`--workloads DIR`, passed on to every harness call).
public struct WorkloadFolder: Sendable, Equatable {
    public var path: String
    /// Folders of the user's own workload modules (absolute), in the order given.
    public var userFolders: [String]

    public init(path: String, userFolders: [String] = []) {
        self.path = URL(fileURLWithPath: path).standardizedFileURL.path
        self.userFolders = userFolders.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
    }

    /// The same harness with the user's workload folders added.
    public func adding(userFolders folders: [String]) -> WorkloadFolder {
        WorkloadFolder(path: path, userFolders: userFolders + folders)
    }

    /// The workloads shipped with sitegen as a package resource.
    public static var bundled: WorkloadFolder {
        WorkloadFolder(path: Bundle.module.url(forResource: "Workloads", withExtension: nil)?.path
                       ?? Bundle.module.bundlePath + "/Workloads")
    }

    public var harnessPath: String { (path as NSString).appendingPathComponent("harness.py") }

    /// The harness: `harness.py`, the entry point, then the support modules it imports (see the
    /// folder's README.md). Every workload's source hash covers them all; a support module is
    /// hashed where the folder has it (a one-file harness, such as the tests' fakes, has none).
    public static let harnessFiles = ["harness.py", "harness_facts.py", "harness_cell.py", "harness_counters.py",
                                      "harness_processes.py", "harness_user.py"]

    /// The absolute path of a file in the folder.
    public func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    /// Checks that every user folder is a folder, before anything is measured: an environment error
    /// (exit 2) naming the first that isn't.
    public func checkUserFolders() throws {
        for folder in userFolders {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
                throw DiagnosticError(.error("the workloads folder \(folder) doesn't exist or is not a folder; pass a folder of workload modules to --workloads",
                                             file: folder), isEnvironmental: true)
            }
        }
    }

    /// The absolute path of a workload's module: in the user's folder it came from, or in this one.
    public func modulePath(of workload: Catalogue.Workload) -> String {
        guard let folder = workload.folder else { return file(workload.file) }
        return (folder as NSString).appendingPathComponent(workload.file)
    }

    /// SHA-256 over the workload's module, its support modules and the harness: results are reused
    /// only while none of them changed. A user's module and its support modules are read from its folder.
    public func sourceHash(of workload: Catalogue.Workload) throws -> String {
        try sourceHashes(of: [workload])[0]
    }

    /// The source hashes of several workloads, reading the harness files they share once.
    public func sourceHashes(of workloads: [Catalogue.Workload]) throws -> [String] {
        var harness: [String: Data?] = [:]
        return try workloads.map { try sourceHash(of: $0, harness: &harness) }
    }

    private func sourceHash(of workload: Catalogue.Workload, harness: inout [String: Data?]) throws -> String {
        var hasher = SHA256()
        let own = [workload.file] + (workload.supportFiles ?? [])
        for name in own + Self.harnessFiles {
            let folder = own.contains(name) ? workload.folder ?? path : path
            let contents: Data?
            if own.contains(name) {
                contents = FileManager.default.contents(atPath: (folder as NSString).appendingPathComponent(name))
            } else if let read = harness[name] {
                contents = read
            } else {
                contents = FileManager.default.contents(atPath: (folder as NSString).appendingPathComponent(name))
                harness[name] = contents
            }
            guard let data = contents else {
                if Self.harnessFiles.dropFirst().contains(name) { continue }  // a support module it hasn't
                if workload.folder != nil, own.contains(name) {
                    throw DiagnosticError(.error("\(workload.name) lists `\(name)` in SUPPORT_FILES, but \(folder) has no such file; correct the list",
                                                 file: modulePath(of: workload)))
                }
                throw DiagnosticError(.error("the workload file \(file(name)) can't be read; reinstall sitegen"),
                                      isEnvironmental: true)
            }
            hasher.update(Array("\(name)\u{0}\(data.count)\u{0}".utf8))
            hasher.update(data)
        }
        return hasher.finalizeHex()
    }
}
