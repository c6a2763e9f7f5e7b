import Foundation

/// The claims of a site whose verdict differs between two results files: the pages' claims evaluated
/// against each, as `sitegen claims` evaluates them.
public struct ClaimChange: Sendable, Codable, Equatable {
    /// `Content/threading.md` and the claim's line there.
    public var page: String
    public var line: Int
    /// The id of the claim's box on its page.
    public var id: String
    public var old: String
    public var new: String

    /// The claims whose verdict changed, in page then line order.
    public static func between(pages: [Page], root: String, old: ResultsFile, new: ResultsFile) -> [ClaimChange] {
        let before = ClaimSurvey.collect(pages: pages, root: root, results: ResultsIndex(results: old))
        let after = ClaimSurvey.collect(pages: pages, root: root, results: ResultsIndex(results: new))
        let verdicts = Dictionary(before.map { ("\($0.sourcePath):\($0.line)", $0.outcome.verdict) }, uniquingKeysWith: { a, _ in a })
        return after.compactMap { record in
            guard let was = verdicts["\(record.sourcePath):\(record.line)"], was != record.outcome.verdict else { return nil }
            return ClaimChange(page: SiteBuilder.relativePath(record.sourcePath, root: root), line: record.line, id: record.outcome.id,
                               old: was.label, new: record.outcome.verdict.label)
        }
    }
}
