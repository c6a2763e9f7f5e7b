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

/// The output folder: replaced whole, only by a build that succeeded, with nothing left beside it.
@Suite struct FoundationSiteWriterTests {
    static func entries(_ path: String) -> Set<String> {
        Set((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [])
    }

    @Test func buildWritesPagesAssetsAndTheMarker() throws {
        let site = try TemporarySite([
            "Content/index.md": "---\ntitle: Home\n---\nHi.\n",
            "Content/guide/deep/page.md": "---\ntitle: Deep\n---\n",
            "Templates/assets/style.css": "body {}\n",
            "Templates/assets/icons/logo.svg": "<svg/>\n",
            "Templates/assets/.DS_Store": "junk",
        ])
        try site.write("Templates/assets/favicon.ico", bytes: [0, 1, 2, 255, 254, 0])
        let summary = try site.build()
        #expect(summary.pages == 2)
        #expect(summary.files == 5)
        let built = FolderSnapshot(site.output)
        #expect(Set(built.files.keys) == ["index.html", "guide/deep/page.html", "assets/style.css", "assets/icons/logo.svg",
                                          "assets/favicon.ico", SiteWriter.marker])
        #expect(built.files["assets/favicon.ico"] == Data([0, 1, 2, 255, 254, 0]))
        #expect(built.files["assets/icons/logo.svg"] == Data("<svg/>\n".utf8))
        #expect(try site.built("index.html") == "<title>Home</title>\n<p>Hi.</p>\n")
    }

    @Test func rebuildReplacesTheOutputWhole() throws {
        let site = try TemporarySite(["Content/index.md": "---\ntitle: Home\n---\nOne.\n",
                                      "Content/old.md": "---\ntitle: Old\n---\n"])
        try site.build()
        // What the previous build wrote and this one doesn't goes; files sitegen didn't write are kept
        // or refused (OutputFolderTests).
        try site.remove("Content/old.md")
        try site.write("Content/index.md", "---\ntitle: Home\n---\nTwo.\n")
        try site.build()
        #expect(Set(FolderSnapshot(site.output).files.keys) == ["index.html", SiteWriter.marker])
        #expect(try site.built("index.html").contains("Two."))
    }

    @Test func successfulBuildLeavesNoStagingFoldersBehind() throws {
        let site = try TemporarySite(["Content/index.md": "---\ntitle: Home\n---\n"])
        let output = site.container.appendingPathComponent("public").path
        try site.build(output: output)
        try site.build(output: output)
        #expect(Self.entries(site.container.path) == ["site", "public"])
        #expect(Self.entries(site.root.path) == ["Content", "Templates"])
    }

    @Test func failedBuildLeavesPreviousSiteUntouched() throws {
        let site = try TemporarySite(["Content/index.md": "---\ntitle: Home\n---\nGood.\n",
                                      "Templates/assets/style.css": "p {}\n"])
        try site.build()
        let before = FolderSnapshot(site.output)
        try site.write("Content/index.md", "---\ntitle: Home\n---\nBroken {{< nope >}}.\n")
        try site.write("Templates/assets/style.css", "p { color: red }\n")
        #expect(throws: DiagnosticError.self) { try site.build() }
        #expect(FolderSnapshot(site.output) == before)
        #expect(Self.entries(site.root.path) == ["Content", "Templates", "Site"])
    }

    @Test func failedWriteKeepsThePreviousSiteAndRemovesItsStaging() throws {
        // A copy that fails half-way through (its source vanished) must not touch the previous site.
        let container = try TemporarySite()
        let output = container.container.appendingPathComponent("out").path
        let writer = SiteWriter(output: output)
        try writer.write(files: ["index.html": Data("v1".utf8)], copies: [:])
        let before = FolderSnapshot(output)
        let error = try #require(throws: DiagnosticError.self) {
            try writer.write(files: ["index.html": Data("v2".utf8), "b/c.html": Data("c".utf8)],
                             copies: ["assets/gone.css": container.path("nowhere.css")])
        }
        #expect(error.isEnvironmental)
        #expect(error.diagnostics.first?.message.contains("the previous site is unchanged") == true)
        #expect(FolderSnapshot(output) == before)
        #expect(Self.entries(container.container.path) == ["site", "out"])
    }

    @Test func checkWritesNothing() throws {
        let site = try TemporarySite(["Content/index.md": "---\ntitle: Home\n---\n"])
        let summary = try site.check()
        #expect(summary.pages == 1)
        #expect(Self.entries(site.root.path) == ["Content", "Templates"])
    }

    @Test func buildsOfTheSameInputsAreByteIdentical() throws {
        let site = try TemporarySite(fixture: "golden-site")
        try site.build()
        let first = FolderSnapshot(site.output)
        try site.build()
        #expect(FolderSnapshot(site.output) == first)
    }

    @Test func hiddenContentFilesAreSkipped() throws {
        let site = try TemporarySite(["Content/index.md": "---\ntitle: Home\n---\n",
                                      "Content/.draft.md": "no front matter, but hidden\n",
                                      "Content/.git/notes.md": "hidden folder\n",
                                      "Content/notes.txt": "not a page\n"])
        let summary = try site.build()
        #expect(summary.pages == 1)
        #expect(Set(FolderSnapshot(site.output).files.keys) == ["index.html", SiteWriter.marker])
    }
}

/// Rebuilds share unchanged files with the previous site instead of writing them again.
@Suite struct SiteWriterReuseTests {
    static func inode(_ path: String) -> UInt64? {
        var info = stat()
        return lstat(path, &info) == 0 ? UInt64(info.st_ino) : nil
    }

    @Test func anUnchangedFileIsTheSameFileAfterARebuildAndAChangedOneIsNew() throws {
        let site = try TemporarySite(["Content/index.md": "---\ntitle: Home\n---\nOne.\n",
                                      "Content/other.md": "---\ntitle: Other\n---\nSame.\n"])
        try site.build()
        let otherBefore = try #require(Self.inode(site.path("Site/other.html")))
        let homeBefore = try #require(Self.inode(site.path("Site/index.html")))
        try site.write("Content/index.md", "---\ntitle: Home\n---\nTwo.\n")
        try site.build()
        #expect(Self.inode(site.path("Site/other.html")) == otherBefore)
        #expect(Self.inode(site.path("Site/index.html")) != homeBefore)
        #expect(try site.built("index.html").contains("Two."))
        #expect(try site.built("other.html").contains("Same."))
    }

    @Test func aFileEditedByHandInTheOutputIsWrittenAgain() throws {
        let site = try TemporarySite(["Content/index.md": "---\ntitle: Home\n---\nOne.\n"])
        try site.build()
        let original = try site.built("index.html")
        // Same size, other bytes: only a byte comparison tells them apart.
        let edited = String(original.map { $0 == "O" ? "Q" : $0 })
        try Data(edited.utf8).write(to: URL(fileURLWithPath: site.path("Site/index.html")))
        try site.build()
        #expect(try site.built("index.html") == original)
    }
}
