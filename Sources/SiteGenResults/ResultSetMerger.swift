import Foundation
import SiteGenCore

/// Turns this machine's measurements and the results files of other machines into the guides of one
/// site: duplicates resolved, a stable order, and a unique folder name for each.
///
/// Decisions, so that the same inputs always give the same site:
/// - Sets with the same machine, interpreter and profile (`ResultSet.Identity`) are runs of one guide
///   over time. The local measurement is the guide (it is keyed on the current workload sources), else
///   the newest `startedAt`; the earlier runs become its `history`, oldest first. Two runs started at
///   the same moment are duplicates: the path that sorts first is kept, and a warning names both.
/// - Guides are ordered by identity (hostname, architecture, CPU, interpreter, profile), never by the
///   order of the arguments or of the file system.
package enum ResultSetMerger {
    public struct Outcome: Sendable {
        public var sets: [ResultSet]
        public var warnings: [Diagnostic]
    }

    public static func merge(local: [ResultSet], files: [ResultSet]) -> Outcome {
        var runs: [ResultSet.Identity: [ResultSet]] = [:]
        var warnings: [Diagnostic] = []
        func path(_ set: ResultSet) -> String { if case .file(let path) = set.origin { return path } else { return "" } }
        // Files in path order, so that ties resolve the same way whatever order they were given in.
        let candidates = local + files.sorted { path($0) < path($1) }
        for candidate in candidates {
            let identity = candidate.identity
            var known = runs[identity] ?? []
            if let twin = known.first(where: { $0.results.startedAt == candidate.results.startedAt && !$0.isLocal && !candidate.isLocal }) {
                warnings.append(.warning(
                    "duplicate results for \(twin.label), profile \(twin.results.profile), both started at \(twin.results.startedAt): using \(twin.sourceDescription), first by path; ignoring this file — remove one of them to silence this",
                    file: path(candidate)))
                continue
            }
            known.append(candidate)
            runs[identity] = known
        }
        var sets = runs.values.map { group -> ResultSet in
            // The local measurement is the guide; else the newest run. Earlier runs are its history.
            let ordered = group.sorted { a, b in a.isLocal != b.isLocal ? b.isLocal : a.results.startedAt < b.results.startedAt }
            var guide = ordered.last!
            guide.history = Array(ordered.dropLast())
            return guide
        }.sorted { $0.identity < $1.identity }
        assignSlugs(&sets)
        return Outcome(sets: sets, warnings: warnings)
    }

    /// Folder names: `host-arch-py3.12.3`, `t` appended for a free-threaded build; the profile, then a
    /// number, added only where two guides would otherwise share a name. Names that the site uses
    /// itself (`assets`, `results`) can't occur: every slug holds `-py` or the implementation.
    package static func assignSlugs(_ sets: inout [ResultSet]) {
        func base(_ set: ResultSet) -> String {
            let host = String(ResultsFile.slug(set.results.machineName).prefix(40))
            let arch = String(ResultsFile.slug(set.results.host.architecture).prefix(16))
            let interpreter = set.results.interpreter
            let implementation = interpreter.implementation.lowercased() == "cpython" ? "py" : String(ResultsFile.slug(interpreter.implementation).prefix(16)) + "-"
            let version = String(ResultsFile.slug(interpreter.version).prefix(16)) + (interpreter.freeThreadedBuild ? "t" : "")
            return "\(host)-\(arch)-\(implementation)\(version)"
        }
        var names = sets.map(base)
        let counts = Dictionary(names.map { ($0, 1) }, uniquingKeysWith: +)
        for index in sets.indices where counts[names[index]]! > 1 {
            names[index] += "-" + String(ResultsFile.slug(sets[index].results.profile.rawValue).prefix(16))
        }
        var used = Set<String>()
        for index in sets.indices {
            var name = names[index]
            var number = 2
            while !used.insert(name).inserted {
                name = "\(names[index])-\(number)"
                number += 1
            }
            sets[index].slug = name
        }
    }
}
