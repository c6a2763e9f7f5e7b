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
        let records = ClaimSurvey.collect(pages: context.pages, root: context.root, results: index)
        let prefix = MeasurementLink.rootPrefix(fromPage: context.page)
        var html = "<div class=\"table-scroll\">\n<table class=\"claims\">\n"
        html += "<caption>Every claim of this guide, checked against this machine's measurements: \(HTML.escape(ClaimSurvey.tally(records))).</caption>\n"
        html += "<thead>\n<tr><th scope=\"col\">Claim</th><th scope=\"col\">Verdict</th><th scope=\"col\">Measured</th><th scope=\"col\">Page</th></tr>\n</thead>\n<tbody>\n"
        for record in records {
            let outcome = record.outcome
            let sentence = outcome.sentenceIsInline ? outcome.sentenceHTML : HTML.escape(outcome.sentenceText)
            let evidence = outcome.evidence.inlineHTML(results: index.results, page: context.page)
            let href = prefix + record.outputPath + "#" + outcome.id
            html += "<tr><td>\(sentence)</td>"
            html += "<td><span class=\"verdict \(outcome.verdict.cssClass)\">\(outcome.verdict.label)</span></td>"
            html += "<td class=\"claim-evidence\">\(evidence)</td>"
            html += "<td><a href=\"\(HTML.escape(href))\">\(HTML.escape(record.pageTitle))</a></td></tr>\n"
        }
        html += "</tbody>\n</table>\n</div>\n"
        return .block(html: html)
    }
}
