import Foundation
import SiteGenCore
import SiteGenResults
import SiteGenProcess

/// Reads the host's facts from the operating system.
///
/// Linux reads /proc and /sys (including the cgroup v2 and v1 CPU quota); macOS asks sysctl. Every
/// platform-specific call sits behind a platform check, and a fact that can't be read gets a stated
/// fallback instead of failing the build.
public enum HostProbe {
    /// The facts of the machine this process runs on.
    public static func current() -> HostFacts {
        let logical = ProcessInfo.processInfo.processorCount
        let affinity = affinityCPUCount() ?? logical
        let quota = cgroupCPUQuota()
        var effective = affinity
        if let quota { effective = max(1, min(affinity, Int(quota.rounded(.up)))) }
        let cpu = cpuTopology()
        return HostFacts(
            hostname: ProcessInfo.processInfo.hostName,
            cpuModel: cpu.model ?? "unknown CPU",
            logicalCPUs: logical,
            physicalCores: cpu.physicalCores,
            smt: cpu.physicalCores.map { logical > $0 },
            affinityCPUs: affinity,
            cgroupCPUQuota: quota,
            effectiveCPUs: effective,
            memoryBytes: ProcessInfo.processInfo.physicalMemory,
            os: operatingSystemName(),
            kernel: unameField(\.release),
            architecture: unameField(\.machine),
            virtualization: virtualizationHint())
    }

    // MARK: - CPUs

    static func cpuTopology() -> (model: String?, physicalCores: Int?) {
        #if os(Linux)
        guard let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return (nil, nil) }
        var model: String?
        var cores = Set<String>()
        var physicalID = "0"
        for line in cpuinfo.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2 else { continue }
            switch parts[0] {
            case "model name", "Hardware", "cpu model", "Model": if model == nil { model = parts[1] }
            case "physical id": physicalID = parts[1]
            case "core id": cores.insert("\(physicalID):\(parts[1])")
            default: break
            }
        }
        return (model, cores.isEmpty ? nil : cores.count)
        #elseif os(macOS)
        return (sysctlString("machdep.cpu.brand_string"), sysctlInt("hw.physicalcpu"))
        #else
        return (nil, nil)
        #endif
    }

    static func affinityCPUCount() -> Int? {
        #if os(Linux)
        // /proc/self/status carries the affinity mask as a count-friendly list without needing CPU_COUNT macros.
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed_list:") })
        else { return nil }
        let list = line.dropFirst("Cpus_allowed_list:".count).trimmingCharacters(in: .whitespaces)
        return cpuListCount(list)
        #else
        return nil
        #endif
    }

    /// Counts a Linux CPU list such as `0-3,6,8-9`.
    static func cpuListCount(_ list: String) -> Int? {
        var count = 0
        for part in list.split(separator: ",") {
            let bounds = part.split(separator: "-").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            switch bounds.count {
            case 1: count += 1
            case 2 where bounds[1] >= bounds[0]: count += bounds[1] - bounds[0] + 1
            default: return nil
            }
        }
        return count > 0 ? count : nil
    }

    /// The CPU quota of this process's cgroup, in CPUs; nil when there is none.
    static func cgroupCPUQuota() -> Double? {
        #if os(Linux)
        // cgroup v2: "max 100000" or "200000 100000" in cpu.max of the process's own cgroup.
        if let membership = try? String(contentsOfFile: "/proc/self/cgroup", encoding: .utf8) {
            for line in membership.split(separator: "\n") where line.hasPrefix("0::") {
                let path = String(line.dropFirst(3))
                if let quota = parseCPUMax(try? String(contentsOfFile: "/sys/fs/cgroup\(path)/cpu.max", encoding: .utf8)) {
                    return quota
                }
            }
        }
        if let quota = parseCPUMax(try? String(contentsOfFile: "/sys/fs/cgroup/cpu.max", encoding: .utf8)) {
            return quota
        }
        // cgroup v1.
        if let quotaText = try? String(contentsOfFile: "/sys/fs/cgroup/cpu/cpu.cfs_quota_us", encoding: .utf8),
           let periodText = try? String(contentsOfFile: "/sys/fs/cgroup/cpu/cpu.cfs_period_us", encoding: .utf8),
           let quota = Double(quotaText.trimmingCharacters(in: .whitespacesAndNewlines)),
           let period = Double(periodText.trimmingCharacters(in: .whitespacesAndNewlines)),
           quota > 0, period > 0 {
            return quota / period
        }
        #endif
        return nil
    }

    static func parseCPUMax(_ text: String?) -> Double? {
        guard let fields = text?.split(whereSeparator: { $0 == " " || $0 == "\n" }), fields.count >= 2,
              let quota = Double(fields[0]), let period = Double(fields[1]), period > 0 else { return nil }
        return quota / period
    }

    // MARK: - System

    static func operatingSystemName() -> String {
        #if os(Linux)
        if let release = try? String(contentsOfFile: "/etc/os-release", encoding: .utf8),
           let line = release.split(separator: "\n").first(where: { $0.hasPrefix("PRETTY_NAME=") }) {
            return line.dropFirst("PRETTY_NAME=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return "Linux"
        #else
        let version = ProcessInfo.processInfo.operatingSystemVersion
        return "macOS \(version.majorVersion).\(version.minorVersion).\(version.patchVersion)"
        #endif
    }

    /// A field of `uname`, whatever its length: a C array, which Swift imports as a tuple of 65
    /// `CChar`s on Linux and 256 on Darwin, so the key path is generic over the tuple's type.
    static func unameField<Field>(_ field: KeyPath<utsname, Field>) -> String {
        var info = utsname()
        guard uname(&info) == 0 else { return "unknown" }
        var value = info[keyPath: field]
        return withUnsafeBytes(of: &value) { buffer in
            String(decoding: buffer.prefix { $0 != 0 }, as: UTF8.self)
        }
    }

    static func virtualizationHint() -> String? {
        #if os(Linux)
        if FileManager.default.fileExists(atPath: "/.dockerenv") { return "container (Docker)" }
        if let vendor = try? String(contentsOfFile: "/sys/class/dmi/id/sys_vendor", encoding: .utf8) {
            let name = vendor.trimmingCharacters(in: .whitespacesAndNewlines)
            let known = ["QEMU", "KVM", "VMware", "innotek", "Xen", "Microsoft Corporation", "Amazon EC2", "Google", "DigitalOcean", "Hetzner"]
            if known.contains(where: { name.contains($0) }) { return name }
        }
        if let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
           cpuinfo.contains(" hypervisor") {
            return "virtual machine (CPU reports a hypervisor)"
        }
        return nil
        #elseif os(macOS)
        return sysctlInt("kern.hv_vmm_present") == 1 ? "virtual machine" : nil
        #else
        return nil
        #endif
    }

    #if os(macOS)
    static func sysctlString(_ name: String) -> String? {
        var size = 0
        guard sysctlbyname(name, nil, &size, nil, 0) == 0, size > 0 else { return nil }
        var buffer = [CChar](repeating: 0, count: size)
        guard sysctlbyname(name, &buffer, &size, nil, 0) == 0 else { return nil }
        return String(cString: buffer)
    }

    static func sysctlInt(_ name: String) -> Int? {
        var value: Int64 = 0
        var size = MemoryLayout<Int64>.size
        guard sysctlbyname(name, &value, &size, nil, 0) == 0 else { return nil }
        return Int(value)
    }
    #endif
}
