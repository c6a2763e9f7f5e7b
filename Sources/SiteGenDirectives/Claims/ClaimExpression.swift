import SiteGenCore
import SiteGenResults
import SiteGenMeasure
import SiteGenRender
import SiteGenContent
/// A parsed claim expression or condition. Offsets count Unicode scalars from the start of the text.
///
/// The grammar (see `ClaimParser`) is shared by `expr=` and `when=`; what may appear where is checked
/// after parsing (`ClaimParser.parseClaim` and `parseCondition`).
public indirect enum ClaimExpression: Sendable, Equatable {
    case number(Double, text: String, offset: Int)
    /// A bare name: a fact (`effective_cpus`) or a value (`fork`, `on`) in a condition.
    case name(String, offset: Int)
    case call(MetricCall)
    case negate(ClaimExpression, offset: Int)
    case arithmetic(String, ClaimExpression, ClaimExpression, offset: Int)
    case comparison(String, ClaimExpression, ClaimExpression, offset: Int)
    case and(ClaimExpression, ClaimExpression)
    case or(ClaimExpression, ClaimExpression)
    case not(ClaimExpression, offset: Int)

    /// Where the expression starts in the text.
    public var offset: Int {
        switch self {
        case let .number(_, _, offset), let .name(_, offset), let .negate(_, offset), let .not(_, offset): return offset
        case let .call(call): return call.offset
        case let .arithmetic(_, lhs, _, _), let .comparison(_, lhs, _, _), let .and(lhs, _), let .or(lhs, _): return lhs.offset
        }
    }

    /// Whether it yields a verdict (a comparison or a logical combination) rather than a number.
    public var isCondition: Bool {
        switch self {
        case .comparison, .and, .or, .not: return true
        default: return false
        }
    }

    /// How many levels the tree has (a number is 1), found without recursion so that an expression
    /// that did not come from the parser can be measured before anything walks it.
    public var depth: Int {
        var deepest = 0
        var pending: [(ClaimExpression, Int)] = [(self, 1)]
        while let (node, level) = pending.popLast() {
            deepest = max(deepest, level)
            switch node {
            case .number, .name, .call: break
            case let .negate(inner, _), let .not(inner, _): pending.append((inner, level + 1))
            case let .arithmetic(_, lhs, rhs, _), let .comparison(_, lhs, rhs, _), let .and(lhs, rhs), let .or(lhs, rhs):
                pending.append((lhs, level + 1))
                pending.append((rhs, level + 1))
            }
        }
        return deepest
    }

    /// Every metric call, left to right.
    public var calls: [MetricCall] {
        switch self {
        case .number, .name: return []
        case let .call(call): return [call]
        case let .negate(inner, _), let .not(inner, _): return inner.calls
        case let .arithmetic(_, lhs, rhs, _), let .comparison(_, lhs, rhs, _), let .and(lhs, rhs), let .or(lhs, rhs):
            return lhs.calls + rhs.calls
        }
    }
}

/// `speedup(cpu_python, variant=loop, model=threads, workers=4)`: one metric of one measured cell.
public struct MetricCall: Sendable, Equatable {
    /// One `key=value` argument.
    public struct Argument: Sendable, Equatable {
        public var key: String
        public var value: String
        public var keyOffset: Int
        public var valueOffset: Int
    }

    public var metric: Metric
    /// The function as written (`median`, `speedup`, …) and where.
    public var offset: Int
    public var workload: String
    public var workloadOffset: Int
    public var arguments: [Argument]

    /// The keys a call takes (`name` only for `metric`).
    public static let keys = ["variant", "model", "start", "workers", "name"]

    public func argument(_ key: String) -> Argument? { arguments.first { $0.key == key } }

    /// The cell the call names, as a results-index selector.
    public var selector: ResultsIndex.Selector {
        ResultsIndex.Selector(workload: workload, variant: argument("variant")?.value, model: argument("model")?.value,
                              startMethod: argument("start")?.value, workers: argument("workers")?.value)
    }

    /// Where a selector field's value is written, for lookup errors; the call itself when absent.
    public func offset(ofField field: String) -> Int {
        switch field {
        case "workload": return workloadOffset
        case "start": return argument("start")?.valueOffset ?? offset
        default: return argument(field)?.valueOffset ?? offset
        }
    }
}
