import Foundation
import SiteGenCore
import SiteGenResults
import SiteGenProcess
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How much CPU time other processes used while the workloads ran: the machine's busy time (from
/// `/proc/stat`) minus this process's and its children's (from `getrusage`), as a share of all the CPU
/// time there was.
///
/// The load average can't tell this: it counts the workloads themselves (a 2-process pool keeps it
/// near 2) and trails by a minute (a compile that just ended still shows). Where `/proc/stat` is
/// missing (macOS) there is no share, and the results fall back to the load average before the run.
struct CompetingCPU: Sendable {
    /// A reading at one moment.
    public struct Reading: Sendable {
        /// Busy CPU seconds of the whole machine since boot, all CPUs together.
        var machineBusy: Double
        /// CPU seconds of this process and of every child it has waited for.
        var own: Double
        var at: DispatchTime
        var cpus: Int
    }

    /// The machine's and this process tree's CPU time now, or nil where the machine's isn't known.
    public static func read() -> Reading? {
        guard let stat = try? String(contentsOfFile: "/proc/stat", encoding: .utf8) else { return nil }
        let lines = stat.split(separator: "\n")
        guard let line = lines.first(where: { $0.hasPrefix("cpu ") }) else { return nil }
        // user nice system idle iowait irq softirq steal …, in clock ticks.
        let ticks = line.split(separator: " ").dropFirst().compactMap { Double($0) }
        guard ticks.count >= 8 else { return nil }
        let busy = ticks[0] + ticks[1] + ticks[2] + ticks[5] + ticks[6] + ticks[7]
        let perSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
        guard perSecond > 0 else { return nil }
        let cpus = lines.filter { $0.hasPrefix("cpu") && !$0.hasPrefix("cpu ") }.count
        return Reading(machineBusy: busy / perSecond, own: ownSeconds(), at: .now(), cpus: max(1, cpus))
    }

    /// The share of the machine's CPU time (0…1) that other processes used between two readings.
    public static func share(from start: Reading, to end: Reading) -> Double? {
        let wall = Double(end.at.uptimeNanoseconds - start.at.uptimeNanoseconds) / 1e9
        guard wall > 0 else { return nil }
        let others = (end.machineBusy - start.machineBusy) - (end.own - start.own)
        return min(1, max(0, others / (wall * Double(start.cpus))))
    }

    private static func ownSeconds() -> Double {
        var total = 0.0
        for who in [RUSAGE_SELF, RUSAGE_CHILDREN] {
            var usage = rusage()
            #if canImport(Glibc)
            guard getrusage(__rusage_who_t(who.rawValue), &usage) == 0 else { continue }
            #else
            guard getrusage(who, &usage) == 0 else { continue }
            #endif
            total += Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            total += Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        }
        return total
    }
}
