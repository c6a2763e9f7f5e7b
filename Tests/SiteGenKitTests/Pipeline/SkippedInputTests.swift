import Foundation
import Testing
@testable import SiteGenKit
@testable import SiteGenCore
@testable import SiteGenContent

/// Nothing under Content/ is skipped without a word: folders that can't be listed, paths too long to
/// open, FIFOs and names that can't be URLs are errors at the entry, saying what it is.
@Suite struct SkippedInputTests {
    static let home = "---\ntitle: Home\n---\n"

    /// Builds, expecting a failure that leaves no output, and returns its diagnostics.
    static func failure(_ site: TemporarySite, sourceLocation: SourceLocation = #_sourceLocation) throws -> [Diagnostic] {
        let error = try #require(throws: DiagnosticError.self, sourceLocation: sourceLocation) { try site.build() }
        #expect(!FileManager.default.fileExists(atPath: site.output), sourceLocation: sourceLocation)
        #expect(!error.isEnvironmental, sourceLocation: sourceLocation)
        return error.diagnostics
    }

    /// Makes `depth` nested folders of long names below `folder`, one step at a time (a path that long
    /// can't be made in one call), with a page at the bottom. Returns the nested path's byte count.
    static func deepTree(below folder: String, depth: Int) throws -> Int {
        let name = String(repeating: "d", count: 200)
        var descriptor = open(folder, O_RDONLY | O_DIRECTORY)
        guard descriptor >= 0 else { throw RunnerError("can't open \(folder)") }
        for _ in 0..<depth {
            guard mkdirat(descriptor, name, 0o755) == 0 else { throw RunnerError("mkdirat: \(String(cString: strerror(errno)))") }
            let next = openat(descriptor, name, O_RDONLY | O_DIRECTORY)
            close(descriptor)
            descriptor = next
        }
        let page = openat(descriptor, "deep.md", O_WRONLY | O_CREAT, 0o644)
        _ = "---\ntitle: Deep\n---\n".withCString { write(page, $0, strlen($0)) }
        close(page)
        close(descriptor)
        return folder.utf8.count + depth * (name.count + 1)
    }

    /// Removes a tree whatever its depth: with paths relative to open folders, as it was made.
    static func removeTree(_ name: String, in parent: Int32) {
        let descriptor = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW)
        if descriptor >= 0, let handle = fdopendir(descriptor) {
            var names: [String] = []
            while let entry = readdir(handle) {
                let child = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                if child != "." && child != ".." { names.append(child) }
            }
            for child in names where unlinkat(descriptor, child, 0) != 0 { removeTree(child, in: descriptor) }
            closedir(handle)
        }
        unlinkat(parent, name, AT_REMOVEDIR)
    }

    @Test func pagesNestedPastThePathLimitAreReportedAtTheirFolder() throws {
        let site = try TemporarySite(["Content/index.md": Self.home])
        let content = site.path("Content")
        let depth = Int(PATH_MAX) / 201 + 1
        _ = try Self.deepTree(below: content, depth: depth)
        let top = open(content, O_RDONLY | O_DIRECTORY)
        defer {
            Self.removeTree(String(repeating: "d", count: 200), in: top)
            close(top)
        }
        let diagnostics = try Self.failure(site)
        #expect(diagnostics.count == 1, "\(diagnostics)")
        let problem = try #require(diagnostics.first)
        #expect(problem.file?.hasPrefix("Content/ddd") == true)
        #expect(problem.message.contains("bytes long, more than the system can open"), "\(problem.message)")
        #expect(problem.message.contains("nest it less deeply"))
    }

    @Test(.enabled(if: getuid() != 0, "root lists folders whatever their permissions"))
    func aFolderThatCantBeListedIsReported() throws {
        let site = try TemporarySite(["Content/index.md": Self.home, "Content/private/page.md": Self.home])
        chmod(site.path("Content/private"), 0)
        let diagnostics = try Self.failure(site)
        #expect(diagnostics.map(\.file) == ["Content/private/"])
        #expect(diagnostics.first?.message.contains("permission denied") == true)
    }

    @Test func aFIFONamedLikeAPageIsReportedNotWaitedOn() throws {
        let site = try TemporarySite(["Content/index.md": Self.home])
        #expect(mkfifo(site.path("Content/pipe.md"), 0o644) == 0)
        #expect(mkfifo(site.path("Content/pipe.txt"), 0o644) == 0)  // not a page: not looked at
        let diagnostics = try Self.failure(site)
        #expect(diagnostics.map(\.file) == ["Content/pipe.md"])
        #expect(diagnostics.first?.message.contains("a FIFO (a named pipe), not a regular file") == true)
    }

    @Test func aFIFOAmongTheAssetsIsReported() throws {
        let site = try TemporarySite(["Content/index.md": Self.home, "Templates/assets/style.css": "p {}\n"])
        #expect(mkfifo(site.path("Templates/assets/feed"), 0o644) == 0)
        let diagnostics = try Self.failure(site)
        #expect(diagnostics.map(\.file) == ["Templates/assets/feed"])
    }

    @Test func namesThatCantBeURLsAreReportedAtTheFile() throws {
        let site = try TemporarySite(["Content/index.md": Self.home, "Content/a#b.md": Self.home, "Content/a?b.md": Self.home,
                                      "Content/100%.md": Self.home, "Content/two words.md": Self.home,
                                      "Content/odd:name/page.md": Self.home, "Content/café.md": Self.home])
        let diagnostics = try Self.failure(site)
        #expect(diagnostics.map(\.file) == ["Content/100%.md", "Content/a#b.md", "Content/a?b.md", "Content/odd:name/page.md",
                                             "Content/two words.md"])
        let byFile = Dictionary(uniqueKeysWithValues: diagnostics.map { ($0.file ?? "", $0.message) })
        #expect(byFile["Content/a#b.md"]?.contains("`#` starts an anchor") == true)
        #expect(byFile["Content/a#b.md"]?.contains("the menu's among them") == true)
        #expect(byFile["Content/two words.md"]?.contains("a space isn't allowed") == true)
        // Letters of any script are fine.
        try site.remove("Content/a#b.md")
        for name in ["a?b.md", "100%.md", "two words.md", "odd:name"] { try site.remove("Content/" + name) }
        try site.build()
        #expect(FileManager.default.fileExists(atPath: site.path("Site/café.html")))
    }

    @Test func aLinkToANameWithAHashIsBroken() throws {
        // What the name check prevents: `a#b.md` links to page `a`, anchor `b.md`.
        let site = try TemporarySite(["Content/index.md": Self.home + "[x](a#b.md)\n"])
        let diagnostics = try Self.failure(site)
        #expect(diagnostics.first?.message.contains("broken link") == true)
    }
}
