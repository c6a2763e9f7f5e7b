/// Text from files — a host name in a results file, a claim's sentence in a page — made safe to print
/// on a terminal or into a CI log.
///
/// Raw, such text could steer what reads it: a newline followed by `::error::` is a GitHub Actions
/// workflow command, an escape sequence recolours or rewrites a terminal, and bidirectional
/// overrides make a line read differently from what it says. Every control character is written as a
/// visible escape instead (`\n`, `\u{1B}`), so the text shows exactly what the file holds, on one line.
package enum PrintableText {
    /// The text with every control character (C0, DEL, C1), line and paragraph separator and
    /// bidirectional control written as an escape; tabs stay.
    package static func escape(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            guard needsEscape(scalar) else {
                escaped.unicodeScalars.append(scalar)
                continue
            }
            switch scalar {
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            default: escaped += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            }
        }
        return escaped
    }

    /// Each line of a multi-line report escaped on its own: the report's own line breaks stay, and a
    /// line break inside a field (which `escape` already turned visible) can't start a new line.
    package static func escapeLines(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { escape(String($0)) }.joined(separator: "\n")
    }

    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09: return false                           // tab: harmless, and common in pasted text
        case 0x00...0x1F, 0x7F...0x9F: return true        // C0, DEL, C1 (C1 includes the 8-bit CSI)
        case 0x2028, 0x2029: return true                  // line and paragraph separators
        case 0x202A...0x202E, 0x2066...0x2069: return true  // bidirectional embeddings, overrides, isolates
        default: return false
        }
    }
}
