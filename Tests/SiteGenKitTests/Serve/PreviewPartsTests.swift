import Foundation
import Testing
@testable import SiteGenCore
@testable import SiteGenServe

/// The parts of the preview: content types, where the reload script goes and how text enters it,
/// and the file watcher.
@Suite struct PreviewPartsTests {
    @Test func contentTypesFollowTheExtension() {
        #expect(ContentTypes.of("a/b.HTML") == "text/html; charset=utf-8")
        #expect(ContentTypes.of("style.css") == "text/css; charset=utf-8")
        #expect(ContentTypes.of("favicon.svg") == "image/svg+xml")
        #expect(ContentTypes.of("results/x.json") == "application/json")
        #expect(ContentTypes.of("font.woff2") == "font/woff2")
        #expect(ContentTypes.of("README") == "application/octet-stream")
    }

    @Test func theScriptGoesBeforeTheLastClosingBody() {
        let state = PreviewState.Snapshot(build: 3, failure: nil)
        let page = "<body><pre>&lt;/body&gt; </body> in text</pre></body>\n</html>"
        let injected = String(decoding: ReloadScript.inject(into: Data(page.utf8), state: state), as: UTF8.self)
        #expect(injected.hasSuffix("(3, null);</script></body>\n</html>"))
        #expect(injected.hasPrefix("<body><pre>&lt;/body&gt; </body> in text</pre><script>"))
        let fragment = String(decoding: ReloadScript.inject(into: Data("<p>no body</p>".utf8), state: state), as: UTF8.self)
        #expect(fragment.hasPrefix("<p>no body</p><script>"))
    }

    @Test func diagnosticsCantCloseTheScript() {
        let text = "a.md:1:1: error: </script><script>alert(1)</script> \"quoted\" \\ \u{2028}\n"
        let escaped = ReloadScript.jsonEscaped(text)
        #expect(!escaped.contains("<") && !escaped.contains(">") && !escaped.contains("\u{2028}"))
        #expect(escaped.contains("\\u003c/script\\u003e") && escaped.contains("\\\"quoted\\\"") && escaped.contains("\\n"))
        let tag = ReloadScript.tag(for: PreviewState.Snapshot(build: 1, failure: text))
        #expect(tag.components(separatedBy: "</script>").count == 2)
    }

    @Test func theWatcherSeesAddedChangedAndRemovedFiles() throws {
        let folder = try MeasureTestSupport.temporaryFolder("watcher")
        defer { MeasureTestSupport.remove(folder) }
        let a = folder.appendingPathComponent("a.md"), b = folder.appendingPathComponent("sub/b.md")
        try "a".write(to: a, atomically: true, encoding: .utf8)
        let watcher = FileWatcher(folders: [folder.path, folder.appendingPathComponent("missing").path])
        #expect(watcher.changes().isEmpty)
        try FileManager.default.createDirectory(at: b.deletingLastPathComponent(), withIntermediateDirectories: true)
        try "b".write(to: b, atomically: true, encoding: .utf8)
        #expect(watcher.changes() == [b.path])
        try "a, longer".write(to: a, atomically: false, encoding: .utf8)
        #expect(watcher.changes() == [a.path])
        try FileManager.default.removeItem(at: b)
        #expect(watcher.changes() == [b.path])
        // An editor's swap file is not a change of the site.
        try "swap".write(to: folder.appendingPathComponent(".a.md.swp"), atomically: true, encoding: .utf8)
        #expect(watcher.changes().isEmpty)
    }
}
