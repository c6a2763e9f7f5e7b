import SiteGenCore

/// Finds figures typed by hand in a page's prose: a number with a unit of time, size, ratio or share
/// ("50 ms", "2.06×", "40 %", "64 KiB", "∥0.9") outside directives, code, HTML tags and link targets.
///
/// The guide's figures come from this machine's measurements through `value`; a figure typed into the
/// prose was true somewhere once and can be contradicted by the numbers beside it. The few documented
/// constants (CPython's 5 ms default switch interval, a workload's fixed sizes) are written with the
/// `constant` directive, which says why the number is fixed, and are not reported.
///
/// One pass over the page's scalars: linear in its size, whatever it holds.
package enum HandTypedFigures {
    /// One hand-typed figure: its text and where it starts.
    package struct Figure: Equatable, Sendable {
        package var text: String
        package var line: Int
        package var column: Int
    }

    /// Units that make a number a figure, longest first so that "ms" wins over "m" and "MiB" over "M".
    static let units: [String] = [
        "milliseconds", "microseconds", "nanoseconds", "millisecond", "microsecond", "nanosecond", "seconds", "second",
        "minutes", "kibibytes", "mebibytes", "gibibytes", "kilobytes", "megabytes", "gigabytes", "percent", "bytes",
        "byte", "KiB", "MiB", "GiB", "TiB", "GHz", "MHz", "sec", "min", "ms", "µs", "μs", "us", "ns", "KB", "kB", "MB",
        "GB", "TB", "Hz", "s", "B", "×", "%",
    ]

    /// Every hand-typed figure of a page body that starts on line `firstLine` of its file.
    package static func find(in body: String, firstLine: Int) -> [Figure] {
        var scanner = Scanner(scalars: Array(body.unicodeScalars), line: firstLine)
        return scanner.run()
    }

    /// One warning per figure, at its position, saying what to do.
    package static func diagnostics(for page: Page) -> [Diagnostic] {
        find(in: page.body, firstLine: page.bodyLine).map {
            .warning("hand-typed figure `\($0.text)` in prose: another machine's numbers can contradict it; show the measured figure with `{{< value … >}}`, or mark a documented constant with `{{< constant \"\($0.text)\" why=\"…\" >}}`",
                     file: page.sourcePath, line: $0.line, column: $0.column)
        }
    }

    struct Scanner {
        let scalars: [Unicode.Scalar]
        var index = 0
        var line: Int
        var column = 1
        var found: [Figure] = []
        /// Backtick runs by length, found on the first code span, and a cursor per length (see `skipCodeSpan`).
        var backtickRuns: [Int: [Int]]?
        var runCursors: [Int: Int] = [:]

        init(scalars: [Unicode.Scalar], line: Int) {
            self.scalars = scalars
            self.line = line
        }

        mutating func run() -> [Figure] {
            var atLineStart = true
            while index < scalars.count {
                if atLineStart, let fence = fenceOpening() {
                    skipFencedBlock(fence)
                    continue
                }
                atLineStart = false
                let scalar = scalars[index]
                if scalar == "\n" {
                    advance()
                    atLineStart = true
                } else if scalar == "{", hasPrefix(Self.directiveOpen) {
                    skip(past: Self.directiveClose)
                } else if scalar == "<", hasPrefix(Self.commentOpen) {
                    skip(past: Self.commentClose)
                } else if scalar == "<", let next = peek(1), next.properties.isAlphabetic || next == "/" || next == "!" {
                    skip(past: Self.tagClose)
                } else if scalar == "`" {
                    skipCodeSpan()
                } else if scalar == "]", peek(1) == "(" {
                    skip(past: Self.linkClose)
                } else if isFigureStart(scalar) {
                    scanNumber()
                } else {
                    advance()
                }
            }
            return found
        }

        // MARK: - Figures

        /// A digit that does not continue a word ("h264", "x86_64", "3.12t" stay words), or `∥`/`±`
        /// directly before a digit.
        func isFigureStart(_ scalar: Unicode.Scalar) -> Bool {
            if scalar == "∥" || scalar == "±" { return peek(1).map(isDigit) ?? false }
            guard isDigit(scalar) else { return false }
            guard index > 0 else { return true }
            let previous = scalars[index - 1]
            return !(previous.properties.isAlphabetic || previous == "_" || previous == "." || previous == "-" || isDigit(previous))
        }

        mutating func scanNumber() {
            let startIndex = index, startLine = line, startColumn = column
            let marked = scalars[index] == "∥" || scalars[index] == "±"
            if marked { advance() }
            while index < scalars.count, isDigit(scalars[index]) || ((scalars[index] == "." || scalars[index] == ",") && (peek(1).map(isDigit) ?? false)) {
                advance()
            }
            // "1.94×" and "40 %" alike: spaces (also no-break and thin ones) or a hyphen may sit between.
            var probe = index
            while probe < scalars.count, [" ", "\u{00A0}", "\u{202F}", "\u{2009}", "-"].contains(scalars[probe]) { probe += 1 }
            if let unit = unit(at: probe) {
                let end = probe + unit.unicodeScalars.count
                found.append(Figure(text: String(String.UnicodeScalarView(scalars[startIndex..<end])), line: startLine, column: startColumn))
                while index < end { advance() }
            } else if marked {
                found.append(Figure(text: String(String.UnicodeScalarView(scalars[startIndex..<index])), line: startLine, column: startColumn))
            }
        }

        /// The unit starting at `position`, where it ends a word there ("ms" in "10 ms," but not "10 msgs").
        func unit(at position: Int) -> String? {
            guard position < scalars.count, let candidates = Self.unitsByFirstScalar[scalars[position]] else { return nil }
            for unit in candidates {
                let end = position + unit.count
                guard end <= scalars.count, matches(unit, at: position) else { continue }
                let symbol = unit.count == 1 && !unit[0].properties.isAlphabetic
                if symbol || end == scalars.count || !(scalars[end].properties.isAlphabetic || isDigit(scalars[end])) {
                    return String(String.UnicodeScalarView(unit))
                }
            }
            return nil
        }

        /// Whether `needle` is at `position`, compared in place: the scan runs once per digit and per
        /// bracket of a page, and copying a slice each time had made it the slowest stage of a build.
        func matches(_ needle: [Unicode.Scalar], at position: Int) -> Bool {
            guard position + needle.count <= scalars.count else { return false }
            for (offset, scalar) in needle.enumerated() where scalars[position + offset] != scalar { return false }
            return true
        }

        /// The units by their first scalar, each list longest first (as `units` is).
        static let unitsByFirstScalar: [Unicode.Scalar: [[Unicode.Scalar]]] = {
            var table: [Unicode.Scalar: [[Unicode.Scalar]]] = [:]
            for unit in HandTypedFigures.units {
                let scalars = Array(unit.unicodeScalars)
                table[scalars[0], default: []].append(scalars)
            }
            return table
        }()
        static let directiveOpen = Array("{{<".unicodeScalars), directiveClose = Array(">}}".unicodeScalars)
        static let commentOpen = Array("<!--".unicodeScalars), commentClose = Array("-->".unicodeScalars)
        static let tagClose = Array(">".unicodeScalars), linkClose = Array(")".unicodeScalars)

        func isDigit(_ scalar: Unicode.Scalar) -> Bool { scalar >= "0" && scalar <= "9" }

        // MARK: - What is not prose

        /// A fence (three or more backticks or tildes, after at most three spaces) opening a code block.
        func fenceOpening() -> (Unicode.Scalar, Int)? {
            var position = index, spaces = 0
            while position < scalars.count, scalars[position] == " ", spaces < 4 { position += 1; spaces += 1 }
            guard spaces < 4, position < scalars.count, scalars[position] == "`" || scalars[position] == "~" else { return nil }
            let mark = scalars[position]
            var length = 0
            while position + length < scalars.count, scalars[position + length] == mark { length += 1 }
            return length >= 3 ? (mark, length) : nil
        }

        /// Skips a fenced code block through its closing fence, or to the end of the page.
        mutating func skipFencedBlock(_ fence: (Unicode.Scalar, Int)) {
            skipLine()
            while index < scalars.count {
                if let closing = fenceOpening(), closing.0 == fence.0, closing.1 >= fence.1 {
                    skipLine()
                    return
                }
                skipLine()
            }
        }

        /// A code span: from a run of backticks to the next run of the same length, or just the run.
        /// The closing runs come from `backtickRuns`, found in one pass over the page, with a cursor per
        /// length that only moves forward: a page of runs of ever other lengths stays linear.
        mutating func skipCodeSpan() {
            var length = 0
            while index + length < scalars.count, scalars[index + length] == "`" { length += 1 }
            if backtickRuns == nil { backtickRuns = Self.runsByLength(scalars) }
            let starts = backtickRuns![length] ?? []
            var cursor = runCursors[length] ?? 0
            while cursor < starts.count, starts[cursor] < index + length { cursor += 1 }
            runCursors[length] = cursor
            let end = cursor < starts.count ? starts[cursor] + length : index + length
            while index < end { advance() }
        }

        /// The start of every maximal run of backticks, by its length, in order.
        static func runsByLength(_ scalars: [Unicode.Scalar]) -> [Int: [Int]] {
            var runs: [Int: [Int]] = [:]
            var position = 0
            while position < scalars.count {
                guard scalars[position] == "`" else { position += 1; continue }
                var length = 0
                while position + length < scalars.count, scalars[position + length] == "`" { length += 1 }
                runs[length, default: []].append(position)
                position += length
            }
            return runs
        }

        mutating func skipLine() {
            while index < scalars.count, scalars[index] != "\n" { advance() }
            if index < scalars.count { advance() }
        }

        /// Skips through `terminator`, or to the end of the page when it never comes.
        mutating func skip(past end: [Unicode.Scalar]) {
            while index < scalars.count {
                if hasPrefix(end) {
                    for _ in end { advance() }
                    return
                }
                advance()
            }
        }

        func hasPrefix(_ prefix: [Unicode.Scalar]) -> Bool { matches(prefix, at: index) }

        func peek(_ offset: Int) -> Unicode.Scalar? {
            index + offset < scalars.count ? scalars[index + offset] : nil
        }

        mutating func advance() {
            if scalars[index] == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
            index += 1
        }
    }
}
