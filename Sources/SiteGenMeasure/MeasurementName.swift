import SiteGenResults

/// One cell's results. Named here because Foundation also has a `Measurement`, and a type of this
/// module wins over both imports where a type of another module would be ambiguous.
public typealias Measurement = SiteGenResults.Measurement
