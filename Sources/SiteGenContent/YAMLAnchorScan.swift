/// Finds the first YAML anchor (`&name`) or alias (`*name`) in front matter, before YAML parses it.
///
/// Yams keeps its event parser private, and composing a document is not safe against aliases: it
/// hashes mapping keys, and an alias used as a key repeats its node's whole expansion (an 8-level alias
/// bomb took 17 s and 2 GB). Front matter never needs either, so they are refused from the text. The
/// scan follows YAML's rules for where a node may start — the start of a line, after `- `, `? `, `: `,
/// and after `[`, `{` or `,` in flow — and skips quoted strings, block scalars (`|`, `>`), comments
/// and the continuation lines of a plain string, where `&` and `*` are only text.
enum YAMLAnchorScan {
    /// What was found: `&` or `*` with its name, and its line and column in the YAML (1-based).
    struct Found: Equatable {
        var text: String
        var line: Int
        var column: Int
    }

    static func first(in yaml: String) -> Found? {
        var state = State()
        for (number, line) in yaml.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if let found = state.scan(Array(line.unicodeScalars), line: number + 1) { return found }
        }
        return nil
    }

    /// What carries over from one line to the next.
    private struct State {
        /// Inside a quoted string: its quote.
        var quote: Unicode.Scalar?
        /// Lines indented more than this belong to a block scalar or continue a plain string.
        var continuationIndent: Int?
        var flowDepth = 0

        mutating func scan(_ scalars: [Unicode.Scalar], line: Int) -> Found? {
            let indent = scalars.prefix { $0 == " " }.count
            if let threshold = continuationIndent {
                if indent == scalars.count || indent > threshold { return nil }
                continuationIndent = nil
            }
            var index = 0
            var atNodeStart = quote == nil
            // Where the line's key (or entry) starts, after any `- ` and `? `: a plain value on this line
            // goes on to the lines indented more than that.
            var keyColumn = indent
            var keyPending = true
            if let open = quote {
                guard let end = Self.closingQuote(open, in: scalars, from: 0) else { return nil }
                quote = nil
                index = end + 1
            }
            while index < scalars.count {
                let scalar = scalars[index]
                if scalar == " " || scalar == "\t" { index += 1; continue }
                if scalar == "#" { return nil }
                if atNodeStart {
                    if keyPending, flowDepth == 0, !(scalar == "-" || scalar == "?") {
                        keyColumn = index
                        keyPending = false
                    }
                    if scalar == "&" || scalar == "*" {
                        let name = scalars[index...].prefix { $0 != " " && $0 != "," && $0 != "]" && $0 != "}" }
                        var text = String.UnicodeScalarView()
                        text.append(contentsOf: name)
                        return Found(text: String(text), line: line, column: index + 1)
                    }
                    if scalar == "-" || scalar == "?", index + 1 == scalars.count || scalars[index + 1] == " " {
                        index += 1
                        keyPending = true
                        continue
                    }
                    if scalar == "\"" || scalar == "'" {
                        guard let end = Self.closingQuote(scalar, in: scalars, from: index + 1) else {
                            quote = scalar
                            return nil
                        }
                        index = end + 1
                        atNodeStart = false
                        continue
                    }
                    if flowDepth == 0, scalar == "|" || scalar == ">" {
                        continuationIndent = keyColumn
                        return nil
                    }
                    if scalar == "!" {
                        while index < scalars.count, scalars[index] != " " { index += 1 }
                        continue
                    }
                }
                if scalar == "[" || scalar == "{" { flowDepth += 1; atNodeStart = true; index += 1; continue }
                if scalar == "]" || scalar == "}" { flowDepth = max(0, flowDepth - 1); atNodeStart = false; index += 1; continue }
                if scalar == ",", flowDepth > 0 { atNodeStart = true; index += 1; continue }
                if scalar == ":", index + 1 == scalars.count || scalars[index + 1] == " " || flowDepth > 0 {
                    atNodeStart = true
                    index += 1
                    continue
                }
                // A plain string: up to `: `, ` #`, or in flow a `,` or bracket.
                let valueStart = atNodeStart
                atNodeStart = false
                while index < scalars.count {
                    let next = scalars[index]
                    if next == ":", index + 1 == scalars.count || scalars[index + 1] == " " { break }
                    if next == "#", index > 0, scalars[index - 1] == " " { return nil }
                    if flowDepth > 0, next == "," || next == "]" || next == "}" { break }
                    index += 1
                }
                // A plain value running to the end of the line may go on, on lines indented more than its key.
                if index == scalars.count, valueStart, flowDepth == 0 { continuationIndent = keyColumn }
            }
            return nil
        }

        /// The index of the quote closing a string, `''` in single quotes and `\"` in double quotes aside.
        static func closingQuote(_ quote: Unicode.Scalar, in scalars: [Unicode.Scalar], from start: Int) -> Int? {
            var index = start
            while index < scalars.count {
                if quote == "\"", scalars[index] == "\\" { index += 2; continue }
                if scalars[index] == quote {
                    if quote == "'", index + 1 < scalars.count, scalars[index + 1] == "'" { index += 2; continue }
                    return index
                }
                index += 1
            }
            return nil
        }
    }
}
