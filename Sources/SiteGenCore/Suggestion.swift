/// "Did you mean …?" for a mistyped name: the closest of the known names by edit distance, if any is
/// close enough to be what was meant.
package enum Suggestion {
    /// "did you mean `x`? " for the closest candidate, or "" when none is close: the start of a
    /// message's advice, before the list of what is known. `shown` writes the candidate.
    package static func prompt(for word: String, among candidates: [String], shown: (String) -> String = { "`\($0)`" }) -> String {
        closest(to: word, among: candidates).map { "did you mean \(shown($0))? " } ?? ""
    }

    package static func closest(to word: String, among candidates: [String]) -> String? {
        let scored = candidates.map { ($0, distance(word, $0)) }.filter { $0.1 <= max(2, word.count / 3) }
        return scored.min { $0.1 < $1.1 }?.0
    }

    package static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
