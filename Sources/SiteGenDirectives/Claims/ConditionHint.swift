import SiteGenCore
import SiteGenResults

/// What a reader needs to see a claim or figure that does not apply here: the parts of a `when=`
/// condition that are false on this machine, in words, and the command that would measure them.
///
/// "It needs a free-threaded build: build the guide with one to see it, e.g. `sitegen build --python
/// python3.14t`." A condition on the machine (CPUs, platform) can't be met by another interpreter, so
/// its hint says to build on such a machine instead.
public struct ConditionHint: Sendable, Equatable {
    /// "a free-threaded build and at least 2 usable CPUs".
    public var needs: String
    /// A command that measures with an interpreter or profile that meets the condition, where one can.
    public var command: String?
    /// Whether part of what is missing is the machine itself (CPUs, platform, cores).
    public var needsOtherMachine: Bool

    /// The hint for a condition that is false with these facts; nil when it holds.
    public init?(condition: ClaimExpression, facts: ClaimCondition) {
        guard !facts.evaluate(condition) else { return nil }
        let missing = Self.failing(condition, facts: facts, negated: false)
        guard !missing.isEmpty else { return nil }
        needs = Self.joined(missing.map(\.phrase))
        command = missing.compactMap(\.command).first
        needsOtherMachine = missing.contains { $0.machine }
    }

    /// The hint in three runs, the command apart so that HTML can set it as code: "It needs a
    /// free-threaded build: to see it, build the guide with ", the command, ".".
    public var parts: (lead: String, command: String?, end: String) {
        let lead = "It needs \(needs)"
        guard let command else { return (lead + (needsOtherMachine ? ": build the guide on such a machine to see it." : "."), nil, "") }
        return (lead + (needsOtherMachine ? ": to see it, build the guide on such a machine with " : ": to see it, build the guide with "), command, ".")
    }

    /// The hint as one sentence: "It needs a free-threaded build: to see it, build the guide with
    /// `sitegen build --python python3.14t`."
    public var sentence: String {
        let parts = parts
        return parts.lead + (parts.command.map { "`\($0)`" } ?? "") + parts.end
    }

    // MARK: - Requirements

    /// One thing the condition asks for that this machine lacks.
    struct Requirement: Equatable {
        var phrase: String
        var command: String?
        var machine: Bool
    }

    /// The requirements behind a false condition: for `and`, its false parts; for `or`, each part
    /// (any one would do, so they are offered together).
    static func failing(_ expression: ClaimExpression, facts: ClaimCondition, negated: Bool) -> [Requirement] {
        switch expression {
        case let .and(lhs, rhs) where !negated, let .or(lhs, rhs) where negated:
            return [lhs, rhs].filter { facts.evaluate($0) == negated }.flatMap { failing($0, facts: facts, negated: negated) }
        case let .or(lhs, rhs), let .and(lhs, rhs):
            let options = failing(lhs, facts: facts, negated: negated) + failing(rhs, facts: facts, negated: negated)
            guard options.count > 1 else { return options }
            return [Requirement(phrase: options.map(\.phrase).joined(separator: " or "), command: options.compactMap(\.command).first,
                                machine: options.allSatisfy(\.machine))]
        case let .not(inner, _):
            return failing(inner, facts: facts, negated: !negated)
        case let .name(name, _):
            return [requirement(fact: name, wantsYes: !negated)]
        case let .comparison(op, .name(name, _), rhs, _):
            return [requirement(fact: name, op: negated ? inverse(op) : op, value: rhs)]
        default:
            return []
        }
    }

    static func requirement(fact: String, wantsYes: Bool) -> Requirement {
        switch (fact, wantsYes) {
        case ("gil", true): return Requirement(phrase: "a build with the GIL", command: "sitegen build --python python3.13", machine: false)
        case ("gil", false), ("free_threaded", true):
            return Requirement(phrase: fact == "gil" ? "the GIL off" : "a free-threaded build",
                               command: "sitegen build --python python3.14t", machine: false)
        case ("free_threaded", false): return Requirement(phrase: "a standard build, with the GIL", command: "sitegen build --python python3.13", machine: false)
        case ("interpreter_pool", true):
            return Requirement(phrase: "Python 3.14 or newer (InterpreterPoolExecutor)", command: "sitegen build --python python3.14", machine: false)
        case ("interpreter_pool", false): return Requirement(phrase: "Python older than 3.14", command: "sitegen build --python python3.13", machine: false)
        case ("smt", true): return Requirement(phrase: "cores that run two hardware threads each (SMT)", command: nil, machine: true)
        default: return Requirement(phrase: "no \(fact.replacingOccurrences(of: "_", with: " "))", command: nil, machine: true)
        }
    }

    static func requirement(fact: String, op: String, value: ClaimExpression) -> Requirement {
        let word: String
        switch value {
        case let .number(_, text, _): word = text
        case let .name(name, _): word = name
        default: word = "?"
        }
        if ClaimCondition.flagFacts.contains(fact), let wanted = ClaimCondition.flag(word) {
            return requirement(fact: fact, wantsYes: (op == "==") == wanted)
        }
        let relation = ["<": "fewer than", "<=": "at most", ">": "more than", ">=": "at least", "==": "exactly", "!=": "other than"][op] ?? op
        switch fact {
        case "effective_cpus", "logical_cpus", "affinity_cpus", "physical_cores":
            let noun = ["effective_cpus": "usable CPUs", "logical_cpus": "logical CPUs", "affinity_cpus": "CPUs in its affinity set",
                        "physical_cores": "physical cores"][fact]!
            return Requirement(phrase: "\(relation) \(word) \(noun)", command: nil, machine: true)
        case "thread_pool_default":
            return Requirement(phrase: "a default thread pool of \(relation) \(word) workers", command: nil, machine: true)
        case "python":
            let versionWord = ["<": "older than", "<=": "at most", ">": "newer than", ">=": "", "==": "", "!=": "other than"][op] ?? op
            let phrase = op == ">=" ? "Python \(word) or newer" : "Python \(versionWord.isEmpty ? "" : versionWord + " ")\(word)"
            let command = op == ">=" || op == "==" ? "sitegen build --python python\(word)" : nil
            return Requirement(phrase: phrase, command: command, machine: false)
        case "platform":
            let names = ["linux": "Linux", "darwin": "macOS", "win32": "Windows"]
            let name = names[word.lowercased()] ?? word
            return Requirement(phrase: op == "!=" ? "a system other than \(name)" : name, command: nil, machine: true)
        case "start_method":
            return Requirement(phrase: op == "!=" ? "a default start method other than \(word)" : "\(word) as the default start method",
                               command: nil, machine: true)
        case "profile":
            return Requirement(phrase: op == "!=" ? "a profile other than \(word)" : "the \(word) profile",
                               command: op == "==" ? "sitegen build --profile \(word)" : "sitegen build --profile standard", machine: false)
        default:
            return Requirement(phrase: "\(fact) \(op) \(word)", command: nil, machine: false)
        }
    }

    static func inverse(_ op: String) -> String {
        ["<": ">=", "<=": ">", ">": "<=", ">=": "<", "==": "!=", "!=": "=="][op] ?? op
    }

    /// "a, b and c".
    static func joined(_ phrases: [String]) -> String {
        guard phrases.count > 1 else { return phrases.first ?? "" }
        return phrases.dropLast().joined(separator: ", ") + " and " + phrases.last!
    }
}
