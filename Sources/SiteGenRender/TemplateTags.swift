import SiteGenCore
import Foundation

/// The tags of a Mustache template with their positions: what the templates' checks need to point at
/// a tag (an unclosed section, a partial that includes itself), which Mustache's own parser doesn't say.
///
/// Only the default `{{ }}` delimiters are read: at a set-delimiter tag `{{=… …=}}` the list stops and
/// `complete` is false.
struct TemplateTags {
    /// One tag.
    struct Tag {
        enum Kind { case section, close, partial, other }
        var kind: Kind
        /// The name inside the tag, trimmed (`hasToc` in `{{#hasToc}}`, `partials/nav` in `{{> partials/nav}}`).
        var name: String
        /// Where its `{{` is, 1-based, in Unicode scalars.
        var line: Int
        var column: Int
    }

    private(set) var tags: [Tag] = []
    private(set) var complete = true

    init(_ text: String) {
        let scalars = Array(text.unicodeScalars)
        var index = 0, line = 1, column = 1
        func at(_ position: Int, _ literal: String) -> Bool {
            var probe = position
            for scalar in literal.unicodeScalars {
                guard probe < scalars.count, scalars[probe] == scalar else { return false }
                probe += 1
            }
            return true
        }
        while index < scalars.count {
            guard at(index, "{{") else {
                if scalars[index] == "\n" { line += 1; column = 1 } else { column += 1 }
                index += 1
                continue
            }
            let closer = at(index, "{{{") ? "}}}" : "}}"
            var end = index + 2
            while end < scalars.count, !at(end, closer) { end += 1 }
            var inner = String.UnicodeScalarView()
            inner.append(contentsOf: scalars[(index + 2)..<min(end, scalars.count)])
            let body = String(inner)
            let sigil = body.unicodeScalars.first
            if sigil == "=" {
                complete = false
                return
            }
            tags.append(Tag(kind: Self.kind(of: sigil), name: Self.name(in: body), line: line, column: column))
            // Move past the tag, counting its lines (a comment may span several).
            let stop = min(end + closer.unicodeScalars.count, scalars.count)
            while index < stop {
                if scalars[index] == "\n" { line += 1; column = 1 } else { column += 1 }
                index += 1
            }
        }
    }

    private static func kind(of sigil: Unicode.Scalar?) -> Tag.Kind {
        switch sigil {
        case "#", "^", "$", "<": return .section
        case "/": return .close
        case ">": return .partial
        default: return .other
        }
    }

    private static func name(in body: String) -> String {
        var name = Substring(body)
        if let first = name.unicodeScalars.first, "#^$</>!&{".unicodeScalars.contains(first) { name = name.dropFirst() }
        return name.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The section opened and not closed by the time `line`/`column` is reached (the whole text when
    /// nil): the innermost one, which Mustache's "expected section end" is about.
    func openSection(before line: Int? = nil, column: Int = 0) -> Tag? {
        var open: [Tag] = []
        for tag in tags {
            if let line, (tag.line, tag.column) >= (line, column) { break }
            switch tag.kind {
            case .section: open.append(tag)
            case .close: _ = open.popLast()
            default: break
            }
        }
        return open.last
    }

    /// The first section opened inside more than `limit` others, if any: Mustache's parser recurses
    /// once per level of sections, and thousands of levels overflow its stack.
    func sectionDeeper(than limit: Int) -> Tag? {
        var depth = 0
        for tag in tags {
            switch tag.kind {
            case .section:
                depth += 1
                if depth > limit { return tag }
            case .close: depth = max(0, depth - 1)
            default: break
            }
        }
        return nil
    }

    /// The last tag starting at or before a position: the tag a parser error inside it is about.
    func tag(containing line: Int, _ column: Int) -> Tag? {
        tags.last { ($0.line, $0.column) <= (line, column) }
    }
}
