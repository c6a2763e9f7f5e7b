import SiteGenCore
import SiteGenResults
import SiteGenMeasure
import SiteGenRender
import SiteGenContent
/// What the measurements of this machine say about a claim.
public enum ClaimVerdict: String, Sendable, CaseIterable, Codable {
    /// Holds for the whole interval of every figure involved.
    case holds
    /// Fails for the whole interval: the data contradicts the sentence on this machine.
    case contradicted
    /// The uncertainty straddles the threshold: noise alone can't decide.
    case inconclusive
    /// The claim's condition (`when=`) is false here, so it wasn't tested.
    case notApplicable = "not-applicable"

    /// As the badge reads: "holds", "not applicable".
    public var label: String { self == .notApplicable ? "not applicable" : rawValue }

    /// The CSS class of the badge and the claim box: `holds`, `not-applicable`.
    public var cssClass: String { rawValue }

    /// Kleene's three-valued `and` over holds/contradicted/inconclusive.
    static func and(_ a: ClaimVerdict, _ b: ClaimVerdict) -> ClaimVerdict {
        if a == .contradicted || b == .contradicted { return .contradicted }
        if a == .holds && b == .holds { return .holds }
        return .inconclusive
    }

    static func or(_ a: ClaimVerdict, _ b: ClaimVerdict) -> ClaimVerdict {
        if a == .holds || b == .holds { return .holds }
        if a == .contradicted && b == .contradicted { return .contradicted }
        return .inconclusive
    }

    var negated: ClaimVerdict {
        switch self {
        case .holds: return .contradicted
        case .contradicted: return .holds
        default: return self
        }
    }
}
