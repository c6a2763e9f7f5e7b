import Foundation
import SiteGenCore

/// Highlighted code blocks kept between builds, by a hash of the highlighting script, their language
/// and their code: a rebuild after editing one page runs Pygments only for the blocks that changed
/// (none, usually), where it used to spend most of the rebuild of the guide starting Pygments and
/// highlighting every block again.
///
/// A folder (`.sitegen/cache/highlight/`) with a file per block: `KEY.html`, the HTML Pygments gave,
/// or an empty `KEY.plain` for a language it doesn't know (kept plain, and not asked about again). A
/// build reads only the files of its own blocks, with no decoding: one JSON file of every block was a
/// tenth of the guide's rebuild to decode. Each build then removes the files of blocks it didn't show,
/// so the folder never outgrows the site. An edit of the highlighting script changes every key.
/// Upgrading Pygments itself is not noticed: remove `.sitegen/cache` to highlight everything again.
package struct HighlightCache: Sendable {
    /// A cached block is read only up to this size (a page is at most 4 MiB; its markup a few times that).
    static let maximumBytes = 64 << 20

    let folder: String

    init(folder: String) {
        self.folder = folder
    }

    static let scriptHash = SHA256.hex(Highlighter.script)

    /// A block's key: the script, its lexer and its code.
    static func key(lexer: String, code: String) -> String {
        var hasher = SHA256()
        hasher.update(scriptHash.utf8)
        hasher.update([0])
        hasher.update(lexer.utf8)
        hasher.update([0])
        hasher.update(code.utf8)
        return hasher.finalizeHex()
    }

    /// What the cache holds for a block: nil when nothing, `.some(nil)` for a language Pygments
    /// doesn't know, else the highlighted HTML. A file that can't be read, or is too big, is nothing.
    func lookup(_ key: String) -> String?? {
        if let html = Self.read(path(key, "html")) { return .some(String(decoding: html, as: UTF8.self)) }
        if FileManager.default.fileExists(atPath: path(key, "plain")) { return .some(nil) }
        return nil
    }

    /// The keys of the blocks the folder holds (what a test of the cache looks at).
    var keys: Set<String> {
        Set(((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).compactMap(Self.key(ofFile:)))
    }

    /// Writes this build's blocks but those it `reused` from the folder, and removes every other file;
    /// a cache that can't be written only means the next build highlights again.
    func store(_ current: [String: String?], reused: Set<String>) {
        // Earlier versions kept every block in one file beside the folder; it is never read again.
        try? FileManager.default.removeItem(atPath: folder + ".json")
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
            if let key = Self.key(ofFile: name), let entry = current[key], name.hasSuffix(entry == nil ? ".plain" : ".html") { continue }
            try? FileManager.default.removeItem(atPath: (folder as NSString).appendingPathComponent(name))
        }
        for (key, html) in current where !reused.contains(key) {
            try? Data((html ?? "").utf8).write(to: URL(fileURLWithPath: path(key, html == nil ? "plain" : "html")), options: .atomic)
        }
    }

    private func path(_ key: String, _ kind: String) -> String {
        (folder as NSString).appendingPathComponent("\(key).\(kind)")
    }

    /// `KEY.html` or `KEY.plain` → KEY, for a key of 64 hex digits; nil for any other name.
    private static func key(ofFile name: String) -> String? {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[1] == "html" || parts[1] == "plain", parts[0].utf8.count == 64,
              parts[0].utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) })
        else { return nil }
        return String(parts[0])
    }

    /// A regular file's bytes (none for an empty one: an empty block highlights to nothing), or nil
    /// when it is not a regular file, can't be read or holds more than `maximumBytes`. The type is
    /// checked first: opening a FIFO left in the folder would block the build.
    private static func read(_ path: String) -> Data? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              attributes[.type] as? FileAttributeType == .typeRegular,
              let size = attributes[.size] as? Int, size <= maximumBytes else { return nil }
        return FileManager.default.contents(atPath: path)
    }
}
