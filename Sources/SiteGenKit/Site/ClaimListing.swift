import Foundation

/// Every claim of a site with its verdict, margin, and the cells it read with their sample counts:
/// what `sitegen claims` prints, so an author sees which claims are fragile before CI does.
public struct ClaimListing: Sendable {
    /// The claims of one guide (`guide` nil for a site with one).
    public struct Guide: Sendable {
        public var guide: String?
        public var records: [ClaimSurvey.Record]
    }

    public var guides: [Guide]

    public init(guides: [Guide]) {
        self.guides = guides
    }

    /// One block per claim: position, verdict, margin, id, the sentence, and what it read. Text from
    /// pages and results files is escaped (`PrintableText`), so each field stays on its line.
    public var text: String {
        let safe = PrintableText.escape
        var out = ""
        for guide in guides {
            if let name = guide.guide { out += "== \(safe(name))\n" }
            for record in guide.records {
                let outcome = record.outcome
                let margin = outcome.evaluation?.margin.map { String(format: "margin %+.1f %%", $0 * 100) } ?? "margin –"
                out += "\(safe(record.sourcePath)):\(record.line)  \(outcome.verdict.label)  \(margin)  \(safe(outcome.id))\n"
                out += "  “\(safe(outcome.sentenceText))”\n"
                for comparison in outcome.evaluation?.comparisons ?? [] where comparison.rounds > 0 {
                    out += "  \(comparison.agreeing) of \(comparison.rounds) paired rounds agree"
                    if let difference = comparison.difference {
                        out += String(format: " (median difference %.4g in [%.4g, %.4g])", difference.median, difference.low, difference.high)
                    }
                    out += "\n"
                }
                for cell in Self.cells(of: outcome) {
                    out += "  reads \(safe(cell.label)): \(cell.samples) samples, \(cell.rounds) rounds\(cell.flagged > 0 ? ", \(cell.flagged) contaminated" : "")\n"
                }
                if outcome.evaluation == nil { out += "  \(safe(outcome.evidence.text))\n" }
            }
            out += "\(ClaimSurvey.tally(guide.records))\n"
        }
        return out
    }

    /// The same as a JSON array, one object per claim.
    public func json() throws -> Data {
        struct Cell: Encodable { var cell: String; var samples: Int; var rounds: Int; var contaminated: Int }
        struct Comparison: Encodable { var rounds: Int; var agreeing: Int; var low: Double?; var median: Double?; var high: Double? }
        struct Entry: Encodable {
            var guide: String?
            var file: String
            var line: Int
            var id: String
            var sentence: String
            var verdict: String
            var margin: Double?
            var comparisons: [Comparison]
            var cells: [Cell]
            var evidence: String
        }
        let entries = guides.flatMap { guide in
            guide.records.map { record -> Entry in
                let outcome = record.outcome
                return Entry(guide: guide.guide, file: record.sourcePath, line: record.line, id: outcome.id, sentence: outcome.sentenceText,
                             verdict: outcome.verdict.rawValue, margin: outcome.evaluation?.margin,
                             comparisons: (outcome.evaluation?.comparisons ?? []).map {
                                 Comparison(rounds: $0.rounds, agreeing: $0.agreeing, low: $0.difference?.low, median: $0.difference?.median,
                                            high: $0.difference?.high)
                             },
                             cells: Self.cells(of: outcome).map { Cell(cell: $0.label, samples: $0.samples, rounds: $0.rounds, contaminated: $0.flagged) },
                             evidence: outcome.evidence.text)
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(entries)
    }

    /// The cells a claim read, in expression order, each once.
    static func cells(of outcome: ClaimDirective.Outcome) -> [(label: String, samples: Int, rounds: Int, flagged: Int)] {
        guard let evaluation = outcome.evaluation else { return [] }
        var seen = Set<String>()
        return evaluation.calls.sorted { $0.key < $1.key }.compactMap { _, resolved in
            let cell = resolved.measurement
            let label = "\(cell.workload)/\(cell.variant) · \(Formatting.cellLabel(cell))"
            guard seen.insert(label).inserted else { return nil }
            return (label, cell.wall.count, Set(cell.sampleRounds).count, cell.contaminatedSamples.flagged)
        }
    }
}
