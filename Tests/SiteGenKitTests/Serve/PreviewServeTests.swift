import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
@testable import SiteGenCore
@testable import SiteGenProcess
@testable import SiteGenKit
@testable import SiteGenServe

/// `sitegen serve`: pages over HTTP with their content types and a 404 page, rebuilt when a source
/// changes, the last good site kept when a rebuild fails, no reload script in what is written, and a
/// clean stop. Each test serves its own site on a free port.
@Suite struct PreviewServeTests {
    @Test func servesPagesWithTheirContentTypesAndTheReloadScript() async throws {
        let served = try await ServedSite.start()
        let home = try await served.get("/")
        #expect(home.status == 200)
        #expect(home.contentType == "text/html; charset=utf-8")
        #expect(home.body.contains("<h1>Home</h1>"))
        #expect(home.body.contains("sitegen serve: live reload"))
        #expect(home.body.hasSuffix("(1, null);</script></body>\n</html>\n"))
        let guide = try await served.get("/guide.html")
        #expect(guide.status == 200 && guide.body.contains("The first version."))
        let style = try await served.get("/assets/style.css")
        #expect(style.status == 200 && style.contentType == "text/css; charset=utf-8")
        #expect(style.body == "body { color: black; }\n")
        await served.stop()
    }

    @Test func anUnknownPathIsA404PageAndNothingOutsideTheSiteIsServed() async throws {
        let served = try await ServedSite.start()
        let missing = try await served.get("/no-such-page.html")
        #expect(missing.status == 404)
        #expect(missing.contentType == "text/html; charset=utf-8")
        #expect(missing.body.contains("<h1>Not found</h1>") && missing.body.contains("/no-such-page.html"))
        #expect(missing.body.contains("sitegen serve: live reload"))
        for path in ["/../site/Content/index.md", "/%2E%2E/preview/index.html", "/assets/../../site/Content/guide.md"] {
            #expect(try await served.get(path).status == 404, "\(path)")
        }
        // A site's own 404.html is the 404 page.
        try served.edit("Content/404.md", "---\ntitle: Lost\n---\nNothing here.\n")
        #expect(served.session.rebuildIfChanged())
        let custom = try await served.get("/still-missing")
        #expect(custom.status == 404 && custom.body.contains("<h1>Lost</h1>"))
        await served.stop()
    }

    @Test func anEditedPageIsRebuiltAndTheWaitingPageToldAtOnce() async throws {
        let served = try await ServedSite.start()
        let before = served.session.state.snapshot.build
        // A page waiting for the next build…
        async let answer = served.get("/__sitegen/wait?since=\(before)")
        try await Task.sleep(nanoseconds: 200_000_000)
        try served.edit("Content/guide.md", "---\ntitle: Guide\norder: 1\n---\nThe second version.\n")
        let started = Date()
        #expect(served.session.rebuildIfChanged())
        // …is told within the long poll's 50 ms, not at its 20 s timeout.
        #expect(try await answer.body == "{\"build\":\(before + 1),\"failure\":null}")
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(try await served.get("/guide.html").body.contains("The second version."))
        // Nothing changed since: no rebuild.
        #expect(!served.session.rebuildIfChanged())
        await served.stop()
    }

    @Test func aFailedRebuildKeepsTheLastGoodSiteAndShowsWhy() async throws {
        let served = try await ServedSite.start()
        try served.edit("Content/guide.md", "---\ntitle: Guide\norder: 1\n---\nSee [nowhere](missing.md).\n")
        #expect(served.session.rebuildIfChanged())
        let state = served.session.state.snapshot
        #expect(state.failure?.contains("Content/guide.md:5:") == true)
        let page = try await served.get("/guide.html")
        #expect(page.status == 200 && page.body.contains("The first version."))
        // The page carries the diagnostics for its overlay, escaped for a script.
        #expect(page.body.contains("Content/guide.md:5:"))
        #expect(!page.body.contains("</script></script>"))
        let wait = try await served.get("/__sitegen/wait?since=\(state.build - 1)")
        #expect(wait.body.contains("\"failure\":\"Content/guide.md:5:"))
        // Fixed: the next build succeeds and clears it.
        try served.edit("Content/guide.md", "---\ntitle: Guide\norder: 1\n---\nFixed.\n")
        #expect(served.session.rebuildIfChanged())
        #expect(served.session.state.snapshot.failure == nil)
        #expect(try await served.get("/guide.html").body.contains("Fixed."))
        await served.stop()
    }

    @Test func theReloadScriptIsNeverWritten() async throws {
        let served = try await ServedSite.start()
        _ = try await served.get("/")
        for name in ["index.html", "guide.html"] {
            let written = try served.site.built(name, output: served.output)
            #expect(!written.contains("sitegen serve") && !written.contains("<script"), "\(name)")
        }
        try served.site.build(output: served.site.container.appendingPathComponent("Site").path)
        let built = try served.site.built("index.html", output: served.site.container.appendingPathComponent("Site").path)
        #expect(!built.contains("<script"))
        await served.stop()
    }

    @Test func stoppingClosesTheServerAndAnswersAWaitingPage() async throws {
        let served = try await ServedSite.start()
        let build = served.session.state.snapshot.build
        let waiting = Task { try? await served.get("/__sitegen/wait?since=\(build)") }
        try await Task.sleep(nanoseconds: 200_000_000)
        let started = Date()
        await served.stop()
        _ = await waiting.value
        #expect(Date().timeIntervalSince(started) < 3)
        await #expect(throws: (any Error).self) { try await served.get("/", timeout: 2) }
    }

    @Test func watchingRebuildsUntilCancelledThenStops() async throws {
        let served = try await ServedSite.start()
        let cancellation = Cancellation()
        let finished = Cancellation()  // set once watching returned
        let session = served.session
        // `watch` blocks its thread: a thread of its own, as the command line's main thread.
        Thread.detachNewThread {
            session.watch(until: cancellation)
            finished.cancel()
        }
        try served.edit("Content/guide.md", "---\ntitle: Guide\norder: 1\n---\nWatched.\n")
        #expect(try await Self.eventually { session.state.snapshot.build >= 2 })
        #expect(try await served.get("/guide.html").body.contains("Watched."))
        cancellation.cancel()
        #expect(try await Self.eventually { finished.isCancelled })
        await #expect(throws: (any Error).self) { try await served.get("/", timeout: 2) }
    }

    static func eventually(within seconds: Double = 10, _ condition: () -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        return condition()
    }

    @Test func theCommandServesUntilCtrlCAndExitsCleanly() async throws {
        let executable = try #require(CommandRunner.sitegen)
        let site = try TemporarySite(["Content/index.md": "---\ntitle: Home\n---\nHello.\n"], template: ServedSite.template)
        let log = site.container.appendingPathComponent("serve.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        defer { try? handle.close() }
        let process = Process()
        process.executableURL = executable
        process.arguments = ["serve", "--root", site.root.path, "--no-measure", "--no-highlight", "--port", "0"]
        process.environment = ProcessInfo.processInfo.environment.merging(["NO_COLOR": "1"]) { _, new in new }
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        func text() -> String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }
        #expect(try await Self.eventually(within: 30) { text().contains("Ctrl-C stops") })
        let output = text()
        let found = try #require(output.range(of: "http://127\\.0\\.0\\.1:[0-9]+/", options: .regularExpression))
        let address = String(output[found])
        let (data, _) = try await URLSession.shared.data(from: URL(string: address)!)
        #expect(String(decoding: data, as: UTF8.self).contains("Hello."))
        kill(process.processIdentifier, SIGINT)
        #expect(try await Self.eventually(within: 5) { !process.isRunning })
        #expect(process.terminationStatus == 0)
        #expect(text().hasSuffix("stopped\n"))
        // The preview folder holds the site as `build` writes it, without the script.
        #expect(try !site.built("index.html", output: site.path(".sitegen/preview")).contains("<script"))
    }
}
