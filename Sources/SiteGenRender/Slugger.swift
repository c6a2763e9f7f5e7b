import SiteGenCore
import SiteGenResults
import Foundation

/// Makes stable, unique anchor ids from heading text, the way readers expect to type them:
/// "The convoy effect" → `the-convoy-effect`, a second "Results" → `results-2`.
struct Slugger: Sendable {
    private var taken: Set<String> = []
    /// For each slug, the counter its next duplicate tries first: every lower one is taken already, so
    /// a page with a thousand headings of the same text costs a thousand steps, not half a million.
    private var nextCounter: [String: Int] = [:]

    public init() {}

    /// The slug of a text, without uniqueness.
    public static func slug(_ text: String) -> String {
        text.utf8.allSatisfy({ $0 < 0x80 }) ? asciiSlug(text) : unicodeSlug(text)
    }

    /// The rules for any text: letters (of any script) and digits kept, lowercased; runs of anything
    /// else become one dash, except underscores, which stay.
    package static func unicodeSlug(_ text: String) -> String {
        var slug = ""
        var pendingDash = false
        // Precomposed form first, so "Résumé" typed with combining accents slugs like the precomposed one.
        for scalar in text.precomposedStringWithCanonicalMapping.lowercased().unicodeScalars {
            if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                || (scalar.properties.generalCategory == .nonspacingMark && !slug.isEmpty && !pendingDash) {
                if pendingDash && !slug.isEmpty { slug.append("-") }
                pendingDash = false
                slug.unicodeScalars.append(scalar)
            } else if scalar == "_" {
                // Underscores are common in Python names (`to_thread`); keep them.
                if pendingDash && !slug.isEmpty { slug.append("-") }
                pendingDash = false
                slug.append("_")
            } else {
                pendingDash = true
            }
        }
        return slug.isEmpty ? "section" : slug
    }

    /// The same rules for ASCII text, byte by byte: most headings are ASCII, and Unicode
    /// normalisation and scalar properties cost more than the rest of rendering a heading.
    package static func asciiSlug(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var pendingDash = false
        for byte in text.utf8 {
            let lower = (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) ? byte + 32 : byte
            let isWord = (lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z")) || (lower >= UInt8(ascii: "0") && lower <= UInt8(ascii: "9"))
            if isWord || lower == UInt8(ascii: "_") {
                if pendingDash && !bytes.isEmpty { bytes.append(UInt8(ascii: "-")) }
                pendingDash = false
                bytes.append(lower)
            } else {
                pendingDash = true
            }
        }
        return bytes.isEmpty ? "section" : String(decoding: bytes, as: UTF8.self)
    }

    /// A slug not handed out before by this slugger.
    public mutating func uniqueSlug(_ text: String) -> String {
        let base = Slugger.slug(text)
        var slug = base
        var counter = nextCounter[base] ?? 2
        while taken.contains(slug) {
            slug = "\(base)-\(counter)"
            counter += 1
        }
        nextCounter[base] = counter
        taken.insert(slug)
        return slug
    }
}
