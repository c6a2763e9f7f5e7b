import SiteGenCore
import SiteGenResults
import SiteGenMeasure
import Foundation

/// Reads every page under `Content/`, in a stable order, reporting every unreadable or malformed page.
package struct ContentLoader: Sendable {
    /// File extensions read as pages.
    public static let extensions = ["md", "markdown"]

    public let root: String

    public init(root: String) {
        self.root = root
    }

    /// Loads all pages, sorted by navigation order then path.
    public func load() throws -> [Page] {
        let contentPath = (root as NSString).appendingPathComponent("Content")
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: contentPath, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw DiagnosticError(.error(
                "no Content/ folder in \(root); run sitegen in the project folder or pass --root DIR (DIR must hold Content/ and Templates/)"),
                isEnvironmental: true)
        }
        var problems: [Diagnostic] = []
        var pages: [Page] = []
        var outputs: [String: String] = [:]
        // Reading and parsing front matter is per file, so in parallel; results keep the files' order.
        let files = try FileWalk.files(in: contentPath, extensions: Self.extensions)
        let loaded = files.concurrentMap { relative in
            Result { try loadPage(relative: relative, sourcePath: "Content/" + relative) }
                .mapError { $0 as? DiagnosticError ?? DiagnosticError(.error("\($0)", file: "Content/" + relative)) }
        }
        for result in loaded {
            switch result {
            case .failure(let error):
                problems += error.diagnostics
            case .success(let page):
                if let first = outputs[page.outputPath] {
                    problems.append(.error(
                        "\(page.sourcePath) and \(first) would both be written to \(page.outputPath); rename one of them",
                        file: page.sourcePath, line: 1, column: 1))
                } else {
                    outputs[page.outputPath] = page.sourcePath
                    pages.append(page)
                }
            }
        }
        if !problems.isEmpty { throw DiagnosticError(problems) }
        return pages.sorted { a, b in
            let orderA = a.frontMatter.order ?? Int.max, orderB = b.frontMatter.order ?? Int.max
            return orderA != orderB ? orderA < orderB : a.sourcePath < b.sourcePath
        }
    }

    /// The largest page read, in bytes. The longest page of the guide is 23 KB; 4 MiB leaves a hundred
    /// and fifty times that, while a page is held several times over while it is scanned (as Unicode
    /// scalars, 4 bytes each, then as Markdown and HTML), for several pages at once. A bigger file is
    /// most likely not a page (a log, a data dump) and is refused before it is read.
    public static let maximumPageBytes = 4 * 1024 * 1024

    private func loadPage(relative: String, sourcePath: String) throws -> Page {
        let path = (root as NSString).appendingPathComponent(sourcePath)
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        if size > Self.maximumPageBytes { throw Self.tooLarge(size, sourcePath) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DiagnosticError(.error("can't read this file; check its permissions", file: sourcePath))
        }
        // Checked again on what was read: the file may have grown in between.
        if data.count > Self.maximumPageBytes { throw Self.tooLarge(data.count, sourcePath) }
        let source = try SourceText.decode(data, path: sourcePath)
        let (frontMatter, body, bodyLine) = try FrontMatter.split(source)
        return Page(sourcePath: sourcePath, frontMatter: frontMatter, body: String(body), bodyLine: bodyLine,
                    outputPath: Page.outputPath(forContentPath: relative))
    }

    private static func tooLarge(_ size: Int, _ sourcePath: String) -> DiagnosticError {
        DiagnosticError(.error(
            "this page is \(size) bytes, over the \(maximumPageBytes) bytes (4 MiB) a page may have; split it into several pages",
            file: sourcePath))
    }
}
