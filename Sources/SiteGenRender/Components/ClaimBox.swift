import SiteGenCore

/// A claim as its page shows it: the sentence with its verdict badge, then the evidence, in a box
/// whose edge takes the verdict's colour. The claims layer decides what it says; this says how.
package struct ClaimBox: Sendable {
    /// The anchor other pages link to (`claim-12`, or the author's `id=`).
    package var id: String
    /// The verdict's class (`holds`, `contradicted`, …) and its words.
    package var verdictClass: String
    package var verdictLabel: String
    /// The sentence as rendered Markdown: inline content, or whole blocks when `sentenceIsInline` is false.
    package var sentenceHTML: String
    package var sentenceIsInline: Bool
    /// The figures behind the verdict, as block HTML.
    package var evidenceHTML: String

    package init(id: String, verdictClass: String, verdictLabel: String, sentenceHTML: String, sentenceIsInline: Bool,
                 evidenceHTML: String) {
        self.id = id
        self.verdictClass = verdictClass
        self.verdictLabel = verdictLabel
        self.sentenceHTML = sentenceHTML
        self.sentenceIsInline = sentenceIsInline
        self.evidenceHTML = evidenceHTML
    }

    package func html() -> String {
        let badge = "<span class=\"verdict \(verdictClass)\"><span class=\"visually-hidden\">Verdict on this machine: </span>\(verdictLabel)</span>"
        var html = "<div class=\"claim \(verdictClass)\" id=\"\(HTML.escape(id))\">\n"
        if sentenceIsInline {
            html += "<p class=\"claim-statement\">\(sentenceHTML) \(badge)</p>\n"
        } else {
            html += sentenceHTML + "<p class=\"claim-statement\">\(badge)</p>\n"
        }
        html += evidenceHTML
        return html + "</div>\n"
    }
}
