import Foundation
import SiteGenCore

/// Where a cell's workload failed: the file and line of the innermost frame of its traceback in a
/// workload module, as the harness reports it. Kept at the end of the measurement's `error`
/// (` (at FILE:LINE)`), so every results file carries it without a new field, and read back from there
/// to put a diagnostic at the module's line.
public struct FailureLocation: Sendable, Equatable {
    public var file: String
    public var line: Int?

    public init(file: String, line: Int?) {
        self.file = file
        self.line = line
    }

    /// A location when the harness gave a file.
    public init?(file: String?, line: Int?) {
        guard let file, !file.isEmpty else { return nil }
        self.init(file: file, line: line)
    }

    /// What is appended to the error message.
    public var suffix: String { "(at \(file)\(line.map { ":\($0)" } ?? ""))" }

    /// The location at the end of an error message, and the message without it.
    public static func split(_ message: String) -> (message: String, location: FailureLocation?) {
        guard message.hasSuffix(")"), let open = message.range(of: " (at ", options: .backwards) else { return (message, nil) }
        let inner = message[open.upperBound..<message.index(before: message.endIndex)]
        // The harness gives absolute paths; anything else is the message's own text.
        guard inner.hasPrefix("/") else { return (message, nil) }
        let text = String(message[..<open.lowerBound])
        if let colon = inner.lastIndex(of: ":"), let line = Int(inner[inner.index(after: colon)...]) {
            return (text, FailureLocation(file: String(inner[..<colon]), line: line))
        }
        return (text, FailureLocation(file: String(inner), line: nil))
    }
}

extension Measurement {
    /// A failed or timed-out cell as a diagnostic: at the line of the module where it failed (from the
    /// error), or at `module`, the workload's file, when the harness gave no line (a timeout).
    public func problemDiagnostic(_ severity: Diagnostic.Severity, module: String?) -> Diagnostic {
        let (text, location) = FailureLocation.split(error ?? "no reason given")
        return Diagnostic(severity, "measurement \(workload)/\(variant) · \(modelLabel) \(status.rawValue): \(text)",
                          file: location?.file ?? module, line: location?.line)
    }
}
