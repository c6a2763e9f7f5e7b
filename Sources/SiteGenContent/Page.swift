import SiteGenCore
import SiteGenResults
import SiteGenMeasure
/// A page of the site as read from `Content/`: front matter, Markdown body, and where it will be written.
public struct Page: Sendable {
    /// The source path relative to the site root, e.g. `Content/threading.md`.
    public var sourcePath: String
    public var frontMatter: FrontMatter
    public var body: String
    /// The 1-based line of the source file on which `body` starts.
    public var bodyLine: Int
    /// The output path relative to the output folder, e.g. `threading.html`.
    public var outputPath: String

    public init(sourcePath: String, frontMatter: FrontMatter, body: String, bodyLine: Int, outputPath: String) {
        self.sourcePath = sourcePath
        self.frontMatter = frontMatter
        self.body = body
        self.bodyLine = bodyLine
        self.outputPath = outputPath
    }

    /// Whether this is the site's home page (`Content/index.md`).
    public var isHome: Bool { outputPath == "index.html" }

    /// `Content/a/b.md` → `a/b.html`: the output path of a source path below `Content/`.
    public static func outputPath(forContentPath relative: String) -> String {
        for suffix in [".markdown", ".md"] where relative.hasSuffix(suffix) {
            return relative.dropLast(suffix.count) + ".html"
        }
        return relative + ".html"
    }
}
