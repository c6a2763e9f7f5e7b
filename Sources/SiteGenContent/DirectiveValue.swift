import SiteGenCore
import SiteGenResults
import SiteGenMeasure
/// What a directive resolves to. How it looks is decided here, in HTML, by the directive's renderer;
/// the page only decides where it goes.
public enum DirectiveValue: Sendable, Equatable {
    /// Inline content: its HTML, and the plain text used where markup can't go (headings' slugs, the
    /// table of contents).
    case inline(html: String, text: String)
    /// Block content (a code block, a table, a chart): must stand alone, separated by blank lines.
    case block(html: String)

    /// Inline plain text, HTML-escaped.
    public static func text(_ text: String) -> DirectiveValue {
        .inline(html: HTML.escape(text), text: text)
    }
}
