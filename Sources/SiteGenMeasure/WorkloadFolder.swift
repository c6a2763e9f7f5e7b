import Foundation
import SiteGenCore
import SiteGenResults
import SiteGenProcess

/// The folder holding `harness.py` and the workload modules: the package's bundled copy, or another one
/// (tests use small fake harnesses).
public struct WorkloadFolder: Sendable, Equatable {
    public var path: String

    public init(path: String) {
        self.path = URL(fileURLWithPath: path).standardizedFileURL.path
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
                                      "harness_processes.py"]

    /// The absolute path of a file in the folder.
    public func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    /// SHA-256 over the workload's module, its support modules and the harness: results are reused
    /// only while none of them changed.
    public func sourceHash(of workload: Catalogue.Workload) throws -> String {
        var hasher = SHA256()
        for name in [workload.file] + (workload.supportFiles ?? []) + Self.harnessFiles {
            guard let data = FileManager.default.contents(atPath: file(name)) else {
                if Self.harnessFiles.dropFirst().contains(name) { continue }  // a support module it hasn't
                throw DiagnosticError(.error("the workload file \(file(name)) can't be read; reinstall sitegen"),
                                      isEnvironmental: true)
            }
            hasher.update(Array("\(name)\u{0}\(data.count)\u{0}".utf8))
            hasher.update(data)
        }
        return hasher.finalizeHex()
    }
}
