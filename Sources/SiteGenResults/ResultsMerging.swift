extension ResultsFile {
    /// One results file from several of the same host, interpreter and profile (cache entries and a
    /// fresh measurement): workloads in `order`, suite figures added up.
    public static func merging(_ parts: [ResultsFile], order: [String]) -> ResultsFile {
        precondition(!parts.isEmpty, "nothing to merge")
        let rank = Dictionary(order.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let sortedParts = parts.sorted { $0.startedAt < $1.startedAt }
        var merged = sortedParts.last!
        merged.startedAt = sortedParts.first!.startedAt
        merged.workloads = parts.flatMap(\.workloads).sorted { (rank[$0.name] ?? .max) < (rank[$1.name] ?? .max) }
        merged.measurements = merged.workloads.flatMap { record in
            parts.first { $0.workloads.contains(record) }?.measurements.filter { $0.workload == record.name } ?? []
        }
        if parts.count > 1 {
            merged.loadBefore = sortedParts.first!.loadBefore
            merged.loadAfter = sortedParts.last!.loadAfter
            let suites = parts.compactMap(\.suiteSeconds)
            let outside = parts.compactMap { part in part.suiteSeconds.flatMap { s in part.outsideTimedShare.map { s * $0 } } }
            merged.suiteSeconds = suites.count == parts.count ? suites.reduce(0, +) : nil
            if let total = merged.suiteSeconds, total > 0, outside.count == parts.count {
                merged.outsideTimedShare = outside.reduce(0, +) / total
            } else {
                merged.outsideTimedShare = nil
            }
        }
        return merged
    }
}
