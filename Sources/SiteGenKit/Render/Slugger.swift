import Foundation

/// Makes stable, unique anchor ids from heading text, the way readers expect to type them:
/// "The convoy effect" → `the-convoy-effect`, a second "Results" → `results-2`.
public struct Slugger: Sendable {
    private var taken: Set<String> = []

    public init() {}

    /// The slug of a text, without uniqueness.
    public static func slug(_ text: String) -> String {
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

    /// A slug not handed out before by this slugger.
    public mutating func uniqueSlug(_ text: String) -> String {
        let base = Slugger.slug(text)
        var slug = base
        var counter = 2
        while taken.contains(slug) {
            slug = "\(base)-\(counter)"
            counter += 1
        }
        taken.insert(slug)
        return slug
    }
}
