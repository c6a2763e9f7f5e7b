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

/// Front matter is read as written: no YAML anchors or aliases (an alias bomb is refused before YAML
/// expands it), a bounded size, and scalars kept as their text.
@Suite struct HostileFrontMatterTests {
    static func split(_ text: String) throws -> FrontMatter {
        try FrontMatter.split(SourceText(path: "Content/p.md", text: text)).0
    }

    static func error(_ text: String) throws -> Diagnostic {
        let error = try #require(throws: DiagnosticError.self) { try Self.split(text) }
        return try #require(error.diagnostics.first)
    }

    static let bomb = """
        ---
        title: Bomb
        a: &a [x, x, x, x, x, x, x, x, x]
        b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
        c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
        d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
        e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
        f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
        g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
        h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
        ? *h
        : boom
        ---

        """

    @Test func anAliasBombIsRefusedAtItsFirstAnchor() throws {
        let diagnostic = try Self.error(Self.bomb)
        #expect(diagnostic.line == 3 && diagnostic.column == 4)
        #expect(diagnostic.message.contains("anchors or aliases (`&a`)"))
    }

    @Test func anchorsAndAliasesAreFoundWhereverANodeStarts() throws {
        let cases: [(String, Int, Int, String)] = [
            ("---\ntitle: &t Threads\n---\n", 2, 8, "&t"),
            ("---\ntitle: T\nsummary: *s\n---\n", 3, 10, "*s"),
            ("---\ntitle: T\nlist:\n  - &x one\n---\n", 4, 5, "&x"),
            ("---\ntitle: T\n*k : v\n---\n", 3, 1, "*k"),
            ("---\ntitle: T\nx: {a: 1, b: *y}\n---\n", 3, 14, "*y"),
            ("---\ntitle: T\nx: !!str &z v\n---\n", 3, 10, "&z"),
        ]
        for (text, line, column, name) in cases {
            let diagnostic = try Self.error(text)
            #expect(diagnostic.line == line && diagnostic.column == column, "\(text)")
            #expect(diagnostic.message.contains("(`\(name)`)"), "\(text)")
        }
    }

    @Test func ampersandsAndStarsInTextAreNotAnchors() throws {
        #expect(try Self.split("---\ntitle: Tom & Jerry * 2\n---\n").title == "Tom & Jerry * 2")
        #expect(try Self.split("---\ntitle: \"*quoted* &\"\n---\n").title == "*quoted* &")
        #expect(try Self.split("---\ntitle: 'it''s *x*'\n---\n").title == "it's *x*")
        #expect(try Self.split("---\ntitle: T\nsummary: Threads are\n  *not* free # note\n---\n").summary == "Threads are *not* free")
        #expect(try Self.split("---\ntitle: T\nsummary: |\n  * one\n  & two\n---\n").summary == "* one\n& two")
        #expect(try Self.split("---\ntitle: T # *x\n---\n").title == "T")
    }

    @Test func scalarsThatLookLikeNumbersKeepTheirText() throws {
        let frontMatter = try Self.split("---\ntitle: 3.10\norder: 20\nsummary: 1e3\n---\n")
        #expect(frontMatter == FrontMatter(title: "3.10", order: 20, summary: "1e3"))
        #expect(try Self.split("---\ntitle: yes\n---\n").title == "yes")
        #expect(try Self.split("---\ntitle: 0x1F\n---\n").title == "0x1F")
        #expect(try Self.error("---\ntitle: T\norder: \"20\"\n---\n").message.contains("`order` must be a whole number"))
        #expect(try Self.error("---\ntitle: ~\n---\n").message.contains("`title` must be a non-empty string"))
    }

    @Test func frontMatterOverTheSizeLimitIsRefusedAtItsStart() throws {
        let long = "---\ntitle: T\nsummary: " + String(repeating: "x", count: FrontMatter.maximumBytes) + "\n---\n"
        let diagnostic = try Self.error(long)
        #expect(diagnostic.line == 1)
        #expect(diagnostic.message.contains("64 KiB"))
    }
}
