import SiteGenCore
/// What else the machine did while one repeat's timed region ran, as the harness read it, and
/// whether that was enough to set the repeat aside.
///
/// On a shared or virtual machine the same loop can run 30 % slower from one repeat to the next
/// while nothing on the machine itself looks busy: the hypervisor gave our CPU to another guest
/// (steal), or another process took a CPU. A repeat measured under such contamination is flagged,
/// measured again, and left out of the statistics where its round has a clean repeat; its raw numbers stay
/// in the results file.
public struct Contamination: Sendable, Codable, Equatable {
    /// CPU seconds other processes used on our CPUs during the region (Linux: `/proc/stat`'s busy
    /// time less this run's process group); nil where the platform doesn't tell.
    public var otherCPUSeconds: Double?
    /// Seconds the hypervisor ran something else on our CPUs (Linux: `/proc/stat`'s steal).
    public var stealSeconds: Double?
    /// How often another process preempted ours (`getrusage`'s involuntary context switches).
    public var involuntarySwitches: Double?
    /// The mean current frequency of our CPUs at the end of the region, where the kernel tells it.
    public var cpuMHz: Double?
    /// Whether the repeat was flagged by `Contamination.Rule`.
    public var flagged: Bool

    public init(otherCPUSeconds: Double? = nil, stealSeconds: Double? = nil, involuntarySwitches: Double? = nil,
                cpuMHz: Double? = nil, flagged: Bool = false) {
        self.otherCPUSeconds = otherCPUSeconds
        self.stealSeconds = stealSeconds
        self.involuntarySwitches = involuntarySwitches
        self.cpuMHz = cpuMHz
        self.flagged = flagged
    }

    /// The documented rule: a repeat is contaminated when, during its timed region, other processes
    /// used more than `otherShare` of the CPU time of our CPUs, or steal took more than `stealShare`
    /// of it — each beyond `slackSeconds`, the resolution of the kernel's counters (two clock ticks
    /// of 10 ms), so that a region of a few milliseconds isn't flagged by one tick of rounding.
    public enum Rule {
        public static let otherShare = 0.15
        public static let stealShare = 0.05
        public static let slackSeconds = 0.02

        /// Whether a region of `wall` seconds on `cpus` CPUs counts as contaminated.
        public static func isContaminated(_ reading: Contamination, wall: Double, cpus: Int) -> Bool {
            let capacity = wall * Double(max(1, cpus))
            if let other = reading.otherCPUSeconds, other > otherShare * capacity + slackSeconds { return true }
            if let steal = reading.stealSeconds, steal > stealShare * capacity + slackSeconds { return true }
            return false
        }
    }

    /// The share of the region's CPU capacity (`wall` × `cpus`) that other processes and steal took,
    /// at most 1: on a region of a few milliseconds one clock tick of the kernel's counters can read
    /// as more than the whole capacity.
    public func share(wall: Double, cpus: Int) -> Double? {
        guard otherCPUSeconds != nil || stealSeconds != nil else { return nil }
        let capacity = wall * Double(max(1, cpus))
        guard capacity > 0 else { return nil }
        return min(1, ((otherCPUSeconds ?? 0) + (stealSeconds ?? 0)) / capacity)
    }
}
