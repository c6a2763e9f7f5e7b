import SiteGenCore
import SiteGenResults
import SiteGenMeasure
import SiteGenRender
import SiteGenContent
import Foundation

/// `{{< include path="…" lang="python" lines="10-40" >}}`: a file of the project shown verbatim as a
/// code block, so the guide shows the very code it measured.
///
/// Paths are relative to the site root and must stay inside it (symbolic links are resolved first),
/// so a page can't publish arbitrary files of the machine that builds it.
struct IncludeDirective: DirectiveHandler {
    public let name = "include"
    public let usage = "{{< include path=\"Sources/SiteGenMeasure/Workloads/cpu_python.py\" lang=\"python\" lines=\"1-20\" >}}"

    public init() {}

    public func resolve(_ directive: Directive, in context: DirectiveContext) throws -> DirectiveValue {
        try directive.validate(named: ["path", "lang", "lines"], maxPositional: 1, usage: usage)
        guard let pathArgument = directive.value("path", orPosition: 0) else {
            throw directive.error("`include` needs a path; usage: \(usage)")
        }
        let text = try Self.read(pathArgument.value, root: context.root) { message in
            directive.error(message, at: pathArgument)
        }
        var shown = text
        if let lines = directive.argument("lines") {
            shown = try Self.select(lines: lines.value, from: text) { message in directive.error(message, at: lines) }
        }
        let language = directive.argument("lang")?.value
        return .block(html: CodeBlock.html(code: shown, language: language, source: pathArgument.value))
    }

    /// Reads a file confined to the root, or throws through `fail` with a message saying what to do.
    static func read(_ path: String, root: String, fail: (String) -> Error) throws -> String {
        let rootURL = URL(fileURLWithPath: root).standardizedFileURL.resolvingSymlinksInPath()
        let fileURL = URL(fileURLWithPath: path, relativeTo: rootURL).standardizedFileURL.resolvingSymlinksInPath()
        let rootPath = rootURL.path.hasSuffix("/") ? rootURL.path : rootURL.path + "/"
        guard fileURL.path.hasPrefix(rootPath) else {
            throw fail("`\(path)` is outside the site root; include only files inside \(root)")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: fileURL.path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw fail("no file `\(path)` under the site root; check the path (it is relative to the root, not to the page)")
        }
        guard let data = FileManager.default.contents(atPath: fileURL.path) else {
            throw fail("`\(path)` can't be read; check its permissions")
        }
        do {
            return try SourceText.decode(data, path: path).text
        } catch let error as DiagnosticError {
            throw fail("`\(path)` is not valid UTF-8 (\(error.diagnostics.first?.message ?? ""))")
        }
    }

    /// Selects `12-40` or `7` (1-based, inclusive) from a text.
    static func select(lines: String, from text: String, fail: (String) -> Error) throws -> String {
        let all = text.split(separator: "\n", omittingEmptySubsequences: false)
        let count = text.hasSuffix("\n") ? all.count - 1 : all.count
        let bounds = lines.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        guard (bounds.count == 1 || bounds.count == 2), let first = bounds.first!, let last = bounds.last!,
              first >= 1, last >= first else {
            throw fail("`lines` must be a line or a range such as `12-40`, got `\(lines)`")
        }
        guard last <= count else {
            throw fail("`lines=\(lines)` goes past the end of the file, which has \(count) lines")
        }
        return all[(first - 1)...(last - 1)].joined(separator: "\n") + "\n"
    }
}
