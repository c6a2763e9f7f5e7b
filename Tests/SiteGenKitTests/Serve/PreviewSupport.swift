import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
@testable import SiteGenCore
@testable import SiteGenKit
@testable import SiteGenServe

/// A small site served by a `PreviewSession` on a free port, and an HTTP client for it.
final class ServedSite {
    static let template = """
        <!DOCTYPE html>
        <html><head><title>{{title}}</title></head>
        <body>
        <h1>{{title}}</h1>
        {{{content}}}
        </body>
        </html>

        """

    let site: TemporarySite
    let session: PreviewSession
    private(set) var url: URL!
    var output: String { site.container.appendingPathComponent("preview").path }

    /// The site built and served.
    static func start(files: [String: String] = [:]) async throws -> ServedSite {
        let served = try ServedSite(files: files)
        served.url = try await served.session.start()
        return served
    }

    private init(files: [String: String]) throws {
        var all = ["Content/index.md": "---\ntitle: Home\n---\nWelcome.\n",
                   "Content/guide.md": "---\ntitle: Guide\norder: 1\n---\nThe first version.\n",
                   "Templates/assets/style.css": "body { color: black; }\n"]
        all.merge(files) { _, new in new }
        let site = try TemporarySite(all, template: Self.template)
        self.site = site
        let output = site.container.appendingPathComponent("preview").path
        var configuration = PreviewSession.Configuration(
            root: site.root.path,
            watched: [site.path("Content"), site.path("Templates")], workloadFolders: [], port: 0,
            options: {
                var options = site.options(output: output)
                options.highlightsCode = false
                return options
            },
            log: { _ in }, report: { _ in })
        configuration.pollInterval = 0.05
        session = PreviewSession(configuration)
    }

    func stop() async { await session.stop() }

    struct Response {
        var status: Int
        var contentType: String
        var body: String
    }

    /// GET of a path.
    func get(_ path: String, timeout: Double = 30) async throws -> Response {
        let request = URLRequest(url: URL(string: path, relativeTo: url)!, timeoutInterval: timeout)
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as! HTTPURLResponse
        return Response(status: http.statusCode, contentType: http.value(forHTTPHeaderField: "Content-Type") ?? "",
                        body: String(decoding: data, as: UTF8.self))
    }

    /// Writes a file of the site with a modification time the watcher can't miss.
    func edit(_ relative: String, _ text: String) throws {
        try site.write(relative, text)
        let later = Date().addingTimeInterval(2)
        try FileManager.default.setAttributes([.modificationDate: later], ofItemAtPath: site.path(relative))
    }
}
