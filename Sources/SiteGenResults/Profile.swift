/// How much to measure. Sizes are fixed per profile in the workload catalogue, so results of one
/// profile compare across machines; every results file records its profile.
public enum Profile: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// CI: the whole suite in about a minute on a 2-CPU machine.
    case quick
    /// The default: a few minutes.
    case standard
    /// Publishing: larger sizes, more repeats.
    case full

    public var description: String { rawValue }

    public init(from decoder: Decoder) throws { self = try Self.decodeCase(from: decoder) }
}
