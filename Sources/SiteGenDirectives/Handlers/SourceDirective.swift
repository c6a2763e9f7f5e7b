import SiteGenCore
import SiteGenResults
import SiteGenMeasure
import SiteGenRender
import SiteGenContent
import Foundation

/// `{{< source cpu_python >}}`: a bundled workload module shown verbatim, captioned with its path in
/// the repository and the start of its SHA-256, so readers see the very code that was measured. A
/// user's own workload (`--workloads DIR`, in the folder's `userFolders`) is shown the same way,
/// captioned with its folder's name and file.
///
/// Arguments: the module (positional or `name=`: a workload such as `cpu_python`, or `harness`);
/// `lines="12-40"` to show part of it; `id=` to replace the anchor `source-<name>` that measured numbers
/// link to (see `MeasurementLink`).
struct SourceDirective: DirectiveHandler {
    public let name = "source"
    public let usage = "{{< source cpu_python lines=\"1-40\" >}}"

    /// Where the workload modules are read from; the bundled copy unless a test gives another.
    public var folder: WorkloadFolder?

    /// The path the modules have in the repository, shown as the caption.
    public static let repositoryPath = "Sources/SiteGenMeasure/Workloads"

    public init(folder: WorkloadFolder? = nil) {
        self.folder = folder
    }

    public func resolve(_ directive: Directive, in context: DirectiveContext) throws -> DirectiveValue {
        try directive.validate(named: ["name", "lines", "id"], maxPositional: 1, usage: usage)
        guard let argument = directive.value("name", orPosition: 0) else {
            throw directive.error("`source` needs a workload module; usage: \(usage)")
        }
        let folder = self.folder ?? .bundled
        let module = argument.value.hasSuffix(".py") ? String(argument.value.dropLast(3)) : argument.value
        let known = Self.modules(in: folder)
        let user = folder.userFolders.first { Self.userModules(in: $0).contains(module) }
        let file = user.map { ($0 as NSString).appendingPathComponent(module + ".py") } ?? folder.file(module + ".py")
        guard known.contains(module) || user != nil, let data = FileManager.default.contents(atPath: file) else {
            let all = known + folder.userFolders.flatMap(Self.userModules(in:))
            throw directive.error(TableDirective.unknown("workload module", module, all), at: argument)
        }
        var text = String(decoding: data, as: UTF8.self)
        if let lines = directive.argument("lines") {
            text = try IncludeDirective.select(lines: lines.value, from: text) { message in directive.error(message, at: lines) }
        }
        let path = user.map { "\(($0 as NSString).lastPathComponent)/\(module).py" } ?? "\(Self.repositoryPath)/\(module).py"
        let hash = String(SHA256.hex(data).prefix(12))
        let id = directive.argument("id")?.value ?? MeasurementLink.anchor(forWorkload: module)
        return .block(html: SourceFigure(id: id, path: path, hashPrefix: hash, code: text).html())
    }

    /// A user's workload modules in a folder: `*.py` not starting with `_` (helpers), as the harness finds them.
    static func userModules(in folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasSuffix(".py") && !$0.hasPrefix(".") && !$0.hasPrefix("_") }.map { String($0.dropLast(3)) }.sorted()
    }

    /// The module names (without `.py`) in a folder, sorted.
    static func modules(in folder: WorkloadFolder) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".py") && !$0.hasPrefix(".") }.map { String($0.dropLast(3)) }.sorted()
    }
}
