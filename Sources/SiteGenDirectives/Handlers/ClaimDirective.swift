import SiteGenCore
import SiteGenResults
import SiteGenMeasure
import SiteGenRender
import SiteGenContent
import Foundation

/// `{{< claim expr="…" when="…" >}}A sentence.{{< /claim >}}`: a statement checked against this
/// machine's measurements.
///
/// The page shows the sentence (inline Markdown) with a verdict badge — holds, contradicted,
/// inconclusive, not applicable — and the figures behind it, each linked to how it was measured. A
/// contradicted claim is reported as an error finding (so `sitegen check` fails), an inconclusive one
/// as a warning; the expression's own mistakes are errors at their exact column. The expression
/// language is described in `ClaimParser` and `ClaimEvaluator`, the conditions in `ClaimCondition`.
public struct ClaimDirective: DirectiveHandler {
    public let name = "claim"
    public let usage = "{{< claim expr=\"speedup(cpu_python, model=threads, workers=4) < 1.2\" when=\"gil == on\" >}}Threads don't speed up pure-Python work.{{< /claim >}}"
    public var body: DirectiveBodyRule { .required }

    public init() {}

    /// A claim evaluated: everything the page and the claims list show.
    public struct Outcome: Sendable, Equatable {
        public var verdict: ClaimVerdict
        public var evidence: ClaimEvidence
        /// The sentence rendered as Markdown, without an outer paragraph when it is one.
        public var sentenceHTML: String
        /// Whether `sentenceHTML` is inline (one paragraph) rather than blocks.
        public var sentenceIsInline: Bool
        /// The sentence as written, on one line.
        public var sentenceText: String
        /// The `id` of the claim's box, for links from a list of claims.
        public var id: String
        /// The evaluation behind the verdict (nil when the claim doesn't apply here): its margin, and the
        /// cells it read with their rounds.
        public var evaluation: ClaimEvaluator.Evaluation?
    }

    /// A claim that holds with less to spare than this (relative to its threshold) is fragile: another
    /// machine or profile may decide it the other way, so `check` warns.
    public static let fragileMargin = 0.05

    public func resolve(_ directive: Directive, in context: DirectiveContext) throws -> DirectiveValue {
        let outcome = try Self.outcome(of: directive, results: context.results, root: context.root, memo: context.memo).get()
        let quoted = "“\(outcome.sentenceText)”"
        switch outcome.verdict {
        case .contradicted where context.results?.results.busyHostWarning != nil:
            // Other processes competed with the workloads, so a contradiction says more about the load
            // than about the machine: noise alone must never turn CI red. The page still shows it.
            context.findings.report(.warning("claim contradicted, but measured while the machine was busy, so not counted as an error (measure again when it is idle): \(quoted) — \(outcome.evidence.text)",
                                             file: directive.file, line: directive.line, column: directive.column))
        case .contradicted:
            context.findings.report(.error("claim contradicted on this machine: \(quoted) — \(outcome.evidence.text)",
                                           file: directive.file, line: directive.line, column: directive.column))
        case .inconclusive:
            context.findings.report(.warning("claim inconclusive on this machine (the uncertainty straddles the threshold): \(quoted) — \(outcome.evidence.text)",
                                             file: directive.file, line: directive.line, column: directive.column))
        case .holds:
            if let margin = outcome.evaluation?.margin, margin < Self.fragileMargin {
                context.findings.report(.warning(String(format: "claim holds by only %.1f %% (less than %.0f %%), so another machine or profile may decide it otherwise: %@ — restate it on a steadier quantity or with a threshold the data clear by more: %@",
                                                        margin * 100, Self.fragileMargin * 100, quoted, outcome.evidence.text),
                                                 file: directive.file, line: directive.line, column: directive.column))
            }
        case .notApplicable:
            break
        }
        return .block(html: Self.html(outcome, results: context.results!.results, page: context.page))
    }

    public func requiredWorkloads(_ directive: Directive) -> [String] {
        guard let expression = directive.value("expr", orPosition: 0),
              let parsed = try? ClaimParser.parseClaim(expression.value) else { return [] }
        var workloads: [String] = []
        for call in parsed.calls where !workloads.contains(call.workload) { workloads.append(call.workload) }
        return workloads
    }

    /// A claim's outcome, or its mistakes at their positions in the page, evaluated once per guide
    /// (`memo`): its page, the list of claims and the fleet pages all show it.
    public static func outcome(of directive: Directive, results: ResultsIndex?, root: String?,
                               memo: DirectiveMemo) -> Result<Outcome, DiagnosticError> {
        memo.value("claim \(directive.file):\(directive.line):\(directive.column)") {
            do {
                return .success(try evaluate(directive, results: results, root: root, usage: ClaimDirective().usage))
            } catch let error as DiagnosticError {
                return .failure(error)
            } catch {
                return .failure(DiagnosticError(.error("`claim` failed: \(error)", file: directive.file, line: directive.line,
                                                        column: directive.column)))
            }
        }
    }

    /// Parses, checks and evaluates a claim, throwing its mistakes at their positions in the page.
    public static func evaluate(_ directive: Directive, results: ResultsIndex?, root: String?, usage: String) throws -> Outcome {
        try directive.validate(named: ["expr", "when", "id"], maxPositional: 1, usage: usage)
        guard let exprArgument = directive.value("expr", orPosition: 0) else {
            throw directive.error("`claim` needs expr=\"…\", a comparison over measured metrics; usage: \(usage)")
        }
        let sentence = (directive.body ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !sentence.isEmpty else {
            throw directive.error("`claim` needs its sentence between the tags; usage: \(usage)")
        }
        if sentence.contains("{{<") {
            throw directive.error("a claim's sentence can't contain directives; the measured figures are shown beneath it")
        }
        let expression: ClaimExpression
        do { expression = try ClaimParser.parseClaim(exprArgument.value) } catch let error as ClaimError {
            throw positioned(error, in: exprArgument, of: directive, root: root)
        }
        var condition: (ClaimExpression, Directive.Argument)?
        if let whenArgument = directive.argument("when") {
            do { condition = (try ClaimParser.parseCondition(whenArgument.value), whenArgument) } catch let error as ClaimError {
                throw positioned(error, in: whenArgument, of: directive, root: root)
            }
        }
        guard let index = results else {
            throw directive.error("`claim` checks measurements, but this build has none; build with measurements (`sitegen build` measures, or pass --results FILE)")
        }

        let rendered = MarkdownRenderer.renderPlain(sentence)
        var sentenceHTML = rendered
        var inline = false
        if rendered.hasPrefix("<p>"), rendered.hasSuffix("</p>\n"), rendered.components(separatedBy: "<p>").count == 2 {
            sentenceHTML = String(rendered.dropFirst(3).dropLast(5))
            inline = true
        }
        let text = sentence.split(whereSeparator: { $0 == "\n" }).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        let id = directive.argument("id")?.value ?? "claim-\(directive.line)"

        if let (parsed, argument) = condition {
            let facts = ClaimCondition(results: index.results)
            if !facts.evaluate(parsed) {
                let evidence = ClaimEvidence(notApplicable: argument.value, facts: facts, mentioned: ClaimCondition.facts(in: parsed),
                                             hint: ConditionHint(condition: parsed, facts: facts))
                return Outcome(verdict: .notApplicable, evidence: evidence, sentenceHTML: sentenceHTML, sentenceIsInline: inline,
                               sentenceText: text, id: id, evaluation: nil)
            }
        }
        let evaluation: ClaimEvaluator.Evaluation
        do { evaluation = try ClaimEvaluator(index: index).evaluate(expression) } catch let error as ClaimError {
            throw positioned(error, in: exprArgument, of: directive, root: root)
        }
        return Outcome(verdict: evaluation.verdict, evidence: ClaimEvidence(evaluation: evaluation, index: index),
                       sentenceHTML: sentenceHTML, sentenceIsInline: inline, sentenceText: text, id: id, evaluation: evaluation)
    }

    /// The claim's box: the sentence with its verdict badge, then the evidence.
    public static func html(_ outcome: Outcome, results: ResultsFile, page: String) -> String {
        ClaimBox(id: outcome.id, verdictClass: outcome.verdict.cssClass, verdictLabel: outcome.verdict.label,
                 sentenceHTML: outcome.sentenceHTML, sentenceIsInline: outcome.sentenceIsInline,
                 evidenceHTML: outcome.evidence.html(results: results, page: page)).html()
    }

    // MARK: - Positions

    /// A claim error at its line and column in the page: the argument's column, plus `key=`, plus the
    /// opening quote, plus the offset inside the value (escapes and line breaks accounted for).
    static func positioned(_ error: ClaimError, in argument: Directive.Argument, of directive: Directive, root: String?) -> DiagnosticError {
        let position = position(ofOffset: error.offset, in: argument, of: directive, root: root)
        return DiagnosticError(.error(error.message, file: directive.file, line: position.line, column: position.column))
    }

    static func position(ofOffset offset: Int, in argument: Directive.Argument, of directive: Directive, root: String?) -> (line: Int, column: Int) {
        var column = argument.column + (argument.key.map { $0.unicodeScalars.count + 1 } ?? 0)
        if isQuoted(argument, of: directive, root: root) { column += 1 }
        var line = argument.line
        for (index, scalar) in argument.value.unicodeScalars.enumerated() {
            if index >= offset { break }
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                // `"` and `\` are written escaped (`\"`, `\\`) inside a quoted value.
                column += (scalar == "\"" || scalar == "\\") ? 2 : 1
            }
        }
        return (line, column)
    }

    /// Whether a value was written in quotes: certainly when it holds characters a bare word can't;
    /// otherwise as the page shows it.
    static func isQuoted(_ argument: Directive.Argument, of directive: Directive, root: String?) -> Bool {
        if argument.value.isEmpty || argument.value.unicodeScalars.contains(where: { !DirectiveScanner.isBareValueScalar($0) }) { return true }
        guard let root, let data = FileManager.default.contents(atPath: (root as NSString).appendingPathComponent(directive.file)) else {
            return true
        }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        guard argument.line - 1 < lines.count else { return true }
        let scalars = Array(lines[argument.line - 1].unicodeScalars)
        let quoteIndex = argument.column - 1 + (argument.key.map { $0.unicodeScalars.count + 1 } ?? 0)
        return quoteIndex < scalars.count ? scalars[quoteIndex] == "\"" : true
    }
}
