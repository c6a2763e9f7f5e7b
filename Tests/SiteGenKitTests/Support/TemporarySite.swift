import Foundation
@testable import SiteGenKit
@testable import SiteGenResults
@testable import SiteGenCore
@testable import SiteGenProcess
@testable import SiteGenMeasure
@testable import SiteGenRender
@testable import SiteGenContent
@testable import SiteGenDirectives

/// A site folder in the temporary directory, removed when the value goes away.
///
/// Tests write the few files a case needs (`site.write("Content/index.md", …)`) or start from a fixture
/// (`TemporarySite(fixture: "broken-anchor")`), so every test works on its own copy and nothing a build
/// writes lands in the repository.
final class TemporarySite {
    /// The folder that holds the site's root and anything a test puts beside it (outputs, secrets).
    let container: URL
    /// The site root: the folder holding `Content/` and `Templates/`.
    let root: URL

    /// The smallest template that shows everything a page renders to.
    static let pageTemplate = "<title>{{title}}</title>\n{{{content}}}"

    /// An empty site root, with nothing in it yet.
    init() throws {
        container = FileManager.default.temporaryDirectory
            .appendingPathComponent("sitegen-tests-\(UUID().uuidString)", isDirectory: true)
        root = container.appendingPathComponent("site", isDirectory: true)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    /// A site with the given files (root-relative path → text) and, unless given, the minimal page template.
    convenience init(_ files: [String: String], template: String? = TemporarySite.pageTemplate) throws {
        try self.init()
        if let template, files["Templates/page.mustache"] == nil {
            try write("Templates/page.mustache", template)
        }
        for (path, text) in files { try write(path, text) }
    }

    /// A copy of `Fixtures/<name>/`.
    convenience init(fixture name: String) throws {
        try self.init()
        try FileManager.default.removeItem(at: root)
        try FileManager.default.copyItem(at: Fixtures.url(name), to: root)
    }

    deinit {
        // Undo anything a test did to permissions so the folder can be removed.
        if let enumerator = FileManager.default.enumerator(atPath: container.path) {
            while let relative = enumerator.nextObject() as? String {
                chmod(container.appendingPathComponent(relative).path, 0o755)
            }
        }
        try? FileManager.default.removeItem(at: container)
    }

    /// The absolute path of a root-relative path.
    func path(_ relative: String) -> String {
        root.appendingPathComponent(relative).path
    }

    /// The default output folder, `ROOT/Site`.
    var output: String { path("Site") }

    /// Writes a text file, creating its folders.
    func write(_ relative: String, _ text: String) throws {
        try write(relative, bytes: Array(text.utf8))
    }

    /// Writes a file of raw bytes, creating its folders.
    func write(_ relative: String, bytes: [UInt8]) throws {
        let url = root.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }

    /// Creates a symbolic link at `relative` pointing to `destination` (taken literally).
    func symlink(_ relative: String, to destination: String) throws {
        let url = root.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: url.path, withDestinationPath: destination)
    }

    func remove(_ relative: String) throws {
        try FileManager.default.removeItem(atPath: path(relative))
    }

    /// Build options for this site with fixed host facts and an interpreter that is never run.
    func options(output: String? = nil, host: HostFacts = TestHost.facts) -> SiteBuilder.Options {
        SiteBuilder.Options(root: root.path, output: output, host: host, python: TestHost.noPython)
    }

    /// Builds the site, throwing its diagnostics.
    @discardableResult
    func build(output: String? = nil) throws -> SiteBuilder.Summary {
        try SiteBuilder(options: options(output: output)).build()
    }

    /// Checks the site, throwing its diagnostics.
    @discardableResult
    func check() throws -> SiteBuilder.Summary {
        try SiteBuilder(options: options()).check()
    }

    /// The text of a file of the built site (below the output folder).
    func built(_ relative: String, output: String? = nil) throws -> String {
        let folder = output ?? self.output
        return try String(contentsOfFile: (folder as NSString).appendingPathComponent(relative), encoding: .utf8)
    }
}

/// The committed fixture sites, found through the test bundle's resources.
enum Fixtures {
    static func url(_ name: String) -> URL {
        guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures") else {
            fatalError("no fixture Fixtures/\(name) in the test bundle")
        }
        return url
    }

    /// The fixtures folder in the source tree, for re-recording golden files.
    static func sourceURL(_ name: String) -> URL {
        // This file's own path (not a default argument, which would be the caller's).
        let supportFile: String = #filePath
        return URL(fileURLWithPath: supportFile)
            .deletingLastPathComponent()  // Support
            .deletingLastPathComponent()  // SiteGenKitTests
            .appendingPathComponent("Fixtures")
            .appendingPathComponent(name)
    }
}

/// A host that never changes, so output that shows host facts is the same on every machine.
enum TestHost {
    static let facts = HostFacts(
        hostname: "testhost", cpuModel: "Test CPU 9000", logicalCPUs: 8, physicalCores: 4, smt: true,
        affinityCPUs: 6, cgroupCPUQuota: 2.5, effectiveCPUs: 3, memoryBytes: 17_179_869_184,
        os: "Test OS 1.0", kernel: "6.1.0-test", architecture: "x86_64", virtualization: "KVM")

    /// An interpreter whose path doesn't exist: a test that asks for Python facts fails loudly instead
    /// of depending on the machine's python3.
    static var noPython: PythonInterpreter {
        PythonInterpreter(command: "/nonexistent/python3")
    }

    static func context(root: String = FileManager.default.temporaryDirectory.path, page: String = "Content/index.md") -> DirectiveContext {
        DirectiveContext(root: root, page: page, host: facts, python: noPython)
    }
}

/// Every file below a folder with its bytes, for "nothing changed" comparisons.
struct FolderSnapshot: Equatable, CustomStringConvertible {
    var files: [String: Data]
    /// Folders (including empty ones), so a stray empty folder counts as a change.
    var folders: Set<String>

    init(_ path: String) {
        var files: [String: Data] = [:]
        var folders: Set<String> = []
        if let enumerator = FileManager.default.enumerator(atPath: path) {
            while let relative = enumerator.nextObject() as? String {
                let full = (path as NSString).appendingPathComponent(relative)
                var isDirectory: ObjCBool = false
                _ = FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory)
                if isDirectory.boolValue {
                    folders.insert(relative)
                } else {
                    files[relative] = FileManager.default.contents(atPath: full) ?? Data()
                }
            }
        }
        self.files = files
        self.folders = folders
    }

    var description: String {
        "\(files.count) files: " + files.keys.sorted().joined(separator: ", ")
    }
}

/// The checkout the tests run from, for files that are part of the product (the schema, the
/// stylesheet, the CI workflows) rather than fixtures.
enum Repository {
    static let root: URL = {
        let supportFile: String = #filePath  // Tests/SiteGenKitTests/Support/TemporarySite.swift
        return URL(fileURLWithPath: supportFile)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }()
}
