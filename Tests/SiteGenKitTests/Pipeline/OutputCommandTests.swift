import Foundation
import Testing
@testable import SiteGenKit

/// The output folder through the built `sitegen`: exit codes of a signal during a build, of files the
/// build won't delete, and of an output inside the sources.
@Suite struct OutputCommandTests {
    static let ready = CommandRunner.sitegen != nil

    /// A site whose page has Python code, and an "interpreter" that hangs when asked to highlight it,
    /// after leaving `started` beside the site: a build that stays in its highlight stage until stopped.
    static func siteThatHangsWhileHighlighting() throws -> (site: TemporarySite, python: String, started: String) {
        let site = try TemporarySite(["Content/index.md": "---\ntitle: Home\n---\nOne.\n\n```python\nprint(1)\n```\n"])
        let started = site.container.appendingPathComponent("started").path
        let python = site.container.appendingPathComponent("hanging-python").path
        try "#!/bin/sh\necho started > '\(started)'\nexec sleep 60\n".write(toFile: python, atomically: true, encoding: .utf8)
        chmod(python, 0o755)
        return (site, python, started)
    }

    @Test(.enabled(if: ready), arguments: [(SIGTERM, Int32(143)), (SIGINT, Int32(130))])
    func aSignalDuringABuildLeavesThePreviousSiteAndExitsWithItsStatus(signal: Int32, status: Int32) throws {
        let (site, python, started) = try Self.siteThatHangsWhileHighlighting()
        let first = try CommandRunner.sitegen(["build", "--no-measure", "--no-highlight", "--root", site.root.path], in: site.container)
        #expect(first.status == 0, "\(first.stderr)")
        let before = FolderSnapshot(site.output)
        try site.write("Content/index.md", "---\ntitle: Home\n---\nTwo.\n\n```python\nprint(2)\n```\n")

        let process = Process()
        process.executableURL = CommandRunner.sitegen!
        process.arguments = ["build", "--no-measure", "--python", python, "--root", site.root.path]
        process.currentDirectoryURL = site.container
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        #expect(MeasureTestSupport.eventually(within: 30) { FileManager.default.fileExists(atPath: started) }, "highlighting never started")
        kill(process.processIdentifier, signal)
        let deadline = Date().addingTimeInterval(15)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        #expect(!process.isRunning, "sitegen didn't stop")
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == status)
        #expect(FolderSnapshot(site.output) == before)
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: site.root.path)) == ["Content", "Templates", "Site"])
    }

    @Test(.enabled(if: ready))
    func filesSitegenDidNotWriteExitTwoUntilKept() throws {
        let site = try TemporarySite(["Content/index.md": "---\ntitle: Home\n---\n"])
        let build = ["build", "--no-measure", "--root", site.root.path]
        #expect(try CommandRunner.sitegen(build, in: site.container).status == 0)
        try Data("guide.example.org\n".utf8).write(to: URL(fileURLWithPath: site.path("Site/CNAME")))
        let refused = try CommandRunner.sitegen(build, in: site.container)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("didn't write: CNAME"), "\(refused.stderr)")
        let kept = try CommandRunner.sitegen(build + ["--keep-unknown"], in: site.container)
        #expect(kept.status == 0, "\(kept.stderr)")
        #expect(FileManager.default.fileExists(atPath: site.path("Site/CNAME")))
    }

    @Test(.enabled(if: ready))
    func anOutputInsideContentExitsTwo() throws {
        let site = try TemporarySite(["Content/index.md": "---\ntitle: Home\n---\n"])
        let result = try CommandRunner.sitegen(["build", "--no-measure", "--root", site.root.path, "--out", site.path("Content/Site")],
                                               in: site.container)
        #expect(result.status == 2)
        #expect(result.stderr.contains("inside Content/"), "\(result.stderr)")
    }
}
