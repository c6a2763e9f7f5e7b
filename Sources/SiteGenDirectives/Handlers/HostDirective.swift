import SiteGenCore
import SiteGenResults
import SiteGenMeasure
import SiteGenRender
import SiteGenContent
/// `{{< host FACT >}}`: a fact about the machine that built the site, such as its effective CPUs, or
/// about the measurement run on it (rounds, extra rounds, contaminated runs).
struct HostDirective: DirectiveHandler {
    public let name = "host"
    public let usage = "{{< host effective_cpus >}} (facts: \(HostDirective.facts.joined(separator: ", ")))"

    /// The facts the directive can show, in the order the reference page lists them.
    public static let facts = ["cpu_model", "logical_cpus", "physical_cores", "effective_cpus", "memory",
                               "os", "kernel", "architecture", "virtualization", "python", "python_path", "temp_filesystem", "thread_pool_default",
                               "rounds", "extra_seconds", "extra_budget", "contaminated_runs", "reruns", "worst_contamination"]

    public init() {}

    public func resolve(_ directive: Directive, in context: DirectiveContext) throws -> DirectiveValue {
        try directive.validate(named: ["fact"], maxPositional: 1, usage: usage)
        guard let argument = directive.value("fact", orPosition: 0) else {
            throw directive.error("`host` needs a fact; usage: \(usage)")
        }
        let host = context.host
        switch argument.value {
        case "cpu_model": return .text(host.cpuModel)
        case "logical_cpus": return .text(String(host.logicalCPUs))
        case "physical_cores": return .text(host.physicalCores.map(String.init) ?? "unknown")
        case "effective_cpus": return .text(String(host.effectiveCPUs))
        case "memory": return .text(host.memoryDescription)
        case "os": return .text(host.os)
        case "kernel": return .text(host.kernel)
        case "architecture": return .text(host.architecture)
        case "virtualization": return .text(host.virtualization ?? "none detected")
        case "python", "python_path":
            do {
                let python = try context.python.facts()
                return .text(argument.value == "python" ? python.name : python.executable)
            } catch let error as DiagnosticError {
                let reason = error.diagnostics.first?.message ?? "python3 could not be run"
                var positioned = directive.error("\(reason)", at: argument)
                // No usable interpreter is the machine's problem, not the page's (exit 2).
                positioned.isEnvironmental = true
                throw positioned
            }
        case "thread_pool_default":
            // What ThreadPoolExecutor() picked for the interpreter that measured: min(32, CPUs + 4),
            // CPUs by affinity from 3.13. Older results don't record it.
            return .text(context.results?.results.interpreter.threadPoolDefaultWorkers.map(String.init) ?? "not recorded")
        case "temp_filesystem":
            // What the measuring interpreter's temporary folder was on; results from before it was
            // recorded, and systems without /proc/self/mounts, don't say.
            return .text(context.results?.results.interpreter.tempFilesystem ?? "not recorded")
        case "rounds", "extra_seconds", "extra_budget", "contaminated_runs", "reruns", "worst_contamination":
            // Results written before schema 2, or a build without measurements, don't say.
            guard let run = context.results?.results.adaptation else { return .text("not recorded") }
            switch argument.value {
            case "rounds": return .text(String(run.rounds))
            case "extra_seconds": return .text(Formatting.fixed(run.extraSeconds, decimals: 0) + " s")
            case "extra_budget": return .text(Formatting.fixed(run.extraBudgetSeconds, decimals: 0) + " s")
            case "contaminated_runs": return .text(String(run.contaminatedRuns))
            case "reruns": return .text(String(run.reruns))
            default: return .text(Formatting.fixed(run.worstContaminationShare * 100, decimals: 0) + " %")
            }
        default:
            let suggestion = Suggestion.prompt(for: argument.value, among: Self.facts)
            throw directive.error("unknown host fact `\(argument.value)`; \(suggestion)known facts: \(Self.facts.joined(separator: ", "))", at: argument)
        }
    }
}
