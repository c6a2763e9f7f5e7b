import Foundation
import Testing
@testable import SiteGenKit
@testable import SiteGenCore

/// Files in the output folder that sitegen didn't write (a CNAME, `.nojekyll`, a gh-pages checkout's
/// `.git/`) stop the build, named, unless `--keep-unknown` carries them over; and `--out` can't lie
/// inside the sources.
@Suite struct OutputFolderKeepTests {
    static let home = "---\ntitle: Home\n---\nOne.\n"

    /// A built site with a gh-pages checkout's files added to its output.
    static func publishedSite() throws -> TemporarySite {
        let site = try TemporarySite(["Content/index.md": home, "Content/old.md": "---\ntitle: Old\n---\n"])
        try site.build()
        try Data("guide.example.org\n".utf8).write(to: URL(fileURLWithPath: site.path("Site/CNAME")))
        try Data().write(to: URL(fileURLWithPath: site.path("Site/.nojekyll")))
        try FileManager.default.createDirectory(atPath: site.path("Site/.git/refs"), withIntermediateDirectories: true)
        try Data("ref: refs/heads/gh-pages\n".utf8).write(to: URL(fileURLWithPath: site.path("Site/.git/HEAD")))
        return site
    }

    @Test func filesSitegenDidNotWriteStopTheBuildNamed() throws {
        let site = try Self.publishedSite()
        let before = FolderSnapshot(site.output)
        let error = try #require(throws: DiagnosticError.self) { try site.build() }
        #expect(error.isEnvironmental)
        let message = try #require(error.diagnostics.first?.message)
        #expect(message.contains("3 entries sitegen didn't write: .git/, .nojekyll, CNAME"), "\(message)")
        #expect(message.contains("--keep-unknown"))
        #expect(FolderSnapshot(site.output) == before)
        // `check` writes nothing, so it doesn't mind them.
        try site.check()
    }

    @Test func keepUnknownCarriesThemOverAndStaleFilesStillGo() throws {
        let site = try Self.publishedSite()
        try site.remove("Content/old.md")
        var options = site.options()
        options.keepsUnknownFiles = true
        try SiteBuilder(options: options).build()
        let built = FolderSnapshot(site.output)
        #expect(Set(built.files.keys) == ["index.html", SiteWriter.marker, "CNAME", ".nojekyll", ".git/HEAD"])
        #expect(built.folders.contains(".git/refs"))
        #expect(built.files["CNAME"] == Data("guide.example.org\n".utf8))
        // Still not sitegen's: the next build without the flag names them again.
        #expect(throws: DiagnosticError.self) { try site.build() }
        try SiteBuilder(options: options).build()
        #expect(FolderSnapshot(site.output) == built)
    }

    @Test func aKeptFileTheBuildWritesTooIsReported() throws {
        let site = try Self.publishedSite()
        try Data("by hand".utf8).write(to: URL(fileURLWithPath: site.path("Site/about.html")))
        try site.write("Content/about.md", "---\ntitle: About\n---\n")
        let before = FolderSnapshot(site.output)
        var options = site.options()
        options.keepsUnknownFiles = true
        let error = try #require(throws: DiagnosticError.self) { try SiteBuilder(options: options).build() }
        #expect(error.diagnostics.first?.message.contains("holds about.html, which sitegen didn't write but this build writes too") == true,
                "\(error.diagnostics)")
        #expect(FolderSnapshot(site.output) == before)
    }

    @Test func longListsAreCutAndDesktopFilesDontCount() throws {
        let site = try TemporarySite(["Content/index.md": Self.home])
        try site.build()
        try Data().write(to: URL(fileURLWithPath: site.path("Site/.DS_Store")))
        try site.build()
        for index in 0..<14 { try Data().write(to: URL(fileURLWithPath: site.path("Site/extra-\(index).txt"))) }
        let error = try #require(throws: DiagnosticError.self) { try site.build() }
        let message = try #require(error.diagnostics.first?.message)
        #expect(message.contains("14 entries"))
        #expect(message.contains("and 4 more"))
        #expect(!message.contains(".DS_Store"))
    }

    @Test func aFolderAnOlderSitegenWroteKeepsItsHiddenFiles() throws {
        // Its marker lists nothing: visible files count as sitegen's, hidden ones (never written by it) not.
        let site = try Self.publishedSite()
        try Data("This folder is written by sitegen and replaced whole on every build.\n".utf8)
            .write(to: URL(fileURLWithPath: site.path("Site/" + SiteWriter.marker)))
        let error = try #require(throws: DiagnosticError.self) { try site.build() }
        #expect(error.diagnostics.first?.message.contains("2 entries sitegen didn't write: .git/, .nojekyll;") == true)
    }

    @Test func theMarkerListsWhatWasWritten() {
        let text = OutputFolder.marker(files: ["b.html", "a/x.html", "odd\nname\\.css"])
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-marker-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try? text.write(to: folder.appendingPathComponent(SiteWriter.marker))
        #expect(OutputFolder.writtenFiles(in: folder.path) == ["b.html", "a/x.html", "odd\nname\\.css"])
    }

    // MARK: - Where the output may go

    @Test(arguments: ["Content/out", "Templates", "Templates/assets/site", "."])
    func anOutputInsideTheSourcesIsRefused(out: String) throws {
        let site = try TemporarySite(["Content/index.md": Self.home])
        let error = try #require(throws: DiagnosticError.self) { try site.build(output: site.path(out)) }
        #expect(error.isEnvironmental)
        let message = try #require(error.diagnostics.first?.message)
        #expect(message.contains("inside Content/") || message.contains("inside Templates/") || message.contains("contains the site's sources"),
                "\(message)")
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: site.path("Content"))) == ["index.md"])
    }

    @Test func anOutputReachedThroughALinkIntoTheSourcesIsRefused() throws {
        let site = try TemporarySite(["Content/index.md": Self.home])
        let link = site.container.appendingPathComponent("pages").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: site.path("Content"))
        let error = try #require(throws: DiagnosticError.self) { try site.build(output: link + "/Site") }
        #expect(error.diagnostics.first?.message.contains("inside Content/") == true)
        let parent = try #require(throws: DiagnosticError.self) { try site.build(output: site.container.path) }
        #expect(parent.diagnostics.first?.message.contains("contains the site's sources") == true)
    }
}
