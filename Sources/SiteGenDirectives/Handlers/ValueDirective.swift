import SiteGenCore
import SiteGenResults
import SiteGenMeasure
import SiteGenRender
import SiteGenContent
/// `{{< value cpu_python model=process_pool workers=2 metric=speedup >}}`: one measured number, with its
/// unit and uncertainty, linked to how it was measured: `1.94× ±0.05`.
///
/// Arguments: the workload (positional or `workload=`); `variant=` when it has several; `model=`;
/// `start=` a start method for process models (default: the interpreter's); `workers=` a count,
/// `per_task`, `default` or `best` (the fastest cell); `metric=` one of `Metric`'s names (default
/// `median`, the variant's own metric); `name=` another number the workload reports (with
/// `metric=metric`); `digits=` decimals to show instead of three significant digits; `when=` a condition
/// on the machine, as claims take (`when="not gil"`): where it is false, the value reads what it needs
/// ("needs a free-threaded build") instead of a figure that would not mean what the prose says.
struct ValueDirective: DirectiveHandler {
    public let name = "value"
    public let usage = "{{< value cpu_python model=process_pool workers=2 metric=speedup >}}"

    public init() {}

    public func resolve(_ directive: Directive, in context: DirectiveContext) throws -> DirectiveValue {
        try directive.validate(named: ["workload", "variant", "model", "start", "workers", "metric", "name", "digits", "when"],
                               maxPositional: 1, usage: usage)
        guard let workload = directive.value("workload", orPosition: 0) else {
            throw directive.error("`value` needs a workload; usage: \(usage)")
        }
        let metric = try Self.metric(of: directive)
        let digits = try Self.digits(of: directive)
        if let extra = directive.argument("name"), metric != .metric {
            throw directive.error("`name=` picks another reported number and needs metric=metric; remove it or add metric=metric", at: extra)
        }
        guard let index = context.results else {
            throw directive.error("no measurements available for `\(workload.value)`: build with measurements (`sitegen build` measures what pages reference unless --no-measure is given, or pass --results FILE)")
        }
        if let whenArgument = directive.argument("when"), let missing = try Self.unmet(whenArgument, of: directive, in: context, index: index) {
            return missing
        }
        let selector = ResultsIndex.Selector(workload: workload.value, variant: directive.argument("variant")?.value,
                                             model: directive.argument("model")?.value, startMethod: directive.argument("start")?.value,
                                             workers: directive.argument("workers")?.value)
        let measurement: Measurement
        switch index.find(selector) {
        case .success(let found): measurement = found
        case .failure(let lookup):
            let key = lookup.field == "workload" ? nil : lookup.field
            let argument = key.flatMap { directive.argument($0) } ?? (lookup.field == "workload" ? workload : nil)
            if let argument { throw directive.error(lookup.message, at: argument) }
            throw directive.error(lookup.message)
        }

        let title = MeasurementLink.title(for: measurement, results: index.results)
        let href = MeasurementLink.href(for: measurement, results: index.results, fromPage: context.page)
        guard measurement.status == .ok else {
            // The page still renders and says so; `check` fails on it, `build` warns.
            context.findings.report(.error("\(measurement.workload)/\(measurement.variant) · \(measurement.modelLabel) was not measured: \(measurement.status.rawValue)\(measurement.error.map { " (\($0))" } ?? "")",
                                           file: directive.file, line: directive.line, column: directive.column))
            return .inline(html: "<a class=\"measure missing\" href=\"\(HTML.escape(href))\" title=\"\(HTML.escape(title))\">n/a</a>", text: "n/a")
        }
        guard let estimate = metric.estimate(of: measurement, in: index, extra: directive.argument("name")?.value) else {
            let at = directive.argument("name") ?? directive.argument("metric")
            let reason: String
            switch metric {
            case .speedup, .efficiency:
                reason = "`\(metric.rawValue)` compares with the sequential cell of \(measurement.workload)/\(measurement.variant), which has no successful measurement"
            case .metric where directive.argument("name") != nil:
                let names = measurement.extra.keys.sorted()
                reason = "`\(measurement.workload)` reports no number `\(directive.argument("name")!.value)`; it reports: \(names.isEmpty ? "none" : names.joined(separator: ", "))"
            default:
                reason = "this cell has no samples for `\(metric.rawValue)`"
            }
            if let at { throw directive.error(reason, at: at) }
            throw directive.error(reason)
        }
        // Another reported number is in the unit its name says (`pool_start_s`, `rss_kib_per_unit`), as
        // claims read it, not in the variant's.
        let unit = directive.argument("name").map { Formatting.unit(ofExtra: $0.value) } ?? metric.unit(of: measurement)
        let text = Self.format(estimate, unit: unit, digits: digits)
        let noisy = measurement.noisy
        let fullTitle = noisy ? title + "; noisy: the interval is wider than ±\(Int(Statistics.noisyThreshold * 100)) % of the median" : title
        let html = "<a class=\"measure\(noisy ? " noisy" : "")\" href=\"\(HTML.escape(href))\" title=\"\(HTML.escape(fullTitle))\">\(HTML.escape(text))</a>"
        return .inline(html: html, text: text)
    }

    /// What the value shows where its `when=` condition is false here: what it needs, with the command
    /// that would measure it in the title; nil where the condition holds.
    static func unmet(_ argument: Directive.Argument, of directive: Directive, in context: DirectiveContext,
                      index: ResultsIndex) throws -> DirectiveValue? {
        let condition: ClaimExpression
        do { condition = try ClaimParser.parseCondition(argument.value) } catch let error as ClaimError {
            throw ClaimDirective.positioned(error, in: argument, of: directive, root: context.root)
        }
        let facts = ClaimCondition(results: index.results)
        guard let hint = ConditionHint(condition: condition, facts: facts) else { return nil }
        let circumstances = facts.circumstances(of: argument.value, mentioned: ClaimCondition.facts(in: condition))
        let title = "Not measured here: this figure \(circumstances). \(hint.sentence)"
        let text = "needs \(hint.needs)"
        return .inline(html: "<span class=\"measure not-applicable\" title=\"\(HTML.escape(title))\">\(HTML.escape(text))</span>", text: text)
    }

    public func requiredWorkloads(_ directive: Directive) -> [String] {
        directive.value("workload", orPosition: 0).map { [$0.value] } ?? []
    }

    /// `1.94× ±0.05`, or with fixed decimals when `digits` is given.
    static func format(_ estimate: Estimate, unit: String, digits: Int?) -> String {
        guard let digits else { return Formatting.figure(estimate, unit: unit).text }
        let scaled = Formatting.scale(estimate.median, unit: unit)
        let spread = max(estimate.median - estimate.low, estimate.high - estimate.median, 0) * scaled.factor
        let value = Formatting.fixed(scaled.value, decimals: digits)
        let shown: String
        switch scaled.symbol {
        case "×": shown = value + "×"
        case "": shown = value
        case "%": shown = value + " %"
        default: shown = value + " " + scaled.symbol
        }
        return estimate.low == estimate.high ? shown : "\(shown) ±\(Formatting.fixed(spread, decimals: digits))"
    }

    static func metric(of directive: Directive) throws -> Metric {
        guard let argument = directive.argument("metric") else { return .median }
        guard let metric = Metric(rawValue: argument.value) else {
            let names = Metric.allCases.map(\.rawValue)
            let suggestion = Suggestion.prompt(for: argument.value, among: names)
            throw directive.error("unknown metric `\(argument.value)`; \(suggestion)known: \(names.joined(separator: ", "))", at: argument)
        }
        return metric
    }

    static func digits(of directive: Directive) throws -> Int? {
        guard let argument = directive.argument("digits") else { return nil }
        guard let digits = Int(argument.value), (0...6).contains(digits) else {
            throw directive.error("`digits` is a number of decimals from 0 to 6, not `\(argument.value)`", at: argument)
        }
        return digits
    }
}
