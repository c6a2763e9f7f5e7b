import Foundation
import Testing
@testable import SiteGenKit
@testable import SiteGenResults
@testable import SiteGenCore
@testable import SiteGenProcess
@testable import SiteGenMeasure
@testable import SiteGenRender
@testable import SiteGenContent
@testable import SiteGenDirectives

/// The directive language: the scanner's forms and positions, and the two directives that need no
/// measurements (`host`, `include`).
@Suite struct FoundationDirectiveTests {
    static func scan(_ text: String, firstLine: Int = 1) throws -> [DirectiveScanner.Segment] {
        try DirectiveScanner(file: "Content/p.md", firstLine: firstLine).scan(text)
    }

    static func directives(_ text: String, firstLine: Int = 1) throws -> [Directive] {
        try scan(text, firstLine: firstLine).compactMap {
            if case let .directive(directive) = $0 { return directive } else { return nil }
        }
    }

    /// The body HTML of a page in a temporary site (for directives that read files).
    static func body(_ markdown: String, in site: TemporarySite) throws -> String {
        let page = Page(sourcePath: "Content/index.md", frontMatter: FrontMatter(title: "T"), body: markdown,
                        bodyLine: 4, outputPath: "index.html")
        return try PageRenderer(registry: .standard).render(page, context: TestHost.context(root: site.root.path)).body
    }

    static func body(_ markdown: String) throws -> String {
        try body(markdown, in: TemporarySite())
    }

    // MARK: - Scanner

    @Test func textWithoutDirectivesIsOneSegment() throws {
        #expect(try Self.scan("Plain *text* with {{ mustaches }} and <b>.\n") == [.text("Plain *text* with {{ mustaches }} and <b>.\n")])
        #expect(try Self.scan("").isEmpty)
    }

    @Test func inlineDirectiveSplitsTheText() throws {
        let segments = try Self.scan("Runs on {{< host effective_cpus >}} CPUs.")
        #expect(segments.count == 3)
        #expect(segments.first == .text("Runs on "))
        #expect(segments.last == .text(" CPUs."))
        guard case let .directive(directive) = segments[1] else { Issue.record("no directive"); return }
        #expect(directive.name == "host")
        #expect(directive.body == nil)
        #expect(directive.arguments == [Directive.Argument(key: nil, value: "effective_cpus", line: 1, column: 18)])
        #expect((directive.line, directive.column, directive.endLine) == (1, 9, 1))
    }

    @Test func blockDirectiveTakesTheTextUpToItsClosingTag() throws {
        let text = "Before\n{{< note kind=tip >}}\nFirst *line*\n\nSecond line\n{{< /note >}}\nAfter\n"
        let segments = try Self.scan(text, firstLine: 10)
        #expect(segments.count == 3)
        #expect(segments.first == .text("Before\n"))
        #expect(segments.last == .text("\nAfter\n"))
        guard case let .directive(directive) = segments[1] else { Issue.record("no directive"); return }
        #expect(directive.body == "First *line*\n\nSecond line")
        #expect((directive.line, directive.column, directive.endLine) == (11, 1, 15))
        #expect(directive.arguments == [Directive.Argument(key: "kind", value: "tip", line: 11, column: 10)])
    }

    @Test func quotedValuesTakeEscapes() throws {
        let directive = try #require(try Self.directives(#"{{< x a="say \"hi\" \\ done" b=bare c="" "two words" d="it's {{ fine }}" >}}"#).first)
        #expect(directive.arguments.map(\.key) == ["a", "b", "c", nil, "d"])
        #expect(directive.arguments.map(\.value) == [#"say "hi" \ done"#, "bare", "", "two words", "it's {{ fine }}"])
        #expect(directive.arguments.map(\.column) == [7, 30, 37, 42, 54])
    }

    @Test func escapedDirectiveStandsForItsLiteralText() throws {
        #expect(try Self.scan("Write {{</* host cpu_model */>}} to show the CPU.") ==
                [.text("Write {{< host cpu_model >}} to show the CPU.")])
        let html = try Self.body("Write `{{</* host cpu_model */>}}` or {{</* include path=\"a.py\" */>}}.\n\n```\n{{</* host os */>}}\n```\n")
        // Outside code, the literal text is prose like any other, so smart punctuation curls its quotes:
        // the reference page shows directives in code spans and blocks.
        #expect(html == "<p>Write <code>{{&lt; host cpu_model &gt;}}</code> or {{&lt; include path=“a.py” &gt;}}.</p>\n<pre><code>{{&lt; host os &gt;}}\n</code></pre>\n")
    }

    @Test func argumentPositionsCountCharactersFromTheBodysFirstLine() throws {
        // Line 7 of the page; `é` and `→` are one column each.
        let directive = try #require(try Self.directives("é → {{< host  fact=os >}}", firstLine: 7).first)
        #expect((directive.line, directive.column) == (7, 5))
        #expect(directive.arguments.first.map { ($0.line, $0.column) }! == (7, 15))
    }

    @Test func multiLineDirectiveKeepsEachArgumentsPosition() throws {
        let text = "Intro\n\n{{< include\n    path=\"examples/a.py\"\n\tlang=python\n    lines=\"1-2\" >}}\nAfter {{< host os >}}\n"
        let found = try Self.directives(text, firstLine: 20)
        #expect(found.count == 2)
        let include = found[0]
        #expect((include.line, include.column, include.endLine) == (22, 1, 25))
        #expect(include.arguments.map { "\($0.key!)@\($0.line):\($0.column)" } == ["path@23:5", "lang@24:2", "lines@25:5"])
        #expect((found[1].line, found[1].column) == (26, 7))
    }

    @Test(arguments: [
        ("{{< >}}", 1, 1, "unclosed directive"),
        ("{{< \"x\" >}}", 1, 5, "needs a name"),
        ("a {{< host \"unterminated >}}\n", 1, 12, "unterminated string"),
        ("{{< host fact= >}}", 1, 15, "`fact=` needs a value"),
        ("{{< host ; >}}", 1, 10, "unexpected `;`"),
        ("text {{< /note >}}", 1, 6, "closing `{{< /note >}}` without an opening"),
        ("{{< note >}}x{{< /note extra >}}", 1, 24, "a closing tag takes no arguments"),
        ("one\n{{</* host os", 2, 1, "escaped directive `{{</*` is never closed"),
        ("x {{< host os\n\n{{< host os >}}", 1, 3, "unclosed directive"),
    ])
    func scannerErrorsPointAtTheirPosition(text: String, line: Int, column: Int, phrase: String) throws {
        let error = try #require(throws: DiagnosticError.self) { try Self.scan(text) }
        #expect(error.diagnostics.count == 1)
        let diagnostic = try #require(error.diagnostics.first)
        #expect(diagnostic.file == "Content/p.md")
        #expect(diagnostic.line == line)
        #expect(diagnostic.column == column)
        #expect(diagnostic.message.contains(phrase), "message: \(diagnostic.message)")
    }

    @Test func directiveInAHeadingFeedsTheSlugWithItsText() throws {
        let page = Page(sourcePath: "Content/index.md", frontMatter: FrontMatter(title: "T"),
                        body: "## Running on {{< host effective_cpus >}} CPUs\n", bodyLine: 4, outputPath: "index.html")
        let rendered = try PageRenderer(registry: .standard).render(page, context: TestHost.context())
        #expect(rendered.body == "<h2 id=\"running-on-3-cpus\">Running on 3 CPUs</h2>\n")
        #expect(rendered.headings == [Heading(level: 2, text: "Running on 3 CPUs", slug: "running-on-3-cpus")])
    }

    @Test func directiveValuesAreNotParsedAsMarkdown() throws {
        let host = HostFacts(hostname: "h", cpuModel: "*Fast* <CPU> & [more](x.md)", logicalCPUs: 1, physicalCores: nil,
                             smt: nil, affinityCPUs: 1, cgroupCPUQuota: nil, effectiveCPUs: 1, memoryBytes: 1 << 20,
                             os: "OS", kernel: "k", architecture: "a", virtualization: nil)
        let page = Page(sourcePath: "Content/index.md", frontMatter: FrontMatter(title: "T"),
                        body: "CPU: {{< host cpu_model >}}\n", bodyLine: 4, outputPath: "index.html")
        let context = DirectiveContext(root: "/", page: page.sourcePath, host: host, python: TestHost.noPython)
        let rendered = try PageRenderer(registry: .standard).render(page, context: context)
        #expect(rendered.body == "<p>CPU: *Fast* &lt;CPU&gt; &amp; [more](x.md)</p>\n")
        #expect(rendered.links.isEmpty)
    }

    @Test func registryRefusesABodyForADirectiveThatTakesNone() throws {
        let error = try #require(throws: DiagnosticError.self) { try Self.body("{{< host >}}\nos\n{{< /host >}}\n") }
        #expect(error.diagnostics.first?.message.contains("`host` takes no body") == true)
        #expect(error.diagnostics.first.map { ($0.line, $0.column) }! == (4, 1))
    }

    @Test func newDirectivesPlugInThroughTheRegistry() throws {
        struct Shout: DirectiveHandler {
            let name = "shout"
            let usage = "{{< shout >}}text{{< /shout >}}"
            var body: DirectiveBodyRule { .required }
            func resolve(_ directive: Directive, in context: DirectiveContext) throws -> DirectiveValue {
                .text((directive.body ?? "").uppercased())
            }
        }
        var registry = DirectiveRegistry.standard
        registry.register(Shout())
        let page = Page(sourcePath: "Content/index.md", frontMatter: FrontMatter(title: "T"),
                        body: "Say {{< shout >}}hello & bye{{< /shout >}} now.\n", bodyLine: 4, outputPath: "index.html")
        let rendered = try PageRenderer(registry: registry).render(page, context: TestHost.context())
        #expect(rendered.body == "<p>Say HELLO &amp; BYE now.</p>\n")
        #expect(registry.names == (DirectiveRegistry.standard.names + ["shout"]).sorted())
    }

    // MARK: - host

    @Test(arguments: [
        ("cpu_model", "Test CPU 9000"), ("logical_cpus", "8"), ("physical_cores", "4"), ("effective_cpus", "3"),
        ("memory", "16.0 GiB"), ("os", "Test OS 1.0"), ("kernel", "6.1.0-test"), ("architecture", "x86_64"),
        ("virtualization", "KVM"),
    ])
    func hostDirectiveShowsEachFact(fact: String, text: String) throws {
        #expect(try Self.body("{{< host \(fact) >}}\n") == "<p>\(text)</p>\n")
        #expect(try Self.body("{{< host fact=\(fact) >}}\n") == "<p>\(text)</p>\n")
    }

    @Test func hostDirectiveKnowsTheFactsTheGuideNeeds() {
        let needed = ["cpu_model", "logical_cpus", "effective_cpus", "memory", "os", "python"]
        #expect(Set(HostDirective.facts).isSuperset(of: needed))
        #expect(Set(HostDirective.facts).count == HostDirective.facts.count)
    }

    @Test func hostFactsThePlatformDoesNotReveal() throws {
        let host = HostFacts(hostname: "h", cpuModel: "c", logicalCPUs: 2, physicalCores: nil, smt: nil, affinityCPUs: 2,
                             cgroupCPUQuota: nil, effectiveCPUs: 2, memoryBytes: 512 * 1_048_576, os: "o", kernel: "k",
                             architecture: "arm64", virtualization: nil)
        for (fact, text) in [("physical_cores", "unknown"), ("virtualization", "none detected"), ("memory", "512 MiB")] {
            let directive = Directive(name: "host", arguments: [.init(key: nil, value: fact, line: 1, column: 10)], body: nil,
                                      file: "Content/p.md", line: 1, column: 1, endLine: 1)
            let context = DirectiveContext(root: "/", page: "Content/p.md", host: host, python: TestHost.noPython)
            #expect(try HostDirective().resolve(directive, in: context) == .text(text))
        }
    }

    @Test
    func hostPythonWithoutAnInterpreterIsAnEnvironmentError() throws {
        // No python3 is a problem of the machine, not of the page: exit 2, like every environment problem.
        let error = try #require(throws: DiagnosticError.self) { try Self.body("Python: {{< host python >}}\n") }
        #expect(error.diagnostics.count == 1)
        #expect(error.diagnostics.first.map { ($0.line, $0.column) }! == (4, 18))
        #expect(error.diagnostics.first?.message.contains("/nonexistent/python3") == true)
        #expect(error.isEnvironmental)
    }

    @Test func hostTakesOneFact() throws {
        let error = try #require(throws: DiagnosticError.self) { try Self.body("{{< host os kernel >}}\n") }
        #expect(error.diagnostics.first?.message.contains("takes at most 1 positional argument") == true)
        #expect(error.diagnostics.first?.column == 13)
        let twice = try #require(throws: DiagnosticError.self) { try Self.body("{{< host fact=os fact=kernel >}}\n") }
        #expect(twice.diagnostics.first?.message.contains("`fact` is given twice") == true)
    }

    // MARK: - include

    @Test func includeShowsAFileVerbatimAsACodeBlock() throws {
        let site = try TemporarySite(["examples/demo.py": "if a < b and c > d:\n    print(\"&\")\n"])
        let html = try Self.body("Code:\n\n{{< include path=\"examples/demo.py\" lang=\"python\" >}}\n\nAfter.\n", in: site)
        #expect(html == """
            <p>Code:</p>
            <figure class="source">
            <figcaption><code>examples/demo.py</code></figcaption>
            <pre><code class="language-python">if a &lt; b and c &gt; d:
                print(&quot;&amp;&quot;)
            </code></pre>
            </figure>
            <p>After.</p>

            """)
    }

    @Test(arguments: [("2-3", "two\nthree\n"), ("1", "one\n"), ("4", "four\n"), ("1-4", "one\ntwo\nthree\nfour\n"), ("3-3", "three\n")])
    func includeWithLinesShowsThoseLines(lines: String, shown: String) throws {
        let site = try TemporarySite(["a.txt": "one\ntwo\nthree\nfour\n", "b.txt": "one\ntwo\nthree\nfour"])
        for file in ["a.txt", "b.txt"] {
            let html = try Self.body("{{< include \(file) lines=\"\(lines)\" >}}\n", in: site)
            #expect(html == "<figure class=\"source\">\n<figcaption><code>\(file)</code></figcaption>\n<pre><code>\(shown)</code></pre>\n</figure>\n")
        }
    }

    @Test func includeFollowsSymlinksThatStayInsideTheRoot() throws {
        let site = try TemporarySite(["examples/real.py": "x = 1\n"])
        try site.symlink("examples/alias.py", to: "real.py")
        let html = try Self.body("{{< include examples/alias.py >}}\n", in: site)
        #expect(html.contains("<pre><code>x = 1\n</code></pre>"))
    }

    @Test func includeOfAFolderOrOfNonUTF8IsReported() throws {
        let site = try TemporarySite()
        try site.write("examples/sub/x.py", "x\n")
        try site.write("examples/latin1.txt", bytes: [0x63, 0x61, 0x66, 0xE9, 0x0A])
        let folder = try #require(throws: DiagnosticError.self) { try Self.body("{{< include examples/sub >}}\n", in: site) }
        #expect(folder.diagnostics.first?.message.contains("no file `examples/sub`") == true)
        let latin1 = try #require(throws: DiagnosticError.self) { try Self.body("{{< include examples/latin1.txt >}}\n", in: site) }
        #expect(latin1.diagnostics.first?.message.contains("is not valid UTF-8") == true)
        #expect(latin1.diagnostics.first.map { ($0.line, $0.column) }! == (4, 13))
    }

    @Test func includeInsideAListItemIsReportedAsMisplaced() throws {
        let site = try TemporarySite(["a.py": "x\n"])
        let error = try #require(throws: DiagnosticError.self) { try Self.body("- item\n- {{< include a.py >}}\n", in: site) }
        #expect(error.diagnostics.first.map { ($0.line, $0.column) }! == (5, 3))
        #expect(error.diagnostics.first?.message.contains("makes a block") == true)
    }
}
