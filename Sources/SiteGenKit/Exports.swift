// The layer below: diagnostics, suggestions, source text, byte search and escaping, hashing, versions.
// Re-exported so that the command line and other users of SiteGenKit see one library.
@_exported import SiteGenCore
