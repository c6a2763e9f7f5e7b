import Foundation

/// The facts of one Python interpreter that the guide shows and the measurements depend on.
public struct InterpreterFacts: Sendable, Codable, Equatable {
    public var executable: String
    public var version: String
    public var implementation: String

    public init(executable: String, version: String, implementation: String) {
        self.executable = executable
        self.version = version
        self.implementation = implementation
    }
}

/// A Python interpreter found by name or path, asked for its facts at most once.
public final class PythonInterpreter: @unchecked Sendable {
    /// The name or path it was asked for, e.g. `python3`.
    public let command: String
    private let lock = NSLock()
    private var cached: Result<InterpreterFacts, DiagnosticError>?

    public init(command: String = "python3") {
        self.command = command
    }

    /// Runs the interpreter once to learn its version and path.
    public func facts() throws -> InterpreterFacts {
        lock.lock()
        defer { lock.unlock() }
        if let cached { return try cached.get() }
        let result = Result { try probe() }.mapError { $0 as? DiagnosticError ?? DiagnosticError(.error("\($0)")) }
        cached = result
        return try result.get()
    }

    private func probe() throws -> InterpreterFacts {
        guard let path = Self.resolve(command) else {
            throw DiagnosticError(.error("`\(command)` was not found on PATH; install Python 3.9 or newer (`make site` installs python3)"),
                                  isEnvironmental: true)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["-I", "-c", "import sys, platform; print(sys.version.split()[0]); print(sys.executable); print(platform.python_implementation())"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw DiagnosticError(.error("`\(path)` could not be started: \(error.localizedDescription)"), isEnvironmental: true)
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
        guard process.terminationStatus == 0, lines.count >= 3 else {
            throw DiagnosticError(.error("`\(path)` did not answer as a Python 3 interpreter; check that it runs"), isEnvironmental: true)
        }
        return InterpreterFacts(executable: lines[1], version: lines[0], implementation: lines[2])
    }

    /// The absolute path of a command: as given when it contains a slash, else the first match on PATH.
    public static func resolve(_ command: String) -> String? {
        if command.contains("/") {
            return FileManager.default.isExecutableFile(atPath: command) ? command : nil
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(command)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
