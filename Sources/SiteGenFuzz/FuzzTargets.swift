import Foundation
import SiteGenKit

/// The readers of untrusted input, each as a function of bytes, for fuzzing. Every one must return —
/// with a value or with diagnostics — for any input; a crash, a hang or a run out of memory is a bug.
///
/// - `page`: a whole page — front matter, directives, claims evaluated against measurements, cmark.
/// - `claim`: a claim expression and a `when=` condition, parsed and evaluated.
/// - `frontmatter`: a page's front matter alone.
/// - `results`: a results file, decoded, indexed, every metric of every cell estimated, and compared
///   with itself and with the fixture (`sitegen compare`).
/// - `config`: a site's `sitegen.yml`.
enum FuzzTargets {
    static let names = ["page", "claim", "frontmatter", "results", "config"]

    /// Runs one input through one target. Errors are the expected outcome of most inputs.
    static func run(_ target: String, _ data: Data) {
        switch target {
        case "page": page(data)
        case "claim": claim(data)
        case "frontmatter": _ = try? FrontMatter.split(SourceText.decode(data, path: "Content/fuzz.md"))
        case "results": results(data)
        case "config": _ = try? SiteConfig.parse(String(decoding: data, as: UTF8.self), path: "sitegen.yml")
        default: break
        }
    }

    /// Measurements for claims and directives to read: a small quick-profile results file.
    static let index: ResultsIndex? = {
        guard let url = Bundle.module.url(forResource: "fixture-results", withExtension: "json"),
              let data = try? Data(contentsOf: url),
              let results = try? ResultsFile.decode(data, source: "fixture-results.json") else { return nil }
        return ResultsIndex(results: results)
    }()

    static let host = index?.results.host ?? HostProbe.current()
    static let python = index.map { PythonInterpreter(knownFacts: $0.results.interpreter) } ?? PythonInterpreter(command: "/nonexistent/python3")
    static let renderer = PageRenderer(registry: .standard)

    static func page(_ data: Data) {
        guard let source = try? SourceText.decode(data, path: "Content/fuzz.md"),
              let (frontMatter, body, line) = try? FrontMatter.split(source) else { return }
        let page = Page(sourcePath: "Content/fuzz.md", frontMatter: frontMatter, body: String(body), bodyLine: line,
                        outputPath: "fuzz.html")
        // A root without files: includes and sources fail as they should, without reading anything.
        let context = DirectiveContext(root: "/nonexistent-fuzz-root", page: page.sourcePath, host: host, python: python,
                                       results: index, pages: [page])
        _ = try? renderer.render(page, context: context)
        _ = page.allDirectives
    }

    static func claim(_ data: Data) {
        let text = String(decoding: data, as: UTF8.self)
        guard let index else { return }
        let evaluator = ClaimEvaluator(index: index)
        if let expression = try? ClaimParser.parseClaim(text) { _ = try? evaluator.evaluate(expression) }
        if let condition = try? ClaimParser.parseCondition(text) { _ = ClaimCondition(results: index.results).evaluate(condition) }
    }

    static func results(_ data: Data) {
        guard let results = try? ResultsFile.decode(data, source: "fuzz.json") else { return }
        let index = ResultsIndex(results: results)
        for measurement in index.results.measurements {
            for metric in Metric.allCases { _ = metric.estimate(of: measurement, in: index) }
        }
        _ = ResultsComparison.compare(old: results, new: results, oldName: "a", newName: "b", thresholdPercent: 10)
        if let fixture = Self.index?.results {
            _ = ResultsComparison.compare(old: fixture, new: results, oldName: "a", newName: "b", thresholdPercent: 10)
        }
    }
}
