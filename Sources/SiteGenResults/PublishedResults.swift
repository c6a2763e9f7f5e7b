import Foundation

extension ResultsFile {
    /// Where the raw results are published in the site.
    public var publishedPath: String { "results/" + defaultFileName }

    /// The raw results as published: the file's JSON with `<`, `>` and `&` written as `\u003c`,
    /// `\u003e` and `\u0026` — the same values, but no markup from another machine's strings appears
    /// in the site, whatever a browser or server makes of a `.json` file.
    public func publishedData() throws -> Data {
        var text = String(decoding: try encoded(), as: UTF8.self)
        text = text.replacingOccurrences(of: "&", with: "\\u0026").replacingOccurrences(of: "<", with: "\\u003c")
            .replacingOccurrences(of: ">", with: "\\u003e")
        return Data(text.utf8)
    }
}
