import SiteGenCore
import SiteGenResults
import SiteGenMeasure
import SiteGenRender
import SiteGenContent
/// The facts a claim's `when=` condition can test, taken from the results (the machine and
/// interpreter that measured, not necessarily the one building the site), and their evaluation.
///
/// | fact | type | example |
/// | --- | --- | --- |
/// | `effective_cpus` | number | `effective_cpus >= 2` |
/// | `logical_cpus` | number | `logical_cpus > 1` |
/// | `gil` | on/off | `gil == off`, bare `gil` means on |
/// | `free_threaded` | yes/no | `free_threaded`, `not free_threaded` |
/// | `start_method` | fork/forkserver/spawn (the default) | `start_method == fork` |
/// | `platform` | linux/darwin/win32 | `platform == linux` |
/// | `python` | version | `python >= 3.12` |
/// | `implementation` | cpython/pypy/… | `implementation == cpython` |
/// | `interpreter_pool` | yes/no | `interpreter_pool` |
/// | `affinity_cpus` | number | `affinity_cpus >= 2` (CPUs this process may run on) |
/// | `physical_cores` | number | `physical_cores >= 2` |
/// | `smt` | yes/no | `not smt` (two hardware threads share a core) |
/// | `thread_pool_default` | number | `thread_pool_default <= 8` (workers of `ThreadPoolExecutor()`) |
/// | `profile` | quick/standard/full | `profile != quick` |
public struct ClaimCondition: Sendable {
    /// A fact's value.
    public enum Value: Sendable, Equatable {
        case number(Double)
        case flag(Bool)
        case word(String)
        case version([Int])
    }

    public static let facts = ["effective_cpus", "logical_cpus", "affinity_cpus", "physical_cores", "smt", "gil", "free_threaded",
                               "start_method", "thread_pool_default", "platform", "python", "implementation", "interpreter_pool", "profile"]
    /// The facts that are yes/no (or on/off), and those compared as numbers.
    static let flagFacts = ["gil", "free_threaded", "interpreter_pool", "smt"]
    static let numericFacts = ["effective_cpus", "logical_cpus", "affinity_cpus", "physical_cores", "thread_pool_default", "python"]

    public var values: [String: Value]

    public init(values: [String: Value]) {
        self.values = values
    }

    /// The facts of the run that produced a results file.
    public init(results: ResultsFile) {
        let interpreter = results.interpreter
        let host = results.host
        var platform = interpreter.platform?.lowercased()
        if platform == nil {
            let os = host.os.lowercased()
            platform = os.contains("mac") || os.contains("darwin") ? "darwin" : os.contains("windows") ? "win32" : "linux"
        }
        values = [
            "effective_cpus": .number(Double(host.effectiveCPUs)),
            "logical_cpus": .number(Double(host.logicalCPUs)),
            // As the runs saw it: a free-threaded build whose GIL came back on while running counts as on.
            "gil": .flag(results.gilState != .off),
            "free_threaded": .flag(interpreter.freeThreadedBuild),
            "start_method": .word(interpreter.defaultStartMethod ?? "none"),
            "platform": .word(platform!),
            "python": .version(Versions.parts(interpreter.version)),
            "implementation": .word(interpreter.implementation.lowercased()),
            "interpreter_pool": .flag(interpreter.hasInterpreterPool),
            "affinity_cpus": .number(Double(host.affinityCPUs)),
            "physical_cores": .number(Double(host.physicalCores ?? host.logicalCPUs)),
            "smt": .flag(host.smt ?? false),
            "thread_pool_default": .number(Double(interpreter.threadPoolDefaultWorkers ?? min(32, host.effectiveCPUs + 4))),
            "profile": .word(results.profile.rawValue),
        ]
    }


    /// "applies when gil == off; here gil = on": a condition as written, and the facts it reads as they
    /// are on this machine. The one wording of a claim's and a figure's unmet condition.
    public func circumstances(of written: String, mentioned: [String]) -> String {
        let here = mentioned.map(describe).joined(separator: ", ")
        return "applies when \(written)" + (here.isEmpty ? "" : "; here \(here)")
    }

    /// How a fact reads in an explanation: "effective_cpus = 2", "gil = on".
    public func describe(_ fact: String) -> String {
        guard let value = values[fact] else { return fact }
        switch value {
        case let .number(number): return "\(fact) = \(Formatting.fixed(number, decimals: number == number.rounded() ? 0 : 2))"
        case let .flag(flag): return "\(fact) = \(fact == "gil" ? (flag ? "on" : "off") : (flag ? "yes" : "no"))"
        case let .word(word): return "\(fact) = \(word)"
        case let .version(parts): return "\(fact) = \(parts.map(String.init).joined(separator: "."))"
        }
    }

    /// The facts a condition mentions, in order, without repeats.
    public static func facts(in expression: ClaimExpression) -> [String] {
        var found: [String] = []
        func visit(_ node: ClaimExpression) {
            switch node {
            case let .name(name, _): if facts.contains(name), !found.contains(name) { found.append(name) }
            case let .comparison(_, lhs, _, _): visit(lhs)
            case let .and(lhs, rhs), let .or(lhs, rhs): visit(lhs); visit(rhs)
            case let .not(inner, _): visit(inner)
            default: break
            }
        }
        visit(expression)
        return found
    }

    // MARK: - Checking and evaluating

    /// Checks a parsed condition: facts on the left, values of the right kind on the right.
    static func check(_ expression: ClaimExpression) throws {
        if let call = expression.calls.first {
            throw ClaimError(offset: call.offset, "conditions test the machine, not measurements; put metric calls in expr=")
        }
        switch expression {
        case let .and(lhs, rhs), let .or(lhs, rhs):
            try check(lhs)
            try check(rhs)
        case let .not(inner, _):
            try check(inner)
        case let .name(name, offset):
            try fact(name, offset: offset)
            guard flagFacts.contains(name) else {
                throw ClaimError(offset: offset, "`\(name)` is not a yes/no fact; compare it, e.g. \(example(name))")
            }
        case let .comparison(op, lhs, rhs, offset):
            guard case let .name(name, nameOffset) = lhs else {
                throw ClaimError(offset: lhs.offset, "a condition compares a fact of the machine (\(facts.joined(separator: ", "))) with a value, fact first, e.g. effective_cpus >= 2")
            }
            try fact(name, offset: nameOffset)
            let numeric = numericFacts.contains(name)
            if !numeric && !["==", "!="].contains(op) {
                throw ClaimError(offset: offset, "`\(name)` can only be compared with == or !=, e.g. \(example(name))")
            }
            switch rhs {
            case .number:
                if !numeric { throw ClaimError(offset: rhs.offset, "`\(name)` is not a number; e.g. \(example(name))") }
            case let .name(value, valueOffset):
                if numeric { throw ClaimError(offset: valueOffset, "`\(name)` is compared with a number, e.g. \(example(name)); `\(value)` is not one") }
                if flagFacts.contains(name), flag(value) == nil {
                    throw ClaimError(offset: valueOffset, "`\(name)` is \(name == "gil" ? "on or off" : "yes or no"), not `\(value)`")
                }
            default:
                throw ClaimError(offset: rhs.offset, "compare `\(name)` with a plain value, e.g. \(example(name))")
            }
        case .call:
            throw ClaimError(offset: expression.offset, "conditions test the machine, not measurements; put metric calls in expr=")
        default:
            throw ClaimError(offset: expression.offset, "a condition is a test of a fact such as effective_cpus >= 2, gil == off or platform == linux")
        }
    }

    private static func fact(_ name: String, offset: Int) throws {
        guard facts.contains(name) else {
            let suggestion = Suggestion.prompt(for: name, among: facts)
            throw ClaimError(offset: offset, "unknown fact `\(name)`; \(suggestion)known: \(facts.joined(separator: ", "))")
        }
    }

    private static func example(_ fact: String) -> String {
        ["effective_cpus": "effective_cpus >= 2", "logical_cpus": "logical_cpus >= 4", "gil": "gil == off",
         "free_threaded": "free_threaded == yes", "start_method": "start_method == fork", "platform": "platform == linux",
         "python": "python >= 3.12", "implementation": "implementation == cpython", "interpreter_pool": "interpreter_pool == yes",
         "affinity_cpus": "affinity_cpus >= 2", "physical_cores": "physical_cores >= 2", "smt": "smt == no",
         "thread_pool_default": "thread_pool_default <= 8", "profile": "profile != quick"][fact] ?? fact
    }

    static func flag(_ word: String) -> Bool? {
        switch word.lowercased() {
        case "on", "yes", "true", "1", "enabled": return true
        case "off", "no", "false", "0", "disabled": return false
        default: return nil
        }
    }

    /// Whether a checked condition holds for these facts; a condition deeper than the parser allows
    /// (`ClaimParser.maximumDepth`) is not walked and does not hold.
    public func evaluate(_ expression: ClaimExpression) -> Bool {
        expression.depth <= ClaimParser.maximumDepth && holds(expression)
    }

    private func holds(_ expression: ClaimExpression) -> Bool {
        switch expression {
        case let .and(lhs, rhs): return holds(lhs) && holds(rhs)
        case let .or(lhs, rhs): return holds(lhs) || holds(rhs)
        case let .not(inner, _): return !holds(inner)
        case let .name(name, _):
            if case let .flag(flag)? = values[name] { return flag }
            return false
        case let .comparison(op, .name(name, _), rhs, _):
            guard let value = values[name] else { return false }
            switch (value, rhs) {
            case let (.number(number), .number(threshold, _, _)):
                return Self.compare(op, number < threshold ? -1 : number > threshold ? 1 : 0)
            case let (.version(parts), .number(_, text, _)):
                return Self.compare(op, Self.order(parts, Versions.parts(text)))
            case let (.flag(flag), .name(word, _)):
                guard let wanted = Self.flag(word) else { return false }
                return Self.compare(op, flag == wanted ? 0 : 1)
            case let (.word(word), .name(wanted, _)):
                return Self.compare(op, word == Self.canonicalWord(wanted) ? 0 : 1)
            default:
                return false
            }
        default:
            return false
        }
    }

    private static func canonicalWord(_ word: String) -> String {
        switch word.lowercased() {
        case "macos", "mac": return "darwin"
        case "windows": return "win32"
        default: return word.lowercased()
        }
    }

    /// Compares versions part by part, missing parts counting as equal (3.12 == 3.12.4).
    private static func order(_ a: [Int], _ b: [Int]) -> Int {
        for index in 0..<min(a.count, b.count) where a[index] != b[index] {
            return a[index] < b[index] ? -1 : 1
        }
        return 0
    }

    private static func compare(_ op: String, _ order: Int) -> Bool {
        switch op {
        case "<": return order < 0
        case "<=": return order <= 0
        case ">": return order > 0
        case ">=": return order >= 0
        case "==": return order == 0
        case "!=": return order != 0
        default: return false
        }
    }
}
