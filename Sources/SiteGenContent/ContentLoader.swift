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
        let listing = try FileWalk.walk(contentPath, extensions: Self.extensions, label: "Content")
        problems += listing.problems
        let loaded = listing.files.concurrentMap { relative in
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
        if let problem = Self.urlProblem(inName: relative) {
            throw DiagnosticError(.error(problem, file: sourcePath))
        }
        let path = (root as NSString).appendingPathComponent(sourcePath)
        // Non-blocking, in case the file was replaced by a FIFO since it was listed: never wait on one.
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw DiagnosticError(.error("can't read this file: \(String(cString: strerror(errno))); check its permissions", file: sourcePath))
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        // The size of what was opened, not of a path looked up again, before anything is read.
        var info = stat()
        if fstat(descriptor, &info) == 0, Int(info.st_size) > Self.maximumPageBytes {
            throw Self.tooLarge(Int(info.st_size), sourcePath)
        }
        // One byte past the limit at most: enough to tell a file that grew since it was listed.
        guard let data = try? handle.read(upToCount: Self.maximumPageBytes + 1) ?? Data() else {
            throw DiagnosticError(.error("can't read this file: \(String(cString: strerror(errno))); check it", file: sourcePath))
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

    /// Characters a page's name can't hold, because its URL — the path the menu and other pages link
    /// to — would mean something else: `#` starts an anchor, `?` a query, `%` an escape, `:` a scheme,
    /// and the rest aren't allowed in a URL at all. Letters of any script are fine (browsers encode them).
    static let charactersBreakingURLs: [Character: String] = [
        "#": "`#` starts an anchor", "?": "`?` starts a query", "%": "`%` starts an escape such as %20",
        ":": "`:` makes the name read as a scheme such as `mailto:`", " ": "a space isn't allowed in a URL",
        "\"": "`\"` isn't allowed in a URL", "<": "`<` isn't allowed in a URL", ">": "`>` isn't allowed in a URL",
        "\\": "browsers read `\\` as `/`", "^": "`^` isn't allowed in a URL", "`": "a backquote isn't allowed in a URL",
        "{": "`{` isn't allowed in a URL", "}": "`}` isn't allowed in a URL", "|": "`|` isn't allowed in a URL",
        "[": "`[` isn't allowed in a URL path", "]": "`]` isn't allowed in a URL path",
    ]

    /// Why a page's path below `Content/` can't become a working link, or nil: a name that can't is
    /// reported at the file rather than published with links to it that lead elsewhere.
    static func urlProblem(inName relative: String) -> String? {
        for character in relative {
            let reason: String
            if let known = charactersBreakingURLs[character] {
                reason = known
            } else if character.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
                reason = "a control character isn't allowed in a URL"
            } else {
                continue
            }
            return "this page's name can't be its URL: \(reason), so links to the page (the menu's among them) would break; "
                + "rename the file using letters, digits, `-`, `_` and `.`"
        }
        return nil
    }
}
