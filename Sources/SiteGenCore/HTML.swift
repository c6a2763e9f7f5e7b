#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Small helpers for writing HTML safely.
public enum HTML {
    /// Escapes text for use in element content and in double-quoted attribute values.
    ///
    /// A byte scan that copies the runs between special characters whole (they are all ASCII, so no
    /// UTF-8 sequence is split); text without any comes back as it is. Scalar by scalar, this was a
    /// twentieth of a guide's rebuild: code, titles and figures all pass through it.
    public static func escape(_ text: String) -> String {
        var text = text
        let escaped = text.withUTF8 { bytes -> String? in
            guard let first = bytes.firstIndex(where: { escapeTable[Int($0)] != nil }) else { return nil }
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count + bytes.count / 8)
            output.append(contentsOf: bytes[..<first])
            for byte in bytes[first...] {
                if let entity = escapeTable[Int(byte)] { output.append(contentsOf: entity) } else { output.append(byte) }
            }
            return String(decoding: output, as: UTF8.self)
        }
        return escaped ?? text
    }

    /// The entity of each byte `escape` replaces, indexed by byte.
    private static let escapeTable: [[UInt8]?] = (0..<256).map { byte in
        switch UInt8(byte) {
        case UInt8(ascii: "&"): Array("&amp;".utf8)
        case UInt8(ascii: "<"): Array("&lt;".utf8)
        case UInt8(ascii: ">"): Array("&gt;".utf8)
        case UInt8(ascii: "\""): Array("&quot;".utf8)
        case UInt8(ascii: "'"): Array("&#39;".utf8)
        default: nil
        }
    }
}

extension HTML {
    /// Whether `needle` occurs in `text`, byte for byte. Foundation's `contains` compares as Unicode
    /// text through CFString and cost a tenth of a large build when run over every page.
    public static func contains(_ needle: String, in text: String) -> Bool {
        let pattern = Array(needle.utf8)
        guard !pattern.isEmpty else { return true }
        var text = text  // withUTF8 makes a bridged string native and contiguous first
        return text.withUTF8 { find(pattern, in: $0, from: 0) != nil }
    }

    /// The values of every ` name="…"` attribute in an HTML fragment, in order.
    ///
    /// A byte scan rather than Foundation's `range(of:)` on substrings, which copies the rest of the
    /// page at every step and made link checking quadratic in the page's length.
    public static func attributeValues(_ name: String, in html: String) -> [String] {
        let needle = Array(" \(name)=\"".utf8)
        var values: [String] = []
        var html = html  // withUTF8 makes a bridged string native and contiguous first, so no page goes unscanned
        html.withUTF8 { bytes in
            var index = 0
            let count = bytes.count
            while let start = find(needle, in: bytes, from: index) {
                let valueStart = start + needle.count
                var end = valueStart
                while end < count && bytes[end] != UInt8(ascii: "\"") { end += 1 }
                guard end < count else { break }
                values.append(String(decoding: bytes[valueStart..<end], as: UTF8.self))
                index = end + 1
            }
        }
        return values
    }

    /// Every element whose name is in `names`, as the text of its start tag (`<img src="…" alt="">`).
    public static func startTags(named names: Set<String>, in html: String) -> [(name: String, tag: String)] {
        var tags: [(String, String)] = []
        var html = html  // as in attributeValues: never skip a page whose storage isn't contiguous
        html.withUTF8 { bytes in
            var index = 0
            let count = bytes.count
            while index < count {
                guard bytes[index] == UInt8(ascii: "<") else { index += 1; continue }
                var nameEnd = index + 1
                while nameEnd < count, isNameByte(bytes[nameEnd]) { nameEnd += 1 }
                let name = String(decoding: bytes[(index + 1)..<nameEnd], as: UTF8.self).lowercased()
                guard names.contains(name) else { index = nameEnd; continue }
                var end = nameEnd
                while end < count && bytes[end] != UInt8(ascii: ">") { end += 1 }
                tags.append((name, String(decoding: bytes[index..<min(end + 1, count)], as: UTF8.self)))
                index = end
            }
        }
        return tags
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }

    /// Where `needle` first occurs in `bytes` at or after `start`: memchr to each candidate, memcmp to
    /// confirm, both vectorised in the C library (memmem is a GNU extension that Swift's Glibc module
    /// doesn't export).
    package static func find(_ needle: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard let first = needle.first, let base = bytes.baseAddress, needle.count <= bytes.count else { return nil }
        var offset = start
        let last = bytes.count - needle.count
        return needle.withUnsafeBufferPointer { pattern -> Int? in
            while offset <= last {
                guard let hit = memchr(base + offset, Int32(first), last - offset + 1) else { return nil }
                let position = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                if memcmp(base + position, pattern.baseAddress!, needle.count) == 0 { return position }
                offset = position + 1
            }
            return nil
        }
    }
}
