import Foundation

/// What a finished process left behind.
struct ProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs the `sitegen` executable that `swift build` put beside the test bundle, and other tools.
enum CommandRunner {
    /// The built `sitegen`: products sit in one folder, the test bundle's resources among them.
    static var sitegen: URL? { product("sitegen") }

    /// A product `swift build` put beside the test bundle.
    static func product(_ name: String) -> URL? {
        var candidates: [URL] = [Bundle.module.bundleURL.deletingLastPathComponent()]
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = executable.deletingLastPathComponent()
        // On macOS the test binary sits inside `sitegenPackageTests.xctest/Contents/MacOS/`.
        for _ in 0..<4 {
            candidates.append(folder)
            folder = folder.deletingLastPathComponent()
        }
        return candidates.map { $0.appendingPathComponent(name) }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// An executable found on PATH.
    static func which(_ name: String) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { URL(fileURLWithPath: String($0)).appendingPathComponent(name) }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// Runs the built `sitegen` with `NO_COLOR` set, in `directory`.
    static func sitegen(_ arguments: [String], in directory: URL) throws -> ProcessResult {
        guard let executable = sitegen else {
            throw RunnerError("the sitegen executable was not found next to the test bundle; `swift test` builds it — run `swift build` first")
        }
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        return try run(executable, arguments, in: directory, environment: environment)
    }

    /// Runs a program to completion, feeding it `input` and collecting both outputs.
    static func run(_ executable: URL, _ arguments: [String], in directory: URL? = nil, input: Data? = nil,
                    environment: [String: String]? = nil) throws -> ProcessResult {
        // Outputs go to files, not pipes: a pipe that fills while nobody reads it would hang the test.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("stdout"), errURL = scratch.appendingPathComponent("stderr")
        let inURL = scratch.appendingPathComponent("stdin")
        try (input ?? Data()).write(to: inURL)
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let stdout = try FileHandle(forWritingTo: outURL), stderr = try FileHandle(forWritingTo: errURL)
        let stdin = try FileHandle(forReadingFrom: inURL)
        defer { try? stdout.close(); try? stderr.close(); try? stdin.close() }

        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        if let environment { process.environment = environment }
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        process.waitUntilExit()
        return ProcessResult(status: process.terminationStatus,
                             stdout: try String(contentsOf: outURL, encoding: .utf8),
                             stderr: try String(contentsOf: errURL, encoding: .utf8))
    }
}

struct RunnerError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
