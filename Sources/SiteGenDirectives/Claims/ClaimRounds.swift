import SiteGenCore
import SiteGenResults
import SiteGenMeasure
import SiteGenRender
import SiteGenContent
import Foundation

/// Claim-driven adaptive measurement: after the planned rounds, and after each batch of extra rounds,
/// finds the claims still undecided and asks for rounds of exactly the cells they read, up to the
/// next look of `DecisionRule` and within a budget of seconds.
///
/// A claim can't be decided before `DecisionRule.looks[0]` paired rounds, so with the quick profile's
/// three planned rounds every claim gets extra rounds of its cells; a claim still undecided at the
/// first look gets more, to the second. Claims are taken cheapest first while the budget lasts; what
/// it can't pay for stays inconclusive, and the results file says how the budget was spent.
package struct ClaimRounds: ExtraRoundsPlanner {
    /// One claim of the pages, as the measurement needs it.
    public struct Claim: Sendable {
        public var expression: ClaimExpression
        public var condition: ClaimExpression?
        /// The claim's `id=` (or `file:line`), for the progress line.
        public var label: String

        public init(expression: ClaimExpression, condition: ClaimExpression?, label: String) {
            self.expression = expression
            self.condition = condition
            self.label = label
        }
    }

    public var claims: [Claim]
    /// Seconds the extra rounds may take in all.
    public var budgetSeconds: Double
    /// Results of the same guide measured earlier (the cache), which claims may also read.
    public var otherParts: [ResultsFile]

    public init(claims: [Claim], budgetSeconds: Double, otherParts: [ResultsFile] = []) {
        self.claims = claims
        self.budgetSeconds = budgetSeconds
        self.otherParts = otherParts
    }

    /// Every claim of the pages whose expression parses (mistakes are the render step's to report).
    public static func claims(in pages: [Page]) -> [Claim] {
        pages.flatMap(\.allDirectives).compactMap { directive in
            guard directive.name == "claim", let expr = directive.value("expr", orPosition: 0),
                  let expression = try? ClaimParser.parseClaim(expr.value) else { return nil }
            let condition = directive.argument("when").flatMap { try? ClaimParser.parseCondition($0.value) }
            return Claim(expression: expression, condition: condition, label: directive.argument("id")?.value ?? "\(directive.file):\(directive.line)")
        }
    }

    /// The extra rounds to run next, or nil when every claim is decided, the last look is reached, or
    /// the budget can't pay for another batch.
    public func extraRounds(for file: ResultsFile, record: MeasurementRunner.Record) -> MeasurementRunner.ExtraRounds? {
        guard let target = DecisionRule.nextLook(after: record.roundsRun) else { return nil }
        let rounds = target - record.roundsRun
        let merged = otherParts.isEmpty ? file : ResultsFile.merging(otherParts + [file], order: (otherParts + [file]).flatMap { $0.workloads.map(\.name) })
        let index = ResultsIndex(results: merged)
        let facts = ClaimCondition(results: merged)
        let evaluator = ClaimEvaluator(index: index)

        var wanted: [(label: String, cells: Set<Int>, cost: Double)] = []
        for claim in claims {
            if let condition = claim.condition, !facts.evaluate(condition) { continue }
            guard let evaluation = try? evaluator.evaluate(claim.expression), evaluation.verdict == .inconclusive else { continue }
            var cells = Set<Int>()
            for resolved in evaluation.calls.values {
                var read = [resolved.measurement]
                if resolved.call.metric == .speedup || resolved.call.metric == .efficiency,
                   let baseline = index.baseline(workload: resolved.measurement.workload, variant: resolved.measurement.variant) {
                    read.append(baseline)
                }
                for measurement in read {
                    if let cell = record.cells.indices.first(where: { Self.cell(record.cells[$0], isMeasuredBy: measurement) }),
                       record.problems[cell] == nil {
                        cells.insert(cell)
                    }
                }
            }
            guard !cells.isEmpty else { continue }  // its cells came from elsewhere: more rounds here can't help
            wanted.append((claim.label, cells, cells.reduce(0) { $0 + record.meanRunSeconds($1) } * Double(rounds)))
        }
        // Cheapest first, while the budget lasts; cells shared between claims are paid for once.
        var chosen = Set<Int>(), labels: [String] = [], cost = 0.0
        let left = budgetSeconds - record.extraSeconds
        for claim in wanted.sorted(by: { $0.cost < $1.cost }) {
            let added = claim.cells.subtracting(chosen).reduce(0) { $0 + record.meanRunSeconds($1) } * Double(rounds)
            guard cost + added <= left else { continue }
            cost += added
            chosen.formUnion(claim.cells)
            labels.append(claim.label)
        }
        guard !chosen.isEmpty else { return nil }
        let named = labels.prefix(4).joined(separator: ", ") + (labels.count > 4 ? ", …" : "")
        return MeasurementRunner.ExtraRounds(cells: chosen.sorted(), rounds: rounds,
                                             purpose: "deciding \(labels.count) claim\(labels.count == 1 ? "" : "s") (\(named)) at \(target) rounds")
    }

    /// Whether a measurement is the record of a cell (as `Benchmark` turns cells into measurements).
    static func cell(_ cell: Cell, isMeasuredBy measurement: Measurement) -> Bool {
        guard cell.workload == measurement.workload, cell.variant == measurement.variant, cell.model == measurement.model,
              cell.startMethod == measurement.startMethod else { return false }
        switch cell.workers {
        case .none: return true
        case .some(.count(let number)): return measurement.workersLabel == nil && measurement.workers == number
        case .some(let other): return measurement.workersLabel == other.description
        }
    }
}
