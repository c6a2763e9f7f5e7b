import Foundation

/// One guide of a build: the numbers its pages show, the machine and interpreter they describe, and
/// the raw results it publishes beside them.
///
/// Claims are evaluated per guide. Decision: a guide measured by this build keeps the strict rule
/// (`check` fails on a contradicted claim); a guide from another machine's results file reports its
/// contradictions as warnings, since this repository's CI can't act on another machine's numbers and
/// they must not turn it red. On a site with several guides every message names its guide.
struct Guide {
    /// The guide's result set when the site holds one guide per machine and interpreter; nil for the
    /// single guide at the site's root.
    var set: ResultSet?
    /// The measurements its pages may show; nil when the build has none.
    var results: ResultsIndex?
    /// The machine and interpreter its `host` directive and footer describe.
    var host: HostFacts
    var python: PythonInterpreter
    /// Files published in the guide's folder beside its pages (the raw results), path → bytes: their
    /// paths now, for the link check, their bytes encoded on another thread while the pages render
    /// (encoding the results was a tenth of a rebuild when it ran first).
    var files: [String: Deferred<Result<Data, DiagnosticError>>]
    /// The guide's result set when it has earlier runs (its `history`), at the root or in a folder.
    var measuredBefore: ResultSet?
    /// What its directives computed once for all its pages and the fleet pages (claims' verdicts).
    let memo = DirectiveMemo()

    /// The single guide at the site's root.
    init(results: ResultsIndex?, host: HostFacts, python: PythonInterpreter, files: [String: Data]) {
        self.results = results
        self.host = host
        self.python = python
        self.files = files.mapValues { Deferred(ready: .success($0)) }
    }

    /// A guide of one result set: its numbers, and for a set from a file, its machine and interpreter.
    /// With `inFolder`, the guide is one of several, in a folder named by the set's slug. With
    /// `publishes` (a build that writes), its raw results are encoded from now on, beside the stages
    /// before layout; otherwise only if something asks for them.
    init(set: ResultSet, inFolder: Bool, host: HostFacts, python: PythonInterpreter, publishes: Bool = true) {
        self.set = inFolder ? set : nil
        measuredBefore = set.history.isEmpty ? nil : set
        results = set.index
        self.host = set.isLocal ? host : set.results.host
        self.python = set.isLocal ? python : PythonInterpreter(knownFacts: set.results.interpreter)
        let results = set.results, label = set.label
        files = [results.publishedPath: Deferred(startsNow: publishes) {
            do {
                return .success(try results.publishedData())
            } catch let error as DiagnosticError {
                return .failure(error)
            } catch {
                return .failure(DiagnosticError(.error("the results of \(label) can't be published: \(error)")))
            }
        }]
    }

    /// The guide's folder in the site: `""`, or `slug/` on a site with several guides.
    var folder: String {
        guard let set else { return "" }
        return set.slug + "/"
    }

    /// What the directives of one of its pages may consult.
    func context(for page: Page, site pages: [Page], root: String, findings: DiagnosticSink = DiagnosticSink()) -> DirectiveContext {
        DirectiveContext(root: root, page: page.sourcePath, host: host, python: python, results: results,
                         pages: pages, findings: findings, memo: memo)
    }

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
