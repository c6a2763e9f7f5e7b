import Foundation
import Testing
@testable import SiteGenCore
@testable import SiteGenResults
@testable import SiteGenKit

/// Text from files never steers a terminal or a CI log: control characters come out escaped in every
/// output format, and the only line breaks of a report are its own.
@Suite("Untrusted strings in output")
struct PrintableTextTests {
    static let hostile = "box\n::error file=x.swift,line=1::pwned\u{1B}[2J\u{1B}]0;title\u{07}\r\u{9B}31m\u{202E}txt.exe\u{2028}end"

    @Test func escapingMakesEveryControlCharacterVisible() {
        let escaped = PrintableText.escape(Self.hostile)
        #expect(escaped == "box\\n::error file=x.swift,line=1::pwned\\u{1B}[2J\\u{1B}]0;title\\u{7}\\r\\u{9B}31m\\u{202E}txt.exe\\u{2028}end")
        #expect(PrintableText.escape("plain text, with a\ttab and ünïcödé") == "plain text, with a\ttab and ünïcödé")
        #expect(PrintableText.escapeLines("one\ntwo\u{1B}") == "one\ntwo\\u{1B}")
    }

    @Test func everyFormatKeepsAHostileMessageOnItsLine() throws {
        let diagnostic = Diagnostic.warning("duplicate results for \(Self.hostile)", file: "results/\u{1B}[1mevil\n.json", line: 3)
        for useColor in [false, true] {
            let text = DiagnosticFormatter(format: .text, useColor: useColor).format([diagnostic])
            #expect(text.filter { $0 == "\n" }.count == 1 && text.hasSuffix("\n"))
            // Colour codes are the formatter's own; none comes from the message or the path.
            let ownEscapes = useColor ? 4 : 0
            #expect(text.unicodeScalars.filter { $0 == "\u{1B}" }.count == ownEscapes)
            #expect(!text.unicodeScalars.contains { $0.value == 0x9B || $0.value == 0x202E || $0 == "\r" })
        }
        let github = DiagnosticFormatter(format: .github, useColor: false).format([diagnostic])
        #expect(github.filter { $0 == "\n" }.count == 1)
        #expect(!github.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\r" || $0.value == 0x9B })
        #expect(github.contains("%0A::error file=x.swift,line=1::pwned\\u{1B}[2J"))
        let json = DiagnosticFormatter(format: .json, useColor: false).format([diagnostic])
        let decoded = try JSONDecoder().decode([Diagnostic].self, from: Data(json.utf8))
        #expect(decoded.first?.message == diagnostic.message)  // JSON keeps the text exact, escaped by JSON's rules
        #expect(!json.unicodeScalars.contains { $0 == "\u{1B}" })
    }

    /// The probe's case: a host name in another machine's results file reaches a warning of `sitegen
    /// build` (two files for the same machine), which the fleet's publish job prints into its CI log.
    @Test func aHostNameFromAResultsFileCannotStartALogLine() throws {
        let site = try FleetFixture.site()
        var evil = FleetFixture.gilMachine()
        evil.host.hostname = Self.hostile
        let folder = try FleetFixture.write(["a.json": evil, "b.json": evil], in: site)
        let result = try CommandRunner.sitegen(["build", "--results", folder, "--no-measure", "--root", site.root.path], in: site.container)
        #expect(result.stderr.contains("duplicate results for box\\n::error"), "\(result.stderr)")
        for line in result.stderr.split(separator: "\n") {
            #expect(!line.hasPrefix("::"), "a line of the log starts a workflow command: \(line)")
        }
        #expect(!result.stderr.unicodeScalars.contains { $0 == "\u{1B}" || $0.value == 0x9B || $0 == "\r" })
    }
}
