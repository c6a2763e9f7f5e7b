/// Evaluates a claim over a results index with interval arithmetic.
///
/// Every metric is an interval [low, high] around its median; arithmetic combines intervals
/// conservatively (a − b = [a.low − b.high, a.high − b.low], and so on). A comparison *holds* when it
/// holds for the whole of both intervals, is *contradicted* when it fails for the whole of them, and is
/// *inconclusive* when they straddle it. `==` means "no measurable difference" (the intervals overlap)
/// and `!=` a measurable one. `and`, `or` and `not` combine verdicts three-valued: one contradicted part
/// contradicts an `and`, one holding part makes an `or` hold.
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
        public var measurement: Measurement
        /// Nil when the cell failed, timed out, was unavailable, or lacks the samples.
        public var estimate: Estimate?
        public var unit: String
    }

    /// One comparison's outcome, for the evidence shown under the claim.
    public struct Comparison: Sendable, Equatable {
        public var op: String
        public var lhs: ClaimExpression
        public var rhs: ClaimExpression
        public var left: Quantity?
        public var right: Quantity?
        public var verdict: ClaimVerdict
    }

    /// The verdict with what led to it.
    public struct Evaluation: Sendable, Equatable {
        public var verdict: ClaimVerdict
        public var comparisons: [Comparison]
        /// Each call's cell, by the call's offset in the expression.
        public var calls: [Int: ResolvedCall]
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
                        let suggestion = Suggestion.closest(to: name.value, among: names).map { "did you mean `\($0)`? " } ?? ""
                        throw ClaimError(offset: name.valueOffset, "`\(Formatting.cellLabel(measurement))` reports no `\(name.value)`; \(suggestion)it reports: \(names.isEmpty ? "nothing besides its metric" : names.joined(separator: ", "))")
                    }
                }
                let estimate = call.metric.estimate(of: measurement, in: index, extra: call.argument("name")?.value)
                let unit = call.argument("name").map { Formatting.unit(ofExtra: $0.value) } ?? call.metric.unit(of: measurement)
                resolved[call.offset] = ResolvedCall(call: call, measurement: measurement, estimate: estimate, unit: unit)
            }
        }
        return resolved
    }

    /// Evaluates a checked claim expression.
    public func evaluate(_ expression: ClaimExpression) throws -> Evaluation {
        let calls = try resolve(expression)
        var comparisons: [Comparison] = []
        let verdict = verdictOf(expression, calls: calls, comparisons: &comparisons)
        return Evaluation(verdict: verdict, comparisons: comparisons, calls: calls)
    }

    private func verdictOf(_ expression: ClaimExpression, calls: [Int: ResolvedCall], comparisons: inout [Comparison]) -> ClaimVerdict {
        switch expression {
        case let .and(lhs, rhs):
            return ClaimVerdict.and(verdictOf(lhs, calls: calls, comparisons: &comparisons), verdictOf(rhs, calls: calls, comparisons: &comparisons))
        case let .or(lhs, rhs):
            return ClaimVerdict.or(verdictOf(lhs, calls: calls, comparisons: &comparisons), verdictOf(rhs, calls: calls, comparisons: &comparisons))
        case let .not(inner, _):
            return verdictOf(inner, calls: calls, comparisons: &comparisons).negated
        case let .comparison(op, lhs, rhs, _):
            let left = Self.value(lhs, calls: calls), right = Self.value(rhs, calls: calls)
            let verdict = left.flatMap { l in right.map { r in Self.compare(op, l, r) } } ?? .inconclusive
            comparisons.append(Comparison(op: op, lhs: lhs, rhs: rhs, left: left, right: right, verdict: verdict))
            return verdict
        default:
            return .inconclusive
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
