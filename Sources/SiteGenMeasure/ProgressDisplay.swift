import Foundation
import SiteGenCore
import SiteGenResults
import SiteGenProcess

/// Shows a measurement run's progress: one live line on a terminal (rewritten with `\r`), plain lines
/// in a log, or nothing. Failures and timeouts are always printed on lines of their own, except quiet.
public final class ProgressDisplay: @unchecked Sendable {
    public enum Style: Sendable {
        /// A single line rewritten in place: run, repeat, cell, elapsed, ETA.
        case live
        /// A line at each repeat's start, every `interval` seconds, and for every problem.
        case lines
        case quiet
    }

    public let style: Style
    private let write: @Sendable (String) -> Void
    private let lock = NSLock()
    private var cells: [Cell] = []
    private var repeats = 1
    private var durations: [Int: Double] = [:]
    private var stopped = Set<Int>()
    private var runsDone = 0
    private var skippedRuns = 0
    /// Runs of extra rounds announced so far (they come after the planned ones).
    private var extraRuns = 0
    private var lastLine = -Double.infinity
    private var lineIsOpen = false
    /// Seconds between progress lines in the `lines` style.
    public var interval: Double = 10

    public init(style: Style, write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        self.style = style
        self.write = write
    }

    /// `live` when standard error is a terminal and TERM isn't `dumb`, else `lines`; `quiet` when asked.
    public static func automaticStyle(quiet: Bool, environment: [String: String] = ProcessInfo.processInfo.environment) -> Style {
        if quiet { return .quiet }
        return isatty(STDERR_FILENO) == 1 && environment["TERM"] != "dumb" ? .live : .lines
    }

    public func handle(_ event: ProgressEvent) {
        lock.lock()
        defer { lock.unlock() }
        switch event {
        case .began(let cells, let repeats):
            self.cells = cells
            self.repeats = repeats
            if style != .quiet {
                emitLine("measuring \(cells.count) cells × \(repeats) repeats, each in a fresh process")
            }
        case .started(let cell, _, let round, let elapsed) where round > repeats:
            // An extra round: no ETA (how many follow depends on what they show).
            if style == .live {
                write("\r\u{1B}[K" + clip("[\(runsDone + 1)/\(totalRuns)] extra round \(round) · \(cell) · \(clock(elapsed))"))
                lineIsOpen = true
            }
        case .started(let cell, let index, let round, let elapsed):
            switch style {
            case .live:
                let text = "[\(runsDone + 1)/\(totalRuns)] repeat \(round)/\(repeats) · \(cell) · \(clock(elapsed))\(eta(index: index, round: round).map { " · ETA \($0)" } ?? "")"
                write("\r\u{1B}[K" + clip(text))
                lineIsOpen = true
            case .lines:
                let firstOfRepeat = cells.indices.first { !stopped.contains($0) } == index
                if firstOfRepeat || elapsed - lastLine >= interval {
                    emitLine("repeat \(round)/\(repeats): \(runsDone)/\(totalRuns) runs done, \(clock(elapsed)) elapsed\(eta(index: index, round: round).map { ", ETA \($0)" } ?? "")")
                    lastLine = elapsed
                }
            case .quiet:
                break
            }
        case .finished(let cell, let index, let round, let run, _):
            runsDone += 1
            durations[index] = run.processSeconds
            switch run.result {
            case .failed(let message), .timedOut(let message), .unavailable(let message):
                stopped.insert(index)
                skippedRuns += max(0, repeats - round)
                if style != .quiet {
                    let status: String
                    if case .timedOut = run.result { status = "timeout" } else if case .unavailable = run.result { status = "unavailable" } else { status = "failed" }
                    emitLine("\(status): \(cell): \(message.split(separator: "\n").last.map(String.init) ?? message)")
                }
            default:
                break
            }
        case .extraRounds(let purpose, let cells, let rounds):
            extraRuns += cells.count * rounds
            if style != .quiet {
                emitLine("\(PrintableText.escape(purpose)): \(rounds) more round\(rounds == 1 ? "" : "s") of \(cells.count) cell\(cells.count == 1 ? "" : "s")")
            }
        case .ended(let elapsed):
            if style != .quiet { emitLine("measured \(runsDone) runs in \(clock(elapsed))") }
        }
    }

    /// Every planned run, less the repeats of cells that stopped early.
    private var totalRuns: Int { max(runsDone, cells.count * repeats - skippedRuns + extraRuns) }

    /// The time left: every remaining run of every cell still going, at that cell's last duration or,
    /// before a cell has run once, the mean so far.
    private func eta(index: Int, round: Int) -> String? {
        guard !durations.isEmpty else { return nil }
        let mean = durations.values.reduce(0, +) / Double(durations.count)
        var left = 0.0
        for cell in cells.indices where !stopped.contains(cell) {
            let runsLeft = (repeats - round) + (cell >= index ? 1 : 0)
            left += Double(runsLeft) * (durations[cell] ?? mean)
        }
        return clock(left)
    }

    private func emitLine(_ text: String) {
        if lineIsOpen { write("\r\u{1B}[K"); lineIsOpen = false }
        write(text + "\n")
    }

    private func clip(_ text: String) -> String {
        let width = Int(ProcessInfo.processInfo.environment["COLUMNS"] ?? "") ?? 100
        return text.count > width - 1 ? String(text.prefix(width - 2)) + "…" : text
    }

    func clock(_ seconds: Double) -> String {
        if seconds < 60 { return String(format: "%.0f s", seconds.rounded(.up)) }
        let total = Int(seconds.rounded())
        return String(format: "%d:%02d min", total / 60, total % 60)
    }
}
