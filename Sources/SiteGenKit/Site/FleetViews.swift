import Foundation

/// What the fleet pages show, as plain values: `FleetSite` decides it, the templates of
/// `FleetTemplates` (or a site's own) turn it into HTML. Strings are plain text, escaped by the
/// templates; only `sentenceHTML`, the guide's own rendered Markdown, is HTML.
enum FleetViews {
    /// The landing page: every guide's machine and interpreter with their key facts.
    struct Landing {
        struct Fact {
            var term: String
            var value: String
            /// A busy machine: shown as a warning.
            var isWarning: Bool
        }

        struct Machine {
            var label: String
            var url: String
            var facts: [Fact]
            /// The guide's history page, when it was measured more than once.
            var history: String?
        }

        var machines: [Machine]
        var comparePage: String

        var mustache: [String: Any] {
            ["guideCount": machines.count, "comparePage": comparePage,
             "machines": machines.map { machine in
                 ["label": machine.label, "url": machine.url, "history": machine.history ?? false,
                  "facts": machine.facts.map { ["term": $0.term, "value": $0.value, "isWarning": $0.isWarning] as [String: Any] }]
                     as [String: Any]
             }]
        }
    }

    /// The comparison page: key figures side by side, and the claims whose verdict differs.
    struct Comparison {
        struct Guide {
            var label: String
            var url: String
        }

        /// One guide's value of a figure.
        struct FigureCell {
            var text: String
            var note: String?
            /// Why the value can't be compared with the reference, when it can't.
            var notComparable: String?
            /// Why there is no value (not measured, failed), when there is none.
            var missing: String?
        }

        struct FigureRow {
            var title: String
            var cells: [FigureCell]

            /// The row as the comparison and history templates read it.
            var mustache: [String: Any] {
                ["title": title, "cells": cells.map { cell -> [String: Any] in
                    var values: [String: Any] = ["text": cell.text]
                    if let note = cell.note { values["note"] = note }
                    if let why = cell.notComparable { values["notComparable"] = why }
                    if let why = cell.missing { values["missing"] = why }
                    return values
                }]
            }
        }

        /// One guide's verdict of a claim; `verdict` nil where the guide couldn't evaluate it.
        struct VerdictCell {
            var guide: String
            var verdict: String?
            var cssClass: String
            var href: String
        }

        struct ClaimRow {
            var sentenceHTML: String
            var cells: [VerdictCell]
            var reason: String
        }

        var profile: String
        var guides: [Guide]
        var figures: [FigureRow]
        var claims: [ClaimRow]

        var mustache: [String: Any] {
            ["profile": profile,
             "guides": guides.map { ["label": $0.label, "url": $0.url] },
             "figures": figures.map(\.mustache),
             "hasClaims": !claims.isEmpty,
             "claims": claims.map { row in
                 ["sentenceHTML": row.sentenceHTML, "reason": row.reason,
                  "cells": row.cells.map { cell -> [String: Any] in
                      var values: [String: Any] = ["guide": cell.guide, "cssClass": cell.cssClass, "href": cell.href]
                      if let verdict = cell.verdict { values["verdict"] = verdict }
                      return values
                  }] as [String: Any]
             }]
        }
    }

    /// A history page: one guide's key figures across its runs, oldest first.
    struct History {
        struct Run {
            var label: String
            /// The guide's home for the newest run, which the guide shows.
            var url: String?
            var source: String
        }

        var guide: String
        var guideURL: String
        var runs: [Run]
        var figures: [Comparison.FigureRow]

        var mustache: [String: Any] {
            ["guide": guide, "guideURL": guideURL, "runCount": runs.count,
             "runs": runs.map { run -> [String: Any] in
                 var values: [String: Any] = ["label": run.label, "source": run.source]
                 if let url = run.url { values["url"] = url }
                 return values
             },
             "figures": figures.map(\.mustache)]
        }
    }
}
