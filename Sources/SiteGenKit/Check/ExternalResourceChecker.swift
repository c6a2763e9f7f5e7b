import Foundation

/// Finds what would make a page reach the network when it opens: scripts, stylesheets, fonts, images
/// and frames loaded from another host. The site promises to open from disk with no request leaving
/// the page; ordinary links to other sites (`<a href>`) are fine, since they load only when followed.
struct ExternalResourceChecker: Sendable {
    public init() {}

    /// One diagnostic per external resource of a page, at the page's source (or template) file.
    public func check(html: String, file: String) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        for (tag, attribute, url) in Self.resources(in: html) where Self.isRemote(url) {
            problems.append(.error(
                "`<\(tag) \(attribute)=\"\(url)\">` loads from the network; the site must open offline — copy the file into Templates/assets/ and link it relatively",
                file: file))
        }
        for url in Self.cssURLs(inPage: html) where Self.isRemote(url) {
            problems.append(.error(
                "`url(\(url))` in a style loads from the network; copy the file into Templates/assets/", file: file))
        }
        return problems
    }

    /// Checks a stylesheet's `url(…)` and `@import`s.
    public func check(css: String, file: String) -> [Diagnostic] {
        Self.cssURLs(in: css).filter(Self.isRemote).map {
            .error("`url(\($0))` loads from the network; copy the file into Templates/assets/", file: file)
        }
    }

    static func isRemote(_ url: String) -> Bool {
        let lower = url.lowercased().trimmingCharacters(in: .whitespaces)
        return lower.hasPrefix("http:") || lower.hasPrefix("https:") || lower.hasPrefix("//") || lower.hasPrefix("ftp:")
    }

    /// Compiled once: the check runs on every page of every build.
    static let resourcePattern = try! NSRegularExpression(
        pattern: #"<(script|img|iframe|link|source|video|audio|embed|object|input)\b[^>]*?\s(src|href|data|srcset|poster)\s*=\s*["']([^"']*)["']"#,
        options: [.caseInsensitive])

    static let loadingTags: Set<String> = ["script", "img", "iframe", "link", "source", "video", "audio", "embed", "object", "input"]

    /// `(tag, attribute, value)` for attributes that load a resource when the page opens.
    static func resources(in page: String) -> [(String, String, String)] {
        let pattern = Self.resourcePattern
        var found: [(String, String, String)] = []
        // The regular expression runs on each start tag alone: on whole pages it dominated build time.
        for (_, html) in HTML.startTags(named: loadingTags, in: page) {
        for match in pattern.matches(in: html, range: NSRange(html.startIndex..., in: html)) {
            guard let tag = Range(match.range(at: 1), in: html), let attribute = Range(match.range(at: 2), in: html),
                  let value = Range(match.range(at: 3), in: html) else { continue }
            let tagName = html[tag].lowercased()
            // `<link rel="canonical">` and friends load nothing; stylesheets, icons and preloads do.
            if tagName == "link", let whole = Range(match.range, in: html) {
                let element = html[whole].lowercased()
                guard element.contains("stylesheet") || element.contains("icon") || element.contains("preload")
                    || element.contains("prefetch") || element.contains("manifest") else { continue }
            }
            for url in html[value].split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).split(separator: " ").first.map(String.init) ?? "" }) {
                found.append((tagName, html[attribute].lowercased(), url))
            }
        }
        }
        return found
    }

    /// `url(…)` in a page's `<style>` elements and `style` attributes; skipped when there is none.
    static func cssURLs(inPage html: String) -> [String] {
        HTML.contains("url(", in: html) || HTML.contains("@import", in: html) ? cssURLs(in: html) : []
    }

    static let cssURLPattern = try! NSRegularExpression(
        pattern: #"(?:url\(\s*["']?([^"')\s]+)|@import\s+["']([^"']+))"#, options: [.caseInsensitive])

    static func cssURLs(in text: String) -> [String] {
        let pattern = Self.cssURLPattern
        return pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
            for group in [1, 2] {
                if let range = Range(match.range(at: group), in: text) { return String(text[range]) }
            }
            return nil
        }
    }
}
