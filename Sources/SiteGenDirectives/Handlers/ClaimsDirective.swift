import SiteGenCore
import SiteGenResults
import SiteGenMeasure
import SiteGenRender
import SiteGenContent
/// `{{< claims >}}`: a table of every claim of the site with its verdict and figures on this machine,
/// each linked to where it is made.
struct ClaimsDirective: DirectiveHandler {
    public let name = "claims"
    public let usage = "{{< claims >}}"

    public init() {}

    public func resolve(_ directive: Directive, in context: DirectiveContext) throws -> DirectiveValue {
        try directive.validate(named: [], maxPositional: 0, usage: usage)
        guard let index = context.results else {
            throw directive.error("`claims` lists claims checked against measurements, but this build has none; build with measurements (`sitegen build` measures, or pass --results FILE)")
        }
        let records = ClaimSurvey.collect(pages: context.pages, root: context.root, results: index, memo: context.memo)
        let prefix = MeasurementLink.rootPrefix(fromPage: context.page)
        let rows = records.map { record in
            let outcome = record.outcome
            return ClaimsTable.Row(
                sentenceHTML: outcome.sentenceIsInline ? outcome.sentenceHTML : HTML.escape(outcome.sentenceText),
                verdictClass: outcome.verdict.cssClass, verdictLabel: outcome.verdict.label,
                evidenceHTML: outcome.evidence.inlineHTML(results: index.results, page: context.page),
                href: prefix + record.outputPath + "#" + outcome.id, pageTitle: record.pageTitle)
        }
        return .block(html: ClaimsTable(tally: ClaimSurvey.tally(records), rows: rows).html())
    }
}
