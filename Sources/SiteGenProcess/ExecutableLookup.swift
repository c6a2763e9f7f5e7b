import Foundation

/// Finds a program the way a shell would, so `python3` and `/opt/python/bin/python3` both work.
package enum ExecutableLookup {
    /// The absolute path of a command: as given when it contains a slash, else the first match on PATH.
    public static func path(of command: String) -> String? {
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
