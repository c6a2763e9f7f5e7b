import Foundation

/// The two pages of a site with a guide per machine and interpreter: the landing page (`index.html`),
/// listing the machines with their key facts, and the comparison page (`compare.html`), setting key
/// figures side by side and listing the claims whose verdict differs, with the reason where the facts
/// show one.
///
/// It decides what the pages say (`FleetViews`); templates say how (`FleetTemplates`, or a site's own),
/// and escape every string, which from a results file is untrusted. Everything is ordered by the
/// guides' order, so two builds from the same inputs are byte-identical.
struct FleetSite: Sendable {
    public static let landingPage = "index.html"
    public static let comparePage = "compare.html"

    public var sets: [ResultSet]
    /// Every guide's claims with their verdicts, in the same order as `sets`.
    public var claims: [[ClaimSurvey.Record]]
    public var siteTitle: String
    public var generator: String
    public var figures: [FleetFigure]

    public init(sets: [ResultSet], claims: [[ClaimSurvey.Record]], siteTitle: String,
                generator: String = "sitegen \(SiteGenVersion.current)", figures: [FleetFigure] = FleetFigure.standard) {
        self.sets = sets
        self.claims = claims
        self.siteTitle = siteTitle
        self.generator = generator
        self.figures = figures
    }

    /// Both pages as full documents, output path → HTML.
    public func documents(templates: TemplateSet) -> [String: String] {
        let landing = templates.renderFragment(landingView().mustache, named: FleetTemplates.machinesName, default: FleetTemplates.machines)
        let compare = templates.renderFragment(comparisonView().mustache, named: FleetTemplates.compareName, default: FleetTemplates.compare)
        return [Self.landingPage: templates.render(context(title: "Machines and interpreters", url: Self.landingPage, content: landing,
                                                           summary: "One guide per machine and interpreter, every number measured there."),
                                                   template: TemplateSet.fleetTemplate),
                Self.comparePage: templates.render(context(title: "Comparison", url: Self.comparePage, content: compare,
                                                           summary: "Key figures side by side, and the claims whose verdict differs."),
                                                   template: TemplateSet.fleetTemplate)]
    }

    /// The Mustache context of a fleet page: the names `page.mustache` uses too, so a site without a
    /// `fleet.mustache` renders them with its page template.
    func context(title: String, url: String, content: String, summary: String) -> [String: Any] {
        let nav: [[String: Any]] = [
            ["title": "Machines and interpreters", "url": Self.landingPage, "current": url == Self.landingPage, "summary": false],
            ["title": "Comparison", "url": Self.comparePage, "current": url == Self.comparePage, "summary": false],
        ] + sets.map { ["title": $0.label, "url": $0.slug + "/index.html", "current": false, "summary": false] as [String: Any] }
        return ["siteTitle": siteTitle, "title": title, "content": content, "summary": summary, "url": url, "root": "",
                "isHome": url == Self.landingPage, "hasToc": false, "toc": [[String: Any]](), "nav": nav, "pages": nav,
                "generator": generator, "sourcePath": "the results files", "fleet": true]
    }

    // MARK: - Landing page

    /// Every guide's machine and interpreter with the facts that explain its numbers.
    func landingView() -> FleetViews.Landing {
        FleetViews.Landing(machines: sets.map { set in
            let results = set.results, host = results.host, interpreter = results.interpreter
            var facts: [FleetViews.Landing.Fact] = [
                ("CPU", host.cpuModel),
                ("CPUs", "\(host.effectiveCPUs) usable of \(host.logicalCPUs) logical"),
                ("Memory", host.memoryDescription),
                ("System", "\(host.os) (\(host.architecture))"),
                ("Interpreter", interpreter.name),
                ("GIL", results.gilDescription),
                ("Default start method", interpreter.defaultStartMethod ?? "none"),
                ("Profile", results.profile.rawValue),
                ("Measured", results.startedAt),
                ("Source", set.isLocal ? "measured by this build" : "results file " + (set.sourceDescription as NSString).lastPathComponent),
            ].map { FleetViews.Landing.Fact(term: $0.0, value: $0.1, isWarning: false) }
            if results.busyHostWarning != nil {
                let how = results.otherCPUShare.map { String(format: "other processes used %.0f %% of its CPU time", $0 * 100) }
                    ?? String(format: "load %.1f before, on %d usable CPUs", results.loadBefore?.first ?? 0, host.effectiveCPUs)
                facts.append(.init(term: "Warning", value: "busy while measuring (\(how)): times are slower and noisier than this machine can do",
                                   isWarning: true))
            }
            return FleetViews.Landing.Machine(label: set.label, url: set.slug + "/index.html", facts: facts,
                                              history: HistoryPage.path(for: set))
        }, comparePage: Self.comparePage)
    }

    // MARK: - Comparison page

    /// The profile and, per workload, the source hash most guides share (ties: the one that sorts
    /// first): the reference the other guides are compared with.
    struct Reference {
        var profile: Profile
        var hashes: [String: String]
    }

    var reference: Reference {
        func majority(_ values: [String]) -> String? {
            let counts = Dictionary(values.map { ($0, 1) }, uniquingKeysWith: +)
            return counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.first?.key
        }
        // A fleet site has at least two guides, so there is a majority; ties go to the name that sorts first.
        let profile = majority(sets.map(\.results.profile.rawValue)).flatMap(Profile.init(rawValue:)) ?? .standard
        let sameProfile = sets.filter { $0.results.profile == profile }
        var hashes: [String: String] = [:]
        for workload in Set(sets.flatMap { $0.results.workloads.map(\.name) }).sorted() {
            let values = sameProfile.compactMap { $0.results.workloads.first { $0.name == workload }?.sourceHash }
            if let hash = majority(values) { hashes[workload] = hash }
        }
        return Reference(profile: profile, hashes: hashes)
    }

    /// Why a guide's figure for a workload can't share a column with the reference, or nil.
    func incomparability(_ set: ResultSet, workload: String, reference: Reference) -> String? {
        if set.results.profile != reference.profile {
            return "profile \(set.results.profile), not \(reference.profile): different sizes of work"
        }
        if let hash = set.results.workloads.first(where: { $0.name == workload })?.sourceHash,
           let expected = reference.hashes[workload], hash != expected {
            return "a different version of \(workload) (source \(hash.prefix(8)), not \(expected.prefix(8)))"
        }
        return nil
    }

    /// The key figures of every guide against the reference, and the claims whose verdict differs.
    func comparisonView() -> FleetViews.Comparison {
        let reference = self.reference
        let figureRows = figures.map { figure in
            FleetViews.Comparison.FigureRow(title: figure.title, cells: sets.map { set in
                // The index holds the statistics as this version derives them from the samples.
                switch figure.read(set.index.results) {
                case .missing(let why):
                    return .init(text: "—", missing: why)
                case .value(let text, let note):
                    return .init(text: text, note: note, notComparable: incomparability(set, workload: figure.workload, reference: reference))
                }
            })
        }
        let claimRows = differingClaims().map { row in
            FleetViews.Comparison.ClaimRow(sentenceHTML: row.sentenceHTML, cells: zip(sets, row.records).map { set, record in
                guard let record else { return .init(guide: set.label, verdict: nil, cssClass: "", href: "") }
                let verdict = record.outcome.verdict
                return .init(guide: set.label, verdict: verdict.label, cssClass: verdict.cssClass,
                             href: "\(set.slug)/\(record.outputPath)#\(record.outcome.id)")
            }, reason: row.reason)
        }
        return FleetViews.Comparison(profile: reference.profile.rawValue,
                                     guides: sets.map { .init(label: $0.label, url: $0.slug + "/index.html") },
                                     figures: figureRows, claims: claimRows)
    }

    /// A claim with its record in each guide (nil where the guide couldn't evaluate it).
    struct ClaimRow {
        /// The claim's sentence as its page renders it.
        var sentenceHTML: String
        var records: [ClaimSurvey.Record?]
        var reason: String
    }

    /// The claims whose verdict is not the same in every guide, in the first guide's page and line order.
    func differingClaims() -> [ClaimRow] {
        var keys: [String] = []
        var seen = Set<String>()
        for records in claims {
            for record in records where seen.insert(Self.key(record)).inserted { keys.append(Self.key(record)) }
        }
        var rows: [ClaimRow] = []
        for key in keys {
            let records = claims.map { guide in guide.first { Self.key($0) == key } }
            let verdicts = Set(records.compactMap { $0?.outcome.verdict.rawValue })
            guard verdicts.count > 1, let sample = records.compactMap({ $0 }).first else { continue }
            let differing = sets.indices.filter { records[$0] != nil }
            rows.append(ClaimRow(sentenceHTML: sample.outcome.sentenceHTML, records: records,
                                 reason: reason(among: differing.map { sets[$0] }, records: differing.map { records[$0]! })))
        }
        return rows
    }

    static func key(_ record: ClaimSurvey.Record) -> String { record.sourcePath + "#" + record.outcome.id }

    /// The recorded facts that separate the verdicts: a fact is a reason when it has one value among
    /// the guides of each verdict and differs between verdicts (usable CPUs, the GIL, the default start
    /// method, the platform, the Python version, a busy machine, the profile). When none does, it says
    /// so rather than guess.
    func reason(among sets: [ResultSet], records: [ClaimSurvey.Record]) -> String {
        let facts: [(String, (ResultSet) -> String)] = [
            ("effective CPUs", { String($0.results.host.effectiveCPUs) }),
            ("GIL", { $0.results.gilState.description }),
            ("default start method", { $0.results.interpreter.defaultStartMethod ?? "none" }),
            ("platform", { ClaimCondition(results: $0.results).describe("platform").replacingOccurrences(of: "platform = ", with: "") }),
            ("Python", { $0.results.interpreter.version }),
            ("busy while measuring", { $0.results.busyHostWarning == nil ? "no" : "yes" }),
            ("profile", { $0.results.profile.rawValue }),
        ]
        var verdicts: [String] = []
        for record in records where !verdicts.contains(record.outcome.verdict.label) { verdicts.append(record.outcome.verdict.label) }
        var reasons: [String] = []
        for (name, value) in facts {
            var valueByVerdict: [String: String] = [:]
            var separates = true
            for (set, record) in zip(sets, records) {
                let verdict = record.outcome.verdict.label, fact = value(set)
                if let seen = valueByVerdict[verdict], seen != fact { separates = false }
                valueByVerdict[verdict] = fact
            }
            guard separates, Set(valueByVerdict.values).count > 1 else { continue }
            reasons.append("\(name): " + verdicts.map { "\(valueByVerdict[$0]!) where \($0)" }.joined(separator: ", "))
        }
        if reasons.isEmpty {
            // Said once, under the table, rather than in every such row.
            return "noise, or the machines themselves"
        }
        return reasons.joined(separator: "; ")
    }
}
