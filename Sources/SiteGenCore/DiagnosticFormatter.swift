import Foundation

/// Turns diagnostics into text for people (optionally coloured), JSON for programs, or GitHub annotations.
///
/// Messages and paths carry text from files (a host name, a page's words), so control characters are
/// escaped in every format: visibly in text and GitHub annotations (`PrintableText`), by JSON's own
/// rules in JSON. The only line breaks in the text format are the ones ending each diagnostic.
public struct DiagnosticFormatter: Sendable {
    /// The output formats `check` offers.
    public enum Format: String, Sendable, CaseIterable {
        case text, json, github
    }

    public var format: Format
    public var useColor: Bool

    public init(format: Format, useColor: Bool) {
        self.format = format
        self.useColor = useColor
    }

    /// Whether colour belongs on standard error: only on a terminal, and never when `NO_COLOR` is set
    /// (https://no-color.org).
    public static func colorIsWanted(environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
        return isatty(STDERR_FILENO) == 1
    }

    /// The whole report for a list of diagnostics.
    public func format(_ diagnostics: [Diagnostic]) -> String {
        switch format {
        case .text: return diagnostics.map(text).joined()
        case .github: return diagnostics.map(github).joined()
        case .json: return json(diagnostics)
        }
    }

    package func text(_ diagnostic: Diagnostic) -> String {
        let label = diagnostic.severity.rawValue
        let coloredLabel: String
        if useColor {
            let code = diagnostic.severity == .error ? "1;31" : diagnostic.severity == .warning ? "1;33" : "1;36"
            coloredLabel = "\u{1B}[\(code)m\(label):\u{1B}[0m"
        } else {
            coloredLabel = "\(label):"
        }
        let location = diagnostic.location.map(PrintableText.escape)
        let prefix = location.map { useColor ? "\u{1B}[1m\($0):\u{1B}[0m " : "\($0): " } ?? "sitegen: "
        return "\(prefix)\(coloredLabel) \(PrintableText.escape(diagnostic.message))\n"
    }

    package func github(_ diagnostic: Diagnostic) -> String {
        let command = diagnostic.severity == .error ? "error" : diagnostic.severity == .warning ? "warning" : "notice"
        var properties: [String] = []
        if let file = diagnostic.file { properties.append("file=\(escapeProperty(file))") }
        if let line = diagnostic.line { properties.append("line=\(line)") }
        if let column = diagnostic.column { properties.append("col=\(column)") }
        let head = properties.isEmpty ? "::\(command)" : "::\(command) \(properties.joined(separator: ","))"
        return "\(head)::\(escapeData(diagnostic.message))\n"
    }

    package func json(_ diagnostics: [Diagnostic]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(diagnostics)) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    // GitHub's workflow-command escaping: https://github.com/actions/toolkit/blob/main/packages/core/src/command.ts
    // Line breaks are GitHub's to encode (%0A shows as a new line inside the annotation); every other
    // control character is made visible first, so none reaches the log raw.
    private func escapeData(_ text: String) -> String {
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "%": escaped += "%25"
            case "\r": escaped += "%0D"
            case "\n": escaped += "%0A"
            default: escaped += PrintableText.escape(String(scalar))
            }
        }
        return escaped
    }

    private func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
