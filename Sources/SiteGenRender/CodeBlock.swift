import SiteGenCore
import SiteGenResults

/// Renders source code as a `<pre><code>` block, the same shape cmark gives fenced code.
package enum CodeBlock {
    /// A code block, with the language class cmark uses (`language-python`) and the file it came from.
    public static func html(code: String, language: String?, source: String? = nil) -> String {
        let languageClass = language.map { " class=\"language-\(HTML.escape($0))\"" } ?? ""
        var body = code
        if !body.hasSuffix("\n") { body += "\n" }
        let block = "<pre><code\(languageClass)>\(HTML.escape(body))</code></pre>"
        guard let source else { return block + "\n" }
        return "<figure class=\"source\">\n<figcaption><code>\(HTML.escape(source))</code></figcaption>\n\(block)\n</figure>\n"
    }
}
