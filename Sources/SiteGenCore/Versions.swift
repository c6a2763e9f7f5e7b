import Foundation

/// Version numbers and timestamps as the results files write them.
package enum Versions {
    /// `3.13.0rc1` → [3, 13, 0]: the leading digits of each dotted part, 0 where a part has none.
    package static func parts(_ text: String) -> [Int] {
        text.split(separator: ".").map { part in Int(part.prefix { $0.isNumber }) ?? 0 }
    }

    /// Now, ISO 8601 in UTC to the second: when a run started, when a cache entry was saved.
    package static func timestamp() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date())
    }
}
