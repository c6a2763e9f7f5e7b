import Foundation

/// The chapter list's entries as HTML, each rendered once per build through
/// `Templates/partials/nav-entry.mustache` and reused on every page that shows it.
///
/// Rendering the whole list through Mustache on every page cost two thirds of a 1,000-page build: the
/// same twenty-odd entries, twice a page (sidebar and phone menu), each a dozen dynamic lookups. An
/// entry's HTML depends only on its own fields and `root`, so it is rendered the first time a page
/// shows it and taken from here after that; a page's list is then a concatenation of strings. A page's
/// current entry and a gap entry are entries with other fields, cached the same way.
final class NavigationEntries: @unchecked Sendable {
    /// The template one entry is rendered with.
    static let template = "partials/nav-entry"

    private let templates: TemplateSet
    /// What every entry sees besides its own fields and `root`: values that are the same on every page.
    private let shared: [String: Any]
    private let lock = NSLock()
    /// Rendered entries by `root`, then by the entry's fingerprint.
    private var cache: [String: [String: String]] = [:]
    /// How many entries went through the template (what the cache is there to keep small).
    private(set) var renders = 0

    /// nil when the site's templates have no `partials/nav-entry` (a theme that iterates `nav` itself).
    init?(templates: TemplateSet, siteTitle: String) {
        guard templates.contains(Self.template) else { return nil }
        self.templates = templates
        shared = ["siteTitle": siteTitle]
    }

    /// A page's chapter list as HTML: each entry's HTML, in order.
    func html(for items: [[String: Any]], root: String) -> String {
        var html = ""
        for item in items { html += entry(item, root: root) }
        return html
    }

    /// One entry's HTML, rendered the first time it is asked for with this `root`.
    func entry(_ item: [String: Any], root: String) -> String {
        let key = Self.fingerprint(item)
        lock.lock()
        let cached = cache[root]?[key]
        lock.unlock()
        if let cached { return cached }
        var context = shared
        context.merge(item) { _, entry in entry }
        context["root"] = root
        let html = templates.render(context, partial: Self.template) ?? ""
        lock.lock()
        cache[root, default: [:]][key] = html
        renders += 1
        lock.unlock()
        return html
    }

    /// Every field of an entry, each with its name and, for text, its length: two entries with the
    /// same fingerprint have the same fields and render alike. (Two alike entries whose dictionaries
    /// list their fields in another order only miss the cache.) Entries hold strings, numbers and
    /// flags, described without reflection, which was most of the cost of a page's list.
    static func fingerprint(_ item: [String: Any]) -> String {
        var key = ""
        for (name, value) in item {
            key += name
            switch value {
            case let text as String: key += ":s\(text.utf8.count):" + text
            case let flag as Bool: key += flag ? ":t" : ":f"
            case let number as Int: key += ":i\(number);"
            case let other:
                let text = String(describing: other)
                key += ":?\(text.utf8.count):" + text
            }
        }
        return key
    }
}
