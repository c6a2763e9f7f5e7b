import SiteGenCore
import SiteGenResults
import CCmark
import Foundation

/// A heading of a rendered page, for the table of contents and for anchor checks.
public struct Heading: Sendable, Equatable {
    public var level: Int
    public var text: String
    public var slug: String
}

/// A link or image written in a page's Markdown, with the line it was written on.
public struct MarkdownLink: Sendable, Equatable {
    /// The destination as the author wrote it.
    public var destination: String
    /// The 1-based line of the Markdown given to the renderer where the link's block starts.
    public var line: Int
    public var isImage: Bool
}

/// The HTML of a Markdown document plus what the site needs to know about it.
public struct RenderedMarkdown: Sendable {
    public var html: String
    public var headings: [Heading]
    public var links: [MarkdownLink]
}

/// Renders CommonMark to HTML with libcmark — the only code in the tool that touches cmark.
///
/// Output is exactly `cmark --unsafe --smart` apart from two additions: every heading gets an `id`
/// (a stable slug of its text), and relative links to `.md` files are rewritten to the `.html` pages
/// they become. Raw HTML passes through because content is trusted (it is the project's own).
package struct MarkdownRenderer: Sendable {
    /// The cmark options every page is rendered with.
    public static let options: Int32 = CMARK_OPT_UNSAFE | CMARK_OPT_SMART

    /// Maps a heading's text (as it appears in the Markdown after directive expansion) to the text
    /// readers see, so slugs and the table of contents use expanded values.
    public var headingText: @Sendable (String) -> String
    /// Whether to add `id`s to headings and rewrite `.md` links (off only to compare with plain cmark).
    public var addsAnchors: Bool

    public init(addsAnchors: Bool = true, headingText: @escaping @Sendable (String) -> String = { $0 }) {
        self.addsAnchors = addsAnchors
        self.headingText = headingText
    }

    /// Renders a whole document.
    public func render(_ markdown: String) -> RenderedMarkdown {
        let document = markdown.withCString { pointer in
            cmark_parse_document(pointer, strlen(pointer), Self.options)
        }!
        defer { cmark_node_free(document) }

        var headingNodes: [OpaquePointer] = []
        var links: [MarkdownLink] = []
        let iterator = cmark_iter_new(document)!
        defer { cmark_iter_free(iterator) }
        var lastBlockLine = 1
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            let line = Int(cmark_node_get_start_line(node))
            if line > 0 { lastBlockLine = line }
            switch type {
            case CMARK_NODE_HEADING:
                headingNodes.append(node)
            case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
                let url = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
                links.append(MarkdownLink(destination: url, line: lastBlockLine, isImage: type == CMARK_NODE_IMAGE))
                if addsAnchors, let rewritten = Self.pageURL(forMarkdownLink: url) {
                    cmark_node_set_url(node, rewritten)
                }
            default:
                break
            }
        }

        var headings: [Heading] = []
        if addsAnchors {
            var slugger = Slugger()
            for (index, node) in headingNodes.enumerated() {
                let level = Int(cmark_node_get_heading_level(node))
                let text = headingText(Self.plainText(of: node))
                headings.append(Heading(level: level, text: text, slug: slugger.uniqueSlug(text)))
                // cmark can't put attributes on a heading; a marker as the heading's first child is
                // replaced by the `id` after rendering, which leaves cmark's output otherwise untouched.
                let marker = cmark_node_new(CMARK_NODE_HTML_INLINE)!
                cmark_node_set_literal(marker, Self.headingMarker(index))
                if let first = cmark_node_first_child(node) {
                    cmark_node_insert_before(first, marker)
                } else {
                    cmark_node_append_child(node, marker)
                }
            }
        }

        let rendered = cmark_render_html(document, Self.options)!
        var html = String(cString: rendered)
        free(rendered)
        if !headings.isEmpty {
            // One pass over the page's bytes: `<hN><!--sitegen-heading-I-->` becomes `<hN id="slug">`.
            // (Searching the String as Characters cost more than cmark's whole rendering.)
            var source = html
            html = source.withUTF8 { bytes in
                var result: [UInt8] = []
                result.reserveCapacity(bytes.count + headings.count * 24)
                var position = 0
                for (index, heading) in headings.enumerated() {
                    let marked = Array(("<h\(heading.level)>" + Self.headingMarker(index)).utf8)
                    guard let found = HTML.find(marked, in: bytes, from: position) else { continue }
                    result.append(contentsOf: bytes[position..<found])
                    result.append(contentsOf: "<h\(heading.level) id=\"\(HTML.escape(heading.slug))\">".utf8)
                    position = found + marked.count
                }
                result.append(contentsOf: bytes[position...])
                return String(decoding: result, as: UTF8.self)
            }
        }
        return RenderedMarkdown(html: html, headings: headings, links: links)
    }

    /// Renders with plain cmark, nothing added: the reference the tool's output is compared with.
    public static func renderPlain(_ markdown: String) -> String {
        markdown.withCString { pointer in
            let html = cmark_markdown_to_html(pointer, strlen(pointer), options)!
            defer { free(html) }
            return String(cString: html)
        }
    }

    /// `threading.md#pools` → `threading.html#pools` for relative links to Markdown pages.
    package static func pageURL(forMarkdownLink url: String) -> String? {
        // Byte searches: `contains(":")` would be Foundation's Unicode-aware search, and cost more here
        // than cmark's rendering of the link.
        guard !url.utf8.contains(UInt8(ascii: ":")), !url.hasPrefix("/") else { return nil }
        let hashIndex = url.utf8.firstIndex(of: UInt8(ascii: "#")) ?? url.endIndex
        let path = url[..<hashIndex]
        guard path.hasSuffix(".md") else { return nil }
        return path.dropLast(3) + ".html" + url[hashIndex...]
    }

    private static func headingMarker(_ index: Int) -> String {
        "<!--sitegen-heading-\(index)-->"
    }

    /// The text of a node's inline content, as a reader would read it.
    package static func plainText(of node: OpaquePointer) -> String {
        var text = ""
        let iterator = cmark_iter_new(node)!
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let child = cmark_iter_get_node(iterator) else { continue }
            switch cmark_node_get_type(child) {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE:
                if let literal = cmark_node_get_literal(child) { text += String(cString: literal) }
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                text += " "
            default:
                break
            }
        }
        return text
    }
}
