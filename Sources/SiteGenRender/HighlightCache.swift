import Foundation
import SiteGenCore

/// Highlighted code blocks kept between builds, by a hash of their language and code: a rebuild
/// after editing one page runs Pygments only for the blocks that changed (none, usually), where it
/// used to spend most of the rebuild of the guide starting Pygments and highlighting every block again.
///
/// One JSON file (`.sitegen/cache/highlight.json`) holds the blocks of the last build, and only
/// those: each build writes back exactly the blocks it showed, so the file never outgrows the site.
/// An entry is the HTML Pygments gave, or null for a language it doesn't know (kept plain, and not
/// asked about again). The file names the highlighting script it came from; after an edit of the
/// script, or with a file that can't be read, the cache starts empty. Upgrading Pygments itself is
/// not noticed: remove `.sitegen/cache` to highlight everything again.
package struct HighlightCache: Sendable {
    /// The cache file is read only up to this size: it holds a site's code twice over at most (code
    /// and markup), and a 4 MiB limit per page bounds that for any sensible site.
    static let maximumBytes = 512 << 20

    private struct Stored: Codable {
        var script: String
        var blocks: [String: String?]
    }

    let path: String
    /// The entries read from the file: block key → HTML, or nil for a language Pygments doesn't know.
    private(set) var blocks: [String: String?] = [:]

    /// Reads the cache at `path`; empty when there is none or it is not this script's.
    init(path: String) {
        self.path = path
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              attributes[.type] as? FileAttributeType == .typeRegular,
              let size = attributes[.size] as? Int, size <= Self.maximumBytes,
              let data = FileManager.default.contents(atPath: path),
              let stored = try? JSONDecoder().decode(Stored.self, from: data),
              stored.script == Self.scriptHash else { return }
        blocks = stored.blocks
    }

    static let scriptHash = SHA256.hex(Highlighter.script)

    /// A block's key: its lexer and its code.
    static func key(lexer: String, code: String) -> String {
        var hasher = SHA256()
        hasher.update(Array(lexer.utf8))
        hasher.update([0])
        hasher.update(Array(code.utf8))
        return hasher.finalizeHex()
    }

    /// Writes the blocks of this build, when they differ from what was read; a cache that can't be
    /// written only means the next build highlights again.
    func store(_ current: [String: String?]) {
        guard current.count != blocks.count || current.contains(where: { blocks[$0.key] == nil }) else { return }
        guard let data = try? JSONEncoder().encode(Stored(script: Self.scriptHash, blocks: current)) else { return }
        try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                 withIntermediateDirectories: true)
        try? data.write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
