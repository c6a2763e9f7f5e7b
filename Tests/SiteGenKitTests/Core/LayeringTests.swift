import Foundation
import Testing

/// The targets are layered one way (ARCHITECTURE.md). SwiftPM refuses a dependency cycle, but it can
/// let a file import a module its target does not declare when a build happens to have built it
/// first; this reads every `import` so that an upward one fails here, whatever the build order.
@Suite("Targets import only the layers below them")
struct LayeringTests {
    /// What each target may import of the project, as Package.swift declares it.
    static let allowed: [String: Set<String>] = [
        "SiteGenCore": [],
        "SiteGenResults": ["SiteGenCore"],
        "SiteGenProcess": [],
        "SiteGenMeasure": ["SiteGenCore", "SiteGenResults", "SiteGenProcess"],
        "SiteGenRender": ["SiteGenCore", "SiteGenResults", "SiteGenProcess", "CCmark", "CFormatting"],
        "SiteGenContent": ["SiteGenCore", "SiteGenResults", "SiteGenMeasure"],
        "SiteGenDirectives": ["SiteGenCore", "SiteGenResults", "SiteGenMeasure", "SiteGenRender", "SiteGenContent"],
        "SiteGenKit": ["SiteGenCore", "SiteGenResults", "SiteGenProcess", "SiteGenMeasure", "SiteGenRender", "SiteGenContent",
                       "SiteGenDirectives"],
        "SiteGenServe": ["SiteGenCore", "SiteGenProcess", "SiteGenKit"],
        "sitegen": ["SiteGenKit", "SiteGenServe"],
        "SiteGenFuzz": ["SiteGenKit", "CLibFuzzer"],
    ]

    /// The C modules (a system library and C targets): they import nothing of the project.
    static let cTargets: Set<String> = ["CCmark", "CFormatting", "CLibFuzzer"]

    @Test func everyImportOfTheProjectIsDeclaredAndPointsDown() throws {
        let sources = Repository.root.appendingPathComponent("Sources")
        let projectModules = Set(Self.allowed.keys).union(Self.cTargets)
        var offences: [String] = []
        for target in try FileManager.default.contentsOfDirectory(atPath: sources.path).sorted() where !Self.cTargets.contains(target) {
            guard let allowed = Self.allowed[target] else {
                offences.append("Sources/\(target): a target this test doesn't know; add it to `allowed` as Package.swift declares it")
                continue
            }
            let folder = sources.appendingPathComponent(target)
            for file in try FileManager.default.subpathsOfDirectory(atPath: folder.path).sorted() where file.hasSuffix(".swift") {
                let text = try String(contentsOfFile: folder.appendingPathComponent(file).path, encoding: .utf8)
                for (number, line) in text.components(separatedBy: "\n").enumerated() {
                    let words = line.split(separator: " ").map(String.init)
                    guard let position = words.firstIndex(of: "import"), position + 1 < words.count,
                          words[..<position].allSatisfy({ $0.hasPrefix("@") }) else { continue }
                    let module = words[position + 1]
                    if projectModules.contains(module), !allowed.contains(module) {
                        offences.append("Sources/\(target)/\(file):\(number + 1): imports \(module), which is not below \(target)")
                    }
                }
            }
        }
        #expect(offences.isEmpty, "\(offences.joined(separator: "\n"))")
    }
}
