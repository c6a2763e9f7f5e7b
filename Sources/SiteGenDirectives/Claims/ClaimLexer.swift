import SiteGenCore
import SiteGenResults
import SiteGenMeasure
import SiteGenRender
import SiteGenContent
/// Splits a claim expression into tokens, each with its offset for error messages.
struct ClaimLexer {
    /// One token.
    struct Token: Equatable {
        enum Kind: Equatable {
            /// A number; `text` keeps it as written (`3.10` is not `3.1` as a Python version).
            case number(Double)
            /// A name: a function, a workload, a fact, a key or a bare value such as `fork`.
            case word
            /// `< <= > >= == != + - * / = and or not`, spelled canonically in `text`.
            case symbol
            case open, close, comma, end
        }

        var kind: Kind
        var text: String
        var offset: Int
        var length: Int
    }

    static func tokens(_ source: String) throws -> [Token] {
        let scalars = Array(source.unicodeScalars)
        var tokens: [Token] = []
        var index = 0
        func isWordStart(_ s: Unicode.Scalar) -> Bool { s.properties.isAlphabetic || s == "_" }
        func isWordPart(_ s: Unicode.Scalar) -> Bool { isWordStart(s) || ("0"..."9").contains(s) }
        func isDigit(_ s: Unicode.Scalar) -> Bool { ("0"..."9").contains(s) }
        while index < scalars.count {
            let scalar = scalars[index]
            let start = index
            if scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" {
                index += 1
                continue
            }
            if isDigit(scalar) || (scalar == "." && index + 1 < scalars.count && isDigit(scalars[index + 1])) {
                while index < scalars.count, isDigit(scalars[index]) || scalars[index] == "." { index += 1 }
                if index < scalars.count, scalars[index] == "e" || scalars[index] == "E" {
                    var probe = index + 1
                    if probe < scalars.count, scalars[probe] == "+" || scalars[probe] == "-" { probe += 1 }
                    if probe < scalars.count, isDigit(scalars[probe]) {
                        index = probe
                        while index < scalars.count, isDigit(scalars[index]) { index += 1 }
                    }
                }
                // `16kib`, `1k`: a name that starts with digits (a variant or a value), not a number.
                if index < scalars.count, isWordStart(scalars[index]) {
                    while index < scalars.count, isWordPart(scalars[index]) { index += 1 }
                    tokens.append(Token(kind: .word, text: text(scalars, start, index), offset: start, length: index - start))
                    continue
                }
                let written = text(scalars, start, index)
                let dots = written.filter { $0 == "." }.count
                if dots <= 1, let value = Double(written) {
                    tokens.append(Token(kind: .number(value), text: written, offset: start, length: index - start))
                } else if dots >= 2, written.split(separator: ".").allSatisfy({ Int($0) != nil }) {
                    // A version such as 3.12.1: a number for ordering, its text for comparing versions.
                    let value = Double(written.split(separator: ".").prefix(2).joined(separator: ".")) ?? 0
                    tokens.append(Token(kind: .number(value), text: written, offset: start, length: index - start))
                } else {
                    throw ClaimError(offset: start, "`\(written)` is not a number")
                }
                continue
            }
            if isWordStart(scalar) {
                while index < scalars.count, isWordPart(scalars[index]) { index += 1 }
                let word = text(scalars, start, index)
                let kind: Token.Kind = ["and", "or", "not"].contains(word) ? .symbol : .word
                tokens.append(Token(kind: kind, text: word, offset: start, length: index - start))
                continue
            }
            let next: Unicode.Scalar? = index + 1 < scalars.count ? scalars[index + 1] : nil
            let two: [String: String] = ["<=": "<=", ">=": ">=", "==": "==", "!=": "!=", "&&": "and", "||": "or"]
            if let next, let canonical = two[String(scalar) + String(next)] {
                tokens.append(Token(kind: .symbol, text: canonical, offset: start, length: 2))
                index += 2
                continue
            }
            let one: [Unicode.Scalar: String] = ["<": "<", ">": ">", "+": "+", "-": "-", "−": "-", "*": "*", "×": "*",
                                                 "/": "/", "÷": "/", "=": "=", "!": "not", "≤": "<=", "≥": ">=", "≠": "!="]
            switch scalar {
            case "(": tokens.append(Token(kind: .open, text: "(", offset: start, length: 1))
            case ")": tokens.append(Token(kind: .close, text: ")", offset: start, length: 1))
            case ",": tokens.append(Token(kind: .comma, text: ",", offset: start, length: 1))
            default:
                guard let canonical = one[scalar] else {
                    throw ClaimError(offset: start, "unexpected `\(scalar)`; expressions use numbers, metric functions such as speedup(cpu_python, model=threads, workers=4), + - * /, comparisons < <= > >= == != and and/or/not")
                }
                tokens.append(Token(kind: .symbol, text: canonical, offset: start, length: 1))
            }
            index += 1
        }
        tokens.append(Token(kind: .end, text: "", offset: scalars.count, length: 0))
        return tokens
    }

    private static func text(_ scalars: [Unicode.Scalar], _ from: Int, _ to: Int) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[from..<to])
        return String(view)
    }
}
