import SiteGenCore
import SiteGenResults
import SiteGenMeasure
import SiteGenRender
import SiteGenContent
/// Every claim of a site with its verdict on this machine: for the list of claims on the methodology
/// page, and for a closing report.
///
/// Pages are rendered in parallel and can't see each other's directives, so the survey reads the pages
/// the build scanned and takes each claim's outcome from the guide's memo, where its page's render put
/// it or finds it (evaluation is a pure function of the results). Claims with mistakes are left out:
/// their own pages report them.
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
    /// resolves what claims read from files; `memo` holds the verdicts of a guide whose pages evaluate
    /// them too (a survey of its own results gets a memo of its own).
    public static func collect(pages: [Page], root: String, results: ResultsIndex, memo: DirectiveMemo = DirectiveMemo()) -> [Record] {
        memo.value("claim survey") {
            var records: [Record] = []
            for page in pages {
                guard case .success(let segments) = page.segments else { continue }
                for case let .directive(directive) in segments where directive.name == "claim" {
                    guard case .success(let outcome) = ClaimDirective.outcome(of: directive, results: results, root: root, memo: memo) else { continue }
                    records.append(Record(sourcePath: page.sourcePath, outputPath: page.outputPath, pageTitle: page.frontMatter.title,
                                          line: directive.line, outcome: outcome))
                }
            }
            return records
        }
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
