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

/// Diagnostics as people, programs and GitHub Actions read them.
@Suite struct FoundationDiagnosticFormatterTests {
    static let diagnostics: [Diagnostic] = [
        .error("unknown directive `hots`; did you mean `host`?", file: "Content/index.md", line: 6, column: 8),
        .warning("slow page", file: "Content/a.md", line: 3),
        Diagnostic(.note, "built with defaults", file: "Content/b.md"),
        .error("no Content/ folder in /x"),
    ]

    @Test func textIsPathLineColumnSeverityMessage() {
        let text = DiagnosticFormatter(format: .text, useColor: false).format(Self.diagnostics)
        #expect(text == """
            Content/index.md:6:8: error: unknown directive `hots`; did you mean `host`?
            Content/a.md:3: warning: slow page
            Content/b.md: note: built with defaults
            sitegen: error: no Content/ folder in /x

            """)
    }

    @Test func colouredTextOnlyAddsEscapeCodes() {
        let plain = DiagnosticFormatter(format: .text, useColor: false).format(Self.diagnostics)
        let coloured = DiagnosticFormatter(format: .text, useColor: true).format(Self.diagnostics)
        #expect(coloured.contains("\u{1B}[1mContent/index.md:6:8:\u{1B}[0m \u{1B}[1;31merror:\u{1B}[0m unknown directive"))
        #expect(coloured.contains("\u{1B}[1;33mwarning:\u{1B}[0m"))
        #expect(coloured.contains("\u{1B}[1;36mnote:\u{1B}[0m"))
        #expect(coloured.replacing(#/\x1B\[[0-9;]*m/#, with: "") == plain)
        #expect(!plain.contains("\u{1B}"))
    }

    @Test func noColorTurnsColourOff() {
        #expect(!DiagnosticFormatter.colorIsWanted(environment: ["NO_COLOR": "1"]))
        #expect(!DiagnosticFormatter.colorIsWanted(environment: ["NO_COLOR": "anything", "TERM": "xterm-256color"]))
        // An empty NO_COLOR doesn't count (no-color.org); then only a terminal decides.
        #expect(DiagnosticFormatter.colorIsWanted(environment: ["NO_COLOR": ""]) == (isatty(STDERR_FILENO) == 1))
    }

    @Test func githubFormatIsWorkflowCommands() {
        let text = DiagnosticFormatter(format: .github, useColor: true).format(Self.diagnostics)
        #expect(text == """
            ::error file=Content/index.md,line=6,col=8::unknown directive `hots`; did you mean `host`?
            ::warning file=Content/a.md,line=3::slow page
            ::notice file=Content/b.md::built with defaults
            ::error::no Content/ folder in /x

            """)
    }

    @Test func githubFormatEscapesDataAndProperties() {
        let diagnostic = Diagnostic.error("100% broken\r\nsecond line: a, b", file: "Content/odd:name,1.md", line: 1, column: 2)
        let text = DiagnosticFormatter(format: .github, useColor: false).format([diagnostic])
        #expect(text == "::error file=Content/odd%3Aname%2C1.md,line=1,col=2::100%25 broken%0D%0Asecond line: a, b\n")
    }

    @Test func jsonIsAnArrayOfObjectsWithFileLineColumn() throws {
        let text = DiagnosticFormatter(format: .json, useColor: true).format(Self.diagnostics)
        #expect(!text.contains("\u{1B}"))
        let decoded = try JSONDecoder().decode([Diagnostic].self, from: Data(text.utf8))
        #expect(decoded == Self.diagnostics)
        let objects = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        #expect(objects.count == 4)
        #expect(objects[0]["file"] as? String == "Content/index.md")
        #expect(objects[0]["line"] as? Int == 6)
        #expect(objects[0]["column"] as? Int == 8)
        #expect(objects[0]["severity"] as? String == "error")
        #expect(objects[0]["message"] as? String == "unknown directive `hots`; did you mean `host`?")
        // Unknown parts are left out, not written as null.
        #expect(objects[3].keys.sorted() == ["message", "severity"])
        let empty = DiagnosticFormatter(format: .json, useColor: false).format([])
        #expect(try JSONDecoder().decode([Diagnostic].self, from: Data(empty.utf8)).isEmpty)
    }

    @Test func locationShowsWhatIsKnown() {
        #expect(Diagnostic.error("m", file: "a.md", line: 1, column: 2).location == "a.md:1:2")
        #expect(Diagnostic.error("m", file: "a.md", line: 1).location == "a.md:1")
        #expect(Diagnostic.error("m", file: "a.md", column: 3).location == "a.md")
        #expect(Diagnostic.error("m").location == nil)
    }

    @Test func severitiesAreOrdered() {
        #expect(Diagnostic.Severity.note < .warning)
        #expect(Diagnostic.Severity.warning < .error)
        #expect([Diagnostic.Severity.error, .note, .warning].sorted() == [.note, .warning, .error])
    }
}
