import SiteGenCore
import SiteGenResults
import SiteGenMeasure
import SiteGenRender
import SiteGenContent
/// Evaluates a claim over a results index, round by round (`DecisionRule`).
///
/// Each comparison is computed in every round in which all of its cells ran — both sides from that
/// round's samples — and decided by the interval of the median difference between its sides: it
/// *holds* when the whole interval lies on its side of zero, is *contradicted* when the whole interval
/// lies on the other, and is *inconclusive* otherwise, or with too few rounds to decide. `==` means "no
/// measurable difference" (the interval contains zero) and `!=` a measurable one. `and`, `or` and `not`
/// combine verdicts three-valued: one contradicted part contradicts an `and`, one holding part makes
/// an `or` hold.
///
/// The figures shown beside a verdict are each cell's own median with its interval, and arithmetic on
/// them combines intervals conservatively (a − b = [a.low − b.high, a.high − b.low], and so on).
public struct ClaimEvaluator: Sendable {
    /// A number with its interval; `unit` nil for a plain number written in the claim.
    public struct Quantity: Sendable, Equatable {
        public var median: Double
        public var low: Double
        public var high: Double
        public var unit: String?

        public init(median: Double, low: Double, high: Double, unit: String?) {
            self.median = median
            self.low = low
            self.high = high
            self.unit = unit
        }

        public var estimate: Estimate { Estimate(median: median, low: low, high: high, confidence: 1) }
    }

    /// A metric call resolved to its cell.
    public struct ResolvedCall: Sendable, Equatable {
        public var call: MetricCall
        public var measurement: SiteGenResults.Measurement
        /// Nil when the cell failed, timed out, was unavailable, or lacks the samples.
        public var estimate: Estimate?
        public var unit: String
        /// The figure round by round (round → value); nil when the cell has no samples.
        public var rounds: [Int: Double]?
    }

    /// One comparison's outcome, for the evidence shown under the claim.
    public struct Comparison: Sendable, Equatable {
        public var op: String
        public var lhs: ClaimExpression
        public var rhs: ClaimExpression
        public var left: Quantity?
        public var right: Quantity?
        public var verdict: ClaimVerdict
        /// The paired rounds the decision used, and in how many of them the comparison held.
        public var rounds: Int = 0
        public var agreeing: Int = 0
        /// The interval of the median of `lhs − rhs` over those rounds; nil with too few rounds.
        public var difference: Estimate?
        /// How far the worst end of that interval lies beyond the threshold, relative to the threshold
        /// (the median of `rhs`, or of `lhs` when that is zero): 0.2 means it holds with 20 % to spare;
        /// negative when it doesn't hold. `negatedMargin` is the same for the comparison's opposite
        /// (under a `not`). Nil for `==`, `!=` and without a decision interval.
        public var margin: Double?
        public var negatedMargin: Double?
    }

    /// The verdict with what led to it.
    public struct Evaluation: Sendable, Equatable {
        public var verdict: ClaimVerdict
        public var comparisons: [Comparison]
        /// Each call's cell, by the call's offset in the expression.
        public var calls: [Int: ResolvedCall]
        /// The claim's margin: the smallest of its comparisons' under `and`, the largest under `or`
        /// (see `Comparison.margin`); nil when a comparison has none.
        public var margin: Double?
    }

    public let index: ResultsIndex

    public init(index: ResultsIndex) {
        self.index = index
    }

    /// Looks up every metric call's cell, throwing the first unknown workload, variant, model, start
    /// method or worker count at its offset.
    public func resolve(_ expression: ClaimExpression) throws -> [Int: ResolvedCall] {
        var resolved: [Int: ResolvedCall] = [:]
        for call in expression.calls {
            switch index.find(call.selector) {
            case let .failure(error):
                throw ClaimError(offset: call.offset(ofField: error.field), error.message)
            case let .success(measurement):
                if let name = call.argument("name") {
                    let names = Array(measurement.extra.keys).sorted()
                    if measurement.status == .ok, !names.contains(name.value) {
                        let suggestion = Suggestion.prompt(for: name.value, among: names)
                        throw ClaimError(offset: name.valueOffset, "`\(Formatting.cellLabel(measurement))` reports no `\(name.value)`; \(suggestion)it reports: \(names.isEmpty ? "nothing besides its metric" : names.joined(separator: ", "))")
                    }
                }
                let estimate = call.metric.estimate(of: measurement, in: index, extra: call.argument("name")?.value)
                let unit = call.argument("name").map { Formatting.unit(ofExtra: $0.value) } ?? call.metric.unit(of: measurement)
                let rounds = call.metric.rounds(of: measurement, in: index, extra: call.argument("name")?.value)
                resolved[call.offset] = ResolvedCall(call: call, measurement: measurement, estimate: estimate, unit: unit, rounds: rounds)
            }
        }
        return resolved
    }

    /// Evaluates a checked claim expression.
    ///
    /// The evaluation recurses over the tree, so a tree deeper than the parser allows is refused
    /// rather than walked (`ClaimParser.maximumDepth`).
    public func evaluate(_ expression: ClaimExpression) throws -> Evaluation {
        guard expression.depth <= ClaimParser.maximumDepth else {
            throw ClaimError(offset: expression.offset, "the expression is more than \(ClaimParser.maximumDepth) levels deep; split the claim into several")
        }
        let calls = try resolve(expression)
        var comparisons: [Comparison] = []
        let outcome = verdictOf(expression, calls: calls, comparisons: &comparisons)
        return Evaluation(verdict: outcome.verdict, comparisons: comparisons, calls: calls, margin: outcome.margin)
    }

    /// A part's verdict with its margin and its negation's margin (for `not`, by De Morgan).
    private typealias Outcome = (verdict: ClaimVerdict, margin: Double?, negatedMargin: Double?)

    private func verdictOf(_ expression: ClaimExpression, calls: [Int: ResolvedCall], comparisons: inout [Comparison]) -> Outcome {
        func both(_ a: Double?, _ b: Double?, _ pick: (Double, Double) -> Double) -> Double? {
            guard let a, let b else { return nil }
            return pick(a, b)
        }
        switch expression {
        case let .and(lhs, rhs):
            let a = verdictOf(lhs, calls: calls, comparisons: &comparisons), b = verdictOf(rhs, calls: calls, comparisons: &comparisons)
            return (ClaimVerdict.and(a.verdict, b.verdict), both(a.margin, b.margin, min), both(a.negatedMargin, b.negatedMargin, max))
        case let .or(lhs, rhs):
            let a = verdictOf(lhs, calls: calls, comparisons: &comparisons), b = verdictOf(rhs, calls: calls, comparisons: &comparisons)
            return (ClaimVerdict.or(a.verdict, b.verdict), both(a.margin, b.margin, max), both(a.negatedMargin, b.negatedMargin, min))
        case let .not(inner, _):
            let a = verdictOf(inner, calls: calls, comparisons: &comparisons)
            return (a.verdict.negated, a.negatedMargin, a.margin)
        case let .comparison(op, lhs, rhs, _):
            let comparison = Self.decide(op, lhs, rhs, calls: calls)
            comparisons.append(comparison)
            return (comparison.verdict, comparison.margin, comparison.negatedMargin)
        default:
            return (.inconclusive, nil, nil)
        }
    }

    /// One comparison decided over its paired rounds (`DecisionRule`), with its figures for display.
    static func decide(_ op: String, _ lhs: ClaimExpression, _ rhs: ClaimExpression, calls: [Int: ResolvedCall]) -> Comparison {
        let left = value(lhs, calls: calls), right = value(rhs, calls: calls)
        var comparison = Comparison(op: op, lhs: lhs, rhs: rhs, left: left, right: right, verdict: .inconclusive)
        guard let left, let right else { return comparison }
        let callsUsed = lhs.calls + rhs.calls
        guard !callsUsed.isEmpty else {
            // Two numbers written in the claim: no measurement, no uncertainty.
            comparison.verdict = compare(op, left, right)
            return comparison
        }
        // The rounds in which every cell the comparison reads has a sample, in order.
        var shared: Set<Int>?
        for call in callsUsed {
            guard let rounds = calls[call.offset]?.rounds else { return comparison }
            shared = shared.map { $0.intersection(rounds.keys) } ?? Set(rounds.keys)
        }
        let available = (shared ?? []).sorted()
        guard let used = DecisionRule.roundsUsed(available: available.count) else {
            comparison.rounds = available.count
            return comparison
        }
        let rounds = Array(available.prefix(used))
        let pairs = rounds.compactMap { round -> (Double, Double)? in
            guard let a = scalar(lhs, round: round, calls: calls), let b = scalar(rhs, round: round, calls: calls), a.isFinite, b.isFinite else { return nil }
            return (a, b)
        }
        comparison.rounds = pairs.count
        comparison.agreeing = pairs.filter { holds(op, $0.0, $0.1) }.count
        let differences = pairs.map { $0.0 - $0.1 }
        guard pairs.count == rounds.count, let interval = DecisionRule.interval(ofDifferences: differences) else { return comparison }
        comparison.difference = interval
        let lo = interval.low, hi = interval.high
        switch op {
        case "<": comparison.verdict = hi < 0 ? .holds : (lo >= 0 ? .contradicted : .inconclusive)
        case "<=": comparison.verdict = hi <= 0 ? .holds : (lo > 0 ? .contradicted : .inconclusive)
        case ">": comparison.verdict = lo > 0 ? .holds : (hi <= 0 ? .contradicted : .inconclusive)
        case ">=": comparison.verdict = lo >= 0 ? .holds : (hi < 0 ? .contradicted : .inconclusive)
        case "==": comparison.verdict = lo <= 0 && hi >= 0 ? .holds : .contradicted
        case "!=": comparison.verdict = lo <= 0 && hi >= 0 ? .contradicted : .holds
        default: break
        }
        // The threshold's size, for a relative margin: the reference side's median over the rounds.
        let scale = [Statistics.median(pairs.map(\.1)), Statistics.median(pairs.map(\.0))].map(abs).first { $0 > 0 }
        if let scale {
            switch op {
            case "<", "<=": comparison.margin = -hi / scale; comparison.negatedMargin = lo / scale
            case ">", ">=": comparison.margin = lo / scale; comparison.negatedMargin = -hi / scale
            default: break
            }
        }
        return comparison
    }

    /// Whether a comparison holds between two plain numbers.
    static func holds(_ op: String, _ a: Double, _ b: Double) -> Bool {
        switch op {
        case "<": return a < b
        case "<=": return a <= b
        case ">": return a > b
        case ">=": return a >= b
        case "==": return a == b
        case "!=": return a != b
        default: return false
        }
    }

    /// The value of a numeric expression in one round; nil when a cell it needs has no sample there.
    static func scalar(_ expression: ClaimExpression, round: Int, calls: [Int: ResolvedCall]) -> Double? {
        switch expression {
        case let .number(number, _, _): return number
        case let .call(call): return calls[call.offset]?.rounds?[round]
        case let .negate(inner, _): return scalar(inner, round: round, calls: calls).map { -$0 }
        case let .arithmetic(op, lhs, rhs, _):
            guard let a = scalar(lhs, round: round, calls: calls), let b = scalar(rhs, round: round, calls: calls) else { return nil }
            switch op {
            case "+": return a + b
            case "-": return a - b
            case "*": return a * b
            default: return b == 0 ? nil : a / b
            }
        default: return nil
        }
    }

    /// The interval of a numeric expression; nil when a cell it needs has no estimate.
    public static func value(_ expression: ClaimExpression, calls: [Int: ResolvedCall]) -> Quantity? {
        switch expression {
        case let .number(number, _, _):
            return Quantity(median: number, low: number, high: number, unit: nil)
        case let .call(call):
            guard let resolved = calls[call.offset], let estimate = resolved.estimate else { return nil }
            return Quantity(median: estimate.median, low: min(estimate.low, estimate.median), high: max(estimate.high, estimate.median),
                            unit: resolved.unit)
        case let .negate(inner, _):
            guard let q = value(inner, calls: calls) else { return nil }
            return Quantity(median: -q.median, low: -q.high, high: -q.low, unit: q.unit)
        case let .arithmetic(op, lhs, rhs, _):
            guard let a = value(lhs, calls: calls), let b = value(rhs, calls: calls) else { return nil }
            return combine(op, a, b)
        default:
            return nil
        }
    }

    static func combine(_ op: String, _ a: Quantity, _ b: Quantity) -> Quantity {
        switch op {
        case "+":
            return Quantity(median: a.median + b.median, low: a.low + b.low, high: a.high + b.high, unit: a.unit ?? b.unit)
        case "-":
            return Quantity(median: a.median - b.median, low: a.low - b.high, high: a.high - b.low, unit: a.unit ?? b.unit)
        case "*":
            let products = [a.low * b.low, a.low * b.high, a.high * b.low, a.high * b.high]
            let unit: String? = a.unit == nil ? b.unit : (b.unit == nil ? a.unit : "")
            return Quantity(median: a.median * b.median, low: products.min()!, high: products.max()!, unit: unit)
        default:
            let unit: String? = b.unit == nil ? a.unit : (a.unit == b.unit ? "×" : "")
            guard b.low > 0 || b.high < 0 else {
                // The divisor's interval contains zero: the quotient could be anything.
                return Quantity(median: b.median == 0 ? .nan : a.median / b.median, low: -.infinity, high: .infinity, unit: unit)
            }
            let quotients = [a.low / b.low, a.low / b.high, a.high / b.low, a.high / b.high]
            return Quantity(median: a.median / b.median, low: quotients.min()!, high: quotients.max()!, unit: unit)
        }
    }

    /// A comparison over two intervals.
    public static func compare(_ op: String, _ a: Quantity, _ b: Quantity) -> ClaimVerdict {
        let overlap = a.low <= b.high && b.low <= a.high
        switch op {
        case "<": return a.high < b.low ? .holds : (a.low >= b.high ? .contradicted : .inconclusive)
        case "<=": return a.high <= b.low ? .holds : (a.low > b.high ? .contradicted : .inconclusive)
        case ">": return a.low > b.high ? .holds : (a.high <= b.low ? .contradicted : .inconclusive)
        case ">=": return a.low >= b.high ? .holds : (a.high < b.low ? .contradicted : .inconclusive)
        case "==": return overlap ? .holds : .contradicted
        case "!=": return overlap ? .contradicted : .holds
        default: return .inconclusive
        }
    }
}
