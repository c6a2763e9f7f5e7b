import SiteGenCore
import SiteGenResults
import SiteGenMeasure
/// Splits a page's Markdown into plain text and directives.
///
/// Syntax (chosen so it can't collide with CommonMark, after Hugo's shortcodes):
/// - inline: `{{< name arg key=value key="quoted value" >}}`
/// - block: `{{< name args >}}` … `{{< /name >}}`; the text between is the directive's body
/// - escape: `{{</* name args */>}}` stands for the literal text `{{< name args >}}`
///
/// Values are bare words or double-quoted strings in which `\"` and `\\` are escapes.
package struct DirectiveScanner: Sendable {
    /// Whether a scalar may appear in an unquoted argument value (`workers=4`, `expr=a<b` may not).
    public static func isBareValueScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) { return true }
        return "_-./:,+%*!&|()[]@^~".unicodeScalars.contains(scalar)
    }

    /// A run of the page: Markdown to keep as it is, or a directive to resolve.
    public enum Segment: Sendable, Equatable {
        case text(String)
        case directive(Directive)
    }

    public let file: String
    /// The line of the page on which the scanned text starts (front matter comes before it).
    public let firstLine: Int

    public init(file: String, firstLine: Int = 1) {
        self.file = file
        self.firstLine = firstLine
    }

    /// Scans text into segments, or throws the first syntax error at its position.
    public func scan(_ text: String) throws -> [Segment] {
        // Most pages of a large site have no directives; don't pay for scalar-by-scalar scanning there.
        guard Self.mayContainDirective(text) else { return text.isEmpty ? [] : [.text(text)] }
        var cursor = Cursor(scalars: Array(text.unicodeScalars), line: firstLine)
        // Any tag may open a body, so each would look ahead to the end of the page for its closing tag:
        // quadratic on a page of many inline directives. One pass first says where closing tags are.
        let lastClosing = lastClosingTags(from: cursor)
        var segments: [Segment] = []
        var pending = String.UnicodeScalarView()
        func flush() {
            if !pending.isEmpty { segments.append(.text(String(pending))); pending = String.UnicodeScalarView() }
        }
        while !cursor.atEnd {
            if cursor.hasPrefix("{{</*") {
                let (literal, _) = try scanEscaped(&cursor)
                pending.append(contentsOf: literal.unicodeScalars)
                continue
            }
            if cursor.hasPrefix("{{<") {
                let startLine = cursor.line, startColumn = cursor.column
                let tag = try scanTag(&cursor)
                if tag.isClosing {
                    throw DiagnosticError(.error(
                        "closing `{{< /\(tag.name) >}}` without an opening `{{< \(tag.name) … >}}`; remove it or add the opening tag",
                        file: file, line: startLine, column: startColumn))
                }
                var directive = Directive(name: tag.name, arguments: tag.arguments, body: nil,
                                          file: file, line: startLine, column: startColumn, endLine: cursor.line)
                if lastClosing[tag.name].map({ $0 >= cursor.index }) == true, let body = try scanBody(named: tag.name, from: cursor) {
                    directive.body = body.text
                    cursor = body.after
                    directive.endLine = cursor.line
                }
                flush()
                segments.append(.directive(directive))
                continue
            }
            pending.append(cursor.advance())
        }
        flush()
        return segments
    }

    /// Whether `{{<` occurs in the text: a byte scan, since Foundation's `contains` was a tenth of the
    /// build time of a large site.
    public static func mayContainDirective(_ text: String) -> Bool {
        HTML.contains("{{<", in: text)
    }

    // MARK: - Tags

    struct Tag {
        var name: String
        var isClosing: Bool
        var arguments: [Directive.Argument]
    }

    /// Where the last closing tag of each name starts (a scalar index), found the way `scanBody` looks
    /// for one: escapes skipped, every other `{{<` tried as a tag. A body's look-ahead finds a closing
    /// tag exactly when one of its name lies ahead.
    private func lastClosingTags(from start: Cursor) -> [String: Int] {
        var cursor = start
        var last: [String: Int] = [:]
        while !cursor.atEnd {
            if cursor.hasPrefix("{{</*") {
                // An escape never closed ends every look-ahead with an error there.
                guard (try? scanEscaped(&cursor)) != nil else { break }
                continue
            }
            if cursor.hasPrefix("{{<") {
                var probe = cursor
                probe.skip(3)
                probe.skipWhitespace()
                // Only a closing tag counts; trying the others as tags would only build their errors.
                if probe.peek == "/" {
                    probe = cursor
                    if let tag = try? scanTag(&probe), tag.isClosing { last[tag.name] = cursor.index }
                }
            }
            _ = cursor.advance()
        }
        return last
    }

    /// Looks ahead for `{{< /name >}}`; when found, returns the body text and the cursor after it.
    private func scanBody(named name: String, from start: Cursor) throws -> (text: String, after: Cursor)? {
        var cursor = start
        var body = String.UnicodeScalarView()
        while !cursor.atEnd {
            if cursor.hasPrefix("{{</*") {
                _ = try scanEscaped(&cursor)
                continue
            }
            if cursor.hasPrefix("{{<") {
                var probe = cursor
                if let tag = try? scanTag(&probe), tag.isClosing, tag.name == name {
                    // A body starts after the opening tag's line break and ends before the closing tag's line.
                    var text = String(body)
                    if text.hasPrefix("\n") { text.removeFirst() }
                    if text.hasSuffix("\n") { text.removeLast() }
                    return (text, probe)
                }
            }
            body.append(cursor.advance())
        }
        return nil
    }

    private func scanEscaped(_ cursor: inout Cursor) throws -> (String, Void) {
        let line = cursor.line, column = cursor.column
        cursor.skip(5)  // `{{</*`
        var inner = String.UnicodeScalarView()
        while !cursor.atEnd {
            if cursor.hasPrefix("*/>}}") {
                cursor.skip(5)
                return ("{{<" + String(inner) + ">}}", ())
            }
            inner.append(cursor.advance())
        }
        throw DiagnosticError(.error(
            "escaped directive `{{</*` is never closed; end it with `*/>}}`", file: file, line: line, column: column))
    }

    private func scanTag(_ cursor: inout Cursor) throws -> Tag {
        let line = cursor.line, column = cursor.column
        // A tag with no `>}}` before the next `{{<` is unclosed; say so at its start rather than
        // stumbling over whatever text follows it.
        guard cursor.closesBeforeNextTag() else {
            throw unclosedOrEmpty(cursor: cursor, line: line, column: column, name: "")
        }
        cursor.skip(3)  // `{{<`
        cursor.skipWhitespace()
        var isClosing = false
        if cursor.peek == "/" {
            isClosing = true
            cursor.skip(1)
            cursor.skipWhitespace()
        }
        let nameColumn = cursor.column, nameLine = cursor.line
        let name = cursor.word()
        guard !name.isEmpty else {
            if cursor.atEnd || cursor.hasPrefix(">}}") || cursor.hasPrefix("{{<") {
                throw unclosedOrEmpty(cursor: cursor, line: line, column: column, name: name)
            }
            throw DiagnosticError(.error(
                "a directive needs a name after `{{<`, such as `{{< host cpu_model >}}`",
                file: file, line: nameLine, column: nameColumn))
        }
        var arguments: [Directive.Argument] = []
        while true {
            cursor.skipWhitespace()
            if cursor.hasPrefix(">}}") {
                cursor.skip(3)
                return Tag(name: name, isClosing: isClosing, arguments: arguments)
            }
            if cursor.atEnd || cursor.hasPrefix("{{<") {
                throw unclosedOrEmpty(cursor: cursor, line: line, column: column, name: name)
            }
            let argumentLine = cursor.line, argumentColumn = cursor.column
            var key: String?
            var value: String
            if cursor.peek == "\"" {
                value = try quoted(&cursor)
            } else {
                let word = cursor.word()
                guard !word.isEmpty else {
                    let character = cursor.peek.map { String($0) } ?? ""
                    throw DiagnosticError(.error(
                        "unexpected `\(character)` in directive `\(name)`; arguments are words, \"quoted strings\" or key=value",
                        file: file, line: cursor.line, column: cursor.column))
                }
                if cursor.peek == "=" {
                    cursor.skip(1)
                    key = word
                    if cursor.peek == "\"" {
                        value = try quoted(&cursor)
                    } else {
                        value = cursor.word()
                        if value.isEmpty {
                            throw DiagnosticError(.error(
                                "`\(word)=` needs a value; write \(word)=value or \(word)=\"a value\"",
                                file: file, line: cursor.line, column: cursor.column))
                        }
                    }
                } else {
                    value = word
                }
            }
            if isClosing {
                throw DiagnosticError(.error(
                    "a closing tag takes no arguments; write `{{< /\(name) >}}`",
                    file: file, line: argumentLine, column: argumentColumn))
            }
            arguments.append(Directive.Argument(key: key, value: value, line: argumentLine, column: argumentColumn))
        }
    }

    private func unclosedOrEmpty(cursor: Cursor, line: Int, column: Int, name: String) -> DiagnosticError {
        let what = name.isEmpty ? "directive" : "directive `\(name)`"
        return DiagnosticError(.error(
            "unclosed \(what): `{{<` has no matching `>}}`; close it on the same tag, e.g. `{{< host cpu_model >}}`",
            file: file, line: line, column: column))
    }

    private func quoted(_ cursor: inout Cursor) throws -> String {
        let line = cursor.line, column = cursor.column
        cursor.skip(1)
        var value = String.UnicodeScalarView()
        while let scalar = cursor.peek {
            if scalar == "\\", let next = cursor.peek(offset: 1), next == "\"" || next == "\\" {
                cursor.skip(1)
                value.append(cursor.advance())
                continue
            }
            if scalar == "\"" {
                cursor.skip(1)
                return String(value)
            }
            value.append(cursor.advance())
        }
        throw DiagnosticError(.error(
            "unterminated string; close it with `\"`", file: file, line: line, column: column))
    }
}

/// A position in the scalars of a page, tracking line and column as it moves.
struct Cursor {
    let scalars: [Unicode.Scalar]
    var index = 0
    var line: Int
    var column = 1

    init(scalars: [Unicode.Scalar], line: Int) {
        self.scalars = scalars
        self.line = line
    }

    var atEnd: Bool { index >= scalars.count }
    var peek: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

    func peek(offset: Int) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    func hasPrefix(_ prefix: String) -> Bool {
        var position = index
        for scalar in prefix.unicodeScalars {
            guard position < scalars.count, scalars[position] == scalar else { return false }
            position += 1
        }
        return true
    }

    /// Whether the tag starting here has a `>}}` before the next `{{<`. The search stops at whichever
    /// comes first, so trying every `{{<` of a page costs one pass over it, not one per tag.
    func closesBeforeNextTag() -> Bool {
        var position = index + 3
        while position + 3 <= scalars.count {
            let first = scalars[position]
            if first == ">", scalars[position + 1] == "}", scalars[position + 2] == "}" { return true }
            if first == "{", scalars[position + 1] == "{", scalars[position + 2] == "<" { return false }
            position += 1
        }
        return false
    }

    mutating func advance() -> Unicode.Scalar {
        let scalar = scalars[index]
        index += 1
        if scalar == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
        return scalar
    }

    mutating func skip(_ count: Int) {
        for _ in 0..<count where !atEnd { _ = advance() }
    }

    mutating func skipWhitespace() {
        while let scalar = peek, scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" { _ = advance() }
    }

    /// A bare word: letters, digits and `_ - . / : , + %`, as names, paths, numbers and expressions need.
    mutating func word() -> String {
        var word = String.UnicodeScalarView()
        while let scalar = peek, Cursor.isWordScalar(scalar) {
            word.append(advance())
        }
        return String(word)
    }

    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        DirectiveScanner.isBareValueScalar(scalar)
    }
}
