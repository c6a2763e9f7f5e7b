import Foundation
import SiteGenCore
import SiteGenResults

/// What went wrong with workloads, as diagnostics at their modules: modules the harness left out of
/// the catalogue (a user's module that doesn't import, lacks `VARIANTS`, gives bad sizes or takes a
/// name in use), and cells that failed (at the line of the traceback) or timed out (at the module).
public enum WorkloadProblems {
    /// The catalogue's left-out modules; those of `referenced` workloads (or all, when nil) as errors,
    /// the others as warnings.
    public static func modules(_ catalogue: Catalogue, referenced: [String]? = nil) -> [Diagnostic] {
        (catalogue.problems ?? []).map { problem in
            let needed = referenced.map { names in problem.workload.map(names.contains) ?? false } ?? true
            return problem.diagnostic(needed ? .error : .warning)
        }
    }

    /// The cells of `results` that failed or timed out.
    public static func cells(in results: ResultsFile, catalogue: Catalogue?, folder: WorkloadFolder,
                             severity: Diagnostic.Severity) -> [Diagnostic] {
        results.measurements.filter { $0.status == .failed || $0.status == .timeout }.map { measurement in
            let module = catalogue?.workload(named: measurement.workload).map(folder.modulePath(of:))
            return measurement.problemDiagnostic(severity, module: module)
        }
    }
}
