import SiteGenCore
import SiteGenResults
import SiteGenMeasure
import SiteGenRender
import SiteGenContent
/// `{{< results-file >}}`: a link to the raw results file published beside the pages, named after the
/// host, interpreter and profile the page's numbers came from.
struct ResultsFileDirective: DirectiveHandler {
    public let name = "results-file"
    public let usage = "{{< results-file >}}"

    public init() {}

    public func resolve(_ directive: Directive, in context: DirectiveContext) throws -> DirectiveValue {
        try directive.validate(named: [], maxPositional: 0, usage: usage)
        guard let results = context.results?.results else {
            throw directive.error("no measurements to link to; build without --no-measure, or pass --results FILE")
        }
        let path = results.publishedPath
        // Pages in folders below Content/ reach the site root through `../`.
        let depth = context.page.split(separator: "/").count - 2
        let href = String(repeating: "../", count: max(0, depth)) + path
        return .inline(html: "<a href=\"\(HTML.escape(href))\"><code>\(HTML.escape(path))</code></a>", text: path)
    }
}
