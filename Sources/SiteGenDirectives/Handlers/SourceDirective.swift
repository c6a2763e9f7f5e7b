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
/// `lines="12-40"` or `function=NAME` to show part of it (a top-level function, found by name, so the
/// excerpt follows the module as it changes where line numbers would silently show other code); `id=`
/// to replace the anchor `source-<name>` that measured numbers link to (see `MeasurementLink`), which
/// is `source-<name>-<function>` for a function.
struct SourceDirective: DirectiveHandler {
    public let name = "source"
    public let usage = "{{< source cpu_python lines=\"1-40\" >}} or {{< source mixed function=fetch_then_hand_off >}}"

    /// Where the workload modules are read from; the bundled copy unless a test gives another.
    public var folder: WorkloadFolder?

    /// The path the modules have in the repository, shown as the caption.
    public static let repositoryPath = "Sources/SiteGenMeasure/Workloads"

    public init(folder: WorkloadFolder? = nil) {
        self.folder = folder
    }

    public func resolve(_ directive: Directive, in context: DirectiveContext) throws -> DirectiveValue {
        try directive.validate(named: ["name", "lines", "function", "id"], maxPositional: 1, usage: usage)
        guard let argument = directive.value("name", orPosition: 0) else {
            throw directive.error("`source` needs a workload module; usage: \(usage)")
        }
        let folder = self.folder ?? .bundled
        let module = argument.value.hasSuffix(".py") ? String(argument.value.dropLast(3)) : argument.value
        let known = Self.modules(in: folder.path, skippingHelpers: false)
        let userModules = folder.userFolders.map { (folder: $0, modules: Self.modules(in: $0, skippingHelpers: true)) }
        let user = userModules.first { $0.modules.contains(module) }?.folder
        let file = user.map { ($0 as NSString).appendingPathComponent(module + ".py") } ?? folder.file(module + ".py")
        guard known.contains(module) || user != nil, let data = FileManager.default.contents(atPath: file) else {
            let all = known + userModules.flatMap(\.modules)
            throw directive.error(TableDirective.unknown("workload module", module, all), at: argument)
        }
        var text = String(decoding: data, as: UTF8.self)
        var anchor = MeasurementLink.anchor(forWorkload: module)
        switch (directive.argument("lines"), directive.argument("function")) {
        case let (lines?, function?):
            throw directive.error("give `lines=` or `function=`, not both (`function=\(function.value)` finds its lines itself)", at: lines)
        case let (lines?, nil):
            text = try IncludeDirective.select(lines: lines.value, from: text) { message in directive.error(message, at: lines) }
        case let (nil, function?):
            guard let excerpt = Self.function(function.value, in: text) else {
                throw directive.error(TableDirective.unknown("top-level function of \(module).py", function.value, Self.functions(in: text)),
                                      at: function)
            }
            text = excerpt
            anchor += "-" + function.value
        case (nil, nil):
            break
        }
        let path = user.map { "\(($0 as NSString).lastPathComponent)/\(module).py" } ?? "\(Self.repositoryPath)/\(module).py"
        let hash = String(SHA256.hex(data).prefix(12))
        let id = directive.argument("id")?.value ?? anchor
        return .block(html: SourceFigure(id: id, path: path, hashPrefix: hash, code: text).html())
    }

    /// A top-level function of a Python module as written: its decorators, its `def` or `async def`
    /// line, and every line after it up to the next line that starts at the margin, but for a `)`
    /// closing a signature written over several lines, a comment, or the inside of a triple-quoted
    /// string (found by counting `"""` and `'''`, which is enough for code that is shown, not run).
    /// Blank lines and comments at the margin after the body are left out: they belong to what follows.
    /// Nil when the module has no top-level function of that name.
    static func function(_ name: String, in text: String) -> String? {
        let lines = Self.lines(of: text)
        guard let start = lines.firstIndex(where: { definedFunction(on: $0) == name }) else { return nil }
        var first = start
        while first > 0, lines[first - 1].hasPrefix("@") { first -= 1 }
        var inString = opensOrClosesString(lines[start])
        var end = start + 1
        while end < lines.count {
            let line = lines[end]
            guard inString || line.isEmpty || line.hasPrefix("#") || [" ", "\t", ")"].contains(line.first!) else { break }
            if opensOrClosesString(line) { inString.toggle() }
            end += 1
        }
        while end > start + 1, lines[end - 1].allSatisfy(\.isWhitespace) || lines[end - 1].hasPrefix("#") { end -= 1 }
        return lines[first..<end].joined(separator: "\n") + "\n"
    }

    /// The names of a module's top-level functions, in order.
    static func functions(in text: String) -> [String] {
        lines(of: text).compactMap(definedFunction(on:))
    }

    /// A module's lines, with Windows line ends read as `\n` (`"\r\n"` is one `Character`, which a
    /// split on `"\n"` would never find).
    private static func lines(of text: String) -> [Substring] {
        text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// Whether a line holds an odd number of triple quotes: it opens a string it doesn't close, or
    /// closes one opened before.
    private static func opensOrClosesString(_ line: Substring) -> Bool {
        (line.components(separatedBy: "\"\"\"").count - 1 + line.components(separatedBy: "\'\'\'").count - 1) % 2 == 1
    }

    /// `def name(` or `async def name(` at the margin → name.
    private static func definedFunction(on line: Substring) -> String? {
        var rest = line
        if rest.hasPrefix("async ") { rest = rest.dropFirst(6) }
        guard rest.hasPrefix("def ") else { return nil }
        let name = rest.dropFirst(4).prefix { $0 == "_" || $0.isLetter || $0.isNumber }
        return name.isEmpty || !rest.dropFirst(4 + name.count).hasPrefix("(") ? nil : String(name)
    }

    /// The module names (without `.py`) in a folder, sorted. In a user's folder, modules starting with
    /// `_` are helpers, not workloads (`skippingHelpers`), as the harness finds them.
    static func modules(in folder: String, skippingHelpers: Bool) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasSuffix(".py") && !$0.hasPrefix(".") && !(skippingHelpers && $0.hasPrefix("_")) }
            .map { String($0.dropLast(3)) }.sorted()
    }
}
