import SiteGenCore
import SiteGenResults
import SiteGenMeasure
import SiteGenRender
import SiteGenContent
/// Parses claim expressions (`expr=`) and conditions (`when=`).
///
/// ```
/// expression := or
/// or         := and { "or" and }                      also ||
/// and        := not { "and" not }                     also &&
/// not        := "not" not | comparison                also !
/// comparison := sum [ ( "<" | "<=" | ">" | ">=" | "==" | "!=" ) sum ]
/// sum        := product { ( "+" | "-" ) product }
/// product    := unary { ( "*" | "/" ) unary }
/// unary      := "-" unary | primary
/// primary    := NUMBER | call | NAME | "(" expression ")"
/// call       := FUNCTION "(" WORKLOAD { "," KEY "=" VALUE } ")"
/// FUNCTION   := median | wall | cpu | speedup | parallelism | efficiency | metric
/// KEY        := variant | model | start | workers | name      (name= only in metric(…))
/// ```
///
/// A claim must be a comparison or a combination of comparisons over numbers and metric calls; a
/// condition compares facts of the machine with values (`effective_cpus >= 2 and gil == on`).
package struct ClaimParser {
    /// How deep an expression may be: parentheses, `not` and `-` nested in each other, and the tree a
    /// chain such as `a + b + c` builds (each operator one level). The claims of the guide are under
    /// ten deep; 64 leaves them plenty of room while every walk over the tree (checking, evaluating,
    /// and releasing it) stays a few dozen frames deep, safe on the small stacks of the threads that
    /// render pages in parallel. A page that nests thousands deep is refused here, where it is crossed.
    static let maximumDepth = 64

    private var tokens: [ClaimLexer.Token]
    private var position = 0
    /// How many `(`, `not` and `-` the parser is inside of: its own recursion.
    private var nesting = 0
    /// The depth of the expression the last parse function returned.
    private var depth = 0

    private init(_ text: String) throws {
        tokens = try ClaimLexer.tokens(text)
    }

    /// Parses and checks a claim expression.
    public static func parseClaim(_ text: String) throws -> ClaimExpression {
        var parser = try ClaimParser(text)
        let expression = try parser.parseWhole(emptyMessage: "the claim's expression is empty; write a comparison such as speedup(cpu_python, model=threads, workers=4) < 1.2")
        try checkClaim(expression, top: true)
        return expression
    }

    /// Parses and checks a condition.
    public static func parseCondition(_ text: String) throws -> ClaimExpression {
        var parser = try ClaimParser(text)
        let expression = try parser.parseWhole(emptyMessage: "the condition is empty; write one such as effective_cpus >= 2 and gil == on")
        try ClaimCondition.check(expression)
        return expression
    }

    // MARK: - Grammar

    private var current: ClaimLexer.Token { tokens[position] }

    private mutating func advance() -> ClaimLexer.Token {
        let token = tokens[position]
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    private func isSymbol(_ text: String) -> Bool {
        current.kind == .symbol && current.text == text
    }

    private mutating func parseWhole(emptyMessage: String) throws -> ClaimExpression {
        if current.kind == .end { throw ClaimError(offset: 0, emptyMessage) }
        let expression = try parseOr()
        guard current.kind == .end else {
            throw ClaimError(offset: current.offset, "unexpected `\(current.text)` after a complete expression; join conditions with `and` or `or`")
        }
        return expression
    }

    private mutating func parseOr() throws -> ClaimExpression {
        var left = try parseAnd()
        while isSymbol("or") {
            let token = advance(), leftDepth = depth
            left = .or(left, try parseAnd())
            try deepen(from: leftDepth, at: token)
        }
        return left
    }

    private mutating func parseAnd() throws -> ClaimExpression {
        var left = try parseNot()
        while isSymbol("and") {
            let token = advance(), leftDepth = depth
            left = .and(left, try parseNot())
            try deepen(from: leftDepth, at: token)
        }
        return left
    }

    private mutating func parseNot() throws -> ClaimExpression {
        if isSymbol("not") {
            let token = advance()
            let inner = try nested(at: token) { try $0.parseNot() }
            try deepen(from: 0, at: token)
            return .not(inner, offset: token.offset)
        }
        return try parseComparison()
    }

    private mutating func parseComparison() throws -> ClaimExpression {
        let left = try parseSum()
        if current.kind == .symbol, ["<", "<=", ">", ">=", "==", "!="].contains(current.text) {
            let token = advance(), leftDepth = depth
            let right = try parseSum()
            try deepen(from: leftDepth, at: token)
            if current.kind == .symbol, ["<", "<=", ">", ">=", "==", "!="].contains(current.text) {
                throw ClaimError(offset: current.offset, "comparisons don't chain; write `a < b and b < c`")
            }
            return .comparison(token.text, left, right, offset: token.offset)
        }
        if isSymbol("=") {
            throw ClaimError(offset: current.offset, "`=` only names an argument inside a metric call; compare with `==`")
        }
        return left
    }

    private mutating func parseSum() throws -> ClaimExpression {
        var left = try parseProduct()
        while current.kind == .symbol, current.text == "+" || current.text == "-" {
            let token = advance(), leftDepth = depth
            left = .arithmetic(token.text, left, try parseProduct(), offset: token.offset)
            try deepen(from: leftDepth, at: token)
        }
        return left
    }

    private mutating func parseProduct() throws -> ClaimExpression {
        var left = try parseUnary()
        while current.kind == .symbol, current.text == "*" || current.text == "/" {
            let token = advance(), leftDepth = depth
            left = .arithmetic(token.text, left, try parseUnary(), offset: token.offset)
            try deepen(from: leftDepth, at: token)
        }
        return left
    }

    private mutating func parseUnary() throws -> ClaimExpression {
        if isSymbol("-") {
            let token = advance()
            let inner = try nested(at: token) { try $0.parseUnary() }
            try deepen(from: 0, at: token)
            return .negate(inner, offset: token.offset)
        }
        return try parsePrimary()
    }

    private mutating func parsePrimary() throws -> ClaimExpression {
        let token = current
        switch token.kind {
        case let .number(value):
            _ = advance()
            depth = 1
            return .number(value, text: token.text, offset: token.offset)
        case .word:
            _ = advance()
            depth = 1
            if current.kind == .open { return .call(try parseCall(function: token)) }
            return .name(token.text, offset: token.offset)
        case .open:
            _ = advance()
            let inner = try nested(at: token) { try $0.parseOr() }
            guard current.kind == .close else {
                throw ClaimError(offset: current.offset, current.kind == .end
                    ? "missing `)` to close the `(` at column \(token.offset + 1) of the expression"
                    : "expected `)` here, found `\(current.text)`")
            }
            _ = advance()
            return inner
        case .end:
            throw ClaimError(offset: token.offset, "the expression ends too early; a number or a metric such as speedup(cpu_python, model=threads, workers=2) is missing")
        default:
            throw ClaimError(offset: token.offset, "expected a number or a metric such as speedup(cpu_python, model=threads, workers=2), found `\(token.text)`")
        }
    }

    /// Parses what a `(`, `not` or `-` encloses, refusing to recurse past `maximumDepth`.
    private mutating func nested(at token: ClaimLexer.Token,
                                 _ parse: (inout ClaimParser) throws -> ClaimExpression) throws -> ClaimExpression {
        nesting += 1
        defer { nesting -= 1 }
        if nesting > Self.maximumDepth {
            throw ClaimError(offset: token.offset, "`(`, `not` and `-` nest more than \(Self.maximumDepth) deep here; write the expression more simply, or split the claim into several")
        }
        return try parse(&self)
    }

    /// Records the depth of a node built over the last parsed operand and one of `leftDepth`,
    /// refusing a tree deeper than `maximumDepth` at the operator that crosses it.
    private mutating func deepen(from leftDepth: Int, at token: ClaimLexer.Token) throws {
        depth = max(depth, leftDepth) + 1
        if depth > Self.maximumDepth {
            throw ClaimError(offset: token.offset, "the expression is more than \(Self.maximumDepth) levels deep here (each `and`, `or` or arithmetic operator in a chain adds one, as do `(`, `not` and `-`); split the claim into several")
        }
    }

    private mutating func parseCall(function: ClaimLexer.Token) throws -> MetricCall {
        guard let metric = Metric(rawValue: function.text) else {
            let names = Metric.allCases.map(\.rawValue)
            let suggestion = Suggestion.prompt(for: function.text, among: names)
            throw ClaimError(offset: function.offset, "unknown function `\(function.text)`; \(suggestion)known: \(names.joined(separator: ", "))")
        }
        _ = advance()  // (
        guard current.kind == .word else {
            throw ClaimError(offset: current.offset, "`\(function.text)(…)` starts with the workload, e.g. \(function.text)(cpu_python, model=threads, workers=2)")
        }
        let workload = advance()
        if isSymbol("=") {
            throw ClaimError(offset: workload.offset, "the first argument is the workload itself, e.g. \(function.text)(cpu_python, …), not `\(workload.text)=…`")
        }
        var arguments: [MetricCall.Argument] = []
        while current.kind == .comma {
            _ = advance()
            guard current.kind == .word else {
                throw ClaimError(offset: current.offset, "expected key=value (keys: \(keysText(metric))), found `\(current.text)`")
            }
            let key = advance()
            let allowed = metric == .metric ? MetricCall.keys : MetricCall.keys.filter { $0 != "name" }
            guard allowed.contains(key.text) else {
                let suggestion = Suggestion.prompt(for: key.text, among: allowed)
                throw ClaimError(offset: key.offset, "unknown key `\(key.text)` in \(function.text)(…); \(suggestion)keys: \(keysText(metric))")
            }
            if arguments.contains(where: { $0.key == key.text }) {
                throw ClaimError(offset: key.offset, "`\(key.text)` is given twice; give it once")
            }
            guard isSymbol("=") else {
                throw ClaimError(offset: current.offset, "expected `=` after `\(key.text)`, e.g. \(key.text)=\(example(for: key.text))")
            }
            _ = advance()
            let value = current
            switch value.kind {
            case .word, .number: _ = advance()
            default:
                throw ClaimError(offset: value.offset, "`\(key.text)=` needs a value, e.g. \(key.text)=\(example(for: key.text))")
            }
            arguments.append(MetricCall.Argument(key: key.text, value: value.text, keyOffset: key.offset, valueOffset: value.offset))
        }
        guard current.kind == .close else {
            throw ClaimError(offset: current.offset, current.kind == .end
                ? "missing `)` to close \(function.text)(…)"
                : "expected `,` or `)` in \(function.text)(…), found `\(current.text)`")
        }
        _ = advance()
        return MetricCall(metric: metric, offset: function.offset, workload: workload.text, workloadOffset: workload.offset,
                          arguments: arguments)
    }

    private func keysText(_ metric: Metric) -> String {
        (metric == .metric ? MetricCall.keys : MetricCall.keys.filter { $0 != "name" }).joined(separator: ", ")
    }

    private func example(for key: String) -> String {
        ["variant": "loop", "model": "threads", "start": "spawn", "workers": "4", "name": "peak_rss_kib"][key] ?? "…"
    }

    // MARK: - Checks

    /// A claim is made of comparisons of numbers; names belong to conditions only.
    private static func checkClaim(_ expression: ClaimExpression, top: Bool) throws {
        switch expression {
        case let .name(name, offset):
            let names = Metric.allCases.map(\.rawValue)
            let suggestion = Suggestion.prompt(for: name, among: names, shown: { "`\($0)(…)`" })
            throw ClaimError(offset: offset, "`\(name)` is not a number or a metric; \(suggestion)metrics are called like speedup(cpu_python, model=threads, workers=2) (conditions on the machine go in when=)")
        case .number, .call:
            if top { throw ClaimError(offset: expression.offset, "a claim must compare, e.g. `… < 1.2`; this expression is only a number") }
        case let .negate(inner, _):
            if top { throw ClaimError(offset: expression.offset, "a claim must compare, e.g. `… < 1.2`; this expression is only a number") }
            try numeric(inner)
        case let .arithmetic(_, lhs, rhs, _):
            if top { throw ClaimError(offset: expression.offset, "a claim must compare, e.g. `… < 1.2`; this expression is only a number") }
            try numeric(lhs)
            try numeric(rhs)
        case let .comparison(_, lhs, rhs, _):
            try numeric(lhs)
            try numeric(rhs)
        case let .and(lhs, rhs), let .or(lhs, rhs):
            try condition(lhs)
            try condition(rhs)
        case let .not(inner, _):
            try condition(inner)
        }

        func numeric(_ part: ClaimExpression) throws {
            if part.isCondition {
                throw ClaimError(offset: part.offset, "a comparison can't be used as a number here; put parentheses around arithmetic only")
            }
            try checkClaim(part, top: false)
        }
        func condition(_ part: ClaimExpression) throws {
            if !part.isCondition {
                throw ClaimError(offset: part.offset, "`and`, `or` and `not` combine comparisons; compare this with a threshold, e.g. `… < 1.2`")
            }
            try checkClaim(part, top: false)
        }
    }
}
