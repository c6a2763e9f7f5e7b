import Foundation

/// Times the named stages of a build, for `--verbose`.
final class StepClock: @unchecked Sendable {
    private let start = DispatchTime.now()
    private var last = DispatchTime.now()
    private(set) var laps: [(name: String, seconds: Double)] = []

    /// Ends the stage running since the last lap (or the start) under this name.
    func lap(_ name: String) {
        let now = DispatchTime.now()
        laps.append((name, Double(now.uptimeNanoseconds - last.uptimeNanoseconds) / 1e9))
        last = now
    }

    var total: Double { Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9 }
}
