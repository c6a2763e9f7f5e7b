import Foundation

/// The history of one guide: its machine, interpreter and profile measured several times (results
/// files of different dates), with its key figures across the runs, oldest first, so a fleet's site
/// shows what changed from one week to the next instead of only the newest run.
///
/// The rows are the comparison page's key figures (`FleetFigure.standard`) and, for every workload
/// variant with a sequential cell, its median wall time, which covers a user's own workloads; a row no
/// run has a value for is left out. A run whose workload source differs from the newest run's says so
/// in its cell: the code measured changed, which may be the point of the comparison.
struct HistoryPage: Sendable {
    /// Where history pages go, one per guide: `history/SLUG.html`.
    static let folder = "history"

    /// The guide's newest run, with its earlier runs as `history`.
    var set: ResultSet
    /// The guide's home page, relative to the site's root.
    var guideURL: String
    var siteTitle: String
    var generator: String

    var path: String { "\(Self.folder)/\(set.slug).html" }

    static func path(for set: ResultSet) -> String? { set.history.isEmpty ? nil : "\(folder)/\(set.slug).html" }

    /// Every run, oldest first, the guide's own last.
    var runs: [ResultSet] { self.set.history + [self.set] }

    func view() -> FleetViews.History {
        let runs = self.runs
        let newest = Dictionary(set.results.workloads.map { ($0.name, $0.sourceHash) }, uniquingKeysWith: { a, _ in a })
        func row(_ title: String, workload: String, _ read: (ResultsFile) -> FleetFigure.Cell) -> FleetViews.Comparison.FigureRow? {
            let cells = runs.map { run -> FleetViews.Comparison.FigureCell in
                switch read(run.index.results) {
                case .missing(let why):
                    return .init(text: "—", missing: why)
                case .value(let text, let note):
                    let hash = run.results.workloads.first { $0.name == workload }?.sourceHash
                    let changed = hash != nil && newest[workload] != nil && hash != newest[workload]
                    return .init(text: text, note: note, notComparable: changed ? "another source of \(workload) (\(hash!.prefix(8)))" : nil)
                }
            }
            return cells.allSatisfy { $0.missing != nil } ? nil : FleetViews.Comparison.FigureRow(title: title, cells: cells)
        }
        var rows = FleetFigure.standard.compactMap { figure in row(figure.title, workload: figure.workload, figure.read) }
        for (workload, variant) in baselineVariants(runs) {
            rows += [row("Sequential wall time (\(workload)/\(variant))", workload: workload) { results in
                guard let cell = results.measurements.first(where: { $0.workload == workload && $0.variant == variant && $0.model == Models.sequential }) else {
                    return .missing("not measured")
                }
                guard cell.status == .ok, let median = cell.median else { return .missing(cell.status.rawValue) }
                return .value(Formatting.figure(median, unit: "s").text)
            }].compactMap { $0 }
        }
        // The page lies in history/, one folder down from the guide's home.
        let home = "../" + guideURL
        return FleetViews.History(guide: set.label, guideURL: home,
                                  runs: runs.enumerated().map { index, run in
                                      .init(label: run.results.startedAt, url: index == runs.count - 1 ? home : nil,
                                            source: run.isLocal ? "measured by this build" : (run.sourceDescription as NSString).lastPathComponent)
                                  },
                                  figures: rows)
    }

    /// Workload variants with a sequential cell in any run, in the newest run's order, then the others'.
    func baselineVariants(_ runs: [ResultSet]) -> [(String, String)] {
        var seen = Set<String>()
        var variants: [(String, String)] = []
        for run in runs.reversed() {
            for cell in run.results.measurements where cell.model == Models.sequential && seen.insert("\(cell.workload)/\(cell.variant)").inserted {
                variants.append((cell.workload, cell.variant))
            }
        }
        return variants
    }

    /// The page as a full document.
    func document(templates: TemplateSet) -> String {
        let body = templates.renderFragment(view().mustache, named: HistoryTemplates.name, default: HistoryTemplates.history)
        let nav: [[String: Any]] = [["title": set.label, "url": guideURL, "current": false, "summary": false],
                                    ["title": "History", "url": path, "current": true, "summary": false]]
        let context: [String: Any] = [
            "siteTitle": siteTitle, "title": "History: \(set.label)", "content": body,
            "summary": "Key figures of \(runs.count) runs, oldest first.", "url": path, "root": "../",
            "isHome": false, "hasToc": false, "toc": [[String: Any]](), "nav": nav, "pages": nav,
            "generator": generator, "sourcePath": "the results files", "fleet": true,
        ]
        return templates.render(context, template: TemplateSet.fleetTemplate)
    }
}
