import Foundation
import SiteGenCore
import SiteGenResults
import Yams

/// The site's settings from `sitegen.yml` at its root: what flags would otherwise say every time.
/// Flags override it. Unknown keys and values of the wrong type are errors at their line and column,
/// with a suggestion for a misspelt key.
public struct SiteConfig: Sendable, Equatable {
    /// The file's name at the site's root.
    public static let fileName = "sitegen.yml"
    /// Larger than any real settings file; an untrusted one is refused before it is parsed.
    public static let maximumBytes = 64 * 1024

    /// The site's name in every page's title and header (default: the home page's title).
    public var title: String?
    /// The line under the name in the header.
    public var tagline: String?
    /// The repository's web address, for "Edit this page" links (`REPOSITORY/edit/BRANCH/Content/page.md`).
    public var repository: String?
    /// The branch edit links point at (default `main`).
    public var branch: String?
    /// Where the site is published, for canonical URLs (`BASE_URL/page.html`).
    public var baseURL: String?
    public var profile: Profile?
    /// Interpreters, as `--python` takes them.
    public var interpreters: [String]?
    /// This machine's label, as `--machine` takes it.
    public var machine: String?
    /// Results files or folders, relative to the root, as `--results` takes them.
    public var results: [String]?
    /// Folders of the user's workload modules, relative to the root, as `--workloads` takes them.
    public var workloads: [String]?

    public init() {}

    static let keys = ["title", "tagline", "repository", "branch", "base_url", "profile", "interpreters", "machine", "results", "workloads"]

    /// The settings of the site at `root`: empty when it has no `sitegen.yml`.
    public static func load(root: String) throws -> SiteConfig {
        let path = (root as NSString).appendingPathComponent(fileName)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return SiteConfig() }
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        guard !isFolder.boolValue, attributes?[.type] as? FileAttributeType == .typeRegular else {
            throw DiagnosticError(.error("\(fileName) is not a regular file; make it one, or remove it", file: path), isEnvironmental: true)
        }
        guard ((attributes?[.size] as? NSNumber)?.intValue ?? 0) <= maximumBytes,
              let data = FileManager.default.contents(atPath: path) else {
            throw DiagnosticError(.error("\(fileName) can't be read or is larger than \(maximumBytes / 1024) KiB", file: path), isEnvironmental: true)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DiagnosticError(.error("\(fileName) is not UTF-8 text", file: path))
        }
        return try parse(text, path: path)
    }

    /// Parses the text of a settings file; every problem is reported, not just the first.
    public static func parse(_ text: String, path: String) throws -> SiteConfig {
        if let found = YAMLAnchorScan.first(in: text) {
            throw DiagnosticError(.error("\(fileName) can't use YAML anchors or aliases (`\(found.text)`); write the value out",
                                         file: path, line: found.line, column: found.column))
        }
        let node: Node?
        do {
            node = try Yams.compose(yaml: text, .default, .default, .utf8)
        } catch let error as YamlError {
            throw DiagnosticError(.error("malformed \(fileName): \(error)", file: path, line: 1, column: 1))
        }
        var config = SiteConfig()
        guard let node else { return config }
        guard let mapping = node.mapping else {
            throw DiagnosticError(.error("\(fileName) must be a mapping of settings such as `title: My guide`", file: path,
                                         line: node.mark?.line, column: node.mark?.column))
        }
        var problems = DiagnosticCollector()
        for (key, value) in mapping {
            let name = key.string ?? ""
            func fail(_ message: String) {
                problems.add(.error(message, file: path, line: value.mark?.line ?? key.mark?.line, column: value.mark?.column ?? key.mark?.column))
            }
            guard keys.contains(name) else {
                problems.add(.error("unknown setting `\(name)`; \(Suggestion.prompt(for: name, among: keys))known settings: \(keys.joined(separator: ", "))",
                                    file: path, line: key.mark?.line, column: key.mark?.column))
                continue
            }
            config.set(name, value, fail: fail)
        }
        try problems.throwIfErrors()
        return config
    }

    private mutating func set(_ name: String, _ value: Node, fail: (String) -> Void) {
        func text() -> String? {
            guard let scalar = value.scalar, value.tag.rawValue != Tag.Name.null.rawValue, !scalar.string.isEmpty else {
                fail("`\(name)` must be a non-empty string")
                return nil
            }
            return scalar.string
        }
        func list() -> [String]? {
            if value.scalar != nil { return text().map { [$0] } }
            guard let items = value.sequence?.map({ $0.scalar?.string }), !items.contains(where: { $0 == nil || $0!.isEmpty }) else {
                fail("`\(name)` must be a list of strings, such as `\(name): [a, b]`")
                return nil
            }
            return items.compactMap { $0 }
        }
        func webAddress() -> String? {
            guard let address = text() else { return nil }
            guard address.hasPrefix("https://") || address.hasPrefix("http://") else {
                fail("`\(name)` must be a web address starting with https:// or http://, not `\(address)`")
                return nil
            }
            return address.hasSuffix("/") ? String(address.dropLast()) : address
        }
        switch name {
        case "title": title = text()
        case "tagline": tagline = text()
        case "branch": branch = text()
        case "repository": repository = webAddress()
        case "base_url": baseURL = webAddress()
        case "profile":
            guard let word = text() else { return }
            guard let value = Profile(rawValue: word) else {
                let names = Profile.allCases.map(\.rawValue)
                let hint = Suggestion.prompt(for: word, among: names).trimmingCharacters(in: .whitespaces)
                return fail("`profile` must be one of \(names.joined(separator: ", ")), not `\(word)`" + (hint.isEmpty ? "" : "; " + hint))
            }
            profile = value
        case "machine":
            guard let label = text() else { return }
            if let problem = ResultsFile.labelProblem(label) { return fail(problem) }
            machine = label
        case "interpreters": interpreters = list()
        case "results": results = list()
        case "workloads": workloads = list()
        default: break
        }
    }

    /// A path of the file, relative to the site's root unless absolute.
    public func resolve(_ path: String, root: String) -> String {
        path.hasPrefix("/") ? path : (root as NSString).appendingPathComponent(path)
    }
}
