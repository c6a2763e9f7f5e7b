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

/// The site opens from disk and makes no network request.
@Suite struct OfflineSiteTests {
    @Test func scriptFromAnotherHostInTheTemplateFailsTheCheck() throws {
        let site = try TemporarySite(["Content/index.md": "---\ntitle: Home\n---\nHello.\n"],
                                     template: "<script src=\"https://cdn.example.com/x.js\"></script>\n{{{content}}}")
        let error = try #require(throws: DiagnosticError.self) { try site.check() }
        #expect(error.diagnostics.count == 1)
        #expect(error.diagnostics[0].message.contains("loads from the network"))
        #expect(error.diagnostics[0].message.contains("cdn.example.com"))
    }

    @Test func remoteImageAndFontInContentAndStylesheetAreReported() throws {
        let site = try TemporarySite([
            "Content/index.md": "---\ntitle: Home\n---\n<img src=\"http://example.com/a.png\" alt=\"\">\n",
            "Templates/assets/style.css": "@import url(\"https://fonts.example.com/css\");\nbody { background: url(local.png); }\n",
        ])
        let error = try #require(throws: DiagnosticError.self) { try site.check() }
        let messages = error.diagnostics.map(\.message)
        #expect(messages.count == 2, "\(messages)")
        #expect(messages.contains { $0.contains("<img src=\"http://example.com/a.png\">") })
        #expect(error.diagnostics.contains { $0.file == "Templates/assets/style.css" && $0.message.contains("fonts.example.com") })
    }

    @Test func ordinaryLinksToOtherSitesAndLocalAssetsAreFine() throws {
        let site = try TemporarySite([
            "Content/index.md": "---\ntitle: Home\n---\nSee [Python](https://docs.python.org/3/).\n",
            "Templates/assets/style.css": "body { color: black; }\n",
        ], template: "<link rel=\"stylesheet\" href=\"{{root}}assets/style.css\"><link rel=\"canonical\" href=\"https://example.com/\">\n{{{content}}}")
        #expect(throws: Never.self) { try site.check() }
    }

    @Test func theGuidesOwnTemplatesLoadNothingRemote() throws {
        let root = Repository.root
        let css = try String(contentsOf: root.appendingPathComponent("Templates/assets/style.css"), encoding: .utf8)
        #expect(ExternalResourceChecker().check(css: css, file: "style.css").isEmpty)
        for template in try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("Templates/partials").path) {
            let text = try String(contentsOf: root.appendingPathComponent("Templates/partials/\(template)"), encoding: .utf8)
            #expect(ExternalResourceChecker().check(html: text, file: template).isEmpty, "\(template)")
        }
    }
}
