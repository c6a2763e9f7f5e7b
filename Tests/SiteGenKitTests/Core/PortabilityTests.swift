import Foundation
import Testing

/// The fleet workflow runs `sitegen bench` on macOS too, and no macOS compiler is at hand where the
/// tests run, so this reads the sources: every name only Linux's C library has must sit in a branch
/// that only Linux compiles (`#if os(Linux)`, `#if canImport(Glibc)`, or the `#else` of a Darwin
/// branch).
@Suite("Sources compile for macOS as far as reading them can tell")
struct PortabilityTests {
    /// Names of glibc and the Linux kernel's API that Darwin lacks or spells otherwise.
    static let linuxOnly = ["Glibc", "cpu_set_t", "sched_getaffinity", "CPU_ISSET", "epoll_", "inotify_", "O_PATH",
                            "SOCK_CLOEXEC", "pipe2", "prctl", "gettid", "mallinfo", "__WALL", "utsname().release.0", "renameat2",
                            "RENAME_EXCHANGE", "SYS_renameat2"]

    /// Each line of a Swift file with whether only Linux compiles it.
    static func linuxOnlyLines(_ text: String) -> [(line: Int, text: String, linuxOnly: Bool)] {
        // Per open `#if`: whether the branch being read is Linux-only, and whether its `#else` would be
        // (when every branch before it is Darwin-only).
        var stack: [(current: Bool, elseIsLinux: Bool)] = []
        var result: [(Int, String, Bool)] = []
        func isLinux(_ condition: String) -> Bool { condition.contains("os(Linux)") || condition.contains("canImport(Glibc)") }
        func isDarwin(_ condition: String) -> Bool { condition.contains("os(macOS)") || condition.contains("canImport(Darwin)") }
        for (index, line) in text.components(separatedBy: "\n").enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("#if ") {
                let condition = String(trimmed.dropFirst(4))
                stack.append((current: isLinux(condition), elseIsLinux: isDarwin(condition)))
            } else if trimmed.hasPrefix("#elseif "), !stack.isEmpty {
                let condition = String(trimmed.dropFirst(8))
                stack[stack.count - 1].current = isLinux(condition)
                stack[stack.count - 1].elseIsLinux = stack[stack.count - 1].elseIsLinux && isDarwin(condition)
            } else if trimmed == "#else", !stack.isEmpty {
                // `#if canImport(Darwin) … #else`: the else is what Linux compiles.
                stack[stack.count - 1].current = stack[stack.count - 1].elseIsLinux
            } else if trimmed == "#endif", !stack.isEmpty {
                stack.removeLast()
            }
            result.append((index + 1, line, stack.contains { $0.current }))
        }
        return result
    }

    @Test func linuxOnlyNamesAreInLinuxOnlyBranches() throws {
        let sources = Repository.root.appendingPathComponent("Sources")
        let files = try FileManager.default.subpathsOfDirectory(atPath: sources.path).filter { $0.hasSuffix(".swift") }
        #expect(files.count > 50)
        var offences: [String] = []
        for file in files.sorted() {
            let text = try String(contentsOfFile: sources.appendingPathComponent(file).path, encoding: .utf8)
            for line in Self.linuxOnlyLines(text) where !line.linuxOnly {
                let code = line.text.components(separatedBy: "//").first ?? ""
                for name in Self.linuxOnly where code.contains(name) && !code.contains("\"") {
                    offences.append("Sources/\(file):\(line.line): \(name) outside a Linux-only branch")
                }
            }
        }
        #expect(offences.isEmpty, "\(offences.joined(separator: "\n"))")
    }

    /// The reader itself: a Linux name in the `#else` of a Darwin branch is fine, in the Darwin branch not.
    @Test func theBranchReaderTellsLinuxFromDarwin() {
        let text = """
            #if canImport(Darwin)
            import Darwin
            #else
            import Glibc
            #endif
            #if os(Linux)
            let a = cpu_set_t()
            #elseif os(macOS)
            let b = 1
            #endif
            let c = 2
            """
        let flags = Self.linuxOnlyLines(text).map(\.linuxOnly)
        #expect(flags == [false, false, true, true, false, true, true, false, false, false, false])
    }
}
