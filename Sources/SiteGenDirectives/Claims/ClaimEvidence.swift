import SiteGenCore
import SiteGenResults
import SiteGenMeasure
import SiteGenRender
import SiteGenContent
/// What a claim's verdict rests on, as it reads under the claim: one line per comparison, each
/// measured figure linked to how it was measured.
///
/// "cpu_python, threads ×4: speedup 0.98× [0.95, 1.01] (needs < 1.2)": each figure with both ends of its
/// interval, so that one lying wholly on one side of the threshold reads so. A difference inside the noise reads
/// "no measurable difference", never as faster or slower.
public struct ClaimEvidence: Sendable, Equatable {
    /// A run of a line: plain text, a command or other code, or a figure that links to its cell.
    public enum Piece: Sendable, Equatable {
        case text(String)
        case code(String)
        case figure(String, SiteGenResults.Measurement)
    }

    public var lines: [[Piece]]

    public init(lines: [[Piece]]) {
        self.lines = lines
    }

    /// The evidence of an evaluated claim.
    public init(evaluation: ClaimEvaluator.Evaluation, index: ResultsIndex) {
        lines = evaluation.comparisons.map { Self.line($0, calls: evaluation.calls, index: index) }
    }

    /// The evidence of a claim whose condition is false here, with what the reader would need to see
    /// it tested ("It needs a free-threaded build: to see it, build the guide with `…`").
    public init(notApplicable condition: String, facts: ClaimCondition, mentioned: [String], hint: ConditionHint? = nil) {
        let circumstances = facts.circumstances(of: condition, mentioned: mentioned)
        var line: [Piece] = [.text("not tested here: it \(circumstances).")]
        if let parts = hint?.parts {
            line.append(.text(" " + parts.lead))
            if let command = parts.command { line += [.code(command), .text(parts.end)] }
        }
        lines = [Self.merged(line)]
    }

    /// The evidence as HTML: a paragraph, or a list when there are several comparisons.
    public func html(results: ResultsFile, page: String) -> String {
        let rendered = renderedLines(results: results, page: page)
        if rendered.count == 1 { return "<p class=\"claim-evidence\">\(rendered[0])</p>\n" }
        return "<ul class=\"claim-evidence\">\n" + rendered.map { "<li>\($0)</li>\n" }.joined() + "</ul>\n"
    }

    /// The evidence as phrasing content (for a table cell): lines separated by `<br>`.
    public func inlineHTML(results: ResultsFile, page: String) -> String {
        renderedLines(results: results, page: page).joined(separator: "<br>")
    }

    private func renderedLines(results: ResultsFile, page: String) -> [String] {
        lines.map { line in
            line.map { piece -> String in
                switch piece {
                case let .text(text): return HTML.escape(text)
                case let .code(code): return "<code>\(HTML.escape(code))</code>"
                case let .figure(text, measurement): return MeasurementLink.anchorHTML(text, for: measurement, results: results, fromPage: page)
                }
            }.joined()
        }
    }

    /// The evidence as plain text, lines joined by "; ".
    public var text: String {
        lines.map { line in
            line.map { piece -> String in
                switch piece {
                case let .text(text): return text
                case let .code(code): return "`\(code)`"
                case let .figure(text, _): return text
                }
            }.joined()
        }.joined(separator: "; ")
    }

    // MARK: - Lines

    static func line(_ comparison: ClaimEvaluator.Comparison, calls: [Int: ClaimEvaluator.ResolvedCall], index: ResultsIndex) -> [Piece] {
        var op = comparison.op
        var subject = comparison.lhs, reference = comparison.rhs
        var subjectValue = comparison.left, referenceValue = comparison.right
        // Put the measured side first: "speedup 1.9× (needs > 1.5)" rather than "1.5 (needs < …)".
        if subject.calls.isEmpty && !reference.calls.isEmpty {
            swap(&subject, &reference)
            swap(&subjectValue, &referenceValue)
            op = ["<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="][op] ?? op
        }
        var pieces = side(subject, value: subjectValue, calls: calls, index: index)
        let relation = ["<": "< ", "<=": "≤ ", ">": "> ", ">=": "≥ ", "==": "no measurable difference from ", "!=": "a measurable difference from "][op] ?? op + " "
        pieces.append(.text(" (needs \(relation)"))
        let percentThreshold = Self.percent(reference, unit: subjectValue?.unit)
        pieces += percentThreshold.map { [.text($0)] } ?? side(reference, value: referenceValue, calls: calls, index: index)
        pieces.append(.text(")"))
        if comparison.verdict == .inconclusive, !(comparison.lhs.calls + comparison.rhs.calls).isEmpty,
           comparison.difference == nil || comparison.rounds < (DecisionRule.looks.first ?? 0) {
            pieces.append(.text(": \(Self.rounds(comparison.rounds)) of paired samples, too few to decide (a decision needs \(DecisionRule.looks.first ?? 0))"))
        } else if comparison.verdict == .inconclusive, let needed = DecisionRule.agreeingNeeded(rounds: comparison.rounds) {
            pieces.append(.text(": held in \(comparison.agreeing) of \(Self.rounds(comparison.rounds)), and a decision needs \(needed) either way"))
        } else if comparison.verdict == .inconclusive, let subjectValue, let referenceValue {
            if !reference.calls.isEmpty {
                pieces.append(.text(": no measurable difference"))
            } else {
                let threshold: String
                if let percentThreshold { threshold = percentThreshold } else if case let .number(_, text, _) = reference { threshold = text } else {
                    threshold = Formatting.figure(referenceValue.estimate, unit: subjectValue.unit ?? "").value
                }
                pieces.append(.text(": the interval straddles \(threshold)"))
            }
        } else if comparison.verdict != .inconclusive, comparison.rounds > 0, let subjectValue, let referenceValue,
                  subjectValue.low < referenceValue.high, referenceValue.low < subjectValue.high {
            // The intervals of the medians overlap, yet the claim is decided: on the paired rounds,
            // whose differences vary far less than either figure. Say so, or the verdict looks unfounded.
            pieces.append(.text(": decided on paired rounds, held in \(comparison.agreeing) of \(comparison.rounds)"))
        }
        return merged(pieces)
    }

    /// "1 round", "7 rounds".
    static func rounds(_ count: Int) -> String { "\(count) round\(count == 1 ? "" : "s")" }

    /// A bare number compared with a percentage (efficiency is written as a fraction, 1.15, and shown as
    /// 115 %) in the figure's own terms, so the evidence doesn't read "95 % (needs < 1.15)".
    static func percent(_ expression: ClaimExpression, unit: String?) -> String? {
        guard unit == "%", case let .number(value, _, _) = expression else { return nil }
        let percent = value * 100
        // 1.15 × 100 is 114.99999999999999: whole within rounding error is whole.
        return Formatting.fixed(percent, decimals: abs(percent - percent.rounded()) < 1e-9 ? 0 : 1) + " %"
    }

    /// One side of a comparison: a number as written, a figure, or arithmetic over figures with its result.
    static func side(_ expression: ClaimExpression, value: ClaimEvaluator.Quantity?, calls: [Int: ClaimEvaluator.ResolvedCall],
                     index: ResultsIndex) -> [Piece] {
        switch expression {
        case let .number(_, text, _):
            return [.text(text)]
        case let .call(call):
            return figure(call, calls: calls, index: index)
        default:
            var pieces = formula(expression, calls: calls, index: index, parent: nil)
            if !expression.calls.isEmpty, let value {
                pieces.append(.text(" = " + Formatting.figure(value.estimate, unit: value.unit ?? "").intervalText))
            }
            return pieces
        }
    }

    static func formula(_ expression: ClaimExpression, calls: [Int: ClaimEvaluator.ResolvedCall], index: ResultsIndex, parent: String?) -> [Piece] {
        switch expression {
        case let .number(_, text, _): return [.text(text)]
        case let .call(call):
            let pieces = figure(call, calls: calls, index: index)
            return parent == nil ? pieces : [.text("(")] + pieces + [.text(")")]
        case let .negate(inner, _): return [.text("−")] + formula(inner, calls: calls, index: index, parent: "-")
        case let .arithmetic(op, lhs, rhs, _):
            let symbol = ["+": " + ", "-": " − ", "*": " × ", "/": " ÷ "][op] ?? op
            let needsParentheses = parent != nil && (op == "+" || op == "-") && parent != "+"
            let inner = formula(lhs, calls: calls, index: index, parent: op) + [.text(symbol)] + formula(rhs, calls: calls, index: index, parent: op)
            return needsParentheses ? [.text("(")] + inner + [.text(")")] : inner
        default: return [.text("?")]
        }
    }

    /// "cpu_python, threads ×4: speedup " + the linked figure.
    static func figure(_ call: MetricCall, calls: [Int: ClaimEvaluator.ResolvedCall], index: ResultsIndex) -> [Piece] {
        guard let resolved = calls[call.offset] else { return [.text(call.workload)] }
        let cell = resolved.measurement
        var name = cell.workload
        if index.variants(of: cell.workload).count > 1 { name += "/" + cell.variant }
        let noun = call.argument("name")?.value ?? call.metric.noun
        let label = "\(name), \(Formatting.cellLabel(cell)): \(noun) "
        guard let estimate = resolved.estimate else {
            let status = cell.status == .ok ? "no data" : ResultsTable.statusText(cell.status)
            let reason = cell.error.map { $0.isEmpty ? "" : " (\($0))" } ?? ""
            return [.text(label), .figure(status, cell), .text(reason)]
        }
        var pieces: [Piece] = [.text(label), .figure(Formatting.figure(estimate, unit: resolved.unit).intervalText, cell)]
        if call.metric == .speedup, estimate.low <= 1, estimate.high >= 1 {
            pieces.append(.text(", no measurable difference from sequential"))
        }
        return pieces
    }

    /// Joins adjacent text pieces.
    static func merged(_ pieces: [Piece]) -> [Piece] {
        var result: [Piece] = []
        for piece in pieces {
            if case let .text(text) = piece, case let .text(previous)? = result.last {
                result[result.count - 1] = .text(previous + text)
            } else {
                result.append(piece)
            }
        }
        return result
    }
}
