import SiteGenCore
/// How a comparison between measured figures is decided, valid under the repeated looks that
/// adaptive measurement takes.
///
/// A comparison `lhs < rhs` is judged round by round: in round *i* every cell ran once, so both sides
/// can be computed from the samples of round *i* alone, and `dᵢ = lhsᵢ − rhsᵢ` is one paired
/// observation. The comparison *holds* when the whole order-statistic confidence interval of the
/// median of `d` lies on its side of zero (a sign test: distribution-free, and drift between rounds
/// hits both sides alike), is *contradicted* when the whole interval lies on the other side, and is
/// *inconclusive* otherwise.
///
/// The data are looked at more than once: after the planned rounds, and after each batch of extra
/// rounds for claims still undecided. Each look could make a false decision, so the looks are fixed in
/// advance (`looks`, in rounds) and each uses the Bonferroni-corrected level `falseDecisionRate /
/// looks.count`: the chance that a comparison is ever decided wrongly, over every look, is at most
/// `falseDecisionRate`. A look uses exactly the first `looks[j]` rounds, whatever more exist.
package enum DecisionRule {
    /// The largest chance, over every look, that a comparison is decided wrongly.
    public static let falseDecisionRate = 0.05
    /// The numbers of paired rounds at which a decision may be taken. The first is the fewest rounds
    /// whose sign test can reach the per-look level at all: 7 rounds that all agree (2 ÷ 2⁷ = 1.6 %).
    public static let looks = [7, 12]

    /// The confidence of each look's interval: 1 − 5 % ÷ 2 = 97.5 %.
    public static var confidencePerLook: Double { 1 - falseDecisionRate / Double(looks.count) }

    /// The rounds a decision over `available` paired rounds uses: the largest look not above it, or
    /// nil when there are fewer rounds than the first look.
    public static func roundsUsed(available: Int) -> Int? {
        looks.last { $0 <= available }
    }

    /// The next look after `rounds` rounds, or nil when the last look is reached.
    public static func nextLook(after rounds: Int) -> Int? {
        looks.first { $0 > rounds }
    }

    /// How many of `rounds` paired rounds must agree for a decision: n + 1 − k, where (d₍ₖ₎, d₍ₙ₊₁₋ₖ₎)
    /// is the interval at the per-look confidence. Nil when `rounds` is no look.
    public static func agreeingNeeded(rounds: Int) -> Int? {
        guard rounds >= (looks.first ?? 1) else { return nil }
        let values = (0..<rounds).map(Double.init)
        let interval = Statistics.medianInterval(values, confidence: confidencePerLook)
        guard interval.confidence >= confidencePerLook else { return nil }
        return Int(interval.high) + 1
    }

    /// The interval of the median paired difference at one look, or nil when the rounds are too few
    /// for the look's confidence.
    public static func interval(ofDifferences differences: [Double]) -> Estimate? {
        guard let used = roundsUsed(available: differences.count) else { return nil }
        let interval = Statistics.medianInterval(Array(differences.prefix(used)), confidence: confidencePerLook)
        return interval.confidence >= confidencePerLook ? interval : nil
    }
}
