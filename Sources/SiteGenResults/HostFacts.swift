import Foundation
import SiteGenCore

/// What explains a machine's numbers: its CPUs as the process sees them, memory, and operating system.
///
/// Gathered once per run by `HostProbe`; stored in every results file so a guide can say what it was
/// measured on, and so cached results are only reused on the machine that made them.
public struct HostFacts: Sendable, Codable, Equatable {
    public var hostname: String
    public var cpuModel: String
    /// Logical CPUs the system has (hardware threads).
    public var logicalCPUs: Int
    /// Physical cores, when the platform says; nil when it doesn't.
    public var physicalCores: Int?
    /// Whether the cores run more than one hardware thread each (SMT, hyper-threading), when known.
    public var smt: Bool?
    /// CPUs this process may run on (its affinity mask).
    public var affinityCPUs: Int
    /// The cgroup CPU quota in CPUs (`cpu.max` quota / period), nil when unlimited or unknown.
    public var cgroupCPUQuota: Double?
    /// The CPUs work can really use at once: the affinity, capped by the cgroup quota (rounded up).
    public var effectiveCPUs: Int
    public var memoryBytes: UInt64
    /// The operating system's pretty name, e.g. "Debian GNU/Linux 12 (bookworm)".
    public var os: String
    public var kernel: String
    public var architecture: String
    /// A hint that this is a virtual machine or container, e.g. "KVM", when the platform reveals one.
    public var virtualization: String?

    public init(hostname: String, cpuModel: String, logicalCPUs: Int, physicalCores: Int?, smt: Bool?,
                affinityCPUs: Int, cgroupCPUQuota: Double?, effectiveCPUs: Int, memoryBytes: UInt64,
                os: String, kernel: String, architecture: String, virtualization: String?) {
        self.hostname = hostname
        self.cpuModel = cpuModel
        self.logicalCPUs = logicalCPUs
        self.physicalCores = physicalCores
        self.smt = smt
        self.affinityCPUs = affinityCPUs
        self.cgroupCPUQuota = cgroupCPUQuota
        self.effectiveCPUs = effectiveCPUs
        self.memoryBytes = memoryBytes
        self.os = os
        self.kernel = kernel
        self.architecture = architecture
        self.virtualization = virtualization
    }

    /// Memory as people write it: "23.4 GiB".
    public var memoryDescription: String {
        let gib = Double(memoryBytes) / 1_073_741_824
        return gib >= 1 ? String(format: "%.1f GiB", gib) : String(format: "%.0f MiB", gib * 1024)
    }
}
