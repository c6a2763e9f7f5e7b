import SiteGenCore
import SiteGenResults
import SiteGenMeasure
import SiteGenRender
import SiteGenContent
/// Every claim of a site with its verdict on this machine: for the list of claims on the methodology
/// page, and for a closing report.
///
/// Pages are rendered in parallel and can't see each other's directives, so the survey scans the pages
/// the build read and evaluates their claims again (evaluation is a pure function of the results, and
/// cheap). Claims with mistakes are left out: their own pages report them.
public enum ClaimSurvey {
    /// One claim of the site.
    public struct Record: Sendable, Equatable {
        /// The page's source path (`Content/threading.md`) and output path (`threading.html`).
        public var sourcePath: String
        public var outputPath: String
        public var pageTitle: String
        public var line: Int
        public var outcome: ClaimDirective.Outcome
    }

    /// The claims of the site's pages (in navigation order), in page order then line order. `root`
    /// resolves what claims read from files.
    public static func collect(pages: [Page], root: String, results: ResultsIndex) -> [Record] {
        let usage = ClaimDirective().usage
        var records: [Record] = []
        for page in pages where DirectiveScanner.mayContainDirective(page.body) {
            guard let segments = try? DirectiveScanner(file: page.sourcePath, firstLine: page.bodyLine).scan(page.body) else { continue }
            for case let .directive(directive) in segments where directive.name == "claim" {
                guard let outcome = try? ClaimDirective.evaluate(directive, results: results, root: root, usage: usage) else { continue }
                records.append(Record(sourcePath: page.sourcePath, outputPath: page.outputPath, pageTitle: page.frontMatter.title,
                                      line: directive.line, outcome: outcome))
            }
        }
        return records
    }

    /// "12 claims: 9 hold, 1 contradicted, 1 inconclusive, 1 not applicable".
    public static func tally(_ records: [Record]) -> String {
        let counts = ClaimVerdict.allCases.map { verdict in (verdict, records.filter { $0.outcome.verdict == verdict }.count) }
        let parts = counts.filter { $0.1 > 0 }.map { verdict, count in
            verdict == .holds ? "\(count) \(count == 1 ? "holds" : "hold")" : "\(count) \(verdict.label)"
        }
        let total = "\(records.count) claim\(records.count == 1 ? "" : "s")"
        return parts.isEmpty ? total : "\(total): \(parts.joined(separator: ", "))"
    }
}
