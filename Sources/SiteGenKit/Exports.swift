// The layers below: the core (diagnostics, suggestions, source text, byte search and escaping,
// hashing, versions), the results (files, facts, statistics, the decision rule) and the process
// layer (process groups, timeouts, interrupts). Re-exported so
// that the command line and other users of SiteGenKit see one library.
@_exported import SiteGenCore
@_exported import SiteGenResults
@_exported import SiteGenProcess
@_exported import SiteGenMeasure
@_exported import SiteGenRender
@_exported import SiteGenContent
@_exported import SiteGenDirectives

/// One cell's results. Named here too, because Foundation also has a `Measurement`, and a type of this
/// module wins over both imports where a type of another module would be ambiguous.
public typealias Measurement = SiteGenResults.Measurement
