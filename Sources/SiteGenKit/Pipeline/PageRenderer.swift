/// A page after directives and Markdown: its HTML body and what navigation and checks need.
package struct RenderedPage: Sendable {
    public var page: Page
    /// The page's body HTML (what `sitegen render` prints).
    public var body: String
    public var headings: [Heading]
    /// Links as written, with their line in the source file.
    public var links: [MarkdownLink]
    /// Every `id` in the body, for anchor checks (headings, plus any a directive added).
    public var ids: Set<String>
}

/// Expands a page's directives and renders its Markdown: the per-page work of a build.
package struct PageRenderer: Sendable {
    public var expander: DirectiveExpander

    public init(registry: DirectiveRegistry) {
        self.expander = DirectiveExpander(registry: registry)
    }

    /// Renders one page, throwing every problem it has at its position in the source file.
    public func render(_ page: Page, context: DirectiveContext) throws -> RenderedPage {
        let expanded = try expander.expand(page, context: context)
        let markdown = MarkdownRenderer(headingText: { expanded.plainText($0) }).render(expanded.markdown)
        let body = try expanded.substitute(into: markdown.html)
        let links = markdown.links.map { link -> MarkdownLink in
            var mapped = link
            mapped.line = expanded.sourceLine(of: link.line)
            return mapped
        }
        return RenderedPage(page: page, body: body, headings: markdown.headings, links: links, ids: Self.ids(in: body))
    }

    /// The values of `id="…"` attributes in an HTML fragment.
    static func ids(in html: String) -> Set<String> {
        Set(HTML.attributeValues("id", in: html))
    }
}
