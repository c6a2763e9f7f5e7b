import Foundation

/// One guide of a build: the builder that renders the pages with one result set's numbers, and that
/// set when the site holds a guide per machine and interpreter (nil for the single guide at the root).
///
/// Claims are evaluated per guide. Decision: a guide measured by this build keeps the strict rule
/// (`check` fails on a contradicted claim); a guide from another machine's results file reports its
/// contradictions as warnings, since this repository's CI can't act on another machine's numbers and
/// they must not turn it red. On a site with several guides every message names its guide.
struct Guide {
    var set: ResultSet?
    var builder: SiteBuilder

    /// Findings with foreign contradictions lowered to warnings.
    func adjust(_ findings: [Diagnostic]) -> [Diagnostic] {
        guard let set, !set.isLocal else { return findings }
        return findings.map { finding in
            var lowered = finding
            if lowered.severity == .error {
                lowered.severity = .warning
                lowered.message += " (measured on another machine, so not counted as an error here)"
            }
            return lowered
        }
    }

    /// Messages prefixed with the guide they are about, on a site with several guides.
    func relabel(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        guard let set else { return diagnostics }
        let origin = set.isLocal ? "" : ", from \(set.sourceDescription)"
        return diagnostics.map { diagnostic in
            var labelled = diagnostic
            labelled.message = "[guide \(set.slug)\(origin)] " + diagnostic.message
            return labelled
        }
    }
}

extension SiteBuilder {
    /// A builder that renders the pages with one result set: its numbers, and its machine and
    /// interpreter for the `host` directive. Its raw results are published in the guide's folder.
    func builder(for set: ResultSet) -> SiteBuilder {
        var next = options
        next.results = set.index
        next.guides = []
        next.extraFiles = [set.results.publishedPath: (try? set.results.publishedData()) ?? Data()]
        if !set.isLocal {
            next.host = set.results.host
            next.python = PythonInterpreter(knownFacts: set.results.interpreter)
        }
        return SiteBuilder(options: next)
    }
}
