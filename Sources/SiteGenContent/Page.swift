import SiteGenCore
import SiteGenResults
import SiteGenMeasure
/// A page of the site as read from `Content/`: front matter, Markdown body, and where it will be written.
///
/// The body is split into text and directives once, when the page is made: a build's steps all read
/// that one scan (the workloads the pages need, the claims to decide, the list of claims, the render),
/// so a page is never scanned again. The source fields are constants for that reason.
public struct Page: Sendable {
    /// The source path relative to the site root, e.g. `Content/threading.md`.
    public let sourcePath: String
    public var frontMatter: FrontMatter
    public let body: String
    /// The 1-based line of the source file on which `body` starts.
    public let bodyLine: Int
    /// The output path relative to the output folder, e.g. `threading.html`.
    public var outputPath: String
    /// The body's segments, or its first directive syntax error (the render step reports it, at its
    /// position; every other step sees a page whose directives don't scan as having none).
    package let segments: Result<[DirectiveScanner.Segment], DiagnosticError>
    /// Every directive of the page, those in the bodies of block directives included (down to
    /// `maximumDirectiveNesting`), in the order they appear.
    public let allDirectives: [Directive]

    public init(sourcePath: String, frontMatter: FrontMatter, body: String, bodyLine: Int, outputPath: String) {
        self.sourcePath = sourcePath
        self.frontMatter = frontMatter
        self.body = body
        self.bodyLine = bodyLine
        self.outputPath = outputPath
        let segments: Result<[DirectiveScanner.Segment], DiagnosticError>
        do {
            segments = .success(try DirectiveScanner(file: sourcePath, firstLine: bodyLine).scan(body))
        } catch let error as DiagnosticError {
            segments = .failure(error)
        } catch {
            segments = .failure(DiagnosticError(.error("\(error)", file: sourcePath, line: bodyLine)))
        }
        self.segments = segments
        self.allDirectives = Self.directives(in: segments, file: sourcePath)
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
