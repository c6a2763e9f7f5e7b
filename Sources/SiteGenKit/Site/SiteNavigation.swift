import Foundation

/// The chapter list of each page (`nav`) and the home page's list of chapters (`pages`).
///
/// A small site lists every page on every page. On a larger one that list would make every page grow
/// with the site, and the site with its square: 2,000 pages of 2,000 links each were most of a
/// one-minute, 800 MB build. So past `fullListLimit` pages, a page's list follows the folders of
/// `Content/` instead: the top level, then, under the folder on the way to the page, that folder's
/// entries, and so on down to the page's own folder. A folder not on the way is one entry (its
/// `index.md`, or its first page). A level longer than `levelLimit` shows its first and last entries
/// and `neighbours` on each side of the one on the way, with a gap entry for each run it leaves out.
/// A page's list is then bounded by the depth of its folder, whatever the number of pages.
struct SiteNavigation {
    /// A site with at most this many pages lists every page on every page, as it always has: a
    /// hundred titles is still a list a reader scans, and about 10 KB a page. Past it, what a page
    /// lists no longer grows with the site.
    static let fullListLimit = 100
    /// A level of a larger site's list with at most this many entries is shown whole: the same bound
    /// as a small site's list, so no list is ever longer than one a small site shows.
    static let levelLimit = fullListLimit
    /// In a longer level, how many entries are shown on each side of the one on the way to the page:
    /// enough to browse to the next chapters from any page, few enough to fit a screen.
    static let neighbours = 10

    private enum Entry {
        case page(Int)
        case folder(String)
    }

    /// Whether every page lists every page (the site has at most `fullListLimit` pages).
    let listsEveryPage: Bool
    /// Every page's entry, none marked current, in the pages' order.
    private let pageItems: [[String: Any]]
    /// Each folder's entry (`a/`, `a/b/`), standing for the folder where it is not on the way.
    private var folderItems: [String: [String: Any]] = [:]
    /// Each level's entries in the order of their first page: `""` is the top level, `a/` a folder.
    private var levels: [String: [Entry]] = [:]
    /// Where each page sits in its level; nil for a folder's `index.md`, which its folder's entry stands for.
    private var pagePosition: [Int?] = []
    private var folderPosition: [String: Int] = [:]
    private var folderIndex: [String: Int] = [:]
    /// The home page's list: every page but the home page on a small site, else the top level's entries.
    private(set) var chapters: [[String: Any]] = []
    /// Where each page sits in `chapters`, on a small site (where the list marks the current page).
    private(set) var chapterPosition: [Int?] = []

    /// - Parameters:
    ///   - pages: the guide's pages, in navigation order.
    ///   - folder: the guide's folder in the site, prefixed to every URL.
    init(pages: [Page], folder: String) {
        listsEveryPage = pages.count <= Self.fullListLimit
        pageItems = pages.map { page in
            Self.item(title: page.frontMatter.title, url: folder + page.outputPath, summary: page.frontMatter.summary)
        }
        if listsEveryPage {
            var position = 0
            chapterPosition = pages.map { page in
                guard !page.isHome else { return nil }
                defer { position += 1 }
                return position
            }
            chapters = zip(pageItems, chapterPosition).compactMap { $1 == nil ? nil : $0 }
            return
        }
        for (index, page) in pages.enumerated() { place(index, outputPath: page.outputPath) }
        for (name, first) in folderFirstPages(pages) {
            let index = folderIndex[name].map { pages[$0] }
            let title = index?.frontMatter.title ?? String(name.dropLast().split(separator: "/").last ?? "")
            folderItems[name] = Self.item(title: title, url: folder + (index ?? pages[first]).outputPath,
                                          summary: index?.frontMatter.summary)
        }
        chapterPosition = Array(repeating: nil, count: pages.count)
        chapters = (levels[""] ?? []).compactMap { entry in
            switch entry {
            case .page(let index): return pages[index].isHome ? nil : pageItems[index]
            case .folder(let name): return folderItems[name]
            }
        }
    }

    /// Adds a page, and the folders on its way, to their levels.
    private mutating func place(_ index: Int, outputPath: String) {
        var parent = ""
        for name in outputPath.split(separator: "/").dropLast() {
            let folder = parent + name + "/"
            if folderPosition[folder] == nil {
                folderPosition[folder] = levels[parent, default: []].count
                levels[parent, default: []].append(.folder(folder))
            }
            parent = folder
        }
        if !parent.isEmpty && outputPath == parent + "index.html" {
            folderIndex[parent] = index
            pagePosition.append(nil)
        } else {
            pagePosition.append(levels[parent, default: []].count)
            levels[parent, default: []].append(.page(index))
        }
    }

    /// Each folder and the first page under it, which its entry links to when it has no `index.md`.
    private func folderFirstPages(_ pages: [Page]) -> [String: Int] {
        var first: [String: Int] = [:]
        for (index, page) in pages.enumerated() {
            var parent = ""
            for name in page.outputPath.split(separator: "/").dropLast() {
                parent += name + "/"
                if first[parent] == nil { first[parent] = index }
            }
        }
        return first
    }

    /// A list entry. Absent values are `false`, not missing: Mustache would otherwise look further up
    /// the context and show the current page's (and swift-mustache treats "" as true).
    private static func item(title: String, url: String, summary: String?) -> [String: Any] {
        let summary = summary ?? ""
        return ["title": title, "url": URLPath.encode(url), "current": false, "summary": summary.isEmpty ? false : summary,
                "gap": false, "nested": false]
    }

    /// The chapter list of one page, the page (or its folder's entry, for a folder's `index.md`) marked current.
    func items(for index: Int, outputPath: String) -> [[String: Any]] {
        if listsEveryPage {
            // Copy-on-write: the copy shares every entry but the current page's.
            var nav = pageItems
            nav[index]["current"] = true
            return nav
        }
        var way = [""]
        for name in outputPath.split(separator: "/").dropLast() { way.append(way[way.count - 1] + name + "/") }
        var items: [[String: Any]] = []
        append(depth: 0, way: way, page: index, into: &items)
        return items
    }

    /// One level's entries (a window of them when it is long), and under the folder on the way, the next level.
    private func append(depth: Int, way: [String], page: Int, into items: inout [[String: Any]]) {
        let entries = levels[way[depth]] ?? []
        let next = depth + 1 < way.count ? way[depth + 1] : nil
        let focus = next.flatMap { folderPosition[$0] } ?? pagePosition[page] ?? 0
        var shown = 0
        for position in Self.window(count: entries.count, around: focus) {
            if position > shown { items.append(Self.gap(hiding: position - shown, depth: depth)) }
            shown = position + 1
            var item: [String: Any]
            switch entries[position] {
            case .page(let index):
                item = pageItems[index]
                if index == page { item["current"] = true }
            case .folder(let name):
                item = folderItems[name] ?? [:]
                if folderIndex[name] == page { item["current"] = true }
            }
            if depth > 0 { item["nested"] = true; item["level"] = depth }
            items.append(item)
            if case .folder(let name) = entries[position], name == next {
                append(depth: depth + 1, way: way, page: page, into: &items)
            }
        }
        if entries.count > shown { items.append(Self.gap(hiding: entries.count - shown, depth: depth)) }
    }

    /// An entry standing for `count` entries left out of a level.
    private static func gap(hiding count: Int, depth: Int) -> [String: Any] {
        ["gap": true, "hidden": count, "nested": depth > 0, "level": depth, "current": false]
    }

    /// The positions shown of a level of `count` entries: all of them, or the first, the last and
    /// `neighbours` on each side of `focus`.
    static func window(count: Int, around focus: Int) -> [Int] {
        guard count > levelLimit else { return Array(0..<count) }
        let low = max(0, focus - neighbours), high = min(count - 1, focus + neighbours)
        return Set([0, count - 1]).union(low...high).sorted()
    }
}

/// Page addresses as they go into an `href`.
enum URLPath {
    /// Bytes a path keeps as they are: RFC 3986's unreserved characters and the `/` between segments.
    private static let kept = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/")

    /// The output path percent-encoded, so a page named `a b.md` or `a#b.md` gets a link that opens it:
    /// unencoded, `#` would start a fragment and a space ends the address in some readers.
    static func encode(_ path: String) -> String {
        path.addingPercentEncoding(withAllowedCharacters: kept) ?? path
    }
}
