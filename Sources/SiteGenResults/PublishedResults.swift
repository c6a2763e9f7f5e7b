import Foundation

extension ResultsFile {
    /// Where the raw results are published in the site.
    public var publishedPath: String { "results/" + defaultFileName }

    /// The raw results as published: the file's JSON with `<`, `>` and `&` written as `\u003c`,
    /// `\u003e` and `\u0026` — the same values, but no markup from another machine's strings appears
    /// in the site, whatever a browser or server makes of a `.json` file.
    public func publishedData() throws -> Data {
        // Byte by byte: these three are ASCII, so they never occur inside a multi-byte UTF-8 sequence,
        // and in JSON only inside strings. (Replacing them in a String went through NSString and cost
        // half a second for a file with a cell of ten thousand samples.)
        let json = try encoded()
        var escaped: [UInt8] = []
        escaped.reserveCapacity(json.count)
        for byte in json {
            switch byte {
            case UInt8(ascii: "&"): escaped.append(contentsOf: Array(#"\u0026"#.utf8))
            case UInt8(ascii: "<"): escaped.append(contentsOf: Array(#"\u003c"#.utf8))
            case UInt8(ascii: ">"): escaped.append(contentsOf: Array(#"\u003e"#.utf8))
            default: escaped.append(byte)
            }
        }
        return Data(escaped)
    }
}
