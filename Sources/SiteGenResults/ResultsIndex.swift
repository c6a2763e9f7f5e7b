import SiteGenCore
/// Finds measurements in a results file by what a page asks for, with messages that say what exists.
public struct ResultsIndex: Sendable {
    /// What a directive asks for: a workload's cell, possibly underspecified.
    public struct Selector: Sendable, Equatable {
        public var workload: String
        public var variant: String?
        public var model: String?
        /// A start method for process models; nil means the interpreter's default.
        public var startMethod: String?
        /// A worker count, `per_task`, `default`, or `best` (the fastest cell); nil when there is one.
        public var workers: String?

        public init(workload: String, variant: String? = nil, model: String? = nil, startMethod: String? = nil,
                    workers: String? = nil) {
            self.workload = workload
            self.variant = variant
            self.model = model
            self.startMethod = startMethod
            self.workers = workers
        }
    }

    public let results: ResultsFile
    /// Every workload the catalogue offers, when known: a name there but not in `results` was not
    /// measured, rather than unknown.
    public let catalogue: [String]?

    public init(results: ResultsFile, catalogue: [String]? = nil) {
        // The raw samples are what a results file vouches for; the statistics are derived again here,
        // so a file (or cache entry) written by an earlier version is shown by this version's rules.
        var results = results
        let kinds = Dictionary(results.workloads.map { ($0.name, $0.kind) }, uniquingKeysWith: { first, _ in first })
        results.measurements = Measurement.derivingStatistics(of: results.measurements, effectiveCPUs: results.host.effectiveCPUs,
                                                              kinds: kinds)
        self.results = results
        self.catalogue = catalogue
    }

    /// The known workloads, models and variants, for "did you mean" messages.
    public var workloads: [String] { Array(Set(results.measurements.map(\.workload))).sorted() }

    public func variants(of workload: String) -> [String] {
        orderedUnique(results.measurements.filter { $0.workload == workload }.map(\.variant))
    }

    public func models(of workload: String, variant: String) -> [String] {
        orderedUnique(results.measurements.filter { $0.workload == workload && $0.variant == variant }.map(\.model))
    }

    /// Every measurement of a workload variant.
    public func measurements(workload: String, variant: String) -> [Measurement] {
        results.measurements.filter { $0.workload == workload && $0.variant == variant }
    }

    /// The one measurement a selector names, or a message saying what is missing and what exists.
    public func find(_ selector: Selector) -> Result<Measurement, LookupError> {
        let workloads = self.workloads
        guard workloads.contains(selector.workload) else {
            if let catalogue, catalogue.contains(selector.workload) {
                return .failure(LookupError(field: "workload",
                    message: "`\(selector.workload)` was not measured for these results (measured: \(workloads.isEmpty ? "none" : workloads.joined(separator: ", "))); build without --results to measure it"))
            }
            return .failure(LookupError(field: "workload", message: unknown("workload", selector.workload, catalogue ?? workloads)))
        }
        let variants = variants(of: selector.workload)
        let variant: String
        if let asked = selector.variant {
            guard variants.contains(asked) else {
                return .failure(LookupError(field: "variant", message: unknown("variant of \(selector.workload)", asked, variants)))
            }
            variant = asked
        } else if variants.count == 1 {
            variant = variants[0]
        } else {
            return .failure(LookupError(field: "variant",
                message: "`\(selector.workload)` has several variants; add variant=… (one of \(variants.joined(separator: ", ")))"))
        }
        var cells = measurements(workload: selector.workload, variant: variant)
        let models = orderedUnique(cells.map(\.model))
        if let model = selector.model {
            guard models.contains(model) else {
                return .failure(LookupError(field: "model", message: unknown("model for \(selector.workload)/\(variant)", model, models)))
            }
            cells = cells.filter { $0.model == model }
        } else if models.count > 1 {
            return .failure(LookupError(field: "model",
                message: "say which model: add model=… (one of \(models.joined(separator: ", ")))"))
        }
        let methods = orderedUnique(cells.compactMap(\.startMethod))
        if !methods.isEmpty {
            let method = selector.startMethod ?? results.interpreter.defaultStartMethod ?? methods[0]
            guard methods.contains(method) else {
                return .failure(LookupError(field: "start", message: unknown("start method", method, methods)))
            }
            cells = cells.filter { $0.startMethod == method }
        } else if let method = selector.startMethod {
            return .failure(LookupError(field: "start", message: "`\(selector.model ?? "this model")` has no start method, but start=\(method) was given; remove it"))
        }
        let labels = cells.map(Self.workersLabel)
        switch selector.workers {
        case nil:
            guard cells.count == 1 else {
                return .failure(LookupError(field: "workers",
                    message: "say how many workers: add workers=… (one of \(orderedUnique(labels).joined(separator: ", ")), or best)"))
            }
        case "best":
            let fastest = cells.filter { $0.status == .ok && $0.median != nil }.min { $0.median!.median < $1.median!.median }
            guard let fastest else {
                return .failure(LookupError(field: "workers", message: "no successful cell to pick the best from"))
            }
            cells = [fastest]
        case let asked?:
            let matching = cells.filter { Self.workersLabel($0) == asked }
            guard !matching.isEmpty else {
                return .failure(LookupError(field: "workers", message: unknown("worker count", asked, orderedUnique(labels))))
            }
            cells = matching
        }
        return .success(cells[0])
    }

    /// The sequential baseline of a workload variant.
    public func baseline(workload: String, variant: String) -> Measurement? {
        measurements(workload: workload, variant: variant).first { $0.isBaseline && $0.status == .ok }
    }

    /// How a cell's workers are named in selectors: `2`, `per_task`, `default`, or `-` when none apply.
    public static func workersLabel(_ measurement: Measurement) -> String {
        measurement.workersLabel ?? measurement.workers.map(String.init) ?? "-"
    }

    /// Why a lookup failed, naming the selector field at fault.
    public struct LookupError: Error, Sendable, Equatable {
        public var field: String
        public var message: String
    }

    private func unknown(_ what: String, _ value: String, _ known: [String]) -> String {
        let suggestion = Suggestion.prompt(for: value, among: known)
        return "unknown \(what) `\(value)`; \(suggestion)known: \(known.joined(separator: ", "))"
    }

    private func orderedUnique(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }
    }
}
