import Foundation
import Testing
@testable import SiteGenKit
@testable import SiteGenCore
@testable import SiteGenProcess

/// The output folder is always whole: killed builds' staging folders are cleaned up, an interrupted
/// build publishes nothing, the swap is one step, files sitegen didn't write are never lost without a
/// word, and the output can't be put inside the sources.
@Suite struct OutputFolderTests {
    static let home = "---\ntitle: Home\n---\nOne.\n"

    static func entries(_ path: String) -> Set<String> {
        Set((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [])
    }

    /// A process id that no running process has.
    static let deadPID: pid_t = 2_147_483_000

    /// A folder as a killed build leaves it: sitegen's marker and some pages.
    static func leftBehind(_ path: String, pages: Int = 50, marker: Bool = true) throws {
        try FileManager.default.createDirectory(atPath: path + "/guide", withIntermediateDirectories: true)
        if marker { try Data("x".utf8).write(to: URL(fileURLWithPath: path + "/" + SiteWriter.marker)) }
        for index in 0..<pages { try Data("page".utf8).write(to: URL(fileURLWithPath: path + "/guide/\(index).html")) }
    }

    // MARK: - Staging folders of killed builds

    @Test func stagingFoldersOfKilledBuildsAreRemovedAndOthersKept() throws {
        let site = try TemporarySite(["Content/index.md": Self.home])
        try site.build()
        let parent = site.root.path, alive = getppid()
        try Self.leftBehind(parent + "/.Site.new-\(Self.deadPID)")
        try Self.leftBehind(parent + "/.Site.old-\(Self.deadPID + 1)")
        try FileManager.default.createDirectory(atPath: parent + "/.Site.new-\(Self.deadPID + 2)", withIntermediateDirectories: true)
        // A running process's folder is a concurrent build's: kept, unless it is a day old.
        try Self.leftBehind(parent + "/.Site.new-\(alive)")
        try Self.leftBehind(parent + "/.Site.old-\(alive)")
        let twoDaysAgo = Date().addingTimeInterval(-2 * 24 * 3600)
        try FileManager.default.setAttributes([.modificationDate: twoDaysAgo], ofItemAtPath: parent + "/.Site.old-\(alive)")
        // Not sitegen's (no marker), or another output's: never touched.
        try Self.leftBehind(parent + "/.Site.new-\(Self.deadPID + 3)", marker: false)
        try Self.leftBehind(parent + "/.Public.new-\(Self.deadPID)")

        try site.write("Content/index.md", "---\ntitle: Home\n---\nTwo.\n")
        try site.build()
        #expect(Self.entries(parent) == ["Content", "Templates", "Site", ".Site.new-\(alive)", ".Site.new-\(Self.deadPID + 3)",
                                         ".Public.new-\(Self.deadPID)"])
        #expect(try site.built("index.html").contains("Two."))
    }

    @Test func stagingNamesAreReadOnlyForThisOutput() {
        #expect(OutputFolder.stagingProcess(".Site.new-42", output: "Site") == 42)
        #expect(OutputFolder.stagingProcess(".Site.old-7", output: "Site") == 7)
        #expect(OutputFolder.stagingProcess(".Site.new-42", output: "Public") == nil)
        #expect(OutputFolder.stagingProcess(".Site.new-x", output: "Site") == nil)
        #expect(OutputFolder.stagingProcess("Site.new-42", output: "Site") == nil)
    }

    // MARK: - Interrupts

    @Test func aBuildInterruptedBeforeTheSwapLeavesThePreviousSite() throws {
        let site = try TemporarySite(["Content/index.md": Self.home, "Templates/assets/style.css": "p {}\n"])
        try site.build()
        let before = FolderSnapshot(site.output)
        try site.write("Content/index.md", "---\ntitle: Home\n---\nTwo.\n")
        let cancellation = Cancellation()
        cancellation.cancel()
        var options = site.options()
        options.cancellation = cancellation
        #expect(throws: BuildInterrupted.self) { try SiteBuilder(options: options).build() }
        #expect(FolderSnapshot(site.output) == before)
        #expect(Self.entries(site.root.path) == ["Content", "Templates", "Site"])
    }

    @Test func theWriterLooksAtTheCancellationRightBeforeTheSwap() throws {
        let site = try TemporarySite()
        let output = site.container.appendingPathComponent("out").path
        try SiteWriter(output: output).write(files: ["index.html": Data("v1".utf8)], copies: [:])
        let before = FolderSnapshot(output)
        let cancellation = Cancellation()
        cancellation.cancel()
        #expect(throws: BuildInterrupted.self) {
            try SiteWriter(output: output, cancellation: cancellation).write(files: ["index.html": Data("v2".utf8)], copies: [:])
        }
        #expect(FolderSnapshot(output) == before)
        #expect(Self.entries(site.container.path) == ["site", "out"])
        // Not cancelled: written.
        try SiteWriter(output: output, cancellation: Cancellation()).write(files: ["index.html": Data("v3".utf8)], copies: [:])
        #expect(FolderSnapshot(output).files["index.html"] == Data("v3".utf8))
    }

    @Test func aCancelThatArrivesDuringTheSwapWaitsForIt() throws {
        final class Moment: @unchecked Sendable {
            let lock = NSLock()
            var cancelReturned: Date?
        }
        let cancellation = Cancellation(), moment = Moment()
        let started = DispatchSemaphore(value: 0), cancelled = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            started.wait()
            cancellation.cancel()
            moment.lock.lock()
            moment.cancelReturned = Date()
            moment.lock.unlock()
            cancelled.signal()
        }
        let swapEnded = cancellation.unlessCancelled { () -> Date in
            started.signal()
            usleep(200_000)
            return Date()
        }
        cancelled.wait()
        moment.lock.lock()
        defer { moment.lock.unlock() }
        #expect(try #require(swapEnded) <= (try #require(moment.cancelReturned)))
        #expect(cancellation.unlessCancelled { 1 } == nil)
    }

    // MARK: - The swap

    @Test func theSwapExchangesTheFoldersInOneStep() throws {
        let site = try TemporarySite()
        let output = site.container.appendingPathComponent("out").path
        let staging = site.container.appendingPathComponent(".out.new-1").path
        try Self.leftBehind(output, pages: 2)
        try Self.leftBehind(staging, pages: 3)
        #if os(Linux) || canImport(Darwin)
        // renameat2 (glibc 2.28) or renamex_np is there; a file system may still refuse (EINVAL).
        let code = FolderSwap.exchange(staging, output)
        #expect(code == 0 || code == EINVAL, "\(String(cString: strerror(code)))")
        _ = FolderSwap.exchange(staging, output)  // back
        #endif
        let previous = try FolderSwap.replace(output, with: staging, retired: output + ".old")
        #expect(FolderSnapshot(output).files.count == 4)
        #expect(FolderSnapshot(try #require(previous)).files.count == 3)
    }
}
