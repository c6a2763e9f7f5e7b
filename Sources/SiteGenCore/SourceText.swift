import Foundation

/// The decoded text of a source file, with the means to turn offsets into line and column.
package struct SourceText: Sendable {
    /// The file's path as diagnostics show it (relative to the site root).
    public let path: String
    public let text: String

    public init(path: String, text: String) {
        self.path = path
        self.text = text
    }

    /// Decodes bytes as strict UTF-8, reporting the first invalid byte with its offset, line and column.
    ///
    /// A leading byte-order mark is dropped and Windows line endings become `\n`, so a page saved by any
    /// editor reads the same; line numbers are unchanged by either.
    public static func decode(_ data: Data, path: String) throws -> SourceText {
        if var text = String(validating: data, as: UTF8.self) {
            if text.unicodeScalars.first == "\u{FEFF}" { text.unicodeScalars.removeFirst() }
            if HTML.contains("\r", in: text) { text = text.replacingOccurrences(of: "\r\n", with: "\n") }
            return SourceText(path: path, text: text)
        }
        let bytes = [UInt8](data)
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        var line = 1
        var column = 1
        loop: while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                offset += encoded.count
                if encoded.count == 1 && encoded.first == 0x0A {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            case .error:
                break loop
            case .emptyInput:
                break loop
            }
        }
        let byte = offset < bytes.count ? String(format: "0x%02X", bytes[offset]) : "end of file"
        throw DiagnosticError(.error(
            "invalid UTF-8 at byte \(offset) (\(byte)); save the file as UTF-8",
            file: path, line: line, column: column))
    }

    /// 1-based line and column (in Unicode scalars) of a position in `text`.
    public func lineAndColumn(of index: String.Index) -> (line: Int, column: Int) {
        var line = 1
        var lineStart = text.startIndex
        var cursor = text.startIndex
        let scalars = text.unicodeScalars
        while cursor < index {
            if scalars[cursor] == "\n" {
                line += 1
                lineStart = scalars.index(after: cursor)
            }
            cursor = scalars.index(after: cursor)
        }
        let column = scalars[lineStart..<index].count + 1
        return (line, column)
    }
}
