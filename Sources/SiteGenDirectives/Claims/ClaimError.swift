import SiteGenCore
import SiteGenResults
import SiteGenMeasure
import SiteGenRender
import SiteGenContent
/// A mistake in a claim's expression or condition, at an offset (in characters) into its text.
///
/// The directive turns it into a diagnostic at the exact column of the page.
struct ClaimError: Error, Sendable, Equatable {
    /// 0-based offset in Unicode scalars from the start of the expression.
    public var offset: Int
    public var message: String

    public init(offset: Int, _ message: String) {
        self.offset = offset
        self.message = message
    }
}
