import SiteGenCore

/// A workload's source as the guide shows it: its path in the repository and the start of its hash
/// over a Python code block (highlighted later with the rest of the page).
package struct SourceFigure: Sendable {
    package var id: String
    package var path: String
    /// The first characters of the whole file's SHA-256.
    package var hashPrefix: String
    /// The lines shown, as plain text.
    package var code: String

    package init(id: String, path: String, hashPrefix: String, code: String) {
        self.id = id
        self.path = path
        self.hashPrefix = hashPrefix
        self.code = code
    }

    package func html() -> String {
        let body = code.hasSuffix("\n") ? code : code + "\n"
        return """
            <figure class="source" id="\(HTML.escape(id))">
            <figcaption><code>\(HTML.escape(path))</code> <span class="source-hash" title="SHA-256 of the whole file">SHA-256 \(hashPrefix)…</span></figcaption>
            <pre><code class="language-python">\(HTML.escape(body))</code></pre>
            </figure>

            """
    }
}
