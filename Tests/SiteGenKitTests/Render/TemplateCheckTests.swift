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

/// Templates that would crash or mislead the renderer are refused when loaded, at the tag at fault.
@Suite struct TemplateCheckTests {
    /// The errors of loading a site's templates (the page template and `others`).
    static func errors(page: String, _ others: [String: String] = [:]) throws -> [Diagnostic] {
        var files = ["Content/index.md": "---\ntitle: Home\n---\n", "Templates/page.mustache": page]
        for (name, text) in others { files["Templates/\(name).mustache"] = text }
        let site = try TemporarySite(files)
        let error = try #require(throws: DiagnosticError.self) { _ = try TemplateSet(root: site.root.path) }
        return error.diagnostics
    }

    @Test func aPartialThatIncludesItselfIsAnErrorAtTheInclude() throws {
        let errors = try Self.errors(page: "{{{content}}}\n{{> a}}\n", ["a": "<p>\n  x {{> a}}\n"])
        #expect(errors.count == 1)
        #expect(errors.first?.file == "Templates/a.mustache")
        #expect(errors.first?.line == 2 && errors.first?.column == 5)
        #expect(errors.first?.message.contains("(a → a)") == true)
    }

    @Test func partialsIncludingEachOtherAreAnErrorWhereTheCycleCloses() throws {
        let errors = try Self.errors(page: "{{{content}}}\n{{> a}}\n", ["a": "{{> b}}\n", "b": "y\n{{#list}}{{> a}}{{/list}}\n"])
        #expect(errors.count == 1)
        #expect(errors.first?.file == "Templates/b.mustache")
        #expect(errors.first?.line == 2 && errors.first?.column == 10)
        #expect(errors.first?.message.contains("(a → b → a)") == true)
    }

    @Test func aChainOfPartialsDeeperThanTheLimitIsAnError() throws {
        var others: [String: String] = [:]
        for index in 0..<40 { others["t\(index)"] = index == 39 ? "end\n" : "{{> t\(index + 1)}}\n" }
        let errors = try Self.errors(page: "{{{content}}}\n{{> t0}}\n", others)
        #expect(!errors.isEmpty)
        #expect(errors.allSatisfy { $0.message.contains("more than \(TemplatePartials.maximumDepth) templates deep") })
    }

    @Test func sectionsNestedTwentyThousandDeepAreRefusedAtTheFirstTooDeep() throws {
        let page = "{{{content}}}\n" + String(repeating: "{{#a}}", count: 20_000) + String(repeating: "{{/a}}", count: 20_000)
        let errors = try Self.errors(page: page)
        #expect(errors.count == 1)
        #expect(errors.first?.line == 2 && errors.first?.column == 6 * TemplateSet.maximumSectionDepth + 1)
    }

    @Test func anUnclosedSectionIsReportedAtItsOpeningTagWithoutFalseMissingPartials() throws {
        let errors = try Self.errors(page: "{{{content}}}\n{{> partials/x}}\n", ["partials/x": "a\n  {{#open}}\nb\n\nc\n"])
        #expect(errors.count == 1, "\(errors)")
        #expect(errors.first?.file == "Templates/partials/x.mustache")
        #expect(errors.first?.line == 2 && errors.first?.column == 3)
        #expect(errors.first?.message.contains("section `open` is never closed") == true)
    }

    @Test func anUnfinishedTagIsReportedAtItsStart() throws {
        let errors = try Self.errors(page: "<p>\n{{{content}}}\n<b>{{title</b>\n")
        #expect(errors.count == 1)
        #expect(errors.first?.line == 3 && errors.first?.column == 4)
    }
}
