import Foundation

/// What a guide page says about the guide it belongs to, on a site with a guide per machine and
/// interpreter. Every string comes from a results file; Mustache's `{{…}}` escapes them.
struct GuideBanner: Sendable {
    /// "testbox · CPython 3.12.3".
    public var label: String
    /// "Intel Xeon … · 2 of 4 CPUs usable · Linux x86_64".
    public var machine: String
    /// "CPython 3.13.0 free-threaded (GIL off) · start method fork".
    public var interpreter: String
    /// "quick profile, measured 2026-01-01T00:00:00Z".
    public var measured: String
    /// Whether the numbers come from a results file of another machine rather than this build's.
    public var isForeign: Bool

    public init(label: String, machine: String, interpreter: String, measured: String, isForeign: Bool) {
        self.label = label
        self.machine = machine
        self.interpreter = interpreter
        self.measured = measured
        self.isForeign = isForeign
    }

    /// The banner for a result set.
    public init(set: ResultSet) {
        let host = set.results.host
        let interpreter = set.results.interpreter
        self.init(label: set.label,
                  machine: (set.results.machine == nil ? "" : "host \(host.hostname) · ") + "\(host.cpuModel) · \(host.effectiveCPUs) of \(host.logicalCPUs) logical CPUs usable · \(host.memoryDescription) · \(host.os) (\(host.architecture))",
                  interpreter: "\(set.results.interpreterLabel) · default start method \(interpreter.defaultStartMethod ?? "none")",
                  measured: "\(set.results.profile) profile, measured \(set.results.startedAt)",
                  isForeign: !set.isLocal)
    }

    func context(root: String, folder: String) -> [String: Any] {
        ["label": label, "machine": machine, "interpreter": interpreter, "measured": measured, "isForeign": isForeign,
         "home": root + folder + "index.html", "landing": root + "index.html", "compare": root + FleetSite.comparePage]
    }
}
