import SiteGenCore

/// Every claim of a guide in one table — sentence, verdict, figures, the page that makes it — with a
/// caption that tallies the verdicts.
package struct ClaimsTable: Sendable {
    package struct Row: Sendable {
        /// The sentence as rendered Markdown (inline); `sentenceText` is used where it is blocks.
        package var sentenceHTML: String
        package var verdictClass: String
        package var verdictLabel: String
        /// The figures as phrasing content.
        package var evidenceHTML: String
        /// Where the claim is made, and that page's title.
        package var href: String
        package var pageTitle: String

        package init(sentenceHTML: String, verdictClass: String, verdictLabel: String, evidenceHTML: String, href: String,
                     pageTitle: String) {
            self.sentenceHTML = sentenceHTML
            self.verdictClass = verdictClass
            self.verdictLabel = verdictLabel
            self.evidenceHTML = evidenceHTML
            self.href = href
            self.pageTitle = pageTitle
        }
    }

    /// "12 claims: 9 hold, 1 contradicted, …", plain text.
    package var tally: String
    package var rows: [Row]

    package init(tally: String, rows: [Row]) {
        self.tally = tally
        self.rows = rows
    }

    package func html() -> String {
        var html = "<div class=\"table-scroll\">\n<table class=\"claims\">\n"
        html += "<caption>Every claim of this guide, checked against this machine's measurements: \(HTML.escape(tally)).</caption>\n"
        html += "<thead>\n<tr><th scope=\"col\">Claim</th><th scope=\"col\">Verdict</th><th scope=\"col\">Measured</th><th scope=\"col\">Page</th></tr>\n</thead>\n<tbody>\n"
        for row in rows {
            html += "<tr><td>\(row.sentenceHTML)</td>"
            html += "<td><span class=\"verdict \(row.verdictClass)\">\(row.verdictLabel)</span></td>"
            html += "<td class=\"claim-evidence\">\(row.evidenceHTML)</td>"
            html += "<td><a href=\"\(HTML.escape(row.href))\">\(HTML.escape(row.pageTitle))</a></td></tr>\n"
        }
        return html + "</tbody>\n</table>\n</div>\n"
    }
}
