import SiteGenResults

/// Our `Measurement`, named in this module because Foundation has one too, and the type of another
/// module would otherwise be ambiguous wherever both are imported.
public typealias Measurement = SiteGenResults.Measurement
