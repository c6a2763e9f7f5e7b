import SiteGenCore

extension Metric {
    /// The metric of one cell round by round (round → value), from the samples the statistics use
    /// (`Measurement.clean`); nil when the cell has no samples to give it. Speedup and efficiency pair
    /// each round with the sequential baseline's sample of the same round.
    public func rounds(of measurement: Measurement, in index: ResultsIndex, extra: String? = nil) -> [Int: Double]? {
        guard measurement.status == .ok else { return nil }
        let cell = measurement.clean
        let rounds = cell.sampleRounds
        func byRound(_ values: [Double]) -> [Int: Double]? {
            guard !values.isEmpty, values.count == rounds.count else { return nil }
            return Dictionary(zip(rounds, values), uniquingKeysWith: { _, last in last })
        }
        switch self {
        case .median, .metric:
            if let extra { return cell.extra[extra].flatMap(byRound) }
            if !cell.metric.isEmpty { return byRound(cell.metric) }
            return cell.unit == "s" ? byRound(cell.wall) : nil
        case .wall: return byRound(cell.wall)
        case .cpu: return byRound(cell.cpu)
        case .parallelism:
            guard cell.cpu.count == cell.wall.count else { return nil }
            return byRound(zip(cell.cpu, cell.wall).map { cpu, wall in wall > 0 ? cpu / wall : .nan })?.filter { !$0.value.isNaN }
        case .speedup, .efficiency:
            guard let baseline = index.baseline(workload: measurement.workload, variant: measurement.variant),
                  let base = Metric.wall.rounds(of: baseline, in: index), let own = byRound(cell.wall) else { return nil }
            let ideal = self == .efficiency ? Self.idealSpeedup(measurement, in: index.results) : 1
            guard ideal > 0 else { return nil }
            var values: [Int: Double] = [:]
            for (round, wall) in own where wall > 0 {
                if let sequential = base[round] { values[round] = sequential / wall / ideal }
            }
            return values
        }
    }
}
