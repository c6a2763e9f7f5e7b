import Foundation
import SiteGenCore
import SiteGenResults

/// An interpreter's facts and workload catalogue kept between builds, so a build whose measurements
/// are all cached starts no Python at all.
///
/// Asking the harness costs an interpreter start-up and its imports each (half a second on a busy
/// machine, more behind a launcher such as pyenv's shim), twice per build, and the answers only change
/// with the interpreter, the workloads or the environment Python reads. So an entry is keyed by all of
/// them: the executable's real path, inode, size and modification time; every `PYTHON*` variable of
/// the environment; the CPUs this process may use (the facts record them); and the name, size and
/// modification time of every file of the workload folder. Anything else changed is a miss, and the
/// harness is asked as before. Entries are files under `.sitegen/cache/interpreters/`, read only when
/// small, and a damaged one is a miss.
struct InterpreterCache {
    /// Bumped when the entry's shape or the key's recipe changes.
    static let version = 1
    /// An entry is a few kilobytes; anything far larger in its place is not one of ours.
    static let maximumEntryBytes = 1 << 20

    struct Entry: Codable {
        var facts: PythonFacts
        var catalogue: Catalogue?
    }

    let directory: String

    /// The entry's key for an interpreter at `executable` with this workload folder, or nil when the
    /// executable or the folder can't be read (then nothing is cached).
    func key(executable: String, workloads: WorkloadFolder) -> String? {
        let real = URL(fileURLWithPath: executable).resolvingSymlinksInPath().path
        guard let interpreter = FileStamp.of(real) else { return nil }
        var recipe = "v\(Self.version)\u{0}\(SiteGenVersion.current)\u{0}\(real)\u{0}\(interpreter)\u{0}"
        let environment = ProcessInfo.processInfo.environment.filter { $0.key.hasPrefix("PYTHON") }
        for (name, value) in environment.sorted(by: { $0.key < $1.key }) { recipe += "\(name)=\(value)\u{0}" }
        recipe += "cpus=\(ProcessInfo.processInfo.processorCount)/\(HostProbe.affinityCPUCount() ?? 0)\u{0}"
        // Python sources only: the harness imports nothing else, and `__pycache__` changes by itself.
        // The user's folders count too: the catalogue lists their modules and variants.
        for folder in [workloads.path] + workloads.userFolders {
            guard let files = try? FileWalk.files(in: folder, extensions: ["py"]) else { return nil }
            recipe += folder + "\u{0}"
            for file in files.sorted() {
                guard let stamp = FileStamp.of((folder as NSString).appendingPathComponent(file)) else { return nil }
                recipe += "\(file)\u{0}\(stamp)\u{0}"
            }
        }
        return SHA256.hex(recipe)
    }


    private func path(_ key: String) -> String {
        (directory as NSString).appendingPathComponent(key + ".json")
    }

    func load(_ key: String) -> Entry? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path(key)),
              attributes[.type] as? FileAttributeType == .typeRegular,
              let size = attributes[.size] as? Int, size <= Self.maximumEntryBytes,
              let data = FileManager.default.contents(atPath: path(key)) else { return nil }
        return try? JSONDecoder().decode(Entry.self, from: data)
    }

    /// Stores an entry; a cache that can't be written only means the next build asks again.
    func store(_ entry: Entry, key: String) {
        guard let data = try? JSONEncoder().encode(entry) else { return }
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try? data.write(to: URL(fileURLWithPath: path(key)), options: .atomic)
    }
}
